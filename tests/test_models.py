"""Tests for newsmodel.models: validation, immutability, value semantics."""

from __future__ import annotations

import pickle
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmodel import Article, Author, Comments, Page, RelatedLink, ValidationError
from newsmodel.strategies import articles, authors, pages, related_links

UTC = timezone.utc
T0 = datetime(2023, 10, 11, 5, 4, tzinfo=ZoneInfo("Africa/Bamako"))
ANY_MODEL = st.one_of(authors(), related_links(), articles(), pages())


def article(**kw: Any) -> Article:
    values: dict[str, Any] = {"headline": "Titre", "published": T0}
    values.update(kw)
    return Article(**values)


@given(ANY_MODEL)
def test_models_pickle_compare_and_hash_by_value(model: object) -> None:
    """Every generated model survives pickle, equals its copy and hashes alike."""
    copy = pickle.loads(pickle.dumps(model))
    assert copy == model
    assert hash(copy) == hash(model)
    assert attrs.evolve(model) == model  # type: ignore[misc]
    assert hash(attrs.evolve(model)) == hash(model)  # type: ignore[misc]


@given(ANY_MODEL)
def test_models_are_frozen(model: object) -> None:
    """No attribute of a model can be set after construction."""
    name = attrs.fields(type(model))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(model, name, None)


@given(articles())
def test_article_text_fields_are_clean(a: Article) -> None:
    """Text is stripped, NFC, and paragraphs hold no line break."""
    for text in (a.headline, *a.body, *(x for x in (a.kicker, a.standfirst) if x)):
        assert text == text.strip()
        assert unicodedata.is_normalized("NFC", text)
        assert "\n" not in text
    assert a.published.utcoffset() is not None
    assert a.updated is None or a.updated >= a.published


def test_text_is_stripped_and_nfc() -> None:
    """Converters strip and compose: NFD 'é' becomes one code point."""
    a = article(headline="  Re\u0301union  ", body=["  Un.  "], tags=["  santé "])
    assert a.headline == "Réunion"
    assert a.body == ("Un.",)
    assert a.tags == ("santé",)


def test_lists_become_tuples() -> None:
    """Collections given as lists are stored as tuples."""
    a = article(body=["a", "b"], authors=[Author(name="A B")], related=[RelatedLink(title="t")])
    assert isinstance(a.body, tuple)
    assert isinstance(a.authors, tuple)
    assert isinstance(a.related, tuple)


BAD_ARTICLE_FIELDS = [
    ("headline", {"headline": "   "}),
    ("headline", {"headline": None}),
    ("headline", {"headline": "a\x00b"}),
    ("standfirst", {"standfirst": ""}),
    ("published", {"published": datetime(2023, 10, 11, 5, 4)}),
    ("published", {"published": "2023-10-11"}),
    ("updated", {"updated": datetime(2023, 10, 11, 5, 4)}),
    ("updated", {"updated": T0 - timedelta(minutes=1)}),
    ("url", {"url": "javascript:alert(1)"}),
    ("url", {"url": "data:text/html,hi"}),
    ("url", {"url": "ftp://example.org/x"}),
    ("url", {"url": "//example.org/x"}),
    ("url", {"url": "relative/path"}),
    ("url", {"url": "https://"}),
    ("url", {"url": "https://exa mple.org/"}),
    ("body", {"body": "a paragraph, not a tuple"}),
    ("body", {"body": 5}),
    ("body[1]", {"body": ["ok", "line\nbreak"]}),
    ("body[0]", {"body": ["U+2028 \u2028 here"]}),
    ("body[0]", {"body": ["NEL \x85 here"]}),
    ("body[0]", {"body": [""]}),
    ("authors[0]", {"authors": ["Souleymane SIDIBE"]}),
    ("related[0]", {"related": [{"title": "x"}]}),
    ("tags[0]", {"tags": [3]}),
    ("language", {"language": "fr_FR"}),
    ("language", {"language": "français"}),
    ("language", {"language": ""}),
    ("comments", {"comments": "maybe"}),
]


@pytest.mark.parametrize(("field", "kw"), BAD_ARTICLE_FIELDS)
def test_invalid_article_names_the_field(field: str, kw: dict[str, Any]) -> None:
    """Each invalid value raises ValidationError naming the field, and is a ValueError."""
    with pytest.raises(ValidationError) as info:
        article(**kw)
    assert info.value.field == field
    assert field in str(info.value)
    assert isinstance(info.value, ValueError)


def test_error_quotes_value_cut_short() -> None:
    """The offending value is quoted with repr and cut to a sane length."""
    with pytest.raises(ValidationError) as info:
        article(url="javascript:" + "x" * 10_000)
    assert len(str(info.value)) < 300
    assert "'javascript:" in str(info.value)


@pytest.mark.parametrize(
    "url", ["https://www.example.ml/a?b=c#d", "http://x.example/", "/politique/article-1"]
)
def test_good_urls(url: str) -> None:
    """Absolute http(s) URLs and site-relative paths are accepted."""
    assert article(url=url).url == url


@pytest.mark.parametrize("tag", ["fr", "fr-ML", "fr-CA", "en-GB", "zh-Hant-TW", "fr-x-news"])
def test_good_language_tags(tag: str) -> None:
    """Well-formed BCP 47 tags are accepted as given."""
    assert article(language=tag).language == tag


def test_related_link_truncated_needs_teaser() -> None:
    """A truncated teaser without text is refused."""
    with pytest.raises(ValidationError, match="teaser_truncated"):
        RelatedLink(title="t", teaser_truncated=True)
    with pytest.raises(ValidationError, match="published"):
        RelatedLink(title="t", published=datetime(2023, 1, 1))
    with pytest.raises(ValidationError, match="author"):
        RelatedLink(title="t", author="Souleymane SIDIBE")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="teaser_truncated"):
        RelatedLink(title="t", teaser="x", teaser_truncated=1)  # type: ignore[arg-type]


def test_page_needs_article() -> None:
    """A Page holds an Article and RelatedLinks only."""
    with pytest.raises(ValidationError, match="article"):
        Page(article="x")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"author_articles\[0\]"):
        Page(article=article(), author_articles=["x"])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("name", "given_name", "family"),
    [
        ("Fatoumata S. KEITA", "Fatoumata S.", "KEITA"),
        ("Souleymane SIDIBE", "Souleymane", "SIDIBE"),
        ("Jean-Baptiste LE GOFF", "Jean-Baptiste", "LE GOFF"),
        ("TRAORÉ Aminata", "Aminata", "TRAORÉ"),
        ("Mariam N’DIAYE", "Mariam", "N’DIAYE"),
        ("La Rédaction", None, None),
        ("AFP", None, None),
        ("SOULEYMANE SIDIBE", None, None),
        ("Aïssata DIALLO et Fils KEITA", None, None),
    ],
)
def test_author_name_parts(name: str, given_name: str | None, family: str | None) -> None:
    """The family name is the capitalised run; the printed name is kept as is."""
    a = Author(name=name)
    assert a.name == name
    assert (a.given_name, a.family_name) == (given_name, family)


def test_author_validation() -> None:
    """Author fields are checked like the article's."""
    with pytest.raises(ValidationError, match="name"):
        Author(name="")
    with pytest.raises(ValidationError, match="url"):
        Author(name="A B", url="javascript:x")
    with pytest.raises(ValidationError, match="role"):
        Author(name="A B", role="  ")


def test_derived_text_and_counts() -> None:
    """text joins headline, standfirst and body; word_count and reading_minutes follow."""
    a = article(headline="Un titre", standfirst="Un chapeau.", body=["L’accession du pays."])
    assert a.text == "Un titre\n\nUn chapeau.\n\nL’accession du pays."
    assert a.word_count == 7
    assert a.reading_minutes == 1
    long = article(body=["mot " * 460])
    assert long.word_count == 461
    assert long.reading_minutes == 3


def test_comments_enum() -> None:
    """Comments accept the enum or its value."""
    assert article(comments="subscribers").comments is Comments.SUBSCRIBERS
    assert article(comments=Comments.CLOSED).comments is Comments.CLOSED
    assert article().comments is None


def test_equal_instants_in_other_zones_are_equal() -> None:
    """Datetimes compare by instant, so the same moment in two zones is equal."""
    assert article(published=T0) == article(published=T0.astimezone(UTC))


def test_time_in_a_dst_fold_equals_the_same_instant_elsewhere() -> None:
    """Python's == says a ZoneInfo time in a DST fold never equals a time in another zone
    (PEP 495); models compare and hash datetimes by instant, so read-backs stay equal."""
    paris = ZoneInfo("Europe/Paris")
    first = datetime(2000, 10, 29, 2, tzinfo=paris)  # 00:00 UTC; fold=1 is 01:00 UTC
    fixed = first.astimezone(timezone(timedelta(hours=2)))
    assert article(published=first) == article(published=fixed)
    assert hash(article(published=first)) == hash(article(published=fixed))
    assert article(published=first) != article(published=first.replace(fold=1))
    later = {"published": first, "updated": first.replace(fold=1)}
    assert article(**later) == article(published=fixed, updated=fixed + timedelta(hours=1))
    link = RelatedLink(title="Lien", published=first)
    assert link == RelatedLink(title="Lien", published=first.astimezone(UTC))
    extreme = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23)))  # no overflow
    assert article(published=extreme) == article(published=extreme)
    assert article(published=extreme) != article(published=extreme.replace(year=9999))


def test_updated_is_checked_against_published_by_instant_in_a_dst_fold() -> None:
    """Datetimes sharing a tzinfo compare by wall clock in Python; in the repeated hour that
    orders them wrongly, so updated is checked by instant."""
    paris = ZoneInfo("Europe/Paris")
    first_pass = datetime(2000, 10, 29, 2, 45, tzinfo=paris)  # 00:45 UTC
    second_pass = datetime(2000, 10, 29, 2, 30, fold=1, tzinfo=paris)  # 01:30 UTC
    assert article(published=first_pass, updated=second_pass).updated == second_pass
    with pytest.raises(ValidationError) as info:
        article(published=second_pass, updated=first_pass)
    assert info.value.field == "updated"


_texts = st.one_of(st.none(), st.text(), st.text(alphabet=st.characters(codec="utf-8")))
_dts = st.one_of(
    st.none(),
    st.datetimes(),
    st.datetimes(timezones=st.sampled_from([UTC, ZoneInfo("Europe/Paris")])),
)


@given(
    headline=_texts,
    kicker=_texts,
    body=st.lists(st.text(max_size=20), max_size=3),
    published=_dts,
    updated=_dts,
    url=_texts,
    language=_texts,
    comments=st.one_of(st.none(), st.text(max_size=12), st.sampled_from(Comments)),
)
def test_nothing_but_validation_error_escapes(**kw: Any) -> None:
    """For arbitrary values of the right types, construction succeeds or raises ValidationError."""
    try:
        a = Article(**kw)
    except ValidationError as exc:
        assert exc.field.split("[")[0] in kw
    else:
        assert a.headline.strip() == a.headline


@given(name=st.text(), url=_texts, role=_texts)
def test_author_any_text(name: str, url: str | None, role: str | None) -> None:
    """Author construction succeeds or raises ValidationError, and name parts are consistent."""
    try:
        a = Author(name=name, url=url, role=role)
    except ValidationError:
        return
    given_name, family = a.given_name, a.family_name
    assert (given_name is None) == (family is None)
    if family is not None:
        assert family in a.name


def _deeply_nested(depth: int) -> list[Any]:
    outer: list[Any] = []
    inner = outer
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return outer


@pytest.mark.parametrize(
    ("field", "kw"),
    [
        ("headline", {"headline": 10**5000}),
        ("url", {"url": -(10**5000)}),
        ("body[0]", {"body": [10**5000]}),
        ("headline", {"headline": _deeply_nested(100_000)}),
        ("comments", {"comments": 10**5000}),
    ],
)
def test_values_repr_cannot_show_give_validation_error(field: str, kw: dict[str, Any]) -> None:
    """An int past Python's digit limit or a deep list is named by its type, not a crash."""
    with pytest.raises(ValidationError) as info:
        article(**kw)
    assert info.value.field == field
    assert "too large to show" in str(info.value)
