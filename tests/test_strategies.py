"""Tests for newsmodel.strategies and its Hypothesis registration."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmodel import Article, Author, Comments, Page, RelatedLink
from newsmodel.strategies import (
    articles,
    authors,
    french_paragraphs,
    mojibake_pairs,
    pages,
    related_links,
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
