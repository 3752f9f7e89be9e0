"""The ``newsmodel`` command line.

Exit status: 0 when everything succeeded, 1 when some inputs failed (each reported on stderr
as ``file:line: message``), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from newsmodel._progress import Progress
from newsmodel.errors import NewsModelError, PageParseError

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_EPILOG = """\
examples:
  newsmodel parse examples/energie-kayes-2024-03-05.txt --to jsonld
  newsmodel parse examples/*.txt --jsonl > pages.jsonl
  cat page.txt | newsmodel parse - --to text
  newsmodel repair --explain teaser.txt
  newsmodel date "Publié mercredi 11 octobre 2023 à 05:04" --tz Africa/Bamako
  newsmodel format 2023-10-11T05:04:00+00:00 --style byline
  newsmodel schema > article.schema.json
  newsmodel validate pages.jsonl --type page
"""


def _load(name: str, stdin: TextIO, err: TextIO) -> tuple[str, str | None]:
    """The input's label for messages and its text, or None after reporting why it failed."""
    label = "<stdin>" if name == "-" else name
    try:
        text = stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        err.write(f"{label}:0: {exc}\n")
        return label, None
    return label, text


def _render(page: Any, to: str, *, one_line: bool) -> str:
    """The page in the output format: JSON on one line for JSON Lines, else indented."""
    from newsmodel import serialise

    if to == "json":
        return serialise.to_json(page)  # always one line
    if to == "text":
        return _as_text(page)
    doc = serialise.to_jsonld(page.article) if to == "jsonld" else serialise.to_ninjs(page.article)
    if one_line:
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _as_text(page: Any) -> str:
    from newsmodel.dates import format_date

    a = page.article
    lines = [a.headline, "=" * min(len(a.headline), 78)]
    lines.append(format_date(a.published, "byline"))
    if a.updated is not None:
        lines.append("Mis à jour " + format_date(a.updated, "full"))
    if a.authors:
        lines.append("Par " + " et ".join(x.name for x in a.authors))
    if a.standfirst:
        lines += ["", a.standfirst]
    lines += ["", *"\n\n".join(a.body).split("\n")]
    for link in a.related:
        cut = " […]" if link.teaser_truncated else ""
        lines += ["", f"{link.label or 'Lire aussi'} : {link.title}"]
        if link.teaser:
            lines.append(f"  {link.teaser}{cut}")
    if page.author_articles:
        lines += ["", "Les articles de l'auteur :"]
        for link in page.author_articles:
            when = f" ({format_date(link.published, 'long')})" if link.published else ""
            lines.append(f"  - {link.title}{when}")
    lines.append("")
    lines.append(f"{a.word_count} mots, {a.reading_minutes} min de lecture")
    return "\n".join(lines)


def _cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from newsmodel.page import parse_page

    names: list[str] = args.pages
    jsonl = args.jsonl or len(names) > 1
    if jsonl and args.to == "text":
        err.write("newsmodel parse: --to text writes one page; use json, jsonld or ninjs\n")
        return EXIT_USAGE
    progress = Progress(err, len(names), label="pages")
    failed = 0
    for name in names:
        label, raw = _load(name, stdin, err)
        text = None
        if raw is not None:
            try:
                text = _render(parse_page(raw, tz=args.tz), args.to, one_line=jsonl)
            except PageParseError as exc:
                err.write(f"{label}:{exc.line}: {exc.reason}\n")
            except NewsModelError as exc:
                err.write(f"{label}:0: {exc}\n")
        if text is None:
            failed += 1
            progress.advance(ok=False)
            continue
        out.write(text + "\n")
        progress.advance()
    progress.close()
    return EXIT_FAILED if failed else EXIT_OK


def _cmd_repair(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from newsmodel.repair import explain_repair, repair_text

    failed = 0
    for name in args.files or ["-"]:
        label, text = _load(name, stdin, err)
        if text is None:
            failed += 1
            continue
        if args.explain:
            result = explain_repair(text)
            for change in result.changes:
                err.write(
                    f"{label}:{change.start}-{change.end}: {change.kind} "
                    f"{change.before!r} -> {change.after!r} ({change.evidence})\n"
                )
            out.write(result.text)
        else:
            out.write(repair_text(text))
    return EXIT_FAILED if failed else EXIT_OK


def _iso(value: str, what: str) -> date | datetime:
    from newsmodel.dates import _read_iso

    try:
        result = _read_iso(value)
    except NewsModelError:
        result = None
    if result is None:
        raise _UsageError(f"{what}: expected an ISO 8601 date or datetime, got {value!r}")
    return result


class _UsageError(Exception):
    """A command-line argument is wrong (exit status 2)."""



def _cmd_date(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from newsmodel.dates import find_dates, parse_date

    reference = _iso(args.reference, "--reference") if args.reference else None
    try:
        if args.find:
            for m in find_dates(args.text, reference=reference, tz=args.tz):
                until = f" .. {m.until.isoformat()}" if m.until is not None else ""
                out.write(f"{m.start}-{m.end}\t{m.value.isoformat()}{until}\t{m.text}\n")
        else:
            out.write(parse_date(args.text, reference=reference, tz=args.tz).isoformat() + "\n")
    except NewsModelError as exc:
        err.write(f"newsmodel date: {exc}\n")
        return EXIT_FAILED
    return EXIT_OK


def _cmd_format(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from newsmodel.dates import format_date

    value = _iso(args.value, "value")
    try:
        out.write(format_date(value, args.style, locale=args.locale) + "\n")
    except (NewsModelError, ValueError) as exc:
        err.write(f"newsmodel format: {exc}\n")
        return EXIT_FAILED
    return EXIT_OK


def _model(name: str) -> type[Any]:
    from newsmodel import models

    return {
        "article": models.Article,
        "page": models.Page,
        "author": models.Author,
        "related": models.RelatedLink,
    }[name]


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from newsmodel.serialise import json_schema

    out.write(json.dumps(json_schema(_model(args.type)), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _documents(text: str) -> Iterator[tuple[int, str]]:
    """A JSON document, or JSON Lines split on "\\n" only, with 1-based line numbers."""
    stripped = text.strip()
    if stripped.startswith("{") and "\n" in stripped:
        try:
            json.loads(stripped)
        except (ValueError, RecursionError):  # not one document (or too deep to tell): lines
            pass
        else:
            yield 1, stripped
            return
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield number, line


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from newsmodel.serialise import from_json

    cls = _model(args.type)
    failed = ok = 0
    for name in args.files:
        label, text = _load(name, stdin, err)
        if text is None:
            failed += 1
            continue
        for number, doc in _documents(text):
            try:
                from_json(cls, doc, strict=not args.lenient)
            except NewsModelError as exc:
                err.write(f"{label}:{number}: {exc}\n")
                failed += 1
            else:
                ok += 1
    out.write(f"{ok} valid, {failed} invalid\n")
    return EXIT_FAILED if failed else EXIT_OK


Handler = Callable[[argparse.Namespace, TextIO, TextIO, TextIO], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``newsmodel`` command (also used by the docs)."""
    parser = argparse.ArgumentParser(
        prog="newsmodel",
        description="Parse French news page dumps into typed models; repair text; read and "
        "write French press dates; print and check the JSON Schema.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from newsmodel import __version__
    from newsmodel._cli_batch import zone_name

    parser.add_argument("--version", action="version", version=f"newsmodel {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str, handler: Handler, epilog: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog="example:\n  " + epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(handler=handler)
        return p

    p = add(
        "parse",
        "parse page text dumps into models",
        _cmd_parse,
        "newsmodel parse examples/energie-kayes-2024-03-05.txt --to jsonld",
    )
    p.add_argument("pages", nargs="+", metavar="PAGE", help="page dump files; - reads stdin")
    p.add_argument("--to", choices=("json", "jsonld", "ninjs", "text"), default="json")
    p.add_argument("--tz", default="Africa/Bamako", type=zone_name,
                   help="zone the pages' dates are printed in")
    p.add_argument("--jsonl", action="store_true", help="one JSON document per line")

    p = add("repair", "repair mojibake and cut characters", _cmd_repair,
            "newsmodel repair --explain teaser.txt")
    p.add_argument("files", nargs="*", metavar="FILE", help="files to repair (stdin if none)")
    p.add_argument("--explain", action="store_true", help="list each change on stderr")

    p = add("date", "read a French date", _cmd_date,
            'newsmodel date "ce mardi 10 octobre" --reference 2023-10-11')
    p.add_argument("text")
    p.add_argument("--reference", help="ISO date that resolves a missing year")
    p.add_argument("--tz", type=zone_name, help="zone of the result")
    p.add_argument("--find", action="store_true", help="list every date mentioned in TEXT")

    p = add("format", "write a date the French way", _cmd_format,
            "newsmodel format 2023-10-11T05:04:00+00:00 --style byline")
    p.add_argument("value", help="ISO 8601 date or datetime")
    p.add_argument("--style", default="full", choices=("full", "long", "byline", "short", "iso"))
    p.add_argument("--locale", default="fr")

    p = add("schema", "print the JSON Schema of the JSON form", _cmd_schema,
            "newsmodel schema --type page")
    p.add_argument("--type", choices=("article", "page", "author", "related"), default="article")

    p = add("validate", "check JSON documents against the models", _cmd_validate,
            "newsmodel validate pages.jsonl --type page")
    p.add_argument("files", nargs="+", metavar="FILE", help="JSON or JSON Lines files; - stdin")
    p.add_argument("--type", choices=("article", "page", "author", "related"), default="article")
    p.add_argument("--lenient", action="store_true", help="accept unknown keys")

    from newsmodel._cli_batch import add_parser as add_batch_parser

    add_batch_parser(sub)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the command line.

    Args:
        argv: the arguments (``sys.argv[1:]`` when None).
        stdout, stderr, stdin: streams to use instead of the process's.

    Returns:
        The exit status: 0 success, 1 some inputs failed, 2 usage error.

    Raises:
        Nothing: failures are reported on *stderr* and in the exit status.

    >>> main(["format", "2023-10-01T05:04:00+00:00", "--style", "byline"])
    Publié dimanche 1er octobre 2023 à 05:04
    0
    >>> import io
    >>> main(["date", "hier"], stderr=io.StringIO())
    1
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    inp = stdin or sys.stdin
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    handler: Handler = args.handler
    try:
        return handler(args, out, err, inp)
    except _UsageError as exc:
        err.write(f"newsmodel {args.command}: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - a closed pipe downstream
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
