"""How much slower flake8 gets with the plugin installed: the ratio of two medians.

Two virtual environments under bench/.envs/ hold the same flake8 version, one with this
project installed (editable, so it measures the working tree) and one without it. Both run
the same command over the same files, alternating, and the medians of the wall-clock times
are compared, for wall-clock time and for the CPU time of the flake8 process (which other jobs
on the machine disturb much less). Target: a ratio of at most 1.10 on a real corpus.

    python bench/bench_flake8.py [FOLDER] [--runs N] [--recreate] [-- extra flake8 options]

FOLDER defaults to the folder named by DJM_CORPUS (as for tests/integration/test_corpus.py), else
examples/. Needs PyPI (pip) the first time, to fill the environments.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENVS = ROOT / "bench" / ".envs"
DEFAULT_CORPUS = Path(os.environ.get("DJM_CORPUS", "examples"))


def flake8_version() -> str:
    try:
        return metadata.version("flake8")
    except metadata.PackageNotFoundError:
        return ""


def env_python(name: str) -> Path:
    return ENVS / name / "bin" / "python"


def installed_flake8(python: Path) -> str | None:
    if not python.exists():
        return None
    code = "from importlib.metadata import version; print(version('flake8'))"
    result = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def make_env(name: str, version: str, with_plugin: bool, recreate: bool) -> Path:
    """A virtual environment with flake8 `version` (and the plugin), reused when it fits."""
    python = env_python(name)
    current = installed_flake8(python)
    if current is not None and not recreate and (not version or current == version):
        return python
    shutil.rmtree(ENVS / name, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", ENVS / name], check=True)
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, f"flake8=={version}" if version else "flake8"], check=True)
    if with_plugin:
        subprocess.run([*pip, "-e", ROOT], check=True)
    return python


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_run(python: Path, args: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one flake8 run."""
    start, cpu = time.perf_counter(), child_cpu()
    subprocess.run(
        [python, "-m", "flake8", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start, child_cpu() - cpu


def measure(
    pythons: dict[str, Path], args: list[str], runs: int
) -> dict[str, list[tuple[float, float]]]:
    """Alternating runs (ABBA order) after one warm-up each, so drift hits both sides."""
    for python in pythons.values():
        time_run(python, args)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in pythons}
    names = list(pythons)
    for index in range(runs):
        order = names if index % 2 == 0 else names[::-1]
        for name in order:
            times[name].append(time_run(pythons[name], args))
    return times


def report(times: dict[str, list[tuple[float, float]]]) -> None:
    """Both medians and their ratio, for wall-clock time and for CPU time.

    CPU time barely moves when other jobs share the machine; wall-clock time does. On a
    shared virtual machine both drift together; the ratio of the fastest runs, each the
    least disturbed, is printed beside the ratio of medians.
    """
    for column, label in ((0, "wall"), (1, "cpu")):
        medians = {
            name: statistics.median(t[column] for t in runs) for name, runs in times.items()
        }
        for name, runs in times.items():
            values = ", ".join(f"{t[column]:.2f}" for t in runs)
            print(f"{label:>4} {name:>15}: median {medians[name]:.3f} s  ({values})")
        ratio = medians["with plugin"] / medians["without plugin"]
        fastest = {name: min(t[column] for t in runs) for name, runs in times.items()}
        best = fastest["with plugin"] / fastest["without plugin"]
        print(f"{label:>4} ratio of medians: {ratio:.3f}   ratio of fastest runs: {best:.3f}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    default = DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else ROOT / "examples"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=default)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per environment")
    parser.add_argument("--recreate", action="store_true", help="rebuild the environments")
    parser.add_argument("extra", nargs="*", help="more flake8 options, after --")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    options = parse_args(argv)
    version = flake8_version()
    pythons = {
        "with plugin": make_env("with-plugin", version, True, options.recreate),
        "without plugin": make_env("without-plugin", version, False, options.recreate),
    }
    args = ["--isolated", "-j1", *options.extra, str(options.folder)]
    files = sum(1 for _ in options.folder.rglob("*.py"))
    print(f"flake8 {installed_flake8(pythons['with plugin'])}, {files} files in {options.folder}")
    print(f"command: flake8 {' '.join(args)}  ({options.runs} runs each, alternating)")
    report(measure(pythons, args, options.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
