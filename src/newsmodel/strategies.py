"""Hypothesis strategies for newsmodel's models: realistic French news data for your tests.

Import this module in tests only; it needs ``hypothesis``. Every strategy builds valid models
on purpose (``st.builds`` would ignore the models' validators) and takes keyword overrides:
pass a strategy for any field to narrow it.

>>> from hypothesis import given, strategies as st
>>> from newsmodel import Comments
>>> from newsmodel.strategies import articles
>>> @given(articles(comments=st.just(Comments.CLOSED)))
... def test_comments(article):
...     assert article.comments is Comments.CLOSED
>>> test_comments()

Thanks to the ``hypothesis`` entry point, ``st.from_type(Article)`` draws from
:func:`articles` as soon as newsmodel is installed.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from newsmodel._zones import iana_zone
from newsmodel.models import Article, Author, Comments, Page, RelatedLink

__all__ = [
    "ZONES",
    "articles",
    "authors",
    "aware_datetimes",
    "french_date_texts",
    "french_paragraphs",
    "french_sentences",
    "french_words",
    "mojibake_pairs",
    "pages",
    "related_links",
    "truncated_mojibake",
    "urls",
]

#: Zones the datetimes are drawn in: the sample site's, European, Québec, fixed offsets.
ZONES: tuple[str, ...] = (
    "Africa/Bamako",
    "Africa/Dakar",
    "Africa/Abidjan",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Zurich",
    "America/Montreal",
    "UTC",
)

_TOKENS = tuple(
    # a running text reads better than a list of words
    "le gouvernement a annoncé une réforme de la santé publique pour les régions "
    "rurales où les hôpitaux manquent de médecins et d’infirmières à la rentrée "
    "la délégation ministérielle s’est rendue à Bamako, Dakar et Abidjan pour une "
    "réunion extraordinaire consacrée à la sécurité alimentaire et à l’économie "
    "les élèves ont célébré la fête de l’indépendance avec enthousiasme malgré la "
    "chaleur; le président a reçu les représentants des syndicats au palais "
    "une coopération exemplaire entre États voisins permet déjà des échanges "
    "culturels, économiques et scientifiques très fructueux depuis plusieurs années "
    "l’œuvre du cœur déçoit parfois mais elle reçoit toujours un accueil chaleureux "
    "Noël approche et les marchés de Ségou et de Mopti débordent de fruits "
    "crème brûlée façon garçon naïf Îles Ouagadougou coût août être à côté".replace(
        ";", "\u202f;"  # a narrow no-break space before ; as French typography wants
    ).split(" ")
)
# the same words without the punctuation some of them carry in the running text
_WORDS = tuple(w.rstrip(",;\u202f") for w in _TOKENS)

_GIVEN = (
    "Aminata", "Souleymane", "Fatoumata", "Moussa", "Aïssata", "Ibrahima", "Mariam",
    "Jean-Baptiste", "Hélène", "Françoise", "Oumar", "Kadiatou", "Chérif", "Adama",
    "Bintou", "Léa", "Zoé", "Mamadou", "Néné", "Sékou",
)
_FAMILY = (
    "KEITA", "SIDIBE", "TRAORÉ", "COULIBALY", "DIARRA", "KONATÉ", "SANGARÉ", "DIALLO",
    "TOURÉ", "N’DIAYE", "LE GOFF", "DE SOUZA", "DEMBÉLÉ", "MAÏGA", "BÂ",
)
_INITIALS = ("", "", "", " S.", " M.", " A. B.")
_ROLES = ("envoyé spécial", "envoyée spéciale", "correspondant à Dakar", "stagiaire")
_SECTIONS = ("Politique", "Économie", "Société", "Culture", "Sports", "International")
_KICKERS = ("Mali-Russie", "Économie", "Sécurité", "Santé", "Coopération", "AES", "Éducation")
_LABELS = ("Lire aussi", "À lire aussi", "Voir aussi")
_HOSTS = ("https://www.example.ml", "https://actu.example.sn", "http://journal.example.org")


def french_words() -> st.SearchStrategy[str]:
    """Single French words, accents and elisions (’) included.

    Returns:
        A strategy of single words (letters, with ’ or - inside; no spaces, no punctuation).

    Raises:
        Nothing: it only draws from a fixed list.

    >>> from hypothesis import find
    >>> "’" in find(french_words(), lambda w: "’" in w)
    True
    """
    return st.sampled_from(_WORDS)


@st.composite
def french_sentences(draw: st.DrawFn, /, min_words: int = 3, max_words: int = 18) -> str:
    """One French sentence with French typography.

    Sentences may quote with « » and no-break spaces (U+00A0 inside the guillemets, U+202F
    before ; : ! ?), use ’ for the apostrophe, and end with ".", "!", "?" or "…".

    Args:
        min_words: the fewest words in a sentence.
        max_words: the most words in a sentence.

    Returns:
        A strategy of one-line sentences, each starting with a capital.

    Raises:
        hypothesis.errors.InvalidArgument: *min_words* < 1 or > *max_words* (when drawn).

    >>> from hypothesis import find
    >>> find(french_sentences(), lambda s: "«" in s).count("\\u00a0")
    2
    """
    if not isinstance(min_words, int) or min_words < 1:
        raise InvalidArgument(f"french_sentences needs min_words >= 1, got {min_words!r}")
    words = draw(st.lists(st.sampled_from(_TOKENS), min_size=min_words, max_size=max_words))
    words[0] = words[0][:1].upper() + words[0][1:]
    words[-1] = words[-1].rstrip(",;\u202f")
    text = " ".join(words)
    if draw(st.booleans()) and len(words) > 3:
        cut = draw(st.integers(1, len(words) - 2))
        quoted = " ".join(words[cut:])
        text = " ".join(words[:cut]) + " «\u00a0" + quoted + "\u00a0»"
    end = draw(st.sampled_from((".", ".", ".", "\u202f!", "\u202f?", "…")))
    return text + end


@st.composite
def french_paragraphs(draw: st.DrawFn, /, min_sentences: int = 1, max_sentences: int = 4) -> str:
    """A paragraph of French sentences on one line (no line breaks), NFC.

    Args:
        min_sentences: the fewest sentences in a paragraph.
        max_sentences: the most sentences in a paragraph.

    Returns:
        A strategy of single-line paragraphs.

    Raises:
        hypothesis.errors.InvalidArgument: *min_sentences* < 1 or > *max_sentences* (when
            drawn).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None)
    ... @given(french_paragraphs(min_sentences=3))
    ... def check(paragraph):
    ...     assert "\\n" not in paragraph and paragraph == paragraph.strip()
    >>> check()
    """
    if not isinstance(min_sentences, int) or min_sentences < 1:
        raise InvalidArgument(f"french_paragraphs needs min_sentences >= 1, got {min_sentences!r}")
    sentences = draw(
        st.lists(french_sentences(), min_size=min_sentences, max_size=max_sentences)
    )
    return unicodedata.normalize("NFC", " ".join(sentences))


def _zone(name: str) -> tzinfo:
    if name == "UTC":
        return timezone.utc
    zone = iana_zone(name)  # not ZoneInfo(name): it also opens "localtime", the machine's zone
    if zone is None:
        raise ZoneInfoNotFoundError(f"No IANA time zone named {name!r}")
    return zone


@lru_cache(maxsize=512)
def _transitions(zone: tzinfo, year: int) -> tuple[datetime, ...]:
    """The UTC instants in *year* at which *zone*'s offset changes (DST starts and ends)."""
    found: list[datetime] = []
    day = datetime(year, 1, 2 if year == 1 else 1, tzinfo=timezone.utc)  # year 0 is no date
    offset = day.astimezone(zone).utcoffset()
    while day.year == year and day < _LAST_DAY:
        after = day + timedelta(days=1)
        if after.astimezone(zone).utcoffset() != offset:
            low, high = day, after  # the change is in (low, high]: bisect to the minute
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) // 2
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high.replace(second=0, microsecond=0))
            offset = after.astimezone(zone).utcoffset()
        day = after
    return tuple(found)


_LAST_DAY = datetime(9999, 12, 30, tzinfo=timezone.utc)


def _show(instant: datetime, zone: tzinfo, low: datetime, high: datetime) -> datetime:
    """*instant* shown in *zone* with seconds at zero, or in UTC when the zone cannot show it."""
    try:
        local = instant.astimezone(zone)
        if local.second:  # an old local mean time (offset with seconds): move to a whole minute
            step = timedelta(seconds=local.second)
            moved = instant - step if instant - step >= low else instant + (_MINUTE - step)
            local = moved.astimezone(zone) if moved <= high else instant
    except OverflowError:  # near year 1 or 9999
        return instant
    return local if not local.second else instant


_MINUTE = timedelta(minutes=1)


@st.composite
def aware_datetimes(
    draw: st.DrawFn,
    /,
    min_value: datetime = datetime(1990, 1, 1),
    max_value: datetime = datetime(2099, 12, 31),
    zones: tuple[str, ...] = ZONES,
) -> datetime:
    """Minute-precise aware datetimes, as news pages print them, in one of *zones*.

    The instant is drawn in UTC and shown in the zone, so every value exists there. One value
    in eight or so lies within 90 minutes of a change of the zone's offset, so that the hour
    repeated when summer time ends (``fold=1``) and the edges of the skipped hour are drawn.
    An instant a zone cannot show (near year 1 or 9999) stays in UTC.

    Args:
        min_value: the earliest instant, as a naive UTC datetime.
        max_value: the latest instant, as a naive UTC datetime.
        zones: IANA zone names (``"UTC"`` for UTC) to show the instant in.

    Returns:
        A strategy of aware datetimes with seconds and microseconds at zero.

    Raises:
        zoneinfo.ZoneInfoNotFoundError: a name in *zones* is not an IANA zone name (when
            drawn).
        hypothesis.errors.InvalidArgument: *zones* is a string or empty, or the bounds are
            not naive datetimes in order (when drawn).

    >>> from hypothesis import find
    >>> find(aware_datetimes(zones=("Europe/Paris",)), lambda d: d.month == 7).utcoffset()
    datetime.timedelta(seconds=7200)
    """
    if isinstance(zones, str) or not zones:
        raise InvalidArgument(f"zones must be a non-empty tuple of zone names, got {zones!r}")
    naive = draw(st.datetimes(min_value=min_value, max_value=max_value))
    zone = _zone(draw(st.sampled_from(zones)))
    low, high = (bound.replace(tzinfo=timezone.utc) for bound in (min_value, max_value))
    instant = naive.replace(second=0, microsecond=0, tzinfo=timezone.utc)
    instant = max(instant, low)  # min_value may have seconds that the cut above dropped
    if draw(st.integers(0, 7)) == 7 and zone is not timezone.utc:
        changes = _transitions(zone, naive.year)
        if changes:
            near = draw(st.sampled_from(changes)) + draw(st.integers(-90, 90)) * _MINUTE
            if low <= near <= high:
                instant = near
    return _show(instant, zone, low, high)


@st.composite
def urls(draw: st.DrawFn, /) -> str:
    """Article URLs: absolute http(s) on a few hosts, or site-relative paths.

    Returns:
        A strategy of URLs the models accept (ASCII only).

    Raises:
        Nothing.

    >>> from hypothesis import find
    >>> find(urls(), lambda u: u.startswith("https://")).startswith("https://")
    True
    """
    slug = "-".join(draw(st.lists(st.sampled_from(("mali", "russie", "sahel", "economie",
                                                     "sante", "2023", "culture")),
                                   min_size=1, max_size=4)))
    section = draw(st.sampled_from(("politique", "economie", "societe", "culture", "sports")))
    path = f"/{section}/{slug}-{draw(st.integers(1, 99999))}"
    if draw(st.booleans()):
        return path
    return draw(st.sampled_from(_HOSTS)) + path


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def _names(draw: st.DrawFn, /) -> str:
    given = draw(st.sampled_from(_GIVEN)) + draw(st.sampled_from(_INITIALS))
    family = draw(st.sampled_from(_FAMILY))
    return draw(st.sampled_from((f"{given} {family}", f"{given} {family}",
                                 "La Rédaction", f"{family} {given}")))


def _check(overrides: dict[str, Any], cls: type[Any]) -> None:
    unknown = set(overrides) - {a.name for a in cls.__attrs_attrs__}
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s) {sorted(unknown)}")
    for name, value in overrides.items():
        if not isinstance(value, st.SearchStrategy):
            raise TypeError(
                f"the override {name}= must be a strategy, got {value!r}"
                f" (use {name}=st.just(...) for a fixed value)"
            )


def _later(moment: object, minutes: int) -> datetime | None:
    """The instant *minutes* after (or before) *moment*, shown as *moment* is, or None.

    Adding a timedelta to a zoned datetime moves its wall clock, which is not the same
    instant in the hour repeated when summer time ends; and Python orders two times in the
    same zone by their wall clocks. So the instant is moved, and shown with a fixed offset
    when the zone's wall clock would put it on the wrong side of *moment*. None when *moment*
    is not an aware datetime, or the result would leave years 1 to 9999.
    """
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        return None
    try:
        shown = (moment.astimezone(timezone.utc) + minutes * _MINUTE).astimezone(moment.tzinfo)
    except OverflowError:
        return None
    if (shown < moment) if minutes > 0 else (shown > moment):
        offset = shown.utcoffset()
        assert offset is not None
        shown = shown.replace(tzinfo=timezone(offset))
    return shown


def _fill(
    draw: st.DrawFn, defaults: dict[str, st.SearchStrategy[Any]],
    overrides: dict[str, st.SearchStrategy[Any]], cls: type[Any],
) -> dict[str, Any]:
    _check(overrides, cls)
    return {name: draw(overrides.get(name, strategy)) for name, strategy in defaults.items()} | {
        name: draw(strategy) for name, strategy in overrides.items() if name not in defaults
    }


@st.composite
def authors(draw: st.DrawFn, /, **overrides: st.SearchStrategy[Any]) -> Author:
    """Authors with French bylines: capitalised family names, initials, optional url and role.

    Args:
        **overrides: a strategy for any field of :class:`~newsmodel.Author`.

    Returns:
        A strategy of valid :class:`~newsmodel.Author` values.

    Raises:
        TypeError: an override names no field of the class, or is not a strategy (when
            drawn).

    >>> from hypothesis import find
    >>> find(authors(), lambda a: a.family_name is not None).family_name.isupper()
    True
    """
    defaults = {
        "name": _names(),
        "url": _optional(urls()),
        "role": _optional(st.sampled_from(_ROLES)),
    }
    return Author(**_fill(draw, defaults, overrides, Author))


@st.composite
def related_links(draw: st.DrawFn, /, **overrides: st.SearchStrategy[Any]) -> RelatedLink:
    """Related links: "Lire aussi" blocks and author's lists, teasers full or cut.

    Args:
        **overrides: a strategy for any field of :class:`~newsmodel.RelatedLink`.

    Returns:
        A strategy of valid :class:`~newsmodel.RelatedLink` values; a cut teaser always has
        text, cut after a word or inside one as sites cut them (no sentence end), unless
        *teaser* is overridden.

    Raises:
        TypeError: an override names no field of the class, or is not a strategy (when
            drawn).

    >>> from hypothesis import find
    >>> find(related_links(), lambda r: r.teaser_truncated).teaser is not None
    True
    """
    defaults: dict[str, st.SearchStrategy[Any]] = {
        "title": french_sentences(max_words=10).map(lambda s: s.rstrip(".…!? \u202f")),
        "url": _optional(urls()),
        "teaser": _optional(french_paragraphs(max_sentences=2)),
        "published": _optional(aware_datetimes()),
        "author": _optional(authors()),
        "label": _optional(st.sampled_from(_LABELS)),
    }
    _check(overrides, RelatedLink)
    if "teaser_truncated" in overrides and "teaser" not in overrides:
        truncated = draw(overrides.pop("teaser_truncated"))
        if truncated is True:  # a cut teaser needs its text
            defaults["teaser"] = french_paragraphs(max_sentences=2)
        defaults["teaser_truncated"] = st.just(truncated)
    values = _fill(draw, defaults, overrides, RelatedLink)
    if "teaser_truncated" not in values:
        values["teaser_truncated"] = values["teaser"] is not None and draw(st.booleans())
    if values["teaser_truncated"] is True and "teaser" not in overrides:
        values["teaser"] = _cut(draw, values["teaser"])
    return RelatedLink(**values)


def _cut(draw: st.DrawFn, text: str) -> str:
    """*text* cut as sites cut teasers: after a word or inside one, with no sentence end."""
    words = text.split(" ")  # drawn from the end, so that examples shrink to the whole text
    kept = len(words) - draw(st.integers(0, len(words) - 1))
    last = words[kept - 1]
    words[kept - 1] = last[: len(last) - draw(st.integers(0, len(last) - 1))]
    return " ".join(words[:kept]).rstrip(".…!?,;:«\u00a0\u202f ") or words[0]


@st.composite
def articles(draw: st.DrawFn, /, **overrides: st.SearchStrategy[Any]) -> Article:
    """Articles: kicker or not, standfirst or not, several paragraphs, zones and authors.

    *headline* and *kicker* are drawn together: the headline begins with the kicker, also when
    only the kicker is overridden; when only the headline is, the kicker is None. *published*
    and *updated* are drawn together too: *updated*, when drawn, is a later instant (up to 30
    days), and when only *updated* is overridden, *published* is drawn before it. *tags* are
    distinct; *authors* and *related* may repeat a value, as pages sometimes do.

    Args:
        **overrides: a strategy for any field of :class:`~newsmodel.Article`.

    Returns:
        A strategy of valid :class:`~newsmodel.Article` values.

    Raises:
        TypeError: an override names no field of the class, or is not a strategy (when
            drawn).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None)
    ... @given(articles())
    ... def check(article):
    ...     assert article.kicker is None or article.headline.startswith(article.kicker)
    >>> check()
    """
    _check(overrides, Article)
    if "kicker" in overrides:
        kicker = draw(overrides.pop("kicker"))
    elif "headline" in overrides:
        kicker = None  # nothing to tell which part of a given headline is its kicker
    else:
        kicker = draw(_optional(st.sampled_from(_KICKERS)))
    if "headline" in overrides:
        headline = draw(overrides.pop("headline"))
    else:
        rest = draw(french_sentences(max_words=12)).rstrip(".…!? \u202f")
        headline = f"{kicker}\u00a0: {rest}" if kicker else rest
    minutes = st.integers(1, 60 * 24 * 30)
    if "updated" in overrides and "published" not in overrides:
        updated = draw(overrides.pop("updated"))
        published = _later(updated, -draw(minutes))
        if published is None:  # updated is None, not aware (the model names it) or in year 1
            aware = isinstance(updated, datetime) and updated.utcoffset() is not None
            published = updated if aware else draw(aware_datetimes())
        overrides["updated"] = st.just(updated)
    else:
        published = draw(overrides.pop("published", aware_datetimes()))
    defaults: dict[str, st.SearchStrategy[Any]] = {
        "standfirst": _optional(french_paragraphs(max_sentences=2)),
        "body": st.lists(french_paragraphs(), min_size=1, max_size=6).map(tuple),
        "updated": _optional(minutes.map(lambda m: _later(published, m))),
        "authors": st.lists(authors(), max_size=3).map(tuple),
        "related": st.lists(related_links(), max_size=4).map(tuple),
        "url": _optional(urls()),
        "section": _optional(st.sampled_from(_SECTIONS)),
        "tags": st.lists(french_words(), max_size=4, unique=True).map(tuple),
        "language": st.sampled_from(("fr", "fr", "fr-ML", "fr-SN", "fr-CA")),
        "comments": _optional(st.sampled_from(Comments)),
    }
    values = _fill(draw, defaults, overrides, Article)
    return Article(headline=headline, kicker=kicker, published=published, **values)


@st.composite
def pages(draw: st.DrawFn, /, **overrides: st.SearchStrategy[Any]) -> Page:
    """Pages: an article and the author's other articles.

    Args:
        **overrides: a strategy for ``article`` or ``author_articles``.

    Returns:
        A strategy of valid :class:`~newsmodel.Page` values.

    Raises:
        TypeError: an override names no field of the class, or is not a strategy (when
            drawn).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(pages())
    ... def check(page):
    ...     assert all(link.title for link in page.author_articles)
    >>> check()
    """
    defaults: dict[str, st.SearchStrategy[Any]] = {
        "article": articles(),
        "author_articles": st.lists(related_links(), max_size=4).map(tuple),
    }
    return Page(**_fill(draw, defaults, overrides, Page))


def _sloppy_cp1252(data: bytes) -> str:
    # Windows-1252 as browsers read it: its five unassigned bytes read as Latin-1.
    return "".join(
        bytes([b]).decode("cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        else chr(b)
        for b in data
    )


@st.composite
def mojibake_pairs(
    draw: st.DrawFn, texts: st.SearchStrategy[str] | None = None
) -> tuple[str, str]:
    """Pairs ``(clean, broken)``: French text and its mis-decoded form.

    The broken form is the UTF-8 bytes of the clean text read as Windows-1252 or Latin-1,
    once or twice; only the texts that change are drawn.

    Args:
        texts: the clean texts to break (French paragraphs when None).

    Returns:
        A strategy of ``(clean, broken)`` pairs with ``clean != broken``.

    Raises:
        Nothing.

    >>> from hypothesis import find
    >>> find(mojibake_pairs(), lambda pair: "é" in pair[0])[1].count("Ã") > 0
    True
    """
    source = texts if texts is not None else french_paragraphs()
    clean = draw(source.filter(lambda t: not t.isascii()))
    data = clean.encode("utf-8")
    broken = _sloppy_cp1252(data) if draw(st.booleans()) else data.decode("latin-1")
    if draw(st.integers(0, 4)) == 0:
        broken = _sloppy_cp1252(broken.encode("utf-8"))
    return clean, broken


# --- dates

_DATE_LOCALES = ("fr", "fr_BE", "fr_CA", "fr_CH", "fr_CI", "fr_ML", "fr_SN")
_DATE_SPACES = ("  ", "\u00a0", "\u202f", "\u2009", "\n", "\t ")


@st.composite
def french_date_texts(
    draw: st.DrawFn,
    /,
    min_value: datetime = datetime(1800, 1, 1),
    max_value: datetime = datetime(2200, 12, 31, 23, 59),
) -> tuple[str, Any]:
    """Pairs ``(text, value)``: a date or naive minute-precise datetime and a French print of it.

    The text is :func:`newsmodel.dates.format_date` in a style that carries the whole value
    (``full``, ``byline``, ``short``, ``iso``, and ``long`` for dates) and one of the French
    locales, then perhaps upper-cased, stripped of its accents, decomposed (NFD), spaced with
    no-break spaces, tabs and line breaks, or mis-decoded (mojibake). ``parse_date(text)``
    must give back ``value``.

    Args:
        min_value: the earliest value drawn.
        max_value: the latest value drawn.

    Returns:
        A strategy of ``(text, value)`` pairs.

    Raises:
        Nothing.

    >>> from hypothesis import find
    >>> from newsmodel.dates import parse_date
    >>> text, value = find(french_date_texts(), lambda pair: "à" in pair[0])
    >>> parse_date(text) == value
    True
    """
    from newsmodel.dates import format_date

    moment = draw(st.datetimes(min_value=min_value, max_value=max_value))
    value: Any = moment.date()
    styles = ["full", "byline", "short", "iso"]
    if draw(st.booleans()):
        value = moment.replace(second=0, microsecond=0)
    else:
        styles.append("long")
    text = format_date(value, draw(st.sampled_from(styles)),
                       locale=draw(st.sampled_from(_DATE_LOCALES)))
    variant = draw(st.sampled_from(("as is", "upper", "no accents", "nfd", "spaces", "mojibake")))
    if variant == "upper":
        text = text.upper()
    elif variant == "no accents":
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
    elif variant == "nfd":
        text = unicodedata.normalize("NFD", text)
    elif variant == "spaces":
        text = " ".join(part + draw(st.sampled_from(_DATE_SPACES)) if part else part
                        for part in text.split(" "))
    elif variant == "mojibake" and not text.isascii():
        data = text.encode("utf-8")
        text = _sloppy_cp1252(data) if draw(st.booleans()) else data.decode("latin-1")
    return text, value


# --- repair


@st.composite
def truncated_mojibake(
    draw: st.DrawFn, texts: st.SearchStrategy[str] | None = None
) -> tuple[str, str, str]:
    """Triples ``(full, expected, broken)``: a teaser cut by bytes inside a character.

    *full* is a clean French text; its UTF-8 bytes are cut strictly inside one of its
    multi-byte characters and read as Windows-1252 or Latin-1, either wholly (mojibake
    throughout) or only the leftover bytes (the rest decoded right, as on real pages); a
    truncation marker ("", ".", "..", "...", "…") may follow. *expected* is the clean text up to
    and including the cut character, with the same marker: what a repair given *full* as
    context should return.

    Args:
        texts: the clean texts to cut (French paragraphs when None).

    Returns:
        A strategy of ``(full, expected, broken)`` triples.

    Raises:
        Nothing.

    >>> from hypothesis import given, settings
    >>> from newsmodel.repair import repair_text
    >>> @settings(max_examples=10, database=None)
    ... @given(truncated_mojibake())
    ... def check(case):
    ...     full, expected, broken = case
    ...     assert repair_text(broken, context=full) == expected
    >>> check()
    """
    source = texts if texts is not None else french_paragraphs()
    full = draw(source.filter(lambda t: not t.isascii()))
    wide = [i for i, ch in enumerate(full) if ord(ch) > 0x7F]
    index = draw(st.sampled_from(wide))
    head = full[:index].encode("utf-8")
    char = full[index].encode("utf-8")
    kept = draw(st.integers(1, len(char) - 1))
    marker = draw(st.sampled_from(("", ".", "..", "...", "…")))
    latin1 = draw(st.booleans())

    def read(data: bytes) -> str:
        return data.decode("latin-1") if latin1 else _sloppy_cp1252(data)

    shown = read(head) if draw(st.booleans()) else full[:index]
    return full, full[: index + 1] + marker, shown + read(char[:kept]) + marker
