"""Tests for the JSON form: newsmodel.serialise to_dict/from_dict/to_json/from_json."""

from __future__ import annotations

import contextlib
import json
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmodel import Article, Author, Comments, Page, RelatedLink
from newsmodel.errors import SerialisationError
from newsmodel.serialise import _common, _json, from_dict, from_json, to_dict, to_json
from newsmodel.strategies import articles, authors, pages, related_links

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
    for _ in range(draw(st.integers(1, 3))):
        target: Any = doc
        while True:  # walk down to a random object
            inner = [v for v in (target.values() if isinstance(target, dict) else target)
                     if isinstance(v, (dict, list)) and v]
            if not inner or draw(st.booleans()):
                break
            target = draw(st.sampled_from(inner))
        if isinstance(target, list):
            target[draw(st.integers(0, len(target) - 1))] = draw(json_values)
            continue
        keys = sorted(target)
        action = draw(st.sampled_from(["set", "del", "add"])) if keys else "add"
        if action == "add":
            target[draw(st.sampled_from(["zz", "name", "title", "teaser", "url"]))] = draw(
                json_values)
        elif action == "del":
            del target[draw(st.sampled_from(keys))]
        else:
            target[draw(st.sampled_from(keys))] = draw(json_values)
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
