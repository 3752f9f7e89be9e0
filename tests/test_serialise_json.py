"""Tests for the JSON form: newsmodel.serialise to_dict/from_dict/to_json/from_json."""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _mutations import mutate
from newsmodel import Article, Author, Comments, Page, RelatedLink
from newsmodel.dates import DateMention, find_dates
from newsmodel.errors import SerialisationError, ValidationError
from newsmodel.repair import Change, Repair, apply_changes, explain_repair
from newsmodel.serialise import _common, _json, from_dict, from_json, to_dict, to_json
from newsmodel.strategies import (
    articles,
    authors,
    french_date_texts,
    mojibake_pairs,
    pages,
    related_links,
    truncated_mojibake,
)

UTC = timezone.utc
PUBLISHED = datetime(2023, 10, 11, 5, 4, tzinfo=UTC)
models = st.one_of(authors(), related_links(), articles(), pages())

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is the optional extra
    orjson = None  # type: ignore[assignment]


def problems(excinfo: pytest.ExceptionInfo[SerialisationError]) -> dict[str, str]:
    return dict(excinfo.value.problems)


def article_doc(**changes: Any) -> dict[str, Any]:
    doc = to_dict(Article(
        headline="Mali-Russie : un entretien", kicker="Mali-Russie", body=["Un.", "Deux."],
        published=PUBLISHED, authors=[Author(name="Souleymane SIDIBE")],
        related=[RelatedLink(title=f"Lien {i}", published=PUBLISHED) for i in range(3)],
    ))
    doc.update(changes)
    return doc


# --- round trips -------------------------------------------------------------------------------


@given(models)
def test_json_round_trip(obj: Any) -> None:
    """from_json(to_json(x)) == x for every model, and the text is stable."""
    text = to_json(obj)
    back = from_json(type(obj), text)
    assert back == obj
    assert to_json(back) == text
    assert from_json(type(obj), text.encode("utf-8")) == obj


@given(models)
def test_dict_round_trip_and_version_marker(obj: Any) -> None:
    """to_dict starts with the version marker; from_dict reads it back."""
    data = to_dict(obj)
    assert next(iter(data)) == "$newsmodel"
    assert data["$newsmodel"] == "1"
    assert from_dict(type(obj), data) == obj
    assert from_dict(type(obj), data, strict=False) == obj


@given(models)
def test_fast_path_writes_what_cattrs_writes(obj: Any) -> None:
    """The hand-written dumpers produce the cattrs converter's dictionaries exactly."""
    assert to_dict(obj) == _json.reference_unstructure(obj)
    declared = ["$newsmodel", *(a.name for a in attrs.fields(type(obj)))]
    assert list(to_dict(obj)) == [k for k in declared if k in to_dict(obj)]


@given(pages())
def test_absent_optional_fields_are_omitted(page: Page) -> None:
    """None, empty lists and false are left out; language is always written."""

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for v in value.values():
                assert v not in (None, [], False)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    data = to_dict(page)
    walk(data)
    assert data["article"]["language"] == page.article.language


def test_documented_shape() -> None:
    """Datetimes are RFC 3339 with offset, enums strings, tuples arrays."""
    paris = timezone(timedelta(hours=2))
    a = Article(headline="Titre", published=datetime(2023, 10, 11, 7, 4, tzinfo=paris),
                tags=["a", "b"], comments=Comments.SUBSCRIBERS)
    assert to_json(a) == (
        '{"$newsmodel":"1","headline":"Titre","published":"2023-10-11T07:04:00+02:00",'
        '"tags":["a","b"],"language":"fr","comments":"subscribers"}'
    )


def test_offset_with_seconds_is_written_in_utc() -> None:
    """RFC 3339 offsets have no seconds: such instants are written in UTC, same instant."""
    odd = timezone(timedelta(minutes=-32, seconds=-40))
    a = Article(headline="Titre", published=datetime(1900, 1, 1, 12, 0, tzinfo=odd))
    assert to_dict(a)["published"] == "1900-01-01T12:32:40+00:00"
    assert from_json(Article, to_json(a)) == a


# An offset with seconds near year 1 or 9999: the same instant in UTC is outside datetime's years.
EARLY = datetime(1, 1, 1, 0, 0, 10, tzinfo=timezone(timedelta(seconds=30)))
LATE = datetime(9999, 12, 31, 23, 59, 50, tzinfo=timezone(-timedelta(seconds=30)))


@pytest.mark.parametrize("library", [orjson, None], ids=["orjson", "stdlib"])
def test_unwritable_datetimes_are_named_by_their_paths(library: Any) -> None:
    """No RFC 3339 text for such an instant: a SerialisationError names each one, nothing else."""
    a = Article(headline="Titre", published=PUBLISHED, updated=LATE,
                related=[RelatedLink(title="L"), RelatedLink(title="M", published=EARLY)])
    expected = {"$.updated", "$.related[1].published"}
    previous = _json.set_json_library(library)
    try:
        for write in (to_dict, to_json):
            with pytest.raises(SerialisationError) as excinfo:
                write(a)
            assert set(problems(excinfo)) == expected
            assert "offset has seconds" in problems(excinfo)["$.updated"]
            with pytest.raises(SerialisationError) as excinfo:
                write(Page(article=a))
            assert set(problems(excinfo)) == {"$.article.updated",
                                              "$.article.related[1].published"}
    finally:
        _json.set_json_library(previous)
    mention = DateMention(start=0, end=1, text="x", value=LATE)
    with pytest.raises(SerialisationError) as excinfo:
        to_json(mention)
    assert set(problems(excinfo)) == {"$.value"}


@given(st.datetimes() | st.datetimes(max_value=datetime(1, 1, 2))
       | st.datetimes(min_value=datetime(9999, 12, 30)), st.integers(-86399, 86399))
def test_any_aware_datetime_is_written_or_named(naive: datetime, seconds: int) -> None:
    """Whatever the instant and offset: the text reads back as the same instant, or the error
    names the field."""
    value = naive.replace(tzinfo=timezone(timedelta(seconds=seconds)))
    a = Article(headline="Titre", published=value)
    try:
        text = to_json(a)
    except SerialisationError as exc:
        assert [path for path, _ in exc.problems] == ["$.published"]
        assert seconds % 60
        assert value.year in (1, 9999)
    else:
        assert from_json(Article, text) == a


def test_microseconds_and_z_are_read() -> None:
    """Fractions of a second survive; 'Z' reads as UTC."""
    a = Article(headline="T", published=datetime(2023, 1, 2, 3, 4, 5, 600, tzinfo=UTC))
    assert from_json(Article, to_json(a)) == a
    doc = article_doc(published="2023-10-11T05:04:00Z")
    assert from_dict(Article, doc).published == PUBLISHED


# --- the same bytes with orjson and without ----------------------------------------------------


@given(models, st.text(max_size=30))
def test_stdlib_encoder_matches_documented_form(obj: Any, extra: str) -> None:
    """The standard-library path writes compact, unescaped, ordered JSON (reference json.dumps)."""
    data = to_dict(obj)
    data["x"] = extra  # any text, quotes, backslashes and controls included
    text = _common.encode(data, None)
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert _common.decode(text, None) == data
    assert _common.decode(text.encode("utf-8"), None) == data


@pytest.mark.skipif(orjson is None, reason="orjson (the newsmodel[orjson] extra) not installed")
@given(models, st.text(max_size=30))
def test_orjson_and_stdlib_write_identical_bytes(obj: Any, extra: str) -> None:
    """Both JSON libraries give the same text, and read each other's output."""
    data = to_dict(obj)
    data["x"] = extra
    with_orjson = _common.encode(data, orjson)
    assert with_orjson == _common.encode(data, None)
    assert _common.decode(with_orjson, None) == _common.decode(with_orjson, orjson) == data


@pytest.mark.parametrize("library", [None, orjson] if orjson is not None else [None])
def test_public_functions_use_the_chosen_library(library: Any) -> None:
    """to_json/from_json run (same output) whichever library is chosen."""
    a = from_dict(Article, article_doc())
    previous = _json.set_json_library(library)
    try:
        assert _common.ORJSON is library
        text = to_json(a)
        assert from_json(Article, text) == a
        with pytest.raises(SerialisationError) as excinfo:
            from_json(Article, text[:-3])
        assert excinfo.value.problems[0][0] == "$"
    finally:
        _json.set_json_library(previous)
    assert to_json(a) == text


# --- strictness and error paths ----------------------------------------------------------------


def test_error_path_names_the_nested_field() -> None:
    """The issue's example: a naive datetime in the third related link."""
    doc = article_doc()
    doc["related"][2]["published"] = "2023-10-11T05:04"
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(Article, doc)
    assert excinfo.value.problems == (
        ("$.related[2].published",
         "expected an RFC 3339 datetime with an offset, got '2023-10-11T05:04'"),
    )
    assert "$.related[2].published: expected an RFC 3339" in str(excinfo.value)
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"headline": None}, "$.headline", "expected a string, got null"),
        ({"headline": 12}, "$.headline", "expected a string, got 12"),
        ({"body": "Un paragraphe."}, "$.body", "expected an array"),
        ({"body": None}, "$.body", "expected an array, got null"),
        ({"body": ["Un.", 3]}, "$.body[1]", "expected a string, got 3"),
        ({"tags": {}}, "$.tags", "expected an array, got an object"),
        ({"authors": [{"name": "A", "age": 3}]}, "$.authors[0].age", "unknown key"),
        ({"authors": [["A"]]}, "$.authors[0]", "expected an object, got an array"),
        ({"authors": [{"name": ""}]}, "$.authors[0].name", "non-empty"),
        ({"comments": "maybe"}, "$.comments", "expected one of 'open'"),
        ({"comments": True}, "$.comments", "got true"),
        ({"published": "2023-10-11 05:04:00+00:00"}, "$.published", "RFC 3339"),
        ({"published": "2023-13-11T05:04:00+00:00"}, "$.published", "month"),
        ({"published": 1697000640}, "$.published", "RFC 3339"),
        ({"updated": "2020-01-01T00:00:00+00:00"}, "$.updated", "not before published"),
        ({"language": "français"}, "$.language", "BCP 47"),
        ({"url": "ftp://example.ml/x"}, "$.url", "http(s)"),
        ({"headline": " Titre"}, "$.headline", "no leading or trailing spaces"),
        ({"headline": "Cafe\u0301"}, "$.headline", "NFC"),
        ({"unknown": 1}, "$.unknown", "unknown key"),
        ({"weird key": 1}, '$["weird key"]', "unknown key"),
    ],
)
def test_strict_errors(changes: dict[str, Any], path: str, words: str) -> None:
    """Nothing is coerced: each wrong value is reported at its path."""
    doc = article_doc(**changes)
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(Article, doc)
    found = problems(excinfo)
    assert path in found, found
    assert words in found[path]


def test_missing_and_several_problems_are_all_listed() -> None:
    """Every problem of a document is reported, not just the first."""
    doc = article_doc(body=[1], tags="x", extra=True)
    del doc["headline"]
    doc["related"][1]["teaser_truncated"] = 1
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(Article, doc)
    assert set(problems(excinfo)) == {
        "$.headline", "$.body[0]", "$.tags", "$.extra", "$.related[1].teaser_truncated",
    }
    assert problems(excinfo)["$.headline"] == "required field is missing"


def test_model_invariants_across_fields_have_paths() -> None:
    """A truncated teaser without text is reported on its link."""
    doc = article_doc()
    doc["related"][0]["teaser_truncated"] = True
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(Article, doc)
    assert list(problems(excinfo)) == ["$.related[0].teaser_truncated"]


def test_lenient_mode_accepts_unknown_keys_and_normalises() -> None:
    """strict=False: newer writers' keys are ignored, text normalised; types still checked."""
    doc = article_doc(newer_field={"x": 1}, headline="  Cafe\u0301  ")
    doc["authors"][0]["newer"] = 1
    a = from_dict(Article, doc, strict=False)
    assert a.headline == "Café"
    with pytest.raises(SerialisationError):
        from_dict(Article, doc)
    with pytest.raises(SerialisationError):
        from_dict(Article, article_doc(headline=None), strict=False)


def test_null_for_optional_fields_reads_as_absent() -> None:
    """Explicit null in an optional field is its default."""
    a = from_dict(Article, article_doc(kicker=None, comments=None, url=None))
    assert a.kicker is None
    assert a.comments is None


@pytest.mark.parametrize(
    ("doc", "path", "words"),
    [
        ({"headline": "T"}, "$['$newsmodel']".replace("'", '"'), "missing format version"),
        ({"$newsmodel": "2", "name": "A"}, '$["$newsmodel"]', "unknown format version '2'"),
        ({"$newsmodel": 1, "name": "A"}, '$["$newsmodel"]', "unknown format version 1"),
    ],
)
def test_version_marker(doc: dict[str, Any], path: str, words: str) -> None:
    """The marker is required and unknown versions are refused, in both modes."""
    for strict in (True, False):
        with pytest.raises(SerialisationError) as excinfo:
            from_dict(Author, doc, strict=strict)
        assert words in problems(excinfo)[path]


@pytest.mark.parametrize(
    "text",
    [
        "", "{", '{"$newsmodel":"1","headline":"T"', "[1, 2]", "null", '"texte"', "12",
        '{"$newsmodel":"1","headline":NaN}', b"\xff\xfe{}", b'{"a":"\xc3"}',
        "[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000,
        '{"$newsmodel":"1","published":' + "9" * 5000 + "}",
    ],
)
def test_bad_text_is_a_serialisation_error(text: str | bytes) -> None:
    """Truncated, wrong top-level type, deep nesting, bad UTF-8: SerialisationError at '$'."""
    for library in {None, orjson}:
        previous = _json.set_json_library(library)
        try:
            with pytest.raises(SerialisationError) as excinfo:
                from_json(Article, text)
        finally:
            _json.set_json_library(previous)
        assert excinfo.value.problems


def test_deep_nesting_inside_a_field() -> None:
    """A deeply nested value where a string belongs is one short problem."""
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(Article, article_doc(headline=deep))
    assert problems(excinfo) == {"$.headline": "expected a string, got an array"}


def test_huge_strings() -> None:
    """A 5 MB headline reads back; a 5 MB bad value is quoted short."""
    big = "é" * 5_000_000
    a = Article(headline=big, published=PUBLISHED)
    assert from_json(Article, to_json(a)) == a
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(Article, article_doc(published=big))
    assert len(str(excinfo.value)) < 200


def test_wrong_arguments() -> None:
    """Objects and classes without a JSON form, and non-text input, are refused clearly."""
    with pytest.raises(SerialisationError):
        to_json(object())  # type: ignore[arg-type]
    with pytest.raises(SerialisationError):
        from_dict(dict, {"$newsmodel": "1"})
    with pytest.raises(SerialisationError):
        from_json(Article, None)  # type: ignore[arg-type]
    with pytest.raises(SerialisationError):
        from_dict(Article, [1])  # type: ignore[arg-type]
    for unhashable in ([Article], {}):  # was a bare TypeError (unhashable type)
        with pytest.raises(SerialisationError, match="no JSON form"):
            from_dict(unhashable, {"$newsmodel": "1"})  # type: ignore[arg-type]
        with pytest.raises(SerialisationError, match="no JSON form"):
            from_json(unhashable, "{}")  # type: ignore[arg-type]


@pytest.mark.parametrize("strict", [None, "no", 2, []])
def test_strict_must_be_a_bool(strict: Any) -> None:
    """strict=None or "no" was a bare KeyError for models, and for DateMention silently read
    (and cached a converter for) whatever value was given."""
    for cls, doc in ((Author, {"$newsmodel": "1", "name": "A"}), (DateMention, mention_doc())):
        with pytest.raises(SerialisationError, match="argument strict: expected True or False"):
            from_dict(cls, doc, strict=strict)
        with pytest.raises(SerialisationError, match="argument strict: expected True or False"):
            from_json(cls, json.dumps(doc), strict=strict)
    assert from_dict(Author, {"$newsmodel": "1", "name": " A"}, strict=0).name == "A"


def test_from_dict_takes_any_mapping() -> None:
    """The signature says Mapping: a read-only mapping is read like a dict."""
    from types import MappingProxyType

    data = to_dict(from_dict(Article, article_doc()))
    assert from_dict(Article, MappingProxyType(data)) == from_dict(Article, data)


def test_keys_no_json_object_has_are_named_at_their_object() -> None:
    """from_dict on a dict with non-string keys: our error at the object, never a TypeError
    (sorting the unknown keys of mixed types, or naming a key of None, raised one)."""
    for strict in (True, False):
        for cls, doc in ((Article, article_doc()), (DateMention, mention_doc())):
            doc = {**doc, 1: "x", "zz": 2, None: 3}
            doc_inner = article_doc()
            doc_inner["authors"][0][(1,)] = "x"
            if not strict:  # unknown keys are ignored, whatever their type
                assert from_dict(cls, doc, strict=False) == from_dict(cls, {
                    k: v for k, v in doc.items() if k not in (1, "zz", None)})
                assert from_dict(Article, doc_inner, strict=False).authors
                continue
            with pytest.raises(SerialisationError) as excinfo:
                from_dict(cls, doc)
            assert excinfo.value.problems == (
                ("$.zz", "unknown key (not read in strict mode)"),
                ("$", "expected an object with string keys, got the key 1"),
                ("$", "expected an object with string keys, got the key None"),
            )
            with pytest.raises(SerialisationError) as excinfo:
                from_dict(Article, doc_inner)
            assert problems(excinfo) == {
                "$.authors[0]": "expected an object with string keys, got the key (1,)"}


def test_a_tuple_is_not_called_an_array() -> None:
    """Readers take lists as arrays; a tuple in a dict is refused in words that say so."""
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(Article, article_doc(body=("Un.",)))
    assert problems(excinfo) == {"$.body": "expected an array, got a tuple"}


# Valid JSON that orjson refuses and the standard library reads: escaped lone surrogates (and
# a str holding them), numbers past the range of a double.
ORJSON_REFUSES = ['"\\ud800"', '"\ud800"', "1e400", "1" + "0" * 400]


@pytest.mark.parametrize("value", ORJSON_REFUSES)
def test_both_libraries_read_the_same_documents(value: str) -> None:
    """strict=False ignores an unknown key whatever valid JSON it holds, with either library;
    in a field the value is refused at its path, with either library (orjson's refusal used to
    stop the whole document: '$: invalid JSON')."""
    unknown = '{"$newsmodel":"1","name":"A","newer":' + value + "}"
    in_field = '{"$newsmodel":"1","name":' + value + "}"
    mention = ('{"$newsmodel":"1","start":0,"end":1,"text":"x","value":"2023-01-01","newer":'
               + value + "}")
    for library in LIBRARIES:
        with json_library(library):
            assert from_json(Author, unknown, strict=False) == Author(name="A")
            assert from_json(DateMention, mention, strict=False).text == "x"
            for strict in (True, False):
                with pytest.raises(SerialisationError) as excinfo:
                    from_json(Author, in_field, strict=strict)
                assert [path for path, _ in excinfo.value.problems] == ["$.name"]


# --- the fast path and the cattrs path agree on any document -----------------------------------

json_values = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([
        "", " x", "x", "Café", "Cafe\u0301", "open", "2023-10-11T05:04", "/a",
        "2023-10-11T05:04:00+00:00", "https://x.ml/a", "ftp://x", "a\nb", "fr",
    ]),
    # fresh containers on every draw: mutated() may write into them
    st.builds(list), st.builds(dict), st.builds(lambda: ["x"]), st.builds(lambda: [{"name": "A"}]),
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any]]:
    """A valid document with a few keys changed, removed or added, anywhere inside."""
    obj = draw(models)
    doc = to_dict(obj)
    mutate(draw, doc, json_values, rounds=3, add_keys=("zz", "name", "title", "teaser", "url"))
    return type(obj), doc


def outcome(read: Any, cls: type[Any], doc: dict[str, Any], strict: bool) -> Any:
    try:
        return read(cls, doc, strict=strict)
    except SerialisationError as exc:
        return exc.problems


@given(mutated(), st.booleans())
def test_fast_path_agrees_with_cattrs(case: tuple[type[Any], dict[str, Any]], strict: bool) -> None:
    """Any document: same value or same problems, whichever engine reads it."""
    cls, doc = case
    assert outcome(from_dict, cls, doc, strict) == outcome(
        _json.reference_structure, cls, doc, strict)


@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_any_text_gives_a_model_or_our_error(text: str | bytes) -> None:
    """Random input never escapes as another exception."""
    for cls in (Article, Author, RelatedLink, Page):
        with contextlib.suppress(SerialisationError):
            from_json(cls, text)


def test_frozen_models_compare_after_round_trip() -> None:
    """A page with everything set survives, zone offsets included."""
    zone = timezone(timedelta(hours=-4))
    author = Author(name="Aminata S. KONATÉ", url="/auteur/konate", role="envoyée spéciale")
    link = RelatedLink(title="Lien", url="https://x.ml/a", teaser="Début", teaser_truncated=True,
                       published=PUBLISHED, author=author, label="Lire aussi")
    article = Article(headline="H", kicker="K", standfirst="S", body=["B"], published=PUBLISHED,
                      updated=PUBLISHED.astimezone(zone) + timedelta(hours=1), authors=[author],
                      related=[link], url="https://x.ml/h", section="Politique", tags=["t"],
                      language="fr-ML", comments=Comments.OPEN)
    page = Page(article=article, author_articles=[link, attrs.evolve(link, url=None)])
    back = from_json(Page, to_json(page))
    assert back == page
    assert back.article.updated is not None
    assert back.article.updated.utcoffset() == timedelta(hours=-4)


# --- the fast path's shortcuts -----------------------------------------------------------------
# from_json screens the raw bytes once (_common.screen) instead of checking every string for
# forbidden characters and NFC; datetimes in the form format_datetime writes go through
# datetime.fromisoformat; to_json lets orjson write datetimes in fixed whole-minute offsets; the
# loaders build models through slot setters. Each shortcut is checked against what it replaces.

_FORBIDDEN_CHARS = "\x00\x1f\x7f\x80\x85\x9f\u2028\u2029"
# Characters around the screen's boundaries: C1, U+2000..U+20C0, combining marks, Hangul jamo
# (which compose with each other), singletons (U+2126 OHM -> OMEGA), and plain French text.
screen_alphabet = st.sampled_from([
    *"aeéE ’«»…\u00a0\u202f\"\\/\t", *_FORBIDDEN_CHARS, "\u0300", "\u0301", "\u0327", "\u02ff",
    "\u2000", "\u2001", "\u2002", "\u20bf", "\u20c0", "\u2126", "\u1100", "\u1161", "\u11a8",
    "\uac00", "\u0915", "\u093c", "\u0958", "\ufb1d", "\U0001f600", "\U0001d15e", "\u0374",
])


@given(st.lists(st.text(screen_alphabet, max_size=12), max_size=4), st.booleans())
def test_screen_never_clears_what_the_per_string_checks_refuse(
    texts: list[str], as_keys: bool
) -> None:
    """(clean, nfc) from the bytes holds for every string in the document, keys included."""
    doc = dict.fromkeys(texts, 1) if as_keys else {"a": texts, "b": {"c": texts[:1]}}
    for library in {None, orjson}:
        raw = _common.encode(doc, library).encode("utf-8")
        clean, nfc = _common.screen(raw)
        strings = [*texts, "a", "b", "c"]
        if clean:
            assert not any(_json._FORBIDDEN(s) for s in strings)
        if nfc:
            assert all(unicodedata.is_normalized("NFC", s) for s in strings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mali-Russie\u00a0: l’entretien «\u00a0exemplaire\u00a0»\u202f! 2 000 €…", (True, True)),
        ("plain ASCII", (True, True)),
        ("ÀÿĀſƀɏʰ˿ — ‘’ “” • ‰ ⁄ ⁰ ₀ ₿", (True, True)),
        ("e\u0301", (True, False)), ("\u2000", (True, False)), ("\u2126", (True, False)),
        ("Россия", (True, False)), ("\u20c0", (True, False)), ("\U0001f600", (True, False)),
        ("\x85", (False, True)), ("\x7f", (False, True)), ("\u2028", (False, True)),
        ("\u2029", (False, True)), ("a\\u0301", (False, False)),
    ],
)
def test_screen_examples(text: str, expected: tuple[bool, bool]) -> None:
    """French typography passes both screens; each kind of character it must refuse is refused."""
    raw = ('{"headline":"' + text + '"}').encode("utf-8")
    assert _common.screen(raw) == expected


def test_screen_safe_characters_are_nfc_starters() -> None:
    """Characters the screen lets through have NFC quick check Yes and combining class 0.

    Quick check Yes: NFC leaves the character alone (no singleton, no exclusion) and no
    canonical composition takes it as its second character. Text made of such characters
    only is NFC, whatever the order.
    """
    seconds = set()
    for cp in range(0x110000):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(int(parts[1], 16))
    seconds |= {*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)}  # Hangul V and T jamo
    safe = [*range(0x300), *range(0x2002, 0x20C0)]
    for cp in safe:
        c = chr(cp)
        raw = json.dumps({"x": c}, ensure_ascii=False).encode("utf-8", "surrogatepass")
        if "\\" in raw.decode("utf-8", "surrogatepass"):
            continue  # escaped: the screen proves nothing anyway
        assert _common.screen(raw)[1], hex(cp)
        assert unicodedata.combining(c) == 0, hex(cp)
        assert unicodedata.normalize("NFC", c) == c, hex(cp)
        assert cp not in seconds, hex(cp)


@given(st.lists(st.sampled_from(_FORBIDDEN_CHARS[2:] + "\u0301\u2000 x"), min_size=1,
                max_size=3), st.booleans(), models)
def test_from_json_agrees_with_cattrs_on_unscreened_strings(
    inserted: list[str], strict: bool, obj: Any
) -> None:
    """Forbidden, non-NFC or padded text anywhere: same value or same problems as cattrs."""
    doc = to_dict(obj)
    target = doc.get("article", doc)
    first = next(k for k, v in target.items() if isinstance(v, str) and k != "$newsmodel")
    target[first] = "".join(inserted) + target[first] + inserted[0]
    for library in {None, orjson}:
        text = _common.encode(doc, library)
        for given_text in (text, text.encode("utf-8")):
            assert outcome(from_json, type(obj), given_text, strict) == outcome(
                _json.reference_structure, type(obj), doc, strict)


@given(mutated(), st.booleans())
def test_from_json_agrees_with_cattrs(case: tuple[type[Any], dict[str, Any]], strict: bool) -> None:
    """The screened path reads any mutated document as the cattrs path does (str or bytes)."""
    cls, doc = case
    expected = outcome(_json.reference_structure, cls, doc, strict)
    text = to_json_text(doc)
    for given_text in (text, text.encode("utf-8"), bytearray(text.encode("utf-8")),
                       memoryview(text.encode("utf-8"))):
        assert outcome(from_json, cls, given_text, strict) == expected


def to_json_text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def test_lone_surrogates_in_str_input() -> None:
    """A str no UTF-8 can carry skips the screen; the result is what it was before."""
    text = '{"$newsmodel":"1","name":"A\ud800"}'
    for library in {None, orjson}:
        previous = _json.set_json_library(library)
        try:
            with pytest.raises(SerialisationError):
                from_json(Author, text)
        finally:
            _json.set_json_library(previous)


canonical_datetimes = st.from_regex(_common._CANONICAL.__self__, fullmatch=True)  # type: ignore[attr-defined]


@given(st.one_of(canonical_datetimes, st.from_regex(_common.RFC3339_PATTERN)))
def test_fromisoformat_shortcut_reads_as_the_reference(text: str) -> None:
    """Any RFC 3339 text, valid date or not: same datetime (and offset) or same problem."""

    def read(parse_canonical: Any) -> Any:
        saved = _common._CANONICAL
        _common._CANONICAL = parse_canonical
        try:
            value = _common.parse_datetime(text)
        except _common.Problem as exc:
            return exc.message
        finally:
            _common._CANONICAL = saved
        return value, value.utcoffset(), value.tzinfo

    assert read(_common._CANONICAL) == read(lambda _: None)


offsets = st.one_of(
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timedelta(minutes=m)),
    st.integers(-86399, 86399).map(lambda s: timedelta(seconds=s)),
)
any_datetimes = st.builds(
    lambda naive, offset, name: naive.replace(tzinfo=timezone(offset, *name)),
    st.datetimes(), offsets, st.sampled_from([(), ("X",)]),
) | st.datetimes(timezones=st.just(UTC)) | st.datetimes(
    timezones=st.sampled_from([UTC, *(ZoneInfo(z) for z in ("Europe/Paris", "Africa/Bamako"))]))


@pytest.mark.skipif(orjson is None, reason="orjson (the newsmodel[orjson] extra) not installed")
@given(any_datetimes, st.one_of(st.none(), any_datetimes), st.booleans())
def test_orjson_writes_datetimes_as_the_standard_library(
    published: datetime, updated: datetime | None, link: bool
) -> None:
    """to_json's text is the same with orjson (datetimes written natively) and without."""
    if updated is not None and updated < published:
        published, updated = updated, published
    related = [RelatedLink(title="T", published=published)] if link else []
    a = Article(headline="H", published=published, updated=updated, related=related)
    texts = []
    for library in (orjson, None):
        previous = _json.set_json_library(library)
        try:
            texts.append(to_json(a))
        finally:
            _json.set_json_library(previous)
    assert texts[0] == texts[1]
    assert texts[0] == _common.encode(to_dict(a), None)  # to_json's text before the shortcut
    assert json.loads(texts[0]) == _json.reference_unstructure(a)


@given(models)
def test_slot_constructors_build_what_init_builds(obj: Any) -> None:
    """The loaders' constructors give an equal, frozen instance of the same class."""
    cls = type(obj)
    build = {Article: _json._new_article, Author: _json._new_author,
             RelatedLink: _json._new_link, Page: _json._new_page}[cls]
    copy = build(*(getattr(obj, a.name) for a in attrs.fields(cls)))
    assert type(copy) is cls
    assert copy == obj
    assert attrs.asdict(copy, recurse=False) == attrs.asdict(obj, recurse=False)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        copy.url = None


# --- the result types of dates and repair: DateMention, Repair, Change --------------------------

LIBRARIES = [None, orjson] if orjson is not None else [None]
PARIS = ZoneInfo("Europe/Paris")
# Any text: controls, U+2028, NFD, and lone surrogates (which st.text never draws).
any_text = st.text(
    st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr),
              st.sampled_from("\x00\x1b\x85\u2028")),
    max_size=12,
)
fixed_zones = st.one_of(
    st.just(UTC),
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m))),
    st.integers(-3600, 3600).map(lambda s: timezone(timedelta(seconds=s))),  # seconds: in UTC
)


def _unambiguous(value: datetime) -> bool:
    """Not in a fold or gap of its zone: PEP 495 makes such values unequal to any other zone's."""
    return value.replace(fold=1 - value.fold).utcoffset() == value.utcoffset()


date_values: st.SearchStrategy[date] = st.one_of(
    st.dates(date(1800, 1, 1), date(2200, 12, 31)),
    st.datetimes(datetime(1800, 1, 1), datetime(2200, 12, 31)),  # naive
    st.datetimes(datetime(1800, 1, 1), datetime(2200, 12, 31), timezones=fixed_zones),
    st.datetimes(datetime(1800, 1, 1), datetime(2200, 12, 31),
                 timezones=st.sampled_from([PARIS, ZoneInfo("Africa/Bamako")]),
                 ).filter(_unambiguous),
)


@st.composite
def mentions(draw: st.DrawFn) -> DateMention:
    text = draw(any_text)
    start = draw(st.integers(0, 10**12))
    value = draw(date_values)
    until = None
    if draw(st.booleans()):  # a range: its last day is not before its first
        until = value + timedelta(days=draw(st.integers(0, 400)))
    return DateMention(start=start, end=start + len(text), text=text, value=value, until=until)


@st.composite
def change_lists(draw: st.DrawFn) -> list[Change]:
    changes, pos = [], draw(st.integers(0, 5))
    for _ in range(draw(st.integers(0, 4))):
        before = draw(any_text)
        changes.append(Change(kind=draw(any_text), start=pos, end=pos + len(before),
                              before=before, after=draw(any_text), evidence=draw(any_text)))
        pos += len(before) + draw(st.integers(0, 3))
    return changes


repairs = st.builds(lambda text, changes: Repair(text=text, changes=changes), any_text,
                    change_lists())
changes_ = change_lists().filter(bool).map(lambda cs: cs[0])
results = st.one_of(mentions(), repairs, changes_)


def _surrogate_pair(value: Any) -> bool:
    """Some string of *value* holds a high surrogate followed by a low one."""
    texts = [value.text] if isinstance(value, (DateMention, Repair)) else []
    items = value.changes if isinstance(value, Repair) else [value]
    texts += [t for c in items if isinstance(c, Change)
              for t in (c.kind, c.before, c.after, c.evidence)]
    return any(re.search("[\ud800-\udbff][\udc00-\udfff]", t) for t in texts)


def _same_kind(a: date | None, b: date | None) -> bool:
    """Same type, and both naive or both aware."""
    if a is None or b is None:
        return a is b
    return type(a) is type(b) and (
        not isinstance(a, datetime) or (a.utcoffset() is None) == (b.utcoffset() is None)  # type: ignore[union-attr]
    )


@contextlib.contextmanager
def json_library(library: Any) -> Any:
    previous = _json.set_json_library(library)
    try:
        yield
    finally:
        _json.set_json_library(previous)


@pytest.mark.parametrize("library", LIBRARIES)
@given(value=results)
def test_result_round_trip(library: Any, value: Any) -> None:
    """from_json(to_json(x)) == x for any DateMention, Repair, Change: the text is UTF-8 and
    the same with both JSON libraries; a surrogate pair written as two code points is refused."""
    with json_library(library):
        if _surrogate_pair(value):
            with pytest.raises(SerialisationError) as excinfo:
                to_json(value)
            assert "surrogate" in excinfo.value.problems[0][1]
            assert from_dict(type(value), to_dict(value)) == value  # dicts carry any str
            return
        text = to_json(value)
        text.encode("utf-8")  # lone surrogates are escaped
        back = from_json(type(value), text)
        assert back == value
        assert from_json(type(value), text.encode("utf-8")) == value
        assert from_json(type(value), text, strict=False) == value
        assert to_json(back) == text
    with json_library(None):
        assert to_json(value) == text
    assert json.loads(text) == to_dict(value)
    assert from_dict(type(value), to_dict(value)) == value
    if isinstance(value, DateMention):
        assert _same_kind(back.value, value.value)
        assert _same_kind(back.until, value.until)


@given(french_date_texts(),
       st.sampled_from([None, "Africa/Bamako", "Asia/Kolkata", timezone(timedelta(hours=-3))]),
       st.text(max_size=5), st.text(max_size=5))
def test_found_dates_round_trip(case: tuple[str, Any], tz: Any, left: str, right: str) -> None:
    """Every mention find_dates reports comes back equal, its value's kind kept."""
    text = f"{left} le {case[0]} {right}"
    for mention in find_dates(text, reference=date(2023, 10, 11), tz=tz):
        back = from_json(DateMention, to_json(mention))
        assert back == mention
        assert _same_kind(back.value, mention.value)
        assert text[back.start:back.end] == back.text


@given(st.one_of(
    mojibake_pairs().map(lambda p: (p[1], None)),
    truncated_mojibake().map(lambda t: (t[2], t[0])),
    st.tuples(any_text, st.none()),
))
def test_explained_repairs_round_trip(case: tuple[str, str | None]) -> None:
    """Every Repair explain_repair returns (mojibake, cut tails, any text) comes back equal
    and still replays on its input."""
    text, context = case
    repair = explain_repair(text, context=context)
    if _surrogate_pair(repair):
        with pytest.raises(SerialisationError):
            to_json(repair)
        return
    back = from_json(Repair, to_json(repair))
    assert back == repair
    assert apply_changes(text, back.changes) == repair.text
    for change in repair.changes:
        assert from_json(Change, to_json(change)) == change


def test_result_documented_shapes() -> None:
    """Date kinds, omitted `until`, changes as arrays of objects, escaped controls."""
    values = [date(2023, 10, 11), datetime(2023, 10, 11, 5, 4),
              datetime(2023, 10, 11, 5, 4, 0, 120), datetime(2023, 10, 11, 7, 4, tzinfo=PARIS)]
    written = [to_dict(DateMention(start=0, end=1, text="x", value=v))["value"] for v in values]
    assert written == ["2023-10-11", "2023-10-11T05:04:00", "2023-10-11T05:04:00.000120",
                       "2023-10-11T07:04:00+02:00"]
    assert "until" not in to_dict(DateMention(start=0, end=1, text="x", value=values[0]))
    repair = Repair(text="ab", changes=[Change(kind="control-character", start=1, end=2,
                                               before="\x00", after="", evidence="e")])
    assert to_json(repair) == (
        '{"$newsmodel":"1","text":"ab","changes":[{"kind":"control-character","start":1,'
        '"end":2,"before":"\\u0000","after":"","evidence":"e"}]}'
    )


@pytest.mark.parametrize("library", LIBRARIES)
def test_lone_surrogates_are_json_escapes(library: Any) -> None:
    """A lone surrogate is written as an escape: valid UTF-8, read back by json.loads too."""
    change = Change(kind="surrogate", start=0, end=2, before="\ud800\udc00"[::-1],
                    after="\ufffd\ufffd", evidence="ftfy")
    with json_library(library):
        text = to_json(change)
        assert '"before":"\\udc00\\ud800"' in text
        assert json.loads(text)["before"] == change.before
        assert from_json(Change, text) == change
        assert from_json(Change, text.encode("utf-8")) == change


@pytest.mark.parametrize("library", LIBRARIES)
def test_surrogate_pair_has_no_json_text(library: Any) -> None:
    """A high surrogate followed by a low one would read back as one character: refused."""
    repair = explain_repair("a\ud83d\ude00b")
    assert repair.changes[0].before == "\ud83d\ude00"
    with json_library(library), pytest.raises(SerialisationError) as excinfo:
        to_json(repair)
    assert excinfo.value.problems[0][0] == "$.changes[0].before"
    assert "U+D83D U+DE00 at offset 0" in excinfo.value.problems[0][1]


def test_zone_name_is_lost_but_the_instant_kept() -> None:
    """A ZoneInfo value comes back with its fixed offset: equal, but not the same zone; in a
    fold or gap of its zone, PEP 495 makes it unequal to any other zone's value (same instant)."""
    mention = DateMention(start=0, end=1, text="x",
                          value=datetime(2023, 10, 11, 5, 4, tzinfo=PARIS))
    back = from_json(DateMention, to_json(mention))
    assert back == mention
    assert back.value.tzinfo == timezone(timedelta(hours=2))
    folded = DateMention(start=0, end=1, text="x",
                         value=datetime(2023, 10, 29, 2, 30, tzinfo=PARIS))
    back = from_json(DateMention, to_json(folded))
    assert back != folded
    assert back.value.astimezone(UTC) == folded.value.astimezone(UTC)  # type: ignore[union-attr]


def mention_doc(**changes: Any) -> dict[str, Any]:
    doc = to_dict(DateMention(start=3, end=13, text="3 mai 2020", value=date(2020, 5, 3)))
    doc.update(changes)
    return doc


def repair_doc() -> dict[str, Any]:
    return to_dict(explain_repair("zÃ©ro Ã©tÃ©"))


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"start": -1}, "$.start", "expected an offset"),
        ({"start": True}, "$.start", "got true"),
        ({"start": 3.0}, "$.start", "got 3.0"),
        ({"start": "3"}, "$.start", "got '3'"),
        ({"end": 2**63}, "$.end", "expected an offset"),
        ({"end": 12}, "$.end", "expected start + len(text) = 13, got 12"),
        ({"text": None}, "$.text", "expected a string, got null"),
        ({"value": None}, "$.value", "expected a date"),
        ({"value": "2023-02-30"}, "$.value", "day is out of range"),
        ({"value": "3 mai 2020"}, "$.value", "expected a date (YYYY-MM-DD)"),
        ({"value": "2023-10-11T05:04+02:00"}, "$.value", "expected a date"),
        ({"value": "2023-10-11T05:04:00+24:00"}, "$.value", "offset out of range"),
        ({"value": "2023-10-11t05:04"}, "$.value", "expected a date"),
        ({"until": "demain"}, "$.until", "got 'demain'"),
        ({"until": 20200503}, "$.until", "got 20200503"),
        ({"extra": 1}, "$.extra", "unknown key"),
        ({"$newsmodel": "2"}, '$["$newsmodel"]', "unknown format version"),
    ],
)
def test_mention_errors(changes: dict[str, Any], path: str, words: str) -> None:
    """Each wrong value is refused with its JSON path (strict mode; no coercion)."""
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(DateMention, mention_doc(**changes))
    assert path in problems(excinfo), excinfo.value.problems
    assert words in problems(excinfo)[path]


def test_mention_optional_until_and_lenient_mode() -> None:
    """`until` absent or null reads as None; strict=False ignores unknown keys only."""
    assert from_dict(DateMention, mention_doc(until=None)).until is None
    assert from_dict(DateMention, mention_doc(extra=1), strict=False).text == "3 mai 2020"
    spaced = mention_doc(text=" 3 mai 2020", start=2)
    assert from_dict(DateMention, spaced, strict=False).text == " 3 mai 2020"  # never stripped
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(DateMention, {"$newsmodel": "1", "start": 0})
    assert set(problems(excinfo)) == {"$.end", "$.text", "$.value"}


def test_repair_errors() -> None:
    """Change invariants (the constructor's ValidationError), order, types: all with paths."""
    doc = repair_doc()
    doc["changes"][1]["end"] = 99
    doc["changes"][2]["before"] = 7
    doc["changes"].append("x")
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(Repair, doc)
    assert problems(excinfo) == {
        "$.changes[1].end": "expected start + len(before) = 8, got 99",
        "$.changes[2].before": "expected a string, got 7",
        "$.changes[3]": "expected an object, got 'x'",
    }
    doc = repair_doc()
    doc["changes"].reverse()
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(Repair, doc)
    # Repair itself refuses changes out of order, at the first one out of place.
    assert list(problems(excinfo)) == ["$.changes[1].start"]
    assert "input order" in problems(excinfo)["$.changes[1].start"]
    for bad in ({"changes": "x"}, {"changes": None}, {"text": 1}):
        with pytest.raises(SerialisationError):
            from_dict(Repair, {**repair_doc(), **bad})
    with pytest.raises(SerialisationError) as excinfo:
        from_dict(Change, {**repair_doc()["changes"][0], "$newsmodel": "1", "start": -5})
    assert "$.start" in problems(excinfo)


def test_values_that_cannot_be_read_back_are_not_built() -> None:
    """DateMention and Repair refuse to hold what breaks their invariants (so nothing written
    fails to read back), naming the field; to_dict/to_json still refuse a Change of bad type."""
    one = date(2023, 1, 1)
    bad_mentions = [
        ({"start": 0, "end": 5, "text": "x", "value": one}, "end"),
        ({"start": -1, "end": 0, "text": "x", "value": one}, "start"),
        ({"start": 0, "end": 1, "text": "x", "value": "2023-01-01"}, "value"),
        ({"start": 0, "end": 1, "text": "x", "value": one, "until": 1}, "until"),
        ({"start": 0, "end": 1, "text": "x", "value": one, "until": date(2022, 1, 1)}, "until"),
    ]
    for kwargs, field in bad_mentions:
        with pytest.raises(ValidationError) as info:
            DateMention(**kwargs)
        assert info.value.field == field
    late, early = (Change(kind="k", start=s, end=s + 1, before="a", after="", evidence="")
                   for s in (5, 1))
    with pytest.raises(ValidationError) as info:
        Repair(text="x", changes=[late, early])
    assert info.value.field == "changes[1].start"
    with pytest.raises(ValidationError) as info:
        Repair(text="x", changes=["c"])  # type: ignore[list-item]
    assert info.value.field == "changes[0]"
    odd = Change(kind=1, start=0, end=0, before="", after="", evidence="")  # type: ignore[arg-type]
    for write in (to_dict, to_json):
        with pytest.raises(SerialisationError) as excinfo:
            write(odd)
        assert "$.kind" in problems(excinfo), excinfo.value.problems


@pytest.mark.parametrize("library", LIBRARIES)
@pytest.mark.parametrize("text", [
    '{"$newsmodel":"1","start":18446744073709551616,"end":0,"text":"","value":"2023-01-01"}',
    '{"$newsmodel":"1","start":0,"end":0,"text":"\\ud800","value":"2023-01-01"}',
    '{"$newsmodel":"1","start":0,"end":0,"text":"', "[1]", "", b"\xff", "1e400",
])
def test_bad_result_json_is_a_serialisation_error(library: Any, text: str | bytes) -> None:
    """Truncated JSON, big numbers, inconsistent spans: our error, with both libraries."""
    with json_library(library), pytest.raises(SerialisationError):
        from_json(DateMention, text)


result_docs = st.one_of(
    results.filter(lambda v: not _surrogate_pair(v)).map(lambda v: (type(v), to_dict(v))),
)
result_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 2**64 + 1) | st.floats(allow_nan=False)
    | any_text | st.sampled_from(["2023-10-11", "2023-10-11T05:04", "2023-10-11T05:04:00Z"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def mutated_results(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any]]:
    cls, doc = draw(result_docs)
    target: Any = doc
    if isinstance(doc.get("changes"), list) and doc["changes"] and draw(st.booleans()):
        target = draw(st.sampled_from(doc["changes"]))
    key = draw(st.sampled_from(sorted(target)))
    if draw(st.booleans()):
        target[key] = draw(result_json_values)
    else:
        del target[key]
    return cls, doc


@given(mutated_results())
def test_mutated_results_give_a_value_or_our_error_alike_with_both_libraries(
    case: tuple[type[Any], dict[str, Any]],
) -> None:
    """Any change to a valid document: the same value or a SerialisationError, whichever
    JSON library reads it."""
    cls, doc = case
    text = json.dumps(doc, ensure_ascii=True)
    outcomes = []
    for library in LIBRARIES:
        with json_library(library):
            try:
                outcomes.append(from_json(cls, text))
            except SerialisationError as exc:
                assert exc.problems
                assert all(p.startswith("$") for p, _ in exc.problems)
                outcomes.append(None)
    assert all(o == outcomes[0] for o in outcomes)


def test_unknown_types_are_named() -> None:
    """The error for a type without a JSON form lists the result types too."""
    with pytest.raises(SerialisationError, match="Change, DateMention, Repair"):
        to_json(date(2023, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(SerialisationError, match="DateMention"):
        from_json(date, "{}")


def test_models_do_not_import_repair() -> None:
    """Serialising models never loads newsmodel.repair (and ftfy), even on errors."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from newsmodel.serialise import to_json, from_json\n"
        "from newsmodel import Author\n"
        "to_json(Author(name='A'))\n"
        "for bad in (lambda: to_json(1), lambda: from_json(dict, '{}')):\n"
        "    try: bad()\n"
        "    except ValueError: pass\n"
        "print('ftfy' in sys.modules, 'newsmodel.repair' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
