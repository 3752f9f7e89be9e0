"""Immutable, validated models of the news a publisher prints.

All classes are frozen, slotted, keyword-only attrs classes. Collections are tuples, text is
stripped and NFC-normalised on construction, datetimes must carry a zone, and every invalid
value raises :class:`~newsmodel.errors.ValidationError` naming the field. Use
:func:`attrs.evolve` for changed copies.

>>> from datetime import datetime, timezone
>>> from newsmodel import Article, Author
>>> a = Article(
...     headline="Mali-Russie : un entretien téléphonique",
...     kicker="Mali-Russie",
...     body=["Premier paragraphe.", "Second paragraphe."],
...     published=datetime(2023, 10, 11, 5, 4, tzinfo=timezone.utc),
...     authors=[Author(name="Aminata S. KONATÉ")],
... )
>>> a.body
('Premier paragraphe.', 'Second paragraphe.')
>>> a.authors[0].family_name
'KONATÉ'
>>> a.word_count
8
"""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import attrs

from newsmodel.errors import ValidationError

__all__ = [
    "Article",
    "Author",
    "Comments",
    "Page",
    "RelatedLink",
]

T = TypeVar("T")

#: Words read per minute for :attr:`Article.reading_minutes` (adult silent reading, French).
WORDS_PER_MINUTE = 230

# Characters a model field may never hold: C0/C1 controls (U+0085 included), line and
# paragraph separators, and lone surrogates (which no UTF-8 document can carry).
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# BCP 47 well-formedness (RFC 5646 langtag, private use and the common grandfathered forms).
_BCP47 = re.compile(
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?"
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
    r"|[Xx](?:-[A-Za-z0-9]{1,8})+"
)


class Comments(str, enum.Enum):
    """Whether readers may comment on an article.

    >>> Comments("subscribers")
    <Comments.SUBSCRIBERS: 'subscribers'>
    """

    OPEN = "open"
    SUBSCRIBERS = "subscribers"
    CLOSED = "closed"


# --- converters and validators ---------------------------------------------------------------
# Converters only normalise (strip, NFC, iterable to tuple) and leave values of a wrong type
# as they are; the validators, which know the field's name, then check everything.


def _norm_text(value: str) -> str:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.strip())
    return value


def _norm_optional_text(value: str | None) -> str | None:
    return None if value is None else _norm_text(value)


def _tuple(value: Iterable[Any]) -> Any:
    if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, Iterable):
        return value
    return tuple(_norm_text(v) if isinstance(v, str) else v for v in value)


def _text_tuple(value: Iterable[str]) -> tuple[str, ...]:
    result: tuple[str, ...] = _tuple(value)
    return result


def _author_tuple(value: Iterable[Author]) -> tuple[Author, ...]:
    result: tuple[Author, ...] = _tuple(value)
    return result


def _link_tuple(value: Iterable[RelatedLink]) -> tuple[RelatedLink, ...]:
    result: tuple[RelatedLink, ...] = _tuple(value)
    return result


def _check_text(field: str, value: object, *, optional: bool) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise ValidationError(field, value, "expected a string" + (" or None" if optional else ""))
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        raise ValidationError(
            field,
            value,
            f"control character U+{ord(bad.group()):04X} at offset {bad.start()} is not allowed",
        )
    if not value:
        raise ValidationError(
            field, value, "expected non-empty text" + (" or None" if optional else "")
        )


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_text(attribute.name, value, optional=False)


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_text(attribute.name, value, optional=True)


def _sequence_of(
    kind: type[Any],
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise ValidationError(attribute.name, value, "expected a sequence (list or tuple)")
        for i, item in enumerate(value):
            path = f"{attribute.name}[{i}]"
            if kind is str:
                _check_text(path, item, optional=False)
            elif not isinstance(item, kind):
                raise ValidationError(path, item, f"expected {kind.__name__}")

    return check


def _url(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Optional URLs: absolute http(s), or a site-relative path."""
    field = attribute.name
    if value is None:
        return
    if not isinstance(value, str):
        raise ValidationError(field, value, "expected a URL string or None")
    if not value or _FORBIDDEN.search(value) or any(c.isspace() for c in value):
        raise ValidationError(field, value, "expected a URL without spaces or control characters")
    try:
        parts = urlsplit(value)
    except ValueError:
        raise ValidationError(field, value, "expected a well-formed URL") from None
    if parts.scheme:
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
    else:
        ok = value.startswith("/") and not value.startswith("//")
    if not ok:
        raise ValidationError(
            field, value, "expected an absolute http(s) URL or a site-relative path"
        )


def _aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.default is None:
        return
    if not isinstance(value, datetime):
        raise ValidationError(attribute.name, value, "expected a datetime with a time zone")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            attribute.name, value, "expected an aware datetime (with a time zone), not a naive one"
        )


_NAIVE_MIN = datetime.min


def _instant(value: object) -> object:
    """Equality and hash key of an optional aware datetime: the instant it names.

    Python's ``==`` says that an ambiguous local time (a ZoneInfo time in a DST fold) is
    never equal to a time in another zone (PEP 495), so an article would not equal itself
    read back with a fixed offset. A timedelta from a fixed origin cannot overflow.
    """
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return _since_origin(value)
    return value


def _since_origin(value: datetime) -> timedelta:
    """The instant an aware datetime names, as a timedelta from a fixed origin (no overflow)."""
    return (value.replace(tzinfo=None) - _NAIVE_MIN) - (value.utcoffset() or timedelta())


def _bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise ValidationError(attribute.name, value, "expected a bool")


def _optional_instance(cls: type[Any]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, cls):
            raise ValidationError(attribute.name, value, f"expected {cls.__name__} or None")

    return check


def _instance(cls: type[Any]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise ValidationError(attribute.name, value, f"expected {cls.__name__}")

    return check


def _language(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_text("language", value, optional=False)
    assert isinstance(value, str)
    if _BCP47.fullmatch(value) is None:
        raise ValidationError("language", value, "expected a well-formed BCP 47 tag like 'fr-ML'")


def _comments(value: Comments | str | None) -> Comments | None:
    if value is None or isinstance(value, Comments):
        return value
    if isinstance(value, str):
        try:
            return Comments(value)
        except ValueError:
            pass
    raise ValidationError(
        "comments", value, "expected one of 'open', 'subscribers', 'closed' or None"
    )


# --- Author ----------------------------------------------------------------------------------


def _is_capitalised(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _split_name(name: str) -> tuple[str | None, str | None]:
    tokens = name.split()
    caps = [_is_capitalised(t) for t in tokens]
    if not any(caps) or all(caps):
        return None, None
    first = caps.index(True)
    last = len(caps) - 1 - caps[::-1].index(True)
    if not all(caps[first : last + 1]):
        return None, None  # two separate capitalised runs: no safe reading
    family = " ".join(tokens[first : last + 1])
    given = " ".join(tokens[:first] + tokens[last + 1 :])
    return given, family


@attrs.frozen(kw_only=True)
class Author:
    """A person credited for an article.

    Attributes:
        name: the name as printed, casing and accents untouched (``"Souleymane SIDIBE"``).
        url: the author's page, an absolute http(s) URL or a site-relative path.
        role: the role printed beside the name, such as ``"envoyé spécial"``.

    >>> Author(name="Fatoumata S. KEITA").given_name
    'Fatoumata S.'
    >>> Author(name="Fatoumata S. KEITA").family_name
    'KEITA'
    >>> Author(name="Rédaction").family_name is None
    True
    """

    name: str = attrs.field(converter=_norm_text, validator=_text)
    url: str | None = attrs.field(default=None, converter=_norm_optional_text, validator=_url)
    role: str | None = attrs.field(
        default=None, converter=_norm_optional_text, validator=_optional_text
    )

    @property
    def given_name(self) -> str | None:
        """The part of :attr:`name` outside the capitalised family name, or None.

        French bylines print the family name in capitals; when no such part can be told
        apart (no capitals, or the whole name in capitals) both parts are None.
        """
        return _split_name(self.name)[0]

    @property
    def family_name(self) -> str | None:
        """The capitalised family name within :attr:`name`, or None."""
        return _split_name(self.name)[1]


# --- RelatedLink -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RelatedLink:
    """A link to another article, as in a "Lire aussi" block or an author's list.

    Attributes:
        title: the linked article's title.
        url: where it lives, if known.
        teaser: the text shown under the title, without the site's truncation marker.
        teaser_truncated: True when the site cut the teaser short (then *teaser* is set).
        published: when the linked article was published (aware datetime).
        author: who wrote the linked article.
        label: the block's label, such as ``"Lire aussi"``.
    """

    title: str = attrs.field(converter=_norm_text, validator=_text)
    url: str | None = attrs.field(default=None, converter=_norm_optional_text, validator=_url)
    teaser: str | None = attrs.field(
        default=None, converter=_norm_optional_text, validator=_optional_text
    )
    teaser_truncated: bool = attrs.field(default=False, validator=_bool)
    published: datetime | None = attrs.field(default=None, validator=_aware, eq=_instant)
    author: Author | None = attrs.field(default=None, validator=_optional_instance(Author))
    label: str | None = attrs.field(
        default=None, converter=_norm_optional_text, validator=_optional_text
    )

    def __attrs_post_init__(self) -> None:
        if self.teaser_truncated and self.teaser is None:
            raise ValidationError(
                "teaser_truncated", True, "a truncated teaser needs its text in 'teaser'"
            )


# --- Article ---------------------------------------------------------------------------------


def _not_before_published(
    instance: Article, attribute: attrs.Attribute[Any], value: object
) -> None:
    _aware(instance, attribute, value)
    # By instant: datetimes sharing a tzinfo compare by wall clock, wrong in a DST fold.
    if isinstance(value, datetime) and _since_origin(value) < _since_origin(instance.published):
        raise ValidationError(
            "updated", value, f"expected a time not before published ({instance.published})"
        )


@attrs.frozen(kw_only=True)
class Article:
    """A news article.

    Attributes:
        headline: the headline as printed, kicker included.
        kicker: the lead-in before the headline's first colon (``"Mali-Russie"``), or None.
        standfirst: the introductory paragraph printed under the headline, or None.
        body: the paragraphs of the article, in order; none may contain a line break.
        published: when it was first published (aware datetime).
        updated: when it was last updated (aware datetime, not before *published*), or None.
        authors: who signed it, in printed order.
        related: links printed with it ("Lire aussi"), in order.
        url: where it lives, an absolute http(s) URL or a site-relative path.
        section: the section of the site, such as ``"Politique"``.
        tags: keywords, in order.
        language: a BCP 47 tag, ``"fr"`` by default.
        comments: whether readers may comment, or None when unknown.
    """

    headline: str = attrs.field(converter=_norm_text, validator=_text)
    kicker: str | None = attrs.field(
        default=None, converter=_norm_optional_text, validator=_optional_text
    )
    standfirst: str | None = attrs.field(
        default=None, converter=_norm_optional_text, validator=_optional_text
    )
    body: tuple[str, ...] = attrs.field(
        default=(), converter=_text_tuple, validator=_sequence_of(str)
    )
    published: datetime = attrs.field(validator=_aware, eq=_instant)
    updated: datetime | None = attrs.field(
        default=None, validator=_not_before_published, eq=_instant
    )
    authors: tuple[Author, ...] = attrs.field(
        default=(), converter=_author_tuple, validator=_sequence_of(Author)
    )
    related: tuple[RelatedLink, ...] = attrs.field(
        default=(), converter=_link_tuple, validator=_sequence_of(RelatedLink)
    )
    url: str | None = attrs.field(default=None, converter=_norm_optional_text, validator=_url)
    section: str | None = attrs.field(
        default=None, converter=_norm_optional_text, validator=_optional_text
    )
    tags: tuple[str, ...] = attrs.field(
        default=(), converter=_text_tuple, validator=_sequence_of(str)
    )
    language: str = attrs.field(default="fr", converter=_norm_text, validator=_language)
    comments: Comments | None = attrs.field(default=None, converter=_comments)

    @property
    def text(self) -> str:
        """Plain text of the whole article: headline, standfirst and body, one per paragraph."""
        parts = [self.headline]
        if self.standfirst is not None:
            parts.append(self.standfirst)
        parts.extend(self.body)
        return "\n\n".join(parts)

    @property
    def word_count(self) -> int:
        """Number of words in :attr:`text` (an elided "l’accession" counts as one)."""
        return sum(1 for _ in _WORD.finditer(self.text))

    @property
    def reading_minutes(self) -> int:
        """Minutes to read :attr:`text` at 230 words a minute, rounded up (at least 1)."""
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))


# --- Page ------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Page:
    """A news page: the article and what the page prints around it.

    Attributes:
        article: the page's article.
        author_articles: the "Les articles de l'auteur" list, in order.
    """

    article: Article = attrs.field(validator=_instance(Article))
    author_articles: tuple[RelatedLink, ...] = attrs.field(
        default=(), converter=_link_tuple, validator=_sequence_of(RelatedLink)
    )
