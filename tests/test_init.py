"""Tests for the package surface: public names, lazy imports, cheap import."""

from __future__ import annotations

import subprocess
import sys

import newsmodel

HEAVY = ("ftfy", "babel", "cattrs", "hypothesis", "wordfreq")


def test_all_is_sorted_and_resolves() -> None:
    """__all__ is sorted and every name in it can be fetched (lazily where it is heavy)."""
    assert list(newsmodel.__all__) == sorted(newsmodel.__all__)
    for name in newsmodel.__all__:
        assert getattr(newsmodel, name) is not None, name


def test_version_comes_from_metadata() -> None:
    """__version__ is the installed distribution's version."""
    from importlib.metadata import version

    assert newsmodel.__version__ == version("newsmodel")


def test_unknown_attribute_is_attribute_error() -> None:
    """A name that is not exported raises AttributeError, as for any module."""
    try:
        newsmodel.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_import_is_cheap() -> None:
    """`import newsmodel` loads none of ftfy, babel, cattrs, wordfreq or hypothesis."""
    code = (
        "import sys, newsmodel; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == ""
    imported = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines()}
    assert imported.isdisjoint(HEAVY), sorted(imported & set(HEAVY))
    assert "newsmodel" in imported
