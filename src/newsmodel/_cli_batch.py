"""The ``newsmodel batch`` subcommand: run a record function over an archive.

``newsmodel batch repair|parse|normalise IN.jsonl|DIR --out OUT.jsonl [--errors ERR.jsonl]
[--jobs N]``. Outputs go to *OUT* in input order; each failure goes to *ERR* as a JSON line
with the record's id and reason (to stderr as ``IN:ID: type: message`` without ``--errors``).
A progress bar with rate and ETA is drawn on stderr when it is a terminal. Exit status: 0 when
every record succeeded, 1 when some failed or a file could not be read or written, 2 for a
usage error.
"""

from __future__ import annotations

import argparse
import functools
import json
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from newsmodel.batch import Item, RecordFunction

__all__ = ["add_parser"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_EPILOG = """\
examples:
  newsmodel batch parse pages/ --out pages.jsonl --errors failed.jsonl --jobs 2
  newsmodel batch repair teasers.jsonl --out repaired.jsonl
  newsmodel batch normalise articles.jsonl --out clean.jsonl --errors bad.jsonl

records (one JSON object per line; an id is optional, the line number stands in):
  parse      {"id": ..., "text": "<page dump>"}    or a directory of dumps (id = file name)
  repair     {"id": ..., "text": ..., "context": ...}   (context optional)
  normalise  an article in its JSON form, with an optional "id" key
"""


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {number}")
    return number


def zone_name(value: str) -> str:
    """An argparse type for --tz: an IANA zone name, checked before any record is read."""
    from newsmodel._zones import iana_zone

    if iana_zone(value) is None:
        raise argparse.ArgumentTypeError(f"unknown time zone {value!r} (expected an IANA name "
                                         "such as Africa/Bamako)")
    return value


def add_parser(subparsers: Any) -> None:
    """Register the ``batch`` subcommand on *subparsers* (from ``add_subparsers``).

    Args:
        subparsers: the object ``ArgumentParser.add_subparsers()`` returned; the new parser
            sets ``handler`` to a function of ``(args, stdout, stderr, stdin) -> int``.
    """
    p = subparsers.add_parser(
        "batch",
        help="run parse, repair or normalise over a JSON Lines archive or a directory",
        description="Run parse, repair or normalise over every record of a JSON Lines file "
        "or a directory of files, never stopping on a bad record.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(handler=_cmd_batch)
    p.add_argument("kind", choices=("parse", "repair", "normalise"), help="what to do")
    p.add_argument("input", metavar="IN", help="a JSON Lines file, a directory, or - for stdin")
    p.add_argument("--out", required=True, metavar="OUT", help="JSON Lines output; - stdout")
    p.add_argument("--errors", metavar="ERR", help="JSON Lines file for failed records")
    p.add_argument("--jobs", type=_positive, default=1, metavar="N", help="local processes")
    p.add_argument("--chunksize", type=_positive, default=64, help="records per task")
    p.add_argument("--glob", help="file pattern in a directory (*.txt; *.json for normalise)")
    p.add_argument("--tz", default="Africa/Bamako", type=zone_name,
                   help="zone of the pages' dates (parse)")
    p.add_argument("--lenient", action="store_true", help="normalise: accept unknown keys")


def _function(args: argparse.Namespace) -> RecordFunction:
    from newsmodel import batch

    if args.kind == "parse":
        func: RecordFunction = functools.partial(batch.parse_page_record, tz=args.tz)
    elif args.kind == "repair":
        func = batch.repair_record
    else:
        func = functools.partial(batch.normalise_record, strict=not args.lenient)
    return func


def _count_lines(path: Path) -> int | None:
    """Lines in a file (blank ones included), for the progress bar's total: a cheap scan."""
    try:
        with path.open("rb") as stream:
            count = 0
            last = b"\n"
            while chunk := stream.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
            return count + (last != b"\n")
    except OSError:
        return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (before Python 3.13)
        return False


def _clash(args: argparse.Namespace, source: Path | None, is_dir: bool) -> str | None:
    """Why the output files would overwrite the input or each other, or None.

    Opening ``--out`` truncates it: were it the input, the input would be lost before it is
    read; were it ``--errors``, one would overwrite the other.
    """
    from fnmatch import fnmatchcase

    pattern = args.glob or ("*.json" if args.kind == "normalise" else "*.txt")
    given = (("--out", args.out), ("--errors", args.errors))
    outputs = [(name, Path(value)) for name, value in given if value not in (None, "-")]
    for name, path in outputs:
        if source is None:
            continue
        if not is_dir and _same_file(path, source):
            return f"{name} {str(path)!r} is the input file"
        if is_dir and fnmatchcase(path.name, pattern):
            try:
                folder, root = path.resolve().parent, source.resolve()
            except (OSError, RuntimeError):
                continue
            if folder == root or root in folder.parents:
                return f"{name} {str(path)!r} is one of the input directory's files"
    if len(outputs) == 2 and _same_file(outputs[0][1], outputs[1][1]):
        return "--out and --errors are the same file"
    return None


def _cmd_batch(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from newsmodel._progress import Progress
    from newsmodel.batch import read_directory, read_jsonl, run_batch

    label = "<stdin>" if args.input == "-" else args.input
    source = Path(args.input)
    items: Iterable[Item]
    total: int | None = None
    isatty = getattr(err, "isatty", None)
    tty = bool(isatty and isatty())
    clash = _clash(args, None if args.input == "-" else source, source.is_dir())
    if clash is not None:
        err.write(f"newsmodel batch: {clash}\n")
        return EXIT_USAGE
    if args.input == "-":
        items = read_jsonl(getattr(stdin, "buffer", stdin))
    elif source.is_dir():
        pattern = args.glob or ("*.json" if args.kind == "normalise" else "*.txt")
        items = read_directory(source, pattern=pattern, as_json=args.kind == "normalise")
        if tty:
            total = sum(1 for _ in source.rglob(pattern))
    elif source.is_file():
        items = read_jsonl(source)
        if tty:
            total = _count_lines(source)
    else:
        err.write(f"{label}:0: no such file or directory\n")
        return EXIT_FAILED

    progress = Progress(err, total, label="records")

    def report(ok: bool, line: str) -> None:
        if not ok and args.errors is None:
            if progress.enabled:
                err.write("\n")
            e = json.loads(line)
            err.write(f"{label}:{e['id']}: {e['type']}: {e['message']}\n")
        progress.advance(ok)

    try:
        with ExitStack() as stack:
            dest = out if args.out == "-" else stack.enter_context(
                open(args.out, "w", encoding="utf-8", newline="\n")
            )
            errors = None
            if args.errors is not None:
                errors = stack.enter_context(
                    open(args.errors, "w", encoding="utf-8", newline="\n")
                )
            counts = run_batch(
                _function(args),
                items,
                dest,
                errors=errors,
                jobs=args.jobs,
                chunksize=args.chunksize,
                on_result=report,
            )
    except OSError as exc:
        progress.close()
        where = getattr(exc, "filename", None) or label
        err.write(f"{where}:0: {exc.strerror or exc}\n")
        return EXIT_FAILED
    except BrokenProcessPool as exc:  # a worker died (killed, out of memory): the run stops
        progress.close()
        err.write(f"{label}:0: {exc}\n")
        return EXIT_FAILED
    progress.close()
    err.write(f"newsmodel batch {args.kind}: {counts.ok} ok, {counts.failed} failed\n")
    return EXIT_FAILED if counts.failed else EXIT_OK
