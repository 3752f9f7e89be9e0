"""Tests for newsmodel.strategies and its Hypothesis registration."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from newsmodel import Article, Author, Comments, Page, RelatedLink
from newsmodel.strategies import (
    articles,
    authors,
    aware_datetimes,
    french_paragraphs,
    french_sentences,
    french_words,
    mojibake_pairs,
    pages,
    related_links,
    truncated_mojibake,
)


@given(st.from_type(Article))
def test_from_type_article_gives_valid_articles(a: Article) -> None:
    """st.from_type(Article) uses the registered strategy (plain builds would not validate)."""
    assert isinstance(a, Article)
    assert a.headline


@given(st.from_type(Page), st.from_type(Author), st.from_type(RelatedLink))
def test_from_type_every_model(page: Page, author: Author, link: RelatedLink) -> None:
    """Every model type resolves through the entry point."""
    assert isinstance(page.article, Article)
    assert author.name
    assert link.title


def test_from_type_in_a_user_project(tmp_path: object) -> None:
    """A user's own test file, outside this package's helpers, uses st.from_type(Article)."""
    code = textwrap.dedent(
        """
        from hypothesis import given, settings, strategies as st
        from newsmodel import Article

        @settings(max_examples=20, database=None)
        @given(st.from_type(Article))
        def test_user(article):
            assert isinstance(article, Article)
            assert article.published.utcoffset() is not None

        test_user()
        print("ok")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


@given(articles(comments=st.just(Comments.SUBSCRIBERS), body=st.just(("Un.",))))
def test_overrides_narrow(a: Article) -> None:
    """Keyword overrides replace the default strategy of that field."""
    assert a.comments is Comments.SUBSCRIBERS
    assert a.body == ("Un.",)


@given(st.data())
def test_unknown_override_is_refused(data: st.DataObject) -> None:
    """An override for a field that does not exist is a TypeError, not ignored."""
    with pytest.raises(TypeError, match="nope"):
        data.draw(authors(nope=st.just(1)))


@given(articles())
def test_kicker_starts_headline(a: Article) -> None:
    """Generated kickers are the start of their headline."""
    if a.kicker is not None:
        assert a.headline.startswith(a.kicker)


@given(related_links())
def test_truncated_teasers_have_text(link: RelatedLink) -> None:
    """A truncated teaser always has text."""
    assert not link.teaser_truncated or link.teaser


@given(french_paragraphs())
def test_paragraphs_are_french_and_single_line(text: str) -> None:
    """Paragraphs are one line of text."""
    assert "\n" not in text
    assert text == text.strip()


@given(mojibake_pairs())
def test_mojibake_pairs_differ_and_decode_back(pair: tuple[str, str]) -> None:
    """The broken text differs from the clean one, and reversing the damage gives it back."""
    clean, broken = pair
    assert clean != broken
    assert clean in {_undo(broken), _undo(_undo(broken))}


def _undo(text: str) -> str:
    """Reverse one layer of UTF-8-read-as-cp1252/Latin-1; text that is not such is kept."""
    try:
        data = bytes(ord(c) if ord(c) < 256 else c.encode("cp1252")[0] for c in text)
        return data.decode("utf-8")
    except UnicodeError:
        return text


@given(pages(author_articles=st.just(()), article=articles(tags=st.just(("Sahel",)))))
def test_pages_take_overrides(page: Page) -> None:
    """pages() passes its overrides down: here no author's list, and fixed tags."""
    assert page.author_articles == ()
    assert page.article.tags == ("Sahel",)


@given(
    articles(kicker=st.sampled_from(["Mali", None])),
    articles(headline=st.just("Un titre : sans kicker connu")),
)
def test_kicker_and_headline_overrides_stay_consistent(a: Article, b: Article) -> None:
    """Overriding the kicker keeps the headline starting with it; overriding the headline
    alone leaves no kicker."""
    assert a.kicker is None or a.headline.startswith(f"{a.kicker}\u00a0: ")
    assert (b.headline, b.kicker) == ("Un titre : sans kicker connu", None)



# --- audit: every documented override gives valid values, bad ones a clear error


@given(articles(updated=aware_datetimes()))
def test_updated_override_alone_gives_valid_articles(a: Article) -> None:
    """Overriding only `updated` draws `published` before it (it was drawn alone: invalid)."""
    assert a.updated is not None
    assert a.updated.astimezone(timezone.utc) >= a.published.astimezone(timezone.utc)


@given(related_links(teaser_truncated=st.just(True)))
def test_teaser_truncated_override_draws_a_teaser(link: RelatedLink) -> None:
    """Overriding `teaser_truncated=True` alone gives a teaser to cut (was None half the time)."""
    assert link.teaser_truncated
    assert link.teaser


_PARIS = ZoneInfo("Europe/Paris")
# the hour repeated on 29 October 2023 in Paris: 02:00 on its second pass (01:00 UTC), and
# 02:59 on its first (00:59 UTC)
_FOLDS = [
    datetime(2023, 10, 29, 2, 0, tzinfo=_PARIS, fold=1),
    datetime(2023, 10, 29, 2, 59, tzinfo=_PARIS, fold=0),
]


def _fixed(moment: datetime) -> datetime:
    offset = moment.utcoffset()
    assert offset is not None
    return moment.replace(tzinfo=timezone(offset))


_SMALL = {"body": st.just(("Un.",)), "authors": st.just(()), "related": st.just(())}


@settings(max_examples=100)
@given(
    articles(published=st.sampled_from(_FOLDS), **_SMALL),
    articles(updated=st.sampled_from(_FOLDS), **_SMALL),
)
def test_updated_and_published_are_ordered_instants_in_a_dst_fold(a: Article, b: Article) -> None:
    """`updated` is after `published` as an instant, so the article survives being read back
    with fixed offsets (as from JSON); wall-clock arithmetic put it up to an hour before."""
    for article in (a, b):
        if article.updated is not None:
            published, updated = _fixed(article.published), _fixed(article.updated)
            assert updated >= published
            attrs.evolve(article, published=published, updated=updated)


@given(
    articles(published=st.sampled_from([datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc),
                                        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))])),
    aware_datetimes(min_value=datetime(9999, 12, 31), max_value=datetime(9999, 12, 31, 23, 59)),
    aware_datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 1, 23, 59)),
)
def test_extreme_years_give_values_not_overflow(
    a: Article, late: datetime, early: datetime
) -> None:
    """Near years 1 and 9999 the strategies give valid values (an OverflowError escaped)."""
    assert a.updated is None or a.updated >= a.published
    assert late.utcoffset() is not None
    assert early.utcoffset() is not None
    assert (late.second, early.second) == (0, 0)


@given(aware_datetimes(min_value=datetime(1880, 1, 1), max_value=datetime(1950, 1, 1),
                       zones=("Africa/Abidjan", "Africa/Bamako", "Europe/Paris")))
def test_datetimes_in_local_mean_time_have_no_seconds(moment: datetime) -> None:
    """Offsets with seconds (Abidjan's -0:16:08 until 1912) still give whole minutes."""
    assert (moment.second, moment.microsecond) == (0, 0)
    assert datetime(1880, 1, 1, tzinfo=timezone.utc) <= moment
    assert moment <= datetime(1950, 1, 1, tzinfo=timezone.utc)


def test_datetimes_reach_the_repeated_hour_of_autumn() -> None:
    """The repeated hour (fold=1) and the edge of the skipped one are drawn, not one in 8,760."""
    paris = aware_datetimes(zones=("Europe/Paris",))
    fold = find(paris, lambda d: d.fold == 1, settings=settings(database=None, max_examples=300))
    assert fold.utcoffset() == timedelta(hours=1)
    spring = find(  # within the hour after the clocks went forward
        paris,
        lambda d: d.month == 3 and d.day >= 25 and d.isoweekday() == 7 and d.hour == 3,
        settings=settings(database=None, max_examples=600),
    )
    assert spring.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: french_sentences(min_words=0), InvalidArgument, "min_words"),
        (lambda: french_paragraphs(min_sentences=0), InvalidArgument, "min_sentences"),
        (lambda: authors(name="Jean DUPONT"), TypeError, r"name=st\.just"),
        (lambda: articles(headline="Un titre"), TypeError, "headline="),
        (lambda: articles(published=datetime(2023, 1, 1)), TypeError, "published="),
        (lambda: aware_datetimes(zones="Europe/Paris"), InvalidArgument, "zones"),
        (lambda: aware_datetimes(zones=()), InvalidArgument, "zones"),
        (lambda: aware_datetimes(zones=("localtime",)), ZoneInfoNotFoundError, "localtime"),
    ],
)
def test_bad_arguments_are_refused_clearly(
    make: Callable[[], st.SearchStrategy[Any]], error: type[Exception], match: str
) -> None:
    """Bad arguments raise a named error (were IndexError, AttributeError on .validate, an
    empty paragraph the models refuse, or the machine's own zone for 'localtime')."""
    with pytest.raises(error, match=match):
        find(make(), lambda _: True, settings=settings(database=None))


def test_truncated_mojibake_with_texts_warns_nothing() -> None:
    """`texts=` is not tested for truth (Hypothesis warned: bool of a strategy)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        full, _, _ = find(truncated_mojibake(texts=st.just("Noël")), lambda _: True)
    assert full == "Noël"


@given(st.lists(french_words(), min_size=20, max_size=40), articles())
def test_words_and_tags_are_words(words: list[str], a: Article) -> None:
    """french_words() and tags hold no punctuation (';' and 'Bamako,' were drawn as words)."""
    for w in (*words, *a.tags):
        assert re.fullmatch(r"\w+(?:[’-]\w+)*", w), w


@given(related_links(teaser_truncated=st.just(True)), related_links())
def test_cut_teasers_are_cut(link: RelatedLink, other: RelatedLink) -> None:
    """A cut teaser ends as sites cut them, not on a sentence end (it was a whole paragraph)."""
    for teaser in (link.teaser, other.teaser if other.teaser_truncated else None):
        if teaser is not None:
            assert not teaser.endswith((".", "!", "?", "…")), teaser
