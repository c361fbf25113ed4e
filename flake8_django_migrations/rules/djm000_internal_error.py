"""The plugin itself failed on this file; please report it.

## What it does
Reports that one of the plugin's rules (or its migration reader) raised an unexpected
exception on this file. The other rules still ran and their diagnostics are shown. The
message names the rule and the exception type; no traceback reaches flake8's output.

## Why is this bad?
It is a bug in flake8-djm, not in your migration: the named rule could not
check this file, so a real problem may be going unreported.

## Example
```text
0007_x.py:9:1: DJM000 internal error in DJM105: KeyError; report file, command, `flake8 --version`
```

## Use instead
Report it to the project with what it needs to reproduce the failure: the migration file (or
a reduced copy that still fails), the flake8 command you ran, the message, and the output of
`flake8 --version` (it names this plugin's version and Python's). Until it is fixed,
`# noqa: DJM000` on the reported line hides it.

## What it does not flag
Syntax errors: flake8 reports those as `E999`, and this plugin adds nothing to a file that does
not parse. Constructs a rule does not understand are not errors either: the rule stays silent.

## Options
None.

## References
- [flake8: selecting and ignoring violations](https://flake8.pycqa.org/en/latest/user/violations.html)
"""

from __future__ import annotations

from flake8_django_migrations.rules.api import Rule

CODE = "DJM000"
NAME = "internal-error"
MESSAGE = "internal error in {where}: {error}; report file, command, `flake8 --version`"


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=None,
    default_on=True,
    added_in="0.1.0",
)
