"""Tests for the JSON Schema of the JSON form: newsmodel.serialise.json_schema."""

from __future__ import annotations

import copy
import json
import re
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from _mutations import mutate
from newsmodel import Article, Author, Page, RelatedLink
from newsmodel.dates import DateMention
from newsmodel.errors import SerialisationError
from newsmodel.repair import Change, Repair, explain_repair
from newsmodel.serialise import _schema, from_dict, from_json, json_schema, to_dict, to_json
from newsmodel.strategies import articles, authors, pages, related_links

MODELS = (Article, Author, Page, RelatedLink)
RESULTS = (Change, DateMention, Repair)
CLASSES = MODELS + RESULTS
FORMATS = Draft202012Validator.FORMAT_CHECKER
VALIDATORS = {
    cls: Draft202012Validator(json_schema(cls), format_checker=FORMATS) for cls in CLASSES
}
models = st.one_of(authors(), related_links(), articles(), pages())


def test_format_checking_is_on() -> None:
    """The dev environment checks date-time formats (jsonschema[format-nongpl])."""
    assert "date-time" in FORMATS.checkers
    assert not VALIDATORS[Article].is_valid({"$newsmodel": "1", "headline": "T",
                                             "published": "2023-10-11T05:04:00"})


@pytest.mark.parametrize("cls", CLASSES)
def test_shipped_file_equals_regenerated_schema(cls: type[Any]) -> None:
    """The file in the package is what the generator writes today."""
    path = _schema.SCHEMA_DIR / f"{cls.__name__}.schema.json"
    text = path.read_text(encoding="utf-8")
    assert text == _schema._build(cls)
    assert json.loads(text) == json_schema(cls)
    Draft202012Validator.check_schema(json_schema(cls))


def test_regeneration_check_reports_no_stale_file(capsys: pytest.CaptureFixture[str]) -> None:
    """`main(["--check"])` passes on the shipped files, one per class with a JSON form."""
    assert _schema.main(["--check"]) == 0
    assert "stale: none" in capsys.readouterr().out
    shipped = sorted(p.name for p in _schema.SCHEMA_DIR.glob("*.schema.json"))
    assert shipped == sorted(f"{c.__name__}.schema.json" for c in CLASSES)


def test_schema_shape() -> None:
    """Required fields, the version marker, defaults and the nested definitions."""
    schema = json_schema(Page)
    assert schema["required"] == ["$newsmodel", "article"]
    assert schema["properties"]["$newsmodel"]["const"] == "1"
    assert sorted(schema["$defs"]) == ["Article", "Author", "RelatedLink"]
    article = schema["$defs"]["Article"]
    assert "$newsmodel" not in article["properties"]
    assert article["properties"]["language"]["default"] == "fr"
    assert article["properties"]["published"]["format"] == "date-time"
    assert article["properties"]["kicker"]["description"].startswith("the lead-in")
    assert json_schema() is not json_schema()  # a fresh copy each time
    with pytest.raises(SerialisationError):
        json_schema(dict)


@given(models)
def test_every_output_validates(obj: Any) -> None:
    """Whatever to_json writes is valid against the schema of its class, formats checked."""
    errors = list(VALIDATORS[type(obj)].iter_errors(json.loads(to_json(obj))))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(
    "url", ["https://x.ml/a|b{c}", "HTTP://X.ML", "/", "/é?x=«a»#z", "https://[::1]/x"]
)
def test_unusual_but_valid_urls_validate(url: str) -> None:
    """URLs the models accept, including ones RFC 3987 would not, are valid in the schema."""
    from datetime import datetime, timezone

    a = Article(headline="T", url=url, published=datetime(2023, 1, 1, tzinfo=timezone.utc))
    assert VALIDATORS[Article].is_valid(json.loads(to_json(a)))


values = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 2), st.just([]), st.just({}),
    st.sampled_from(["", " x", "x ", "x", "a\x00b", "fr", "fr-ML", "/a", "//a", "ftp://a",
                     "2023-10-11T05:04:00+00:00", "2023-10-11T05:04:00", "open", "maybe",
                     "2023-10-11T05:04:00.1234567Z", "2023-10-11T25:04:00Z"]),
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any]]:
    """A valid document with one key or item changed or removed, anywhere inside."""
    obj = draw(models)
    doc = copy.deepcopy(to_dict(obj))
    mutate(draw, doc, values)
    return type(obj), doc


@given(mutated())
def test_what_the_schema_rejects_from_json_rejects(case: tuple[type[Any], dict[str, Any]]) -> None:
    """No document invalid against the schema is read (strict mode)."""
    cls, doc = case
    if VALIDATORS[cls].is_valid(doc):
        return
    with pytest.raises(SerialisationError):
        from_dict(cls, doc)


@pytest.mark.parametrize(
    "changes",
    [
        {"$newsmodel": "2"}, {"headline": None}, {"headline": " T"}, {"body": "x"},
        {"published": "2023-10-11T05:04"}, {"language": "français"}, {"url": "//x"},
        {"comments": "maybe"}, {"extra": 1}, {"tags": ["a\nb"]},
    ],
)
def test_examples_rejected_by_both(changes: dict[str, Any]) -> None:
    """Sharp cases: the schema and the reader refuse the same documents."""
    doc = {"$newsmodel": "1", "headline": "T", "published": "2023-10-11T05:04:00+00:00"}
    assert VALIDATORS[Article].is_valid(doc)
    doc.update(changes)
    assert not VALIDATORS[Article].is_valid(doc)
    with pytest.raises(SerialisationError):
        from_dict(Article, doc)


def test_truncated_teaser_rule_is_in_the_schema() -> None:
    """A link marked truncated without teaser text is invalid for both."""
    doc = {"$newsmodel": "1", "title": "T", "teaser_truncated": True}
    assert not VALIDATORS[RelatedLink].is_valid(doc)
    with pytest.raises(SerialisationError):
        from_dict(RelatedLink, doc)



# --- the result types of dates and repair -------------------------------------------------------

LONE = st.integers(0xD800, 0xDFFF).map(chr)
any_text = st.text(st.one_of(st.characters(), LONE, st.sampled_from("\x00\x1b\u2028")),
                   max_size=10)
zones = st.sampled_from([timezone.utc, timezone(timedelta(hours=-3, minutes=-30)),
                         ZoneInfo("Africa/Bamako"), timezone(timedelta(seconds=1234))])
date_values = st.one_of(
    st.dates(),
    st.datetimes(datetime(1800, 1, 1), datetime(2200, 1, 1)),
    st.datetimes(datetime(1800, 1, 1), datetime(2200, 1, 1), timezones=zones),
)


@st.composite
def mentions(draw: st.DrawFn) -> DateMention:
    text = draw(any_text)
    start = draw(st.integers(0, 2**62))
    value = draw(date_values)
    until = draw(st.none() | date_values)
    if until is not None and _day(until) < _day(value):
        value, until = until, value  # a range's last day is not before its first
    return DateMention(start=start, end=start + len(text), text=text, value=value, until=until)


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _no_pair(value: DateMention | Repair) -> bool:
    """No surrogate pair written as two code points (no JSON text for those: to_json refuses)."""
    texts = [c.before for c in value.changes] if isinstance(value, Repair) else [value.text]
    return not any(re.search("[\ud800-\udbff][\udc00-\udfff]", t) for t in texts)


repairs = st.one_of(
    st.builds(explain_repair, st.text(st.one_of(st.characters(), LONE), max_size=20)),
    st.builds(explain_repair, st.sampled_from(["zÃ©ro Ã©tÃ© &amp; caf&eacute;\x00",
                                               "a\ud800b", "x\x1b[31my", "fondÃ."])),
).filter(_no_pair)
results = st.one_of(
    mentions().filter(_no_pair),
    repairs,
    repairs.filter(lambda r: bool(r.changes)).map(lambda r: r.changes[-1]),
)


@given(results)
def test_every_result_output_validates(value: Any) -> None:
    """Whatever to_json writes for a DateMention, Repair or Change is valid, formats checked."""
    errors = list(VALIDATORS[type(value)].iter_errors(json.loads(to_json(value))))
    assert not errors, [e.message for e in errors]


result_values = st.one_of(
    values, st.integers(-1, 2**64), st.floats(allow_nan=False), any_text,
    st.sampled_from(["2023-10-11", "2023-02-30", "2023-10-11T05:04", "2023-10-11T05:04:00Z",
                     "2023-10-11T25:04", "2023-10-11 05:04", "20231011", "2023-10-11T05:04Z"]),
)


@st.composite
def mutated_results(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any]]:
    value = draw(results)
    doc = copy.deepcopy(to_dict(value))
    target: Any = doc
    if isinstance(value, Repair) and value.changes and draw(st.booleans()):
        target = doc["changes"][draw(st.integers(0, len(value.changes) - 1))]
    key = draw(st.sampled_from(sorted(target)))
    if draw(st.booleans()):
        target[key] = draw(result_values)
    else:
        del target[key]
    return type(value), doc


@given(mutated_results())
def test_what_the_result_schema_rejects_from_json_rejects(
    case: tuple[type[Any], dict[str, Any]],
) -> None:
    """No DateMention, Repair or Change document invalid against its schema is read."""
    cls, doc = case
    if VALIDATORS[cls].is_valid(doc):
        return
    with pytest.raises(SerialisationError):
        from_json(cls, json.dumps(doc))


@pytest.mark.parametrize(
    ("value", "valid"),
    [("2023-10-11", True), ("2023-10-11T05:04", True), ("2023-10-11T05:04:00.5", True),
     ("2023-10-11T05:04:00+02:00", True), ("2023-02-30", False), ("2023-10-11T05:04Z", False),
     ("2023-10-11 05:04", False), ("11/10/2023", False), (None, False), (20231011, False)],
)
def test_mention_value_examples(value: Any, valid: bool) -> None:
    """The three kinds of date value are valid; anything else is refused by both."""
    doc = {"$newsmodel": "1", "start": 0, "end": 1, "text": "x", "value": value}
    assert VALIDATORS[DateMention].is_valid(doc) is valid
    if valid:
        assert to_dict(from_dict(DateMention, doc))["value"].startswith(value[:10])
    else:
        with pytest.raises(SerialisationError):
            from_dict(DateMention, doc)


def test_result_schema_shape() -> None:
    """Offsets are non-negative integers, text any string, changes refer to Change."""
    schema = json_schema(Repair)
    assert schema["required"] == ["$newsmodel", "text", "changes"]
    assert sorted(schema["$defs"]) == ["Change"]
    change = schema["$defs"]["Change"]
    assert change["properties"]["start"] == {
        "description": "offset of the first changed character in the input.",
        "type": "integer", "minimum": 0, "maximum": 2**63 - 1,
    }
    assert change["properties"]["before"]["type"] == "string"
    assert "pattern" not in change["properties"]["before"]
    mention = json_schema(DateMention)
    assert mention["required"] == ["$newsmodel", "start", "end", "text", "value"]
    assert mention["properties"]["until"]["anyOf"][-1] == {"type": "null"}
    assert ":func:" not in json.dumps(mention)
    assert ":func:" not in json.dumps(schema)
    assert "$defs" not in json_schema(Change)


def test_patterns_mean_the_same_in_every_regex_dialect() -> None:
    """JSON Schema's patterns are ECMA-262; "\\s", "\\d" and "\\w" mean other sets there than in
    Python (ECMA's "\\s" holds U+FEFF), so the shipped patterns spell their classes out. The
    spelled-out spaces are exactly what str.strip() removes, less what models forbid."""
    for pattern in (_schema.TEXT_PATTERN, _schema.URL_PATTERN, _schema.LANGUAGE_PATTERN):
        assert not re.search(r"\\[sSdDwWbB]", pattern), pattern
    forbidden = re.compile(f"[{_schema._FORBIDDEN}]")
    space = re.compile(f"[{_schema._SPACE}]")
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if forbidden.match(c) is None:
            assert (space.match(c) is not None) == c.isspace(), hex(code)
    headline = "\ufeffTitre"  # a byte order mark stays in the text: str.strip() keeps it
    published = datetime(2023, 10, 11, 5, 4, tzinfo=timezone.utc)
    assert Article(headline=headline, published=published).headline == headline
    assert re.fullmatch(_schema.TEXT_PATTERN, headline)
