"""Tests for newsmodel.batch and the `newsmodel batch` subcommand: one result per record, in
order, never a crash; JSON Lines split on "\\n" only; flat memory over any number of records."""

from __future__ import annotations

import argparse
import functools
import io
import json
import pickle
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmodel._cli_batch import add_parser
from newsmodel.batch import (
    Counts,
    RecordError,
    Result,
    iter_results,
    normalise_record,
    parse_page_record,
    read_directory,
    read_jsonl,
    repair_record,
    run_batch,
    write_jsonl,
)
from newsmodel.errors import ValidationError
from newsmodel.page import parse_page
from newsmodel.repair import Repair, explain_repair, repair_text
from newsmodel.serialise import from_dict, to_dict
from newsmodel.strategies import articles, mojibake_pairs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PAGES = sorted(EXAMPLES.glob("*.txt"))


def jsonl(*docs: object) -> bytes:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs).encode("utf-8")


def expected_id(default: int, record: object) -> object:
    """The id a record should get: its own when it is a str or 64-bit int, else its default."""
    if isinstance(record, str):
        try:
            record = json.loads(record)
        except (ValueError, RecursionError):
            return default
    if not isinstance(record, dict):
        return default
    own = record.get("id")
    ok = isinstance(own, str) or (
        isinstance(own, int) and not isinstance(own, bool) and -(2**63) <= own < 2**64)
    return own if ok else default


# --- results ---------------------------------------------------------------------------------


def test_result_holds_exactly_one_of_value_and_error() -> None:
    """A Result with both or neither of value and error is refused."""
    error = RecordError(id=1, type="X", message="m")
    with pytest.raises(ValidationError):
        Result(id=1)
    with pytest.raises(ValidationError):
        Result(id=1, value={"id": 1}, error=error)


def test_results_and_counts_pickle() -> None:
    """Results, errors and counts survive pickling (they cross process boundaries)."""
    ok = repair_record({"id": "a", "text": "Lâ€™accord"})
    bad = parse_page_record({"id": "b", "text": "x"})
    for value in (ok, bad, bad.error, Counts(2, 1)):
        assert pickle.loads(pickle.dumps(value)) == value


def test_errors_and_zoned_models_pickle_with_their_fields() -> None:
    """Our errors keep their fields and message through pickle, and a page keeps its zoned
    datetimes (ZoneInfo): what "safe to share across processes" promises."""
    from zoneinfo import ZoneInfo

    from newsmodel.errors import DateParseError, PageParseError, SerialisationError
    from newsmodel.serialise._common import UnwritableDatetimeError

    errors = [
        (ValidationError("related[2].url", [1, "x"], "expected a URL"), ("field", "value")),
        (DateParseError("le 32 mai", 3, "no such day"), ("text", "position", "reason")),
        (PageParseError(4, "no date", "page-7.txt"), ("line", "reason", "source")),
        (SerialisationError([("$.a", "bad"), ("$.b[0]", "worse")]), ("problems",)),
        (UnwritableDatetimeError([("$", "no")]), ("problems",)),
    ]
    for error, fields in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert [getattr(copy, f) for f in fields] == [getattr(error, f) for f in fields]
    page = parse_page(PAGES[0].read_text(encoding="utf-8"), tz=ZoneInfo("Europe/Paris"))
    copy = pickle.loads(pickle.dumps(page))
    assert copy == page
    assert copy.article.published.tzinfo is ZoneInfo("Europe/Paris")


def test_error_to_dict_leaves_out_unset_places() -> None:
    """to_dict keeps id, type, message and only the places that are set."""
    e = RecordError(id="p", type="PageParseError", message="m", path="$.text", line=3)
    assert e.to_dict() == {
        "id": "p", "type": "PageParseError", "message": "m", "path": "$.text", "line": 3
    }


# --- repair ----------------------------------------------------------------------------------


def test_repair_record_output_shape() -> None:
    """repair gives the repaired text and each change, with the record's id first."""
    r = repair_record({"id": "t1", "text": "Le jury, prÃ©sidÃ© par Awa"})
    assert r.ok
    assert r.id == "t1"
    assert list(r.value) == ["id", "text", "changes"]
    assert r.value["text"] == "Le jury, présidé par Awa"
    change = r.value["changes"][0]
    assert set(change) == {"kind", "start", "end", "before", "after", "evidence"}
    assert change["kind"] == "mojibake"


def test_repair_record_uses_the_context() -> None:
    """A cut character at the end of a teaser is restored from the record's context."""
    context = "Une décision jugée fondée par la cour."
    r = repair_record({"text": "Une décision jugée fondÃ.", "context": context}, default_id=4)
    assert r.value["text"] == "Une décision jugée fondé."
    assert r.id == 4
    assert any(c["evidence"] == "context" for c in r.value["changes"])


@given(st.text())
def test_repair_record_matches_repair_text(text: str) -> None:
    """For any text, repair_record succeeds with exactly repair_text's output."""
    r = repair_record({"text": text}, default_id=1)
    assert r.ok
    assert r.value["text"] == repair_text(text)


@given(st.one_of(st.text(), mojibake_pairs().map(lambda pair: pair[1])))
def test_repair_record_changes_are_the_json_form_of_change(text: str) -> None:
    """The record's changes are the JSON form of each Change (newsmodel.serialise): with the
    version marker they read back as the Repair explain_repair returns."""
    r = repair_record({"id": 1, "text": text})
    repair = explain_repair(text)
    assert r.value["changes"] == [
        {k: v for k, v in to_dict(c).items() if k != "$newsmodel"} for c in repair.changes
    ]
    document = {"$newsmodel": "1", "text": r.value["text"], "changes": r.value["changes"]}
    assert from_dict(Repair, document) == repair


@pytest.mark.parametrize(
    ("record", "path", "message"),
    [
        ({}, "$.text", "expected a string in 'text', missing"),
        ({"text": None}, "$.text", "expected a string in 'text', got NoneType"),
        ({"text": "a", "context": 3}, "$.context", "expected a string in 'context', got int"),
        ({"id": 1.5, "text": "a"}, "$.id",
         "expected the id as a string or a 64-bit integer, got 1.5"),
        ({"id": True, "text": "a"}, "$.id",
         "expected the id as a string or a 64-bit integer, got True"),
        # an id JSON tools cannot carry, or repr cannot show (Python's digit limit)
        ({"id": 2**64, "text": "a"}, "$.id",
         "expected the id as a string or a 64-bit integer, got 18446744073709551616"),
        ({"id": 10**5000, "text": "a"}, "$.id",
         "expected the id as a string or a 64-bit integer, got <int too large to show>"),
    ],
)
def test_repair_record_bad_shapes(record: dict[str, Any], path: str, message: str) -> None:
    """A record of the wrong shape fails with its path, keeping the default id."""
    r = repair_record(record, default_id=9)
    assert not r.ok
    assert r.error == RecordError(id=9, type="InvalidRecord", message=message, path=path)


# --- decoding lines --------------------------------------------------------------------------


def test_malformed_json_line_fails_with_its_line_number() -> None:
    """A line that is not JSON fails with its line number as id and the offset of the fault."""
    r = repair_record('{"text": "a",}', default_id=12)
    assert r.id == 12
    assert r.error.type == "JSONDecodeError"
    assert r.error.offset in (12, 13)  # the comma on Python 3.13+, the brace before
    assert r.error.message.lower().startswith(("illegal trailing comma", "expecting"))
    assert r.error.path == "$"


def test_line_that_is_not_an_object_fails() -> None:
    """A JSON array, string or number is not a record."""
    for line, kind in (("[1, 2]", "list"), ('"text"', "str"), ("3", "int"), ("null", "NoneType")):
        r = repair_record(line, default_id=1)
        assert r.error.message == f"expected a JSON object, got {kind}"


def test_deep_nesting_is_a_failed_record() -> None:
    """A line nested deeper than the JSON reader allows fails instead of crashing."""
    r = repair_record("[" * 100_000, default_id=1)
    assert not r.ok
    assert r.error.type == "JSONDecodeError"


def test_invalid_utf8_is_a_failed_record_with_its_offset() -> None:
    """Bytes that are not UTF-8 fail their own line only, naming the byte and its offset."""
    lines = list(read_jsonl(io.BytesIO(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')))
    results = list(iter_results(repair_record, lines))
    assert results[0].ok
    assert results[1].error.type == "UnicodeDecodeError"
    assert results[1].error.offset == 13
    assert "0xe9" in results[1].error.message


# --- JSON Lines ------------------------------------------------------------------------------


def test_read_jsonl_splits_on_newline_only() -> None:
    """U+0085, U+2028 and a lone "\\r" inside a line do not split it; "\\r\\n" ends are trimmed."""
    data = '{"text": "a\x85b\u2028c\rd"}\r\n\n \t\n{"id": 2}\n\x85'.encode()
    assert list(read_jsonl(io.BytesIO(data))) == [
        (1, '{"text": "a\x85b\u2028c\rd"}'),
        (4, '{"id": 2}'),
        (5, "\x85"),  # not blank in JSON terms: a record, which will fail
    ]


def test_read_jsonl_from_text_stream_and_path(tmp_path: Path) -> None:
    """A text stream and a file path give the same lines as a byte stream."""
    data = jsonl({"text": "é…"}, {"text": "\x85"})
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    expected = list(read_jsonl(io.BytesIO(data)))
    text_stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    assert list(read_jsonl(text_stream)) == expected
    assert list(read_jsonl(path)) == expected
    assert next(iter(read_jsonl(str(path), first_line=10)))[0] == 10


def test_read_jsonl_is_linear_in_a_line_spanning_many_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A line longer than many read blocks is read in linear time (each block was joined to
    the line's start again: quadratic in the line's length). Small blocks stand in for a huge
    line; a loose ratio, not a time limit."""
    import newsmodel.batch

    monkeypatch.setattr(newsmodel.batch, "_READ_BLOCK", 64)

    def cost(n: int) -> float:
        data = b'{"text": "' + b"a" * n + b'"}\n'
        start = time.perf_counter()
        ((_, line),) = read_jsonl(io.BytesIO(data))
        elapsed = time.perf_counter() - start
        assert len(line) == n + 12
        return elapsed

    cost(1000)
    small, large = min(cost(50_000) for _ in range(5)), min(cost(800_000) for _ in range(3))
    assert large < small * 100  # linear would be ~16x; quadratic ~256x


def test_read_jsonl_from_a_text_stream_with_lone_surrogates() -> None:
    """A text stream holding a lone surrogate gives a failed record for that line, never a
    UnicodeEncodeError out of read_jsonl (it encoded with surrogateescape only)."""
    stream = io.StringIO('{"text": "a\ud800b"}\n{"text": "ok"}\n{"text": "\udfff"}\n')
    results = list(iter_results(repair_record, read_jsonl(stream)))
    assert [(r.id, r.ok) for r in results] == [(1, False), (2, True), (3, False)]
    assert results[0].error is not None
    assert results[0].error.type == "UnicodeDecodeError"
    assert results[0].error.offset == 11


def test_read_jsonl_across_block_boundaries() -> None:
    """Lines longer than the read block come back whole, with their numbers."""
    long = {"text": "é" * 700_000}
    lines = list(read_jsonl(io.BytesIO(jsonl(long, {"text": "x"}, long))))
    assert [n for n, _ in lines] == [1, 2, 3]
    assert json.loads(lines[2][1]) == long


pieces = st.sampled_from(
    [b"\n", b"\r\n", b" ", b"{}", b'{"text": "a"}', b'{"id": 1}', b"[]", b"\xff", b"\xc2\x85",
     b"\r"]
)


@given(st.lists(pieces | st.binary(max_size=4), max_size=30).map(b"".join), st.integers(1, 3))
def test_any_bytes_give_numbered_lines_and_one_result_each(data: bytes, first: int) -> None:
    """Any bytes: read_jsonl yields each non-blank "\\n"-separated line once, numbered, and each
    becomes exactly one result (failed when not a UTF-8 JSON object)."""
    lines = list(read_jsonl(io.BytesIO(data), first_line=first))
    raw = [
        (n, line.removesuffix(b"\r"))
        for n, line in enumerate(data.split(b"\n"), first)
        if line.strip(b" \t\r")
    ]
    assert [n for n, _ in lines] == [n for n, _ in raw]
    assert [line.encode("utf-8", "surrogateescape") for _, line in lines] == [r for _, r in raw]
    results = list(iter_results(repair_record, lines))
    assert len(results) == len(lines)
    for (number, line), result in zip(lines, results, strict=True):
        try:
            line.encode("utf-8")  # no bytes that were not UTF-8
            valid = isinstance(json.loads(line), dict)
        except (ValueError, RecursionError):
            valid = False
        if not valid:
            assert not result.ok
            assert result.id == number


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(st.lists(st.dictionaries(st.text(), json_values, max_size=4), max_size=8))
def test_write_then_read_jsonl_round_trips(docs: list[dict[str, Any]]) -> None:
    """write_jsonl then read_jsonl gives every document back, one line each, for any text."""
    out = io.StringIO()
    assert write_jsonl(out, docs) == len(docs)
    text = out.getvalue()
    assert text.count("\n") == len(docs)
    assert len(text.splitlines()) == len(docs)  # safe even for splitters that cut on U+2028
    data = text.encode("utf-8")  # lone surrogates are escaped, so this cannot fail
    lines = list(read_jsonl(io.BytesIO(data)))
    assert [json.loads(line) for _, line in lines] == docs
    assert [n for n, _ in lines] == list(range(1, len(docs) + 1))


# --- streaming -------------------------------------------------------------------------------

records = st.one_of(
    st.fixed_dictionaries(
        {"text": st.text(max_size=30)},
        optional={"id": st.none() | st.booleans() | st.integers() | st.text(max_size=5)},
    ),
    st.text(max_size=30),
    st.fixed_dictionaries({"id": st.text(max_size=5), "text": st.text(max_size=30)}).map(
        json.dumps
    ),
    json_values.map(json.dumps),
)


@given(st.lists(records, max_size=20))
def test_every_record_gives_one_result_in_order(items: list[Any]) -> None:
    """Any records: one result each, in order, with the right id; counts add up; no raise."""
    numbered = list(enumerate(items, 1))
    results = list(iter_results(repair_record, numbered))
    assert [r.id for r in results] == [expected_id(n, rec) for n, rec in numbered]
    for result in results:
        assert (result.value is None) != (result.error is None)
        if result.ok:
            assert result.value["id"] == result.id
        else:
            assert result.error.id == result.id
    out, err = io.StringIO(), io.StringIO()
    counts = run_batch(repair_record, numbered, out, errors=err)
    assert counts == Counts(sum(r.ok for r in results), sum(not r.ok for r in results))
    assert out.getvalue().count("\n") == counts.ok
    assert err.getvalue().count("\n") == counts.failed


def archive(n: int) -> bytes:
    """A JSON Lines archive of *n* lines: clean, mojibake and cut texts, and broken lines."""
    lines = []
    for i in range(1, n + 1):
        if i % 101 == 0:
            lines.append(f'{{"id": "broken-{i}", "text": ')
        elif i % 103 == 0:
            lines.append(f'{{"id": {i}.5}}')
        elif i % 107 == 0:
            lines.append("")
        elif i % 3 == 0:
            lines.append(json.dumps({"id": f"r{i}", "text": f"Lâ€™accord nÂ°{i} est signÃ©."}))
        else:
            lines.append(json.dumps({"text": f"Le texte numéro {i} est propre."}))
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_run_batch_writes_in_input_order_and_calls_back() -> None:
    """Outputs and errors keep input order; on_result sees every result in order."""
    seen: list[tuple[bool, str]] = []
    out, err = io.StringIO(), io.StringIO()
    items = list(read_jsonl(io.BytesIO(archive(400))))
    counts = run_batch(repair_record, items, out, errors=err, on_result=lambda *a: seen.append(a))
    assert counts.total == len(items) == len(seen) == 400 - 3
    assert counts.failed == 6
    assert [json.loads(line)["id"] for _, line in seen] == [
        expected_id(n, rec) for n, rec in items
    ]
    assert out.getvalue() == "".join(line + "\n" for ok, line in seen if ok)
    assert err.getvalue() == "".join(line + "\n" for ok, line in seen if not ok)
    err_ids = [json.loads(line)["id"] for line in err.getvalue().splitlines()]
    assert err_ids == [101, 103, 202, 206, 303, 309]


def test_jobs_give_the_same_output_as_one_process() -> None:
    """--jobs 2 writes byte for byte what one process writes, in the same order."""
    items = list(read_jsonl(io.BytesIO(archive(1500))))
    assert list(iter_results(repair_record, items, jobs=2, chunksize=5)) == list(
        iter_results(repair_record, items)
    )
    plain_out, plain_err = io.StringIO(), io.StringIO()
    plain = run_batch(repair_record, items, plain_out, errors=plain_err)
    out, err = io.StringIO(), io.StringIO()
    counts = run_batch(repair_record, iter(items), out, errors=err, jobs=2, chunksize=7)
    assert counts == plain
    assert out.getvalue() == plain_out.getvalue()
    assert err.getvalue() == plain_err.getvalue()


def test_jobs_run_records_that_do_not_pickle_as_one_process() -> None:
    """Records that cannot cross to a worker (nested too deep to pickle, holding a lock) give
    the results one process gives (the whole run raised RecursionError or PicklingError)."""
    import threading

    deep: dict[str, Any] = {}
    node = deep
    for _ in range(50_000):
        node["x"] = node = {}
    items: list[Any] = [(i, {"text": f"Lâ€™accord {i}"}) for i in range(1, 40)]
    items[4] = (5, {"text": "a", "extra": deep})
    items[20] = (21, {"text": "b", "lock": threading.Lock()})
    expected = list(iter_results(repair_record, items))
    assert all(r.ok for r in expected)
    assert list(iter_results(repair_record, items, jobs=2, chunksize=3)) == expected


def test_jobs_write_every_record_read_before_the_input_fails() -> None:
    """When reading the input raises, the records read before are all written, as in one
    process, then the error is raised (the records in flight were lost)."""

    def items() -> Any:
        for i in range(1, 300):
            yield i, {"text": f"t{i}"}
        raise OSError("disk gone")

    outputs = []
    for jobs in (1, 2):
        out = io.StringIO()
        with pytest.raises(OSError, match="disk gone"):
            run_batch(repair_record, items(), out, jobs=jobs, chunksize=7)
        outputs.append(out.getvalue())
    assert outputs[0].count("\n") == 299
    assert outputs[1] == outputs[0]


DEATH_SCRIPT = textwrap.dedent(
    """
    import io, os
    from newsmodel.batch import repair_record, run_batch

    def dies(record, /, *, default_id=None):
        if default_id == 50:
            os._exit(3)
        return repair_record(record, default_id=default_id)

    if __name__ == "__main__":
        out = io.StringIO()
        try:
            run_batch(dies, [(i, {"text": "t"}) for i in range(1, 200)], out, jobs=2, chunksize=4)
        except Exception as exc:
            print(type(exc).__name__, exc)
        print(out.getvalue().count("\\n"))
    """
)


def test_jobs_name_the_items_in_flight_when_a_worker_dies(tmp_path: Path) -> None:
    """A worker that dies raises BrokenProcessPool naming the items in flight, the outputs
    before them written (it named nothing, from wherever the pool noticed)."""
    script = tmp_path / "death.py"
    script.write_text(DEATH_SCRIPT, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=300
    )
    message, written = out.stdout.strip().splitlines()
    assert message.startswith("BrokenProcessPool a worker process died while the items "), message
    first = int(message.split("the items ")[1].split(" ")[0])
    assert int(written) == first - 1
    assert first <= 50


def test_jobs_and_chunksize_must_be_positive() -> None:
    """jobs or chunksize below 1 is a ValueError, raised on first use."""
    with pytest.raises(ValueError, match="jobs"):
        list(iter_results(repair_record, [], jobs=0))
    with pytest.raises(ValueError, match="chunksize"):
        list(iter_results(repair_record, [], chunksize=0))
    with pytest.raises(ValueError, match="jobs"):
        run_batch(repair_record, [], io.StringIO(), jobs=0)


# --- parse -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_parse_page_record_is_parse_page_in_json_form(path: Path) -> None:
    """parse gives {"id", **to_dict(page)} for each example page."""
    text = path.read_text(encoding="utf-8")
    r = parse_page_record({"id": path.name, "text": text})
    assert r.ok
    assert r.value == {"id": path.name, **to_dict(parse_page(text))}


def test_parse_page_record_reports_the_page_line() -> None:
    """A page that cannot be read fails with the page's line number and the reason."""
    text = PAGES[0].read_text(encoding="utf-8").replace("Publié", "Publiée hier", 1)
    r = parse_page_record({"id": "p", "text": text})
    assert r.error.type == "PageParseError"
    assert r.error.path == "$.text"
    assert r.error.line is not None
    assert r.error.line >= 1
    assert not r.error.message.startswith("line")


def test_parse_page_record_takes_a_zone() -> None:
    """tz is passed to parse_page (an unknown zone fails every record, never raises)."""
    text = PAGES[0].read_text(encoding="utf-8")
    paris = parse_page_record({"text": text}, default_id=1, tz="Europe/Paris")
    assert paris.value["article"]["published"].endswith("+01:00")
    bad = parse_page_record({"text": text}, default_id=1, tz="Nowhere/Land")
    assert bad.error.type == "PageParseError"
    assert "Nowhere/Land" in bad.error.message


def test_read_directory_gives_files_in_name_order(tmp_path: Path) -> None:
    """Files are read in name order, subfolders included, id = relative path; pattern filters."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("deux", encoding="utf-8")
    (tmp_path / "a.txt").write_text("un", encoding="utf-8")
    (tmp_path / "c.json").write_text("{}", encoding="utf-8")
    assert list(read_directory(tmp_path)) == [
        ("a.txt", {"text": "un"}),
        ("b/2.txt", {"text": "deux"}),
    ]
    assert list(read_directory(tmp_path, pattern="*.json", as_json=True)) == [("c.json", "{}")]
    assert [name for name, _ in read_directory(EXAMPLES)] == [p.name for p in PAGES]
    with pytest.raises(NotADirectoryError):
        read_directory(tmp_path / "a.txt")


def test_unreadable_file_is_a_failed_record(tmp_path: Path) -> None:
    """A file that cannot be read (here: gone after listing) fails as its own record."""
    from newsmodel.batch import _read_file

    (tmp_path / "a.txt").write_text("un", encoding="utf-8")
    items = [*read_directory(tmp_path), _read_file("b.txt", str(tmp_path / "b.txt"), as_json=False)]
    for as_json in (False, True):
        results = list(iter_results(repair_record, items))
        assert [(r.id, r.ok) for r in results] == [("a.txt", True), ("b.txt", False)], as_json
    error = results[1].error
    assert error.type == "OSError"
    assert error.message.startswith("cannot read 'b.txt'")


# --- normalise -------------------------------------------------------------------------------


@given(articles(), st.data())
def test_normalise_repairs_mojibake_in_text_fields(article: Any, data: st.DataObject) -> None:
    """An article whose body paragraph was mis-decoded comes back equal to the original."""
    doc = to_dict(article)
    clean, broken = data.draw(mojibake_pairs())
    doc["body"] = [*doc.get("body", []), broken]
    expected = {**to_dict(article), "body": [*to_dict(article).get("body", []), clean]}
    r = normalise_record({"id": "a1", **doc})
    assert r.ok, r.error
    assert r.value == {"id": "a1", **expected}


@given(articles())
def test_normalise_is_identity_on_clean_articles(article: Any) -> None:
    """A clean article's JSON form comes back unchanged, its id first."""
    doc = to_dict(article)
    r = normalise_record(json.dumps(doc), default_id=5)
    assert r.value == {"id": 5, **doc}
    assert next(iter(r.value)) == "id"


def test_normalise_reports_the_json_path() -> None:
    """Validation failures carry the first problem's JSON path; unknown keys only if strict."""
    doc = to_dict(parse_page(PAGES[0].read_text(encoding="utf-8")).article)
    doc["related"][0]["published"] = "2023-10-11T05:04"
    r = normalise_record(doc, default_id=1)
    assert r.error.type == "SerialisationError"
    assert r.error.path == "$.related[0].published"
    extra = {**to_dict(parse_page(PAGES[0].read_text(encoding="utf-8")).article), "x": 1}
    assert not normalise_record(extra, default_id=1).ok
    assert normalise_record(extra, default_id=1, strict=False).ok


def test_normalise_repairs_authors_and_links() -> None:
    """Authors' names and related links' titles and teasers are repaired too."""
    doc = to_dict(parse_page(PAGES[0].read_text(encoding="utf-8")).article)
    doc["authors"] = [{"name": "AÃ¯ssata KEÃ\x8fTA"}]
    doc["related"] = [{"title": "Ã‰nergie : un projet", "teaser": "Le barrage est achevÃ©"}]
    r = normalise_record(doc, default_id=1)
    assert r.ok, r.error
    assert r.value["authors"][0]["name"] == "Aïssata KEÏTA"
    assert r.value["related"][0]["title"] == "Énergie : un projet"
    assert r.value["related"][0]["teaser"] == "Le barrage est achevé"


# --- the command line ------------------------------------------------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def cli(*argv: str, stderr: io.StringIO | None = None, stdin: str = "") -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="newsmodel")
    add_parser(parser.add_subparsers(dest="command", required=True))
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    try:
        args = parser.parse_args(["batch", *argv])
    except SystemExit as exc:
        return int(exc.code or 0), "", ""
    inp = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    code = args.handler(args, out, err, inp)
    return code, out.getvalue(), err.getvalue()


def test_cli_repair_with_errors_file(tmp_path: Path) -> None:
    """Outputs go to --out, failures to --errors with id and reason; exit 1 when any failed."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(archive(250))
    code, _, err = cli("repair", str(src), "--out", str(tmp_path / "o.jsonl"),
                       "--errors", str(tmp_path / "e.jsonl"))
    assert code == 1
    assert "244 ok, 4 failed" in err
    errors = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text("utf-8").splitlines()]
    assert [e["id"] for e in errors] == [101, 103, 202, 206]
    assert all(e["message"] and e["type"] for e in errors)
    outputs = (tmp_path / "o.jsonl").read_text("utf-8").splitlines()
    assert json.loads(outputs[2]) == {
        "id": "r3", "text": "L’accord n°3 est signé.",
        "changes": json.loads(outputs[2])["changes"],
    }


def test_cli_without_errors_file_reports_on_stderr(tmp_path: Path) -> None:
    """Without --errors each failure is a "IN:ID: type: message" line on stderr."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "a"}\n{"text": 1}\n', encoding="utf-8")
    code, out, err = cli("repair", str(src), "--out", "-")
    assert code == 1
    assert out == '{"id":1,"text":"a","changes":[]}\n'
    assert f"{src}:2: InvalidRecord: expected a string in 'text', got int\n" in err


def test_cli_parse_directory_with_jobs(tmp_path: Path) -> None:
    """A directory of page dumps is parsed in name order, --jobs 2 as one process; exit 0."""
    out1, out2 = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert cli("parse", str(EXAMPLES), "--out", str(out1))[0] == 0
    assert cli("parse", str(EXAMPLES), "--out", str(out2), "--jobs", "2")[0] == 0
    assert out1.read_bytes() == out2.read_bytes()
    ids = [json.loads(line)["id"] for line in out1.read_text("utf-8").splitlines()]
    assert ids == [p.name for p in PAGES]


def test_cli_normalise_from_stdin() -> None:
    """- reads JSON Lines from stdin; normalise validates each article."""
    doc = to_dict(parse_page(PAGES[1].read_text(encoding="utf-8")).article)
    code, out, _ = cli("normalise", "-", "--out", "-", stdin=json.dumps(doc) + "\n")
    assert code == 0
    assert json.loads(out) == {"id": 1, **doc}


def test_cli_usage_and_missing_input(tmp_path: Path) -> None:
    """Bad arguments exit 2; a missing input exits 1 with a message."""
    assert cli("repair", "x.jsonl")[0] == 2  # no --out
    assert cli("tidy", "x.jsonl", "--out", "-")[0] == 2
    assert cli("repair", "x.jsonl", "--out", "-", "--jobs", "0")[0] == 2
    code, _, err = cli("repair", str(tmp_path / "nope.jsonl"), "--out", "-")
    assert code == 1
    assert "nope.jsonl:0: no such file or directory" in err
    src = tmp_path / "in.jsonl"
    src.write_text("{}\n", encoding="utf-8")
    code, _, err = cli("repair", str(src), "--out", str(tmp_path / "no" / "dir" / "o.jsonl"))
    assert code == 1
    assert "o.jsonl:0:" in err


def test_cli_refuses_outputs_that_overwrite_the_input(tmp_path: Path) -> None:
    """--out or --errors naming the input file, one of the input directory's files, or each
    other is a usage error, the input left intact (opening --out truncated the input before it
    was read: "0 ok, 0 failed", exit 0, the archive gone)."""
    src = tmp_path / "in.jsonl"
    original = b'{"text": "caf\xc3\x83\xc2\xa9"}\n[1]\n'
    src.write_bytes(original)
    other = str(tmp_path / "o.jsonl")
    for extra in (["--out", str(src)], ["--out", other, "--errors", str(src)],
                  ["--out", other, "--errors", other]):
        code, _, err = cli("repair", str(src), *extra)
        assert code == 2, extra
        assert "newsmodel batch: " in err
        assert src.read_bytes() == original
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("Titre\nPublié le 2 mai 2023\nCorps.\n", encoding="utf-8")
    code, _, err = cli("parse", str(pages), "--out", str(pages / "out.txt"))
    assert code == 2
    assert "input directory" in err
    assert not (pages / "out.txt").exists()
    assert cli("parse", str(pages), "--out", str(pages / "out.jsonl"))[0] == 0


def test_cli_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal, stderr shows a bar with the total, the rate and the ETA."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(archive(50))
    err = Tty()
    code, _, text = cli("repair", str(src), "--out", str(tmp_path / "o.jsonl"),
                        "--errors", str(tmp_path / "e.jsonl"), stderr=err)
    assert code == 0
    assert "50/50 records" in text
    assert "/s" in text
    assert "ETA" in text


# --- memory ----------------------------------------------------------------------------------

MEMORY_SCRIPT = textwrap.dedent(
    """
    import os, sys, tracemalloc
    from newsmodel.batch import repair_record, run_batch

    def items(n, start):
        for i in range(start, start + n):
            if i % 50 == 0:
                yield i, '{"id": %d, "text": ' % i
            else:
                yield i, '{"text": "Le conseil a voté la réforme numéro %d à Bamako."}' % i

    def peak(n, start, jobs):
        with open(os.devnull, "w", encoding="utf-8") as sink:
            tracemalloc.start()
            base = tracemalloc.get_traced_memory()[0]
            counts = run_batch(repair_record, items(n, start), sink, errors=sink, jobs=jobs)
            grown = tracemalloc.get_traced_memory()[1] - base
            tracemalloc.stop()
        assert counts.total == n
        return grown

    jobs = int(sys.argv[1])
    with open(os.devnull, "w", encoding="utf-8") as sink:  # fill every bounded cache first
        run_batch(repair_record, items(20_000, 10**6), sink, errors=sink)
    print(peak(1_000, 10**7, jobs), peak(20_000, 2 * 10**7, jobs))
    """
)


@pytest.mark.parametrize("jobs", [1, 2])
def test_memory_is_flat_from_1000_to_20000_records(jobs: int) -> None:
    """Peak memory traced while running 20,000 records is about that of 1,000 (no growth)."""
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(jobs)],
        capture_output=True, text=True, check=True, timeout=600,
    )
    small, large = map(int, out.stdout.split())
    assert large < 2 * small + 256 * 1024, (small, large)


def test_partial_functions_are_record_functions() -> None:
    """functools.partial of a record function (the CLI's options) runs like the function."""
    func = functools.partial(parse_page_record, tz="UTC")
    text = PAGES[0].read_text(encoding="utf-8")
    assert func({"text": text}, default_id=1).value["article"]["published"].endswith("+00:00")
