"""Public signatures, checked by mypy and never run: `uv run mypy --strict typing_tests`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from typing_extensions import assert_type

import newsmodel
from newsmodel import Article, Author, Page, RelatedLink
from newsmodel.dates import DateMention, find_dates, format_date, parse_date
from newsmodel.page import parse_page
from newsmodel.repair import Repair, explain_repair, repair_text
from newsmodel.serialise import from_json, to_json


def check(article: Article, page: Page) -> None:
    assert_type(parse_date("Publié mercredi 11 octobre 2023 à 05:04"), date | datetime)
    assert_type(find_dates("les 27 et 28 juillet 2023"), list[DateMention])
    assert_type(format_date(article.published, "byline"), str)
    assert_type(repair_text("fondÃ."), str)
    assert_type(explain_repair("fondÃ."), Repair)
    assert_type(parse_page("…"), Page)
    assert_type(to_json(page), str)
    assert_type(from_json(Page, "{}"), Page)
    assert_type(article.authors, tuple[Author, ...])
    assert_type(article.related, tuple[RelatedLink, ...])
    assert_type(article.published, datetime)
    assert_type(article.word_count, int)
    assert_type(newsmodel.__version__, str)
    x: Any = None
    assert_type(Article(headline="t", published=x), Article)
