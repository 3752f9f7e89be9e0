"""Archives at scale: per-record functions that never stop on one bad record, JSON Lines I/O.

Each record function takes one record and returns a :class:`Result` holding either the
output (a JSON-able ``dict``) or a :class:`RecordError` (error type, message, the place in the
record, the record's id); it never raises for a bad record. :func:`run_batch` streams any
number of records through one of them, in input order, with optional local processes, and
returns the :class:`Counts`.

Record shapes (one JSON object per line, or one file per record in a directory):

``parse``
    ``{"id": ..., "text": "<page dump>"}`` -> ``{"id": ..., **to_dict(page)}`` (the
    :func:`newsmodel.serialise.to_dict` form of the :class:`~newsmodel.Page`).
``repair``
    ``{"id": ..., "text": ..., "context": ...}`` (*context* optional) ->
    ``{"id": ..., "text": "<repaired>", "changes": [{"kind", "start", "end", "before",
    "after", "evidence"}, ...]}``, ``text`` and ``changes`` as in the JSON form of the
    :class:`~newsmodel.repair.Repair` (:func:`newsmodel.serialise.to_dict`).
``normalise``
    an article in its JSON form (:func:`newsmodel.serialise.to_dict`), with an optional
    ``"id"`` key beside the article's own keys -> the same form with its text fields repaired
    and the whole validated by :func:`newsmodel.serialise.from_dict`, ``"id"`` first.

A record with no ``"id"`` (or ``null``) gets its *default id*: its 1-based line number in a
JSON Lines file, its file name in a directory. An id is a string or a 64-bit integer. A line that is
not valid UTF-8 or not a JSON object is a failed record, never a crash.

>>> lines = ['{"id": "a", "text": "caf\\u00c3\\u00a9"}', "{oops", '{"text": "ok"}']
>>> results = list(iter_results(repair_record, enumerate(lines, 1)))
>>> [(r.id, r.ok) for r in results]
[('a', True), (2, False), (3, True)]
>>> results[0].value["text"], results[1].error.type, results[1].error.offset
('café', 'JSONDecodeError', 1)

The functions are pure and top-level, the models immutable and picklable, and nothing here
keeps state that grows with the input, so records can run in any process, in any number.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import tzinfo
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol, TextIO, TypeAlias, TypeVar

import attrs

from newsmodel.errors import short_repr

__all__ = [
    "Counts",
    "Item",
    "Record",
    "RecordError",
    "RecordFunction",
    "RecordId",
    "Result",
    "iter_results",
    "normalise_record",
    "parse_page_record",
    "read_directory",
    "read_jsonl",
    "repair_record",
    "run_batch",
    "write_jsonl",
]

#: A record's id: a string, or an integer such as a line number.
RecordId: TypeAlias = str | int
#: A record: a decoded JSON object, or one JSON Lines line still to decode.
Record: TypeAlias = Mapping[str, Any] | str
#: What :func:`run_batch` streams: ``(default_id, record)``; the default id serves when the
#: record carries none (the line number in a JSON Lines file, the name of a file).
Item: TypeAlias = tuple[RecordId, Record]

# Bytes that were not UTF-8, as read with errors="surrogateescape" (see read_jsonl).
_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")
# Characters that some line splitters (str.splitlines, JavaScript) take for line ends;
# json.dumps(ensure_ascii=False) leaves them raw, write_jsonl escapes them.
_LINE_BREAKERS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_READ_BLOCK = 1 << 20
T = TypeVar("T")


class RecordFunction(Protocol):
    """The shape of the record functions: one record in, one :class:`Result` out."""

    def __call__(self, record: Record, /, *, default_id: RecordId | None = None) -> Result: ...


@attrs.frozen(kw_only=True)
class RecordError:
    """Why one record failed.

    Attributes:
        id: the record's id (its default id when it had none or could not be read).
        type: the error's class name, such as ``"PageParseError"`` or ``"JSONDecodeError"``.
        message: the error in words, its input quoted with ``repr`` and cut short.
        path: JSON path of the value at fault in the record, such as ``"$.text"`` or
            ``"$.related[2].published"``; ``"$"`` for the whole record.
        line: 1-based line number in the page text at *path*, for page errors.
        offset: 0-based character offset: in the JSON Lines line for syntax and encoding
            errors, in the text at *path* for date errors.

    >>> RecordError(id=3, type="JSONDecodeError", message="Expecting value", path="$").to_dict()
    {'id': 3, 'type': 'JSONDecodeError', 'message': 'Expecting value', 'path': '$'}
    """

    id: RecordId
    type: str
    message: str
    path: str | None = None
    line: int | None = None
    offset: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The error as a JSON-able dict, its unset places left out.

        Returns:
            ``{"id", "type", "message"}`` plus whichever of ``path``, ``line`` and ``offset``
            are set.

        Raises:
            Nothing.

        >>> RecordError(id="page-7", type="PageParseError", message="empty text",
        ...             line=0).to_dict()
        {'id': 'page-7', 'type': 'PageParseError', 'message': 'empty text', 'line': 0}
        """
        data: dict[str, Any] = {"id": self.id, "type": self.type, "message": self.message}
        for key in ("path", "line", "offset"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


def _one_of_value_or_error(instance: Result, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (instance.value is None) == (instance.error is None):
        from newsmodel.errors import ValidationError

        raise ValidationError(
            "error", instance.error, "expected exactly one of value and error to be set"
        )


@attrs.frozen(kw_only=True)
class Result:
    """The outcome of one record: its output, or why it failed.

    Attributes:
        id: the record's id.
        value: the output record, a JSON-able dict with ``"id"`` first, or None on failure.
        error: why the record failed, or None on success.

    >>> Result(id="a", value={"id": "a", "text": "x"}).ok
    True
    >>> Result(id=1, error=RecordError(id=1, type="KeyError", message="no text")).ok
    False
    """

    id: RecordId
    value: dict[str, Any] | None = None
    error: RecordError | None = attrs.field(default=None, validator=_one_of_value_or_error)

    @property
    def ok(self) -> bool:
        """Whether the record succeeded."""
        return self.error is None


@attrs.frozen
class Counts:
    """How many records succeeded and failed.

    Attributes:
        ok: records written to the output.
        failed: records written to the errors.

    >>> Counts(3, 1) + Counts(1, 0)
    Counts(ok=4, failed=1)
    >>> Counts(4, 1).total
    5
    """

    ok: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        """All records seen."""
        return self.ok + self.failed

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.ok + other.ok, self.failed + other.failed)


# --- failures ------------------------------------------------------------------------------


class _Unreadable(str):
    """Stands for a file that could not be read: its text is the reason (internal)."""

    __slots__ = ()


class _RecordProblemError(Exception):
    """A record that is not of the expected shape (internal; becomes a RecordError)."""

    def __init__(
        self, type_: str, message: str, path: str, *, line: int | None = None,
        offset: int | None = None,
    ) -> None:
        super().__init__(message)
        self.type = type_
        self.message = message
        self.path = path
        self.line = line
        self.offset = offset


def _failure(record_id: RecordId, exc: BaseException, path: str = "$") -> Result:
    """A failed Result from any exception, the place taken from our error types."""
    from newsmodel.errors import (
        DateParseError,
        PageParseError,
        SerialisationError,
        ValidationError,
    )

    line: int | None = None
    offset: int | None = None
    type_ = type(exc).__name__
    message = str(exc)
    if isinstance(exc, _RecordProblemError):
        type_, message, path, line, offset = exc.type, exc.message, exc.path, exc.line, exc.offset
    elif isinstance(exc, PageParseError):
        line, message = exc.line, exc.reason
    elif isinstance(exc, SerialisationError):
        if exc.problems:
            path = exc.problems[0][0]
    elif isinstance(exc, ValidationError):
        path = _join_path(path, exc.field)
    elif isinstance(exc, DateParseError):
        offset = exc.position
    elif isinstance(exc, json.JSONDecodeError):
        message, offset = exc.msg, exc.pos
    error = RecordError(
        id=record_id, type=type_, message=message, path=path, line=line, offset=offset
    )
    return Result(id=record_id, error=error)


def _join_path(base: str, field: str) -> str:
    if not field:
        return base
    return f"{base}{field}" if field.startswith("[") else f"{base}.{field}"


# --- reading one record --------------------------------------------------------------------


def _valid_id(value: object) -> bool:
    """A str, or an int that JSON tools carry exactly (64 bits: what orjson reads)."""
    if isinstance(value, str):
        return True
    return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**64


def _decode(record: Record, default_id: RecordId | None) -> tuple[RecordId, dict[str, Any]]:
    """The record's id and its JSON object; raises _RecordProblemError when it is not one."""
    fallback: RecordId = default_id if default_id is not None else 0
    if isinstance(record, _Unreadable):
        raise _RecordProblemError("OSError", str(record), "$")
    if isinstance(record, str):
        bad = _ESCAPED_BYTE.search(record)
        if bad is not None:
            byte = ord(bad.group()) - 0xDC00
            raise _RecordProblemError(
                "UnicodeDecodeError",
                f"invalid UTF-8: byte 0x{byte:02x} at character offset {bad.start()}",
                "$",
                offset=bad.start(),
            )
        try:
            data = json.loads(record)
        except json.JSONDecodeError as exc:
            raise _RecordProblemError("JSONDecodeError", exc.msg, "$", offset=exc.pos) from None
        except RecursionError:
            raise _RecordProblemError("JSONDecodeError", "nesting too deep", "$") from None
    else:
        data = record
    if not isinstance(data, Mapping):
        raise _RecordProblemError(
            "InvalidRecord", f"expected a JSON object, got {type(data).__name__}", "$"
        )
    data = dict(data)
    record_id = data.get("id")
    if record_id is None:
        return fallback, data
    if not _valid_id(record_id):
        raise _RecordProblemError(
            "InvalidRecord",
            f"expected the id as a string or a 64-bit integer, got {short_repr(record_id)}",
            "$.id",
        )
    return record_id, data


def _text_field(data: Mapping[str, Any], key: str, *, optional: bool = False) -> str | None:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        what = "missing" if key not in data else f"got {type(value).__name__}"
        message = f"expected a string in {key!r}, {what}"
        raise _RecordProblemError("InvalidRecord", message, f"$.{key}")
    return value


def _run(
    record: Record,
    default_id: RecordId | None,
    work: Callable[[RecordId, dict[str, Any]], dict[str, Any]],
    path: str,
) -> Result:
    fallback: RecordId = default_id if default_id is not None else 0
    try:
        record_id, data = _decode(record, default_id)
    except Exception as exc:  # one bad record must not stop the run
        return _failure(fallback, exc)
    try:
        value = work(record_id, data)
    except Exception as exc:  # same
        return _failure(record_id, exc, path)
    return Result(id=record_id, value=value)


# --- the record functions ------------------------------------------------------------------


def parse_page_record(
    record: Record, /, *, default_id: RecordId | None = None, tz: str | tzinfo = "Africa/Bamako"
) -> Result:
    """Parse one page dump ``{"id": ..., "text": ...}`` into the JSON form of its Page.

    Args:
        record: the record, a JSON object or one JSON Lines line.
        default_id: the id to use when the record has none (its line number or file name).
        tz: the zone the page's dates are printed in (see :func:`newsmodel.page.parse_page`).

    Returns:
        A :class:`Result` whose value is ``{"id": ..., **to_dict(page)}``, or whose error
        names the page line at fault (``path="$.text"``, ``line=N``).

    Raises:
        Nothing for a bad record: every failure is returned in the Result.

    >>> r = parse_page_record({"id": "p1", "text": "Un titre sans date"})
    >>> r.ok, r.error.type, r.error.path, r.error.line
    (False, 'PageParseError', '$.text', 1)
    >>> parse_page_record('{"text": 42}', default_id=7).error.message
    "expected a string in 'text', got int"
    """

    def work(record_id: RecordId, data: dict[str, Any]) -> dict[str, Any]:
        from newsmodel.page import parse_page
        from newsmodel.serialise import to_dict

        text = _text_field(data, "text")
        assert text is not None
        return {"id": record_id, **to_dict(parse_page(text, tz=tz))}

    return _run(record, default_id, work, "$.text")


def repair_record(record: Record, /, *, default_id: RecordId | None = None) -> Result:
    """Repair the text of one record ``{"id": ..., "text": ..., "context": ...}``.

    *context* (optional) is other text from the same page, which lets a cut character at the
    end of *text* be restored exactly (see :func:`newsmodel.repair.explain_repair`).

    Args:
        record: the record, a JSON object or one JSON Lines line.
        default_id: the id to use when the record has none (its line number or file name).

    Returns:
        A :class:`Result` whose value is ``{"id", "text", "changes"}``, each change in its
        JSON form (:func:`newsmodel.serialise.to_dict` of the
        :class:`~newsmodel.repair.Repair`): ``kind``, ``start``, ``end``, ``before``,
        ``after`` and ``evidence``.

    Raises:
        Nothing for a bad record: every failure is returned in the Result.

    >>> r = repair_record({"id": 1, "text": "Lâ€™accord est signÃ©."})
    >>> r.value["text"], [c["kind"] for c in r.value["changes"]]
    ('L’accord est signé.', ['mojibake', 'mojibake'])
    >>> repair_record({"id": 2}).error
    RecordError(id=2, type='InvalidRecord', message="expected a string in 'text', missing", \
path='$.text', line=None, offset=None)
    """

    def work(record_id: RecordId, data: dict[str, Any]) -> dict[str, Any]:
        from newsmodel.repair import explain_repair
        from newsmodel.serialise import to_dict

        text = _text_field(data, "text")
        context = _text_field(data, "context", optional=True)
        assert text is not None
        # The changes in the JSON form of the Repair (newsmodel.serialise), the one JSON form
        # of a change: the record reads back with from_dict(Repair, ...) and a version marker.
        repaired = to_dict(explain_repair(text, context=context))
        return {"id": record_id, "text": repaired["text"], "changes": repaired["changes"]}

    return _run(record, default_id, work, "$.text")


# Text fields of the article JSON form that normalise repairs (never URLs, dates, tags'
# identity as keys, language or enums).
_ARTICLE_TEXT = ("headline", "kicker", "standfirst", "section")
_ARTICLE_TEXTS = ("body", "tags")
_AUTHOR_TEXT = ("name", "role")
_LINK_TEXT = ("title", "teaser", "label")


def _repair_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of an article's JSON form with its text fields repaired (others untouched).

    Values of a wrong type are left as they are, for validation to report with their path.
    """
    from newsmodel.repair import repair_text

    pieces: list[str] = []
    for key in _ARTICLE_TEXT:
        if isinstance(data.get(key), str):
            pieces.append(data[key])
    for key in _ARTICLE_TEXTS:
        if isinstance(data.get(key), list):
            pieces.extend(x for x in data[key] if isinstance(x, str))
    context = "\n".join(pieces) or None

    def fix(value: Any) -> Any:
        return repair_text(value, context=context) if isinstance(value, str) else value

    def fix_object(value: Any, keys: tuple[str, ...]) -> Any:
        if not isinstance(value, dict):
            return value
        fixed = dict(value)
        for key in keys:
            if key in fixed:
                fixed[key] = fix(fixed[key])
        if isinstance(fixed.get("author"), dict):
            fixed["author"] = fix_object(fixed["author"], _AUTHOR_TEXT)
        return fixed

    out: dict[str, Any] = fix_object(data, _ARTICLE_TEXT)
    for key in _ARTICLE_TEXTS:
        if isinstance(out.get(key), list):
            out[key] = [fix(x) for x in out[key]]
    if isinstance(out.get("authors"), list):
        out["authors"] = [fix_object(a, _AUTHOR_TEXT) for a in out["authors"]]
    if isinstance(out.get("related"), list):
        out["related"] = [fix_object(link, _LINK_TEXT) for link in out["related"]]
    return out


def normalise_record(
    record: Record, /, *, default_id: RecordId | None = None, strict: bool = True
) -> Result:
    """Repair the text fields of one article in its JSON form and validate it.

    The headline, kicker, standfirst, section, body paragraphs, tags, authors' names and
    roles, and related links' titles, teasers and labels are repaired (with the article's own
    text as context), then the whole is read by :func:`newsmodel.serialise.from_dict`, which
    validates every field, and written back by :func:`newsmodel.serialise.to_dict`.

    Args:
        record: the article's JSON form, with an optional ``"id"`` key beside its own keys;
            a JSON object or one JSON Lines line.
        default_id: the id to use when the record has none (its line number or file name).
        strict: passed to ``from_dict``; False accepts unknown keys (and drops them).

    Returns:
        A :class:`Result` whose value is ``{"id": ..., **to_dict(article)}``, or whose error
        gives the JSON path of the first problem (the message lists them all).

    Raises:
        Nothing for a bad record: every failure is returned in the Result.

    >>> r = normalise_record('{"id": "x", "$newsmodel": "1", "headline": 3}')
    >>> r.ok, r.error.type, r.error.path
    (False, 'SerialisationError', '$.headline')
    """

    def work(record_id: RecordId, data: dict[str, Any]) -> dict[str, Any]:
        from newsmodel.models import Article
        from newsmodel.serialise import from_dict, to_dict

        data.pop("id", None)
        article = from_dict(Article, _repair_fields(data), strict=strict)
        return {"id": record_id, **to_dict(article)}

    return _run(record, default_id, work, "$")


# --- streaming -----------------------------------------------------------------------------


def _apply(func: RecordFunction, item: Item) -> Result:
    default_id, record = item
    return func(record, default_id=default_id)


def _apply_chunk(func: RecordFunction, chunk: list[Item]) -> list[Result]:
    return [_apply(func, item) for item in chunk]


def iter_results(
    func: RecordFunction,
    items: Iterable[Item],
    *,
    jobs: int = 1,
    chunksize: int = 64,
) -> Iterator[Result]:
    """Run *func* over *items*, yielding one :class:`Result` per item, in input order.

    With *jobs* above 1 the records run in that many local processes, *chunksize* records to
    a task. At most ``4 * jobs`` tasks are in flight, so memory stays flat however long the
    input (``Executor.map`` would read the whole input first before Python 3.14).

    Args:
        func: a record function (:func:`parse_page_record`, :func:`repair_record`,
            :func:`normalise_record`, or a :func:`functools.partial` of one); it must be a
            top-level, picklable function when *jobs* > 1.
        items: ``(default_id, record)`` pairs, as :func:`read_jsonl` yields.
        jobs: number of processes; 1 runs in this process.
        chunksize: records per task sent to a process.

    Returns:
        An iterator of Results, one per item, in the order of *items*.

    Raises:
        ValueError: when *jobs* or *chunksize* is below 1.
        BrokenProcessPool: when a worker process dies (*jobs* > 1), naming the default ids
            of the items in flight, after the results of the items before them.

    Whatever reading *items* or *func* itself raises is raised as in one process, after the
    results of the items before; the records themselves need not be picklable.

    >>> [r.id for r in iter_results(repair_record, [(1, {"text": "a"}), (2, "[]")])]
    [1, 2]
    """
    if jobs < 1 or chunksize < 1:
        raise ValueError(f"expected jobs and chunksize >= 1, got {jobs} and {chunksize}")
    if jobs == 1:
        for item in items:
            yield _apply(func, item)
        return
    yield from _in_order(_apply_chunk, func, items, jobs, chunksize)


def _in_order(
    worker: Callable[[RecordFunction, list[Item]], list[T]],
    func: RecordFunction,
    items: Iterable[Item],
    jobs: int,
    chunksize: int,
) -> Iterator[T]:
    """``worker(func, chunk)`` over chunks of *items* in *jobs* processes, outputs in order.

    At most ``4 * jobs`` chunks are in flight: memory stays flat whatever the input's length.
    The outputs are those of one process, whatever the records:

    - a chunk that fails in the pool other than by a dead worker (a record or an output that
      does not pickle, such as a record nested too deep, or *func* raising) runs again here,
      one item at a time: the same outputs, or *func*'s own exception after the outputs of
      the items before it;
    - when reading *items* raises, the items read before are run and yielded first, then the
      exception is raised;
    - a worker that dies raises :class:`BrokenProcessPool` naming the items in flight (their
      default ids), after the outputs of the items before them.
    """
    pool = ProcessPoolExecutor(max_workers=jobs)
    window = 4 * jobs
    pending: deque[tuple[Future[list[T]], list[Item]]] = deque()
    source = iter(items)
    reading = True
    failure: Exception | None = None
    try:
        while True:
            while reading and len(pending) < window:
                chunk: list[Item] = []
                try:
                    for item in islice(source, chunksize):
                        chunk.append(item)
                except Exception as exc:  # raised once the items read before are done
                    failure, reading = exc, False
                if len(chunk) < chunksize:
                    reading = False
                if chunk:
                    try:
                        future: Future[list[T]] = pool.submit(worker, func, chunk)
                    except BrokenProcessPool as exc:  # a worker died: report it in order
                        future, reading = Future(), False
                        future.set_exception(exc)
                    pending.append((future, chunk))
            if not pending:
                break
            future, chunk = pending.popleft()
            try:
                outputs = future.result()
            except BrokenProcessPool as exc:
                last = pending[-1][1][-1] if pending else chunk[-1]
                raise BrokenProcessPool(
                    f"a worker process died while the items {chunk[0][0]!r} to {last[0]!r} "
                    f"were running (the outputs before them are complete): {exc}"
                ) from exc
            except Exception:  # not picklable, or func raised: run it here, as one process
                for item in chunk:
                    yield from worker(func, [item])
                continue
            yield from outputs
        if failure is not None:
            raise failure
    finally:
        for future, _ in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _line(result: Result) -> tuple[bool, str]:
    """Whether the record succeeded, and its output or error as one JSON line (no "\\n")."""
    if result.value is not None:
        return True, _dump(result.value)
    assert result.error is not None
    return False, _dump(result.error.to_dict())


def _apply_chunk_lines(func: RecordFunction, chunk: list[Item]) -> list[tuple[bool, str]]:
    # Workers write the JSON themselves: strings cross the process boundary far faster
    # than Results, and the parent is left with reading and writing.
    return [_line(_apply(func, item)) for item in chunk]


def _dump(document: Mapping[str, Any]) -> str:
    """One compact JSON line; line-breaking characters and lone surrogates escaped."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    text = text.translate(_LINE_BREAKERS)
    if _SURROGATE.search(text):  # not encodable as UTF-8: keep them as JSON escapes
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def write_jsonl(stream: TextIO, documents: Iterable[Mapping[str, Any]]) -> int:
    """Write *documents* to *stream*, one compact JSON object per line.

    Non-ASCII text is written as is, except U+0085, U+2028 and U+2029, which are escaped so
    that no line splitter can cut a line in two, and lone surrogates, which UTF-8 cannot
    encode (JSON escapes keep them).

    Args:
        stream: a text stream opened for writing (UTF-8 for files).
        documents: JSON-able mappings.

    Returns:
        How many lines were written.

    Raises:
        TypeError: when a document holds a value JSON cannot hold.

    >>> out = io.StringIO()
    >>> write_jsonl(out, [{"id": 1, "text": "café\\u2028"}])
    1
    >>> out.getvalue()
    '{"id":1,"text":"café\\\\u2028"}\\n'
    """
    count = 0
    for document in documents:
        stream.write(_dump(document) + "\n")
        count += 1
    return count


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Split a byte stream on b"\\n" alone, whatever the chunking.

    The pieces of an unfinished line are kept in a list and joined once, when its end comes:
    linear in a line's length however many chunks it spans (re-joining it at every chunk was
    quadratic).
    """
    pending: list[bytes] = []
    for chunk in chunks:
        if b"\n" not in chunk:
            if chunk:
                pending.append(chunk)
            continue
        parts = chunk.split(b"\n")
        pending.append(parts[0])
        yield b"".join(pending)
        yield from parts[1:-1]
        pending = [parts[-1]]
    yield b"".join(pending)


def _byte_chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(_READ_BLOCK):
        yield chunk


def _encode(text: str) -> bytes:
    """Text read from a text stream back as bytes: escaped bytes (U+DC80-U+DCFF) as they were,
    other lone surrogates as their UTF-8-like bytes, which the record then reports as not
    UTF-8 (never a UnicodeEncodeError out of read_jsonl)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def read_jsonl(
    source: str | os.PathLike[str] | IO[bytes] | IO[str], *, first_line: int = 1
) -> Iterator[tuple[int, str]]:
    """Read JSON Lines lazily as ``(line_number, line)`` pairs, blank lines skipped.

    A blank line holds only JSON whitespace (spaces, tabs, ``"\\r"``); any other line, even
    one of a lone U+0085, is a record, which fails if it is not a JSON object.

    Lines are split on ``"\\n"`` alone: a mis-decoded "…" holds U+0085, and a text may hold
    U+2028, which :meth:`str.splitlines` would both take for line ends. A trailing ``"\\r"``
    is dropped. Bytes that are not UTF-8 are kept as lone surrogates (``surrogateescape``),
    which the record functions report as a failed record with its offset; so is a line of a
    text stream that holds a lone surrogate.

    Args:
        source: a file path, or a binary or text stream.
        first_line: the number of the first line (for a block cut from a longer file).

    Returns:
        An iterator of ``(line_number, line)``, ready for :func:`run_batch`; lines are not
        decoded as JSON here, so that the work happens where the records run.

    Raises:
        OSError: when the file cannot be opened or read.

    >>> src = io.BytesIO(b'{"text": "a\\xc2\\x85b"}\\n\\n{"id": 7}\\r\\n')
    >>> list(read_jsonl(src))
    [(1, '{"text": "a\\x85b"}'), (3, '{"id": 7}')]
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as stream:
            yield from read_jsonl(stream, first_line=first_line)
        return
    if isinstance(source, io.TextIOBase):
        text_stream = source

        chunks: Iterable[bytes] = (
            _encode(part) for part in iter(lambda: text_stream.read(_READ_BLOCK), "")
        )
    else:
        chunks = _byte_chunks(source)  # type: ignore[arg-type]
    for number, raw in enumerate(_lines(chunks), first_line):
        line = raw.decode("utf-8", "surrogateescape")
        if line.endswith("\r"):
            line = line[:-1]
        if line.strip(" \t\r"):  # blank in JSON terms; a lone U+0085 is a (bad) record
            yield number, line


def read_directory(
    directory: str | os.PathLike[str], *, pattern: str = "*.txt", as_json: bool = False
) -> Iterator[Item]:
    """Read the files of *directory* (and its subdirectories) as records, in name order.

    Each file is one record, its id its path relative to *directory* (``/``-separated).
    Names are sorted within each directory and directories are walked depth first, so the
    order is the same on every machine; only one directory's names are held at a time.

    Args:
        directory: the folder to read.
        pattern: a glob pattern the file names must match (``"*.txt"`` for page dumps).
        as_json: False wraps each file's text as ``{"text": ...}`` (page dumps, texts to
            repair); True passes the file's text as a JSON document (articles to normalise).

    Returns:
        An iterator of ``(file_id, record)`` pairs, ready for :func:`run_batch`.

    Raises:
        OSError: when *directory* cannot be listed.

    >>> [name for name, _ in read_directory("examples")][:1]
    ['energie-kayes-2024-03-05.txt']
    """
    root = Path(directory)
    if not root.is_dir():
        raise NotADirectoryError(f"not a directory: {str(root)!r}")
    return (_read_file(name, path, as_json=as_json) for name, path in _walk(root, pattern))


def _walk(root: Path, pattern: str, prefix: str = "") -> Iterator[tuple[str, str]]:
    """``(relative name, path)`` of the matching files under *root*, in name order."""
    from fnmatch import fnmatchcase

    with os.scandir(root) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir():
            yield from _walk(Path(entry.path), pattern, f"{prefix}{entry.name}/")
        elif entry.is_file() and fnmatchcase(entry.name, pattern):
            yield prefix + entry.name, entry.path


def _read_file(name: str, path: str, *, as_json: bool) -> Item:
    """One file as an item; a file that cannot be read becomes a record that fails."""
    try:
        with open(path, "rb") as stream:
            text = stream.read().decode("utf-8", "surrogateescape")
    except OSError as exc:
        return name, _Unreadable(f"cannot read {name!r}: {exc.strerror or exc}")
    return (name, text) if as_json else (name, {"text": text})


def run_batch(
    func: RecordFunction,
    items: Iterable[Item],
    out: TextIO,
    *,
    errors: TextIO | None = None,
    jobs: int = 1,
    chunksize: int = 64,
    on_result: Callable[[bool, str], None] | None = None,
) -> Counts:
    """Run *func* over *items*, writing outputs and errors as JSON Lines in input order.

    Memory stays flat over any number of records: items are read, run and written as a
    stream, with a bounded number in flight.

    Args:
        func: a record function, such as :func:`repair_record`.
        items: ``(default_id, record)`` pairs from :func:`read_jsonl` or
            :func:`read_directory`.
        out: where each successful record's output goes, one line each.
        errors: where each failure goes as a :meth:`RecordError.to_dict` line; None drops
            them (they are still counted, and passed to *on_result*).
        jobs: number of local processes (see :func:`iter_results`); the processes also
            write the JSON, so the parent only reads and writes.
        chunksize: records per task sent to a process.
        on_result: called for each record in order, after it is written, with whether it
            succeeded and its JSON line (output or error, without the "\\n"): for a progress
            bar or a report.

    Returns:
        The :class:`Counts` of records that succeeded and failed.

    Raises:
        ValueError: when *jobs* or *chunksize* is below 1.
        OSError: when *out* or *errors* cannot be written.
        BrokenProcessPool: when a worker process dies (see :func:`iter_results`); the lines
            of the items before are written.

    >>> out, err = io.StringIO(), io.StringIO()
    >>> run_batch(repair_record, read_jsonl(io.BytesIO(b'{"text": "a"}\\n[1]\\n')), out, errors=err)
    Counts(ok=1, failed=1)
    >>> print(out.getvalue() + err.getvalue(), end="")
    {"id":1,"text":"a","changes":[]}
    {"id":2,"type":"InvalidRecord","message":"expected a JSON object, got list","path":"$"}
    """
    if jobs < 1 or chunksize < 1:
        raise ValueError(f"expected jobs and chunksize >= 1, got {jobs} and {chunksize}")
    if jobs == 1:
        lines: Iterable[tuple[bool, str]] = (_line(_apply(func, item)) for item in items)
    else:
        lines = _in_order(_apply_chunk_lines, func, items, jobs, chunksize)
    ok = failed = 0
    for success, line in lines:
        if success:
            out.write(line + "\n")
            ok += 1
        else:
            if errors is not None:
                errors.write(line + "\n")
            failed += 1
        if on_result is not None:
            on_result(success, line)
    return Counts(ok, failed)
