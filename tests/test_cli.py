"""Tests for the `newsmodel` command line, run as the real console script in a subprocess."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsmodel.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PAGE = EXAMPLES / "energie-kayes-2024-03-05.txt"
SCRIPT = shutil.which("newsmodel") or str(Path(sys.executable).parent / "newsmodel")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRIPT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
    )


def test_parse_to_jsonld_is_the_readme_command() -> None:
    """`newsmodel parse PAGE --to jsonld` prints a NewsArticle document and exits 0."""
    out = run("parse", str(PAGE), "--to", "jsonld")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["@type"] == "NewsArticle"
    assert doc["headline"].startswith("Énergie-Sahel")


def test_parse_batch_with_one_bad_page(tmp_path: Path) -> None:
    """A bad page is reported as file:line: message, the batch goes on, the exit status is 1."""
    bad = tmp_path / "bad.txt"
    bad.write_text("Un titre\n\nPas de date ici.\n", encoding="utf-8")
    pages = sorted(str(p) for p in EXAMPLES.glob("*.txt"))
    out = run("parse", pages[0], str(bad), pages[1])
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert len(lines) == 2
    assert all(json.loads(line)["article"]["headline"] for line in lines)
    assert out.stderr.startswith(f"{bad}:3: expected a 'Publié …' line")


def test_parse_stdin_to_text() -> None:
    """`-` reads the page from stdin; --to text prints a readable summary."""
    out = run("parse", "-", "--to", "text", stdin=PAGE.read_text(encoding="utf-8"))
    assert out.returncode == 0, out.stderr
    assert "Publié mardi 5 mars 2024 à 18:42" in out.stdout
    assert "Par Aminata S. KONATÉ" in out.stdout


def test_parse_json_round_trips_through_validate(tmp_path: Path) -> None:
    """Pages written with --jsonl validate as pages with `newsmodel validate`."""
    out = run("parse", *sorted(str(p) for p in EXAMPLES.glob("*.txt")), "--jsonl")
    assert out.returncode == 0, out.stderr
    dump = tmp_path / "pages.jsonl"
    dump.write_text(out.stdout, encoding="utf-8")
    check = run("validate", str(dump), "--type", "page")
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "3 valid, 0 invalid"
    dump.write_text(out.stdout + '{"nope": 1}\n', encoding="utf-8")
    check = run("validate", str(dump), "--type", "page")
    assert check.returncode == 1
    assert f"{dump}:4:" in check.stderr


def test_repair_stdin_and_explain() -> None:
    """`newsmodel repair` repairs stdin to stdout; --explain lists changes on stderr."""
    out = run("repair", "--explain", stdin="le prÃ©sident")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "le président"
    assert "mojibake" in out.stderr


def test_date_and_format() -> None:
    """`date` reads French dates; `format` writes them."""
    out = run("date", "ce mardi 10 octobre", "--reference", "2023-10-11")
    assert (out.returncode, out.stdout.strip()) == (0, "2023-10-10")
    out = run("date", "Publié mercredi 11 octobre 2023 à 05:04", "--tz", "Africa/Bamako")
    assert out.stdout.strip() == "2023-10-11T05:04:00+00:00"
    bad = run("date", "hier")
    assert bad.returncode == 1
    assert bad.stderr
    out = run("format", "2023-10-11T05:04:00+00:00", "--style", "byline")
    assert out.stdout.strip() == "Publié mercredi 11 octobre 2023 à 05:04"


def test_iso_arguments_read_alike_on_every_python() -> None:
    """ISO arguments are read by the dates module's reader, not datetime.fromisoformat (which
    refuses "Z", short fractions and "+0200" on Python 3.10)."""
    reference = ["--reference", "2023-10-11T05:04:00.123Z"]
    for args, expected in ((["date", "ce mardi 10 octobre", *reference], "2023-10-10"),
                           (["format", "2023-10-11T05:04:00+0000", "--style", "byline"],
                            "Publié mercredi 11 octobre 2023 à 05:04")):
        out = io.StringIO()
        assert main(args, stdout=out, stderr=io.StringIO()) == 0
        assert out.getvalue().strip() == expected


def test_schema() -> None:
    """`newsmodel schema` prints a JSON Schema 2020-12 document."""
    out = run("schema")
    assert out.returncode == 0
    assert json.loads(out.stdout)["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize(
    "args",
    [[], ["parse"], ["nonsense"], ["parse", "x.txt", "--to", "xml"], ["format", "11/10/2023"],
     ["format", "2023-02-30"], ["date", "mardi 10 octobre", "--reference", "2023-10-11T25:00Z"],
     ["format", "2023-W41-3"],  # a week date: Python 3.11's fromisoformat reads it, 3.10's not
     # an unknown zone stops the command before any page or record is read
     ["parse", "x.txt", "--tz", "Nowhere"], ["date", "11 octobre 2023", "--tz", "localtime"],
     ["batch", "parse", "in.jsonl", "--out", "out.jsonl", "--tz", "Africa"]],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    """Usage errors exit with status 2."""
    err = io.StringIO()
    assert main(args, stdout=io.StringIO(), stderr=err) == 2


def test_help_everywhere_has_examples() -> None:
    """--help works for the command and every subcommand, with an example."""
    for args in (["--help"], *([c, "--help"] for c in ("parse", "repair", "date", "format",
                                                      "schema", "validate", "batch"))):
        out = io.StringIO()
        assert main(args, stdout=out, stderr=io.StringIO()) == 0
    top = run("--help")
    assert "examples:" in top.stdout


def test_missing_file_is_reported() -> None:
    """A file that cannot be read is a failed input (exit 1), not a traceback."""
    out, err = io.StringIO(), io.StringIO()
    assert main(["parse", "does-not-exist.txt"], stdout=out, stderr=err) == 1
    assert err.getvalue().startswith("does-not-exist.txt:0:")


def test_validate_a_deeply_nested_document_is_a_failed_input(tmp_path: Path) -> None:
    """A document on several lines nested too deep for the json module is reported invalid
    (exit 1), never a RecursionError traceback."""
    deep = tmp_path / "deep.json"
    deep.write_text('{\n"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(deep)], stdout=out, stderr=err) == 1
    assert out.getvalue().startswith("0 valid, ")
    assert err.getvalue().startswith(f"{deep}:1: ")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only() -> None:
    """A long batch draws a progress bar with rate and ETA on a terminal, and none on a pipe."""
    pages = [str(PAGE)] * 12
    tty, pipe = _Terminal(), io.StringIO()
    assert main(["parse", *pages], stdout=io.StringIO(), stderr=tty) == 0
    assert "12/12 pages" in tty.getvalue()
    assert "ETA" in tty.getvalue()
    assert main(["parse", *pages], stdout=io.StringIO(), stderr=pipe) == 0
    assert pipe.getvalue() == ""
    short = _Terminal()
    assert main(["parse", str(PAGE), str(PAGE)], stdout=io.StringIO(), stderr=short) == 0
    assert short.getvalue() == ""


def test_batch_reports_a_dead_worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A worker that dies (killed, out of memory) ends the batch with a message and status 1,
    not a traceback."""
    from concurrent.futures.process import BrokenProcessPool

    import newsmodel.batch

    def dying(*args: object, **kwargs: object) -> None:
        raise BrokenProcessPool("a worker process died while the items 3 to 5 were in flight")

    monkeypatch.setattr(newsmodel.batch, "run_batch", dying)
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "a"}\n', encoding="utf-8")
    err = io.StringIO()
    args = ["batch", "repair", str(source), "--out", str(tmp_path / "out.jsonl"), "--jobs", "2"]
    assert main(args, stdout=io.StringIO(), stderr=err) == 1
    assert f"{source}:0: a worker process died while the items 3 to 5" in err.getvalue()
