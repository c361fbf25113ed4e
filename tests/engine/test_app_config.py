"""The label an app's `apps.py` declares, read from real files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from flake8_django_migrations import app_config

IMPORT = "from django.apps import AppConfig\n\n\n"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    app_config.clear_cache()
    yield
    app_config.clear_cache()


def declared(tmp_path: Path, source: str) -> str | None:
    (tmp_path / "apps.py").write_text(source, encoding="utf-8")
    return app_config.declared_label(tmp_path)


@pytest.mark.parametrize(
    ("source", "label"),
    [
        (
            IMPORT + 'class PaymentsConfig(AppConfig):\n    label = "billing_payments"\n',
            "billing_payments",
        ),
        ('from django import apps\n\n\nclass C(apps.AppConfig):\n    label = "core"\n', "core"),
        (IMPORT + 'class C(AppConfig):\n    label: str = "core"\n', "core"),
        ('class C(BaseAppConfig):\n    label = "core"\n', "core"),
        # A subclass in the same file inherits the label, or sets the same one.
        (IMPORT + 'class A(AppConfig):\n    label = "core"\n\n\nclass B(A):\n    pass\n', "core"),
        (
            IMPORT + 'class A(AppConfig):\n    label = "core"\n\n\nclass B(A):\n    pass\n\n\n'
            'class C(B):\n    verbose_name = "Core"\n',
            "core",
        ),
        (
            IMPORT
            + 'class A(AppConfig):\n    label = "a"\n\n\nclass B(AppConfig):\n    label = "a"\n',
            "a",
        ),
        # An annotation without a value sets nothing; the last assignment wins.
        (
            IMPORT + 'class C(AppConfig):\n    label: str\n    label = "x"\n    label = "core"\n',
            "core",
        ),
    ],
)
def test_literal_label_of_an_app_config(tmp_path: Path, source: str, label: str | None) -> None:
    assert declared(tmp_path, source) == label


@pytest.mark.parametrize(
    "source",
    [
        IMPORT + 'class C(AppConfig):\n    label = PREFIX + "core"\n',
        IMPORT + "class C(AppConfig):\n    label = f'{NAME}'\n",
        IMPORT
        + 'class A(AppConfig):\n    label = "a"\n\n\nclass B(AppConfig):\n    label = "b"\n',
        IMPORT + 'class A(AppConfig):\n    label = "a"\n\n\nclass B(AppConfig):\n    name = "b"\n',
        IMPORT + 'class A(AppConfig):\n    label = "a"\n\n\nclass B(A):\n    label = NAME\n',
        IMPORT + 'class C(AppConfig):\n    name = "shop"\n',
        IMPORT + 'class A(AppConfig):\n    pass\n\n\nclass B(A):\n    label = "core"\n',
        IMPORT + 'class C(AppConfig):\n    label = "billing-payments"\n',
        'class Settings:\n    label = "core"\n',
        'class C(make_config()):\n    label = "core"\n',
        IMPORT + 'class C(AppConfig):\n    def ready(self):\n        label = "core"\n',
        "class C(AppConfig:\n",
        "",
    ],
    ids=[
        "expression",
        "f-string",
        "two-labels",
        "labelled-and-default",
        "subclass-not-literal",
        "no-label",
        "unlabelled-base",
        "not-identifier",
        "not-a-config",
        "computed-base",
        "local-variable",
        "syntax-error",
        "empty",
    ],
)
def test_no_single_literal_label_is_none(tmp_path: Path, source: str) -> None:
    assert declared(tmp_path, source) is None


def test_missing_apps_py_is_none(tmp_path: Path) -> None:
    assert app_config.declared_label(tmp_path) is None


def test_read_once_per_folder(tmp_path: Path) -> None:
    assert declared(tmp_path, IMPORT + 'class C(AppConfig):\n    label = "core"\n') == "core"
    (tmp_path / "apps.py").write_text(IMPORT + 'class C(AppConfig):\n    label = "other"\n')
    assert app_config.declared_label(tmp_path) == "core"
    app_config.clear_cache()
    assert app_config.declared_label(tmp_path) == "other"
