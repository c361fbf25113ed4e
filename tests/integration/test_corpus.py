"""Every rule over a folder of real migrations: no crash, no DJM000, counts per code.

Opt-in: `DJM_CORPUS=/path/to/folder python -m pytest -m corpus -s tests/integration/test_corpus.py`
The counts are printed (see them with `-s`) and, when `DJM_CORPUS_REPORT` names a file,
written there with every diagnostic line, for reviewing false alarms by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from flake8_django_migrations.plugin import RAISE_ENV
from flake8_django_migrations.rules import RULES
from tests import harness

CORPUS = os.environ.get("DJM_CORPUS", "")
REPORT = os.environ.get("DJM_CORPUS_REPORT", "")
FORMAT = "%(path)s:%(row)d:%(col)d: %(code)s %(text)s"
LINE = re.compile(r"^(?P<path>.+?):\d+:\d+: (?P<code>[A-Z]+\d+) ")

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS, reason="DJM_CORPUS does not name a folder of migrations"),
]


def run_flake8(folder: Path) -> subprocess.CompletedProcess[str]:
    """All DJM rules, opt-in ones included; DJM000 reported rather than raised."""
    opt_in = [rule.code for rule in RULES if not rule.default_on]
    extend = ["--extend-select", ",".join(opt_in)] if opt_in else []
    env = {key: value for key, value in os.environ.items() if key != RAISE_ENV}
    options = ["--isolated", "-j", "auto", "--select", "DJM", *extend, f"--format={FORMAT}", "."]
    return harness.run_flake8(folder, *options, env=env, timeout=3600)


def write_report(counts: Counter[str], files: int, lines: list[str]) -> str:
    summary = [f"{code} {count}" for code, count in sorted(counts.items())]
    text = "\n".join([f"files {files}", *summary])
    print(f"\n{text}")
    if REPORT:
        Path(REPORT).write_text("\n".join([text, "", *sorted(lines)]) + "\n", encoding="utf-8")
    return text


def test_corpus_runs_without_crash_or_internal_error() -> None:
    folder = Path(CORPUS)
    files = sum(1 for _ in folder.rglob("*.py"))
    result = run_flake8(folder)
    lines = result.stdout.splitlines()
    matches = [LINE.match(line) for line in lines]
    write_report(Counter(m.group("code") for m in matches if m), files, lines)
    assert (result.returncode in (0, 1), "Traceback" in result.stderr) == (True, False), (
        result.stderr[-3000:]
    )
    assert [line for line, m in zip(lines, matches, strict=True) if m is None] == []
    assert [line for line in lines if " DJM000 " in line] == []
