"""schema.org JSON-LD: an Article as a ``NewsArticle``, and back from what news sites publish."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any, TypeVar

from newsmodel._zones import iana_zone
from newsmodel.errors import SerialisationError, ValidationError, short_repr
from newsmodel.models import Article, Author, RelatedLink
from newsmodel.serialise import _common
from newsmodel.serialise._common import Problem, child, describe, format_datetime, zone_for

T = TypeVar("T")

CONTEXT = "https://schema.org"
#: schema.org types read as articles by :func:`from_jsonld` (Article and its subtypes).
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
    "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle",
    "ReviewNewsArticle", "Report", "ScholarlyArticle", "SatiricalArticle", "BlogPosting",
    "LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting", "TechArticle",
})
_PREFIX = re.compile(r"^(?:https?://schema\.org/|schema:)")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
# Runs of line breaks and tabs in text meant to be one line.
_BREAKS = re.compile(r"[\t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")
_ISO = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?"
    r"(?:([Zz])|([+-])([0-9]{2}):?([0-9]{2})?)?)?"
)
_SCRIPT_ESCAPES = str.maketrans({
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029",
})
_NO_TEXTS: tuple[str, ...] = ()
# Nodes searched for the article at most (cyclic Python data must not loop forever).
_MAX_NODES = 1_000_000
# Where each Article field lives in the JSON-LD, for error paths.
_PROPERTY_OF = {
    "headline": "headline", "kicker": "alternativeHeadline", "standfirst": "description",
    "body": "articleBody", "published": "datePublished", "updated": "dateModified",
    "authors": "author", "related": "relatedLink", "url": "url",
    "section": "articleSection", "tags": "keywords", "language": "inLanguage",
}


# --- writing -----------------------------------------------------------------------------------


def _person(author: Author) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": author.name}
    if author.url is not None:
        person["url"] = author.url
    given, family = author.given_name, author.family_name
    if given:
        person["givenName"] = given
    if family:
        person["familyName"] = family
    if author.role is not None:
        person["jobTitle"] = author.role
    return person


def to_jsonld(article: Article) -> dict[str, Any]:
    """Describe an article as a schema.org ``NewsArticle`` (JSON-LD).

    Mapping: ``headline``; the kicker as ``alternativeHeadline``; the standfirst as
    ``description``; the body as ``articleBody`` (paragraphs separated by a blank line);
    ``datePublished``/``dateModified`` in RFC 3339; ``inLanguage``; authors as ``Person``
    objects (``name``, ``url``, ``givenName``/``familyName`` when the byline shows them,
    ``jobTitle`` for the role); ``url``; ``articleSection``; tags as ``keywords``;
    ``wordCount``; and ``mainEntityOfPage``, a ``WebPage`` identified by the URL carrying
    the related links' URLs as ``relatedLink`` (a property of WebPage, not of NewsArticle).
    schema.org has no place for related links' titles and teasers, for links without a URL,
    or for whether comments are open; those are not written.

    Args:
        article: the article.

    Returns:
        A new JSON-LD dictionary with ``@context`` ``https://schema.org``.

    Raises:
        SerialisationError: *article* is not an :class:`~newsmodel.Article`, or holds a
            datetime RFC 3339 cannot write (an offset with seconds, the same instant in UTC
            outside years 1 to 9999), named by its path (``$.published``).

    >>> from datetime import datetime, timezone
    >>> from newsmodel import Article, Author
    >>> doc = to_jsonld(Article(
    ...     headline="Mali-Russie : un entretien", kicker="Mali-Russie",
    ...     published=datetime(2023, 10, 11, 5, 4, tzinfo=timezone.utc),
    ...     authors=[Author(name="Souleymane SIDIBE")]))
    >>> doc["@type"], doc["alternativeHeadline"], doc["datePublished"]
    ('NewsArticle', 'Mali-Russie', '2023-10-11T05:04:00+00:00')
    >>> doc["author"]
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'@type': 'Person', 'name': 'Souleymane SIDIBE', 'givenName': 'Souleymane',
      'familyName': 'SIDIBE'}]
    """
    if not isinstance(article, Article):
        raise SerialisationError([("$", f"expected an Article, got {describe(article)}")])
    doc: dict[str, Any] = {"@context": CONTEXT, "@type": "NewsArticle"}
    doc["headline"] = article.headline
    if article.kicker is not None:
        doc["alternativeHeadline"] = article.kicker
    if article.standfirst is not None:
        doc["description"] = article.standfirst
    if article.body:
        doc["articleBody"] = "\n\n".join(article.body)
    try:
        doc["datePublished"] = format_datetime(article.published)
        if article.updated is not None:
            doc["dateModified"] = format_datetime(article.updated)
    except _common.UnwritableDatetimeError as exc:  # only these two datetimes are written
        found = [problem for name in ("published", "updated") for problem in
                 _common.unwritable_datetimes(getattr(article, name), child("$", name))]
        raise SerialisationError(found or exc.problems) from None
    doc["inLanguage"] = article.language
    if article.authors:
        doc["author"] = [_person(a) for a in article.authors]
    if article.url is not None:
        doc["url"] = article.url
    if article.section is not None:
        doc["articleSection"] = article.section
    if article.tags:
        doc["keywords"] = list(article.tags)
    doc["wordCount"] = article.word_count
    links = [r.url for r in article.related if r.url is not None]
    if article.url is not None or links:
        page: dict[str, Any] = {"@type": "WebPage"}
        if article.url is not None:
            page["@id"] = article.url
        if links:
            page["relatedLink"] = links
        doc["mainEntityOfPage"] = page
    return doc


def jsonld_script(article: Article) -> str:
    """Return a ``<script type="application/ld+json">`` block for an HTML page.

    The JSON is that of :func:`to_jsonld`, with ``<``, ``>``, ``&``, U+2028 and U+2029
    written as ``\\u`` escapes, so no text in the article can end the script element or open
    an HTML comment; JSON parsers read the escapes back as the same characters.

    Args:
        article: the article.

    Returns:
        The script element, one line.

    Raises:
        SerialisationError: as :func:`to_jsonld`.

    >>> from datetime import datetime, timezone
    >>> from newsmodel import Article
    >>> script = jsonld_script(Article(headline="Fin du </script> & <!-- ici",
    ...     published=datetime(2023, 10, 11, 5, 4, tzinfo=timezone.utc)))
    >>> script[:60]
    '<script type="application/ld+json">{"@context":"https://sche'
    >>> "</script>" in script[:-9], "\\\\u003c/script\\\\u003e \\\\u0026 \\\\u003c!--" in script
    (False, True)
    """
    text = _common.encode(to_jsonld(article), None).translate(_SCRIPT_ESCAPES)
    return f'<script type="application/ld+json">{text}</script>'


# --- reading -----------------------------------------------------------------------------------


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {_PREFIX.sub("", v) for v in values if isinstance(v, str)}


def _find_article(data: Any) -> tuple[dict[str, Any], str]:
    """The first node typed as an article, breadth first, with its path."""
    queue: deque[tuple[Any, str]] = deque([(data, "$")])
    seen = 0
    while queue and seen < _MAX_NODES:
        node, path = queue.popleft()
        seen += 1
        if isinstance(node, list):
            queue.extend((item, child(path, i)) for i, item in enumerate(node))
        elif isinstance(node, dict):
            if _types(node) & ARTICLE_TYPES:
                return node, path
            graph = node.get("@graph")
            if isinstance(graph, list):
                where = child(path, "@graph")
                queue.extend((item, child(where, i)) for i, item in enumerate(graph))
            elif isinstance(graph, dict):  # JSON-LD 1.1: a graph of one node
                queue.append((graph, child(path, "@graph")))
    raise SerialisationError(
        [("$", "no schema.org Article or NewsArticle found (looked in the object, the list"
               " and @graph)")]
    )


def _zone(tz: str | tzinfo | None) -> tzinfo | None:
    if tz is None or isinstance(tz, tzinfo):
        return tz
    zone = iana_zone(tz)
    if zone is None:
        problem = ("$", f"unknown time zone {short_repr(tz)} (argument tz)")
        raise SerialisationError([problem])
    return zone


def _parse_date(value: object, zone: tzinfo | None) -> datetime:
    if not isinstance(value, str):
        raise Problem(f"expected an ISO 8601 date-time string, got {describe(value)}")
    match = _ISO.fullmatch(value.strip())
    if match is None:
        raise Problem(f"expected an ISO 8601 date-time, got {short_repr(value)}")
    year, month, day, hour, minute, second, fraction, utc, sign, off_h, off_m = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    if utc is not None or sign is not None:
        minutes = 0 if utc else int(off_h) * 60 + int(off_m or 0)
        if not utc and (int(off_h) > 23 or int(off_m or 0) > 59):
            raise Problem(f"offset out of range in {short_repr(value)}")
        zone_here: tzinfo | None = zone_for(-minutes if sign == "-" else minutes)
    else:
        zone_here = zone
        if zone_here is None:
            raise Problem(
                f"datetime without an offset, {short_repr(value)}: pass a default zone,"
                " such as tz='Africa/Bamako'"
            )
    try:
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0),
            int(second or 0), micro, tzinfo=zone_here,
        )
    except ValueError as exc:
        raise Problem(f"{exc} in {short_repr(value)}") from None


def _line(value: str) -> str:
    return _BREAKS.sub(" ", value).strip()


def _text(value: object) -> str:
    if isinstance(value, list) and value and isinstance(value[0], str):
        value = value[0]
    if not isinstance(value, str):
        raise Problem(f"expected text, got {describe(value)}")
    return _line(value)


def _optional_text(value: object) -> str | None:
    """Optional one-line text: empty or blank text, as sites often publish, is absent."""
    return _text(value) or None


def _is_link(value: object) -> bool:
    return isinstance(value, str) and (
        value.lower().startswith(("http://", "https://"))
        or (value.startswith("/") and not value.startswith("//"))
    )


def _link_of(value: object) -> str | None:
    if isinstance(value, dict):
        for key in ("url", "@id"):
            if _is_link(value.get(key)):
                return str(value[key]).strip()
        return None
    return value.strip() if isinstance(value, str) and _is_link(value) else None


class _Reader:
    """Collects problems while reading one node."""

    def __init__(self, node: dict[str, Any], path: str) -> None:
        self.node = node
        self.path = path
        self.problems: list[tuple[str, str]] = []

    def get(self, key: str, read: Callable[[Any], T], default: T) -> T:
        if key not in self.node or self.node[key] is None:
            return default
        try:
            return read(self.node[key])
        except Problem as exc:
            self.problems.append((child(self.path, key), exc.message))
        except ValidationError as exc:
            message = f"{exc.reason}, got {describe(exc.value)}"
            self.problems.append((child(self.path, key), message))
        return default


class _Nodes:
    """The document's nodes by ``@id``, for references such as ``"author": {"@id": …}``
    (as WordPress SEO plugins write them); indexed on first use, at most _MAX_NODES nodes."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.by_id: dict[str, dict[str, Any]] | None = None

    def resolve(self, item: dict[str, Any]) -> dict[str, Any]:
        """*item* completed by the node its ``@id`` names, when *item* is only a reference."""
        ref = item.get("@id")
        if not isinstance(ref, str) or any(k in item for k in _PERSON_NAME_KEYS):
            return item
        if self.by_id is None:
            self.by_id = {}
            stack: list[Any] = [self.data]
            seen = 0
            while stack and seen < _MAX_NODES:
                node = stack.pop()
                seen += 1
                if isinstance(node, list):
                    stack.extend(reversed(node))
                elif isinstance(node, dict):
                    key = node.get("@id")
                    if isinstance(key, str) and any(k in node for k in _PERSON_NAME_KEYS):
                        self.by_id.setdefault(key, node)
                    stack.extend(v for v in reversed(node.values())
                                 if isinstance(v, (list, dict)))
        target = self.by_id.get(ref)
        return item if target is None else {**target, **item}


_PERSON_NAME_KEYS = ("name", "givenName", "familyName")


def _authors(value: object, path: str, problems: list[tuple[str, str]],
             nodes: _Nodes) -> tuple[Author, ...]:
    items = value if isinstance(value, list) else [value]
    result = []
    for i, item in enumerate(items):
        where = child(path, i) if isinstance(value, list) else path
        try:
            if isinstance(item, str):
                result.append(Author(name=_line(item)))
                continue
            if not isinstance(item, dict):
                raise Problem(f"expected a name or a Person, got {describe(item)}")
            item = nodes.resolve(item)
            if "@id" in item and not any(k in item for k in _PERSON_NAME_KEYS):
                raise Problem(f"the reference {describe(item['@id'])} names no node of the"
                              " document with a name")
            name = item.get("name")
            if name is None:
                parts = [item.get("givenName"), item.get("familyName")]
                name = " ".join(p for p in parts if isinstance(p, str))
            url = _link_of(item.get("url")) if item.get("url") is not None else None
            role = item.get("jobTitle")
            result.append(Author(
                name=_text(name), url=url,
                role=_optional_text(role) if isinstance(role, (str, list)) else None,
            ))
        except Problem as exc:
            problems.append((where, exc.message))
        except ValidationError as exc:  # named by the JSON-LD key (a plain name is the item)
            key = {"name": "name", "url": "url", "role": "jobTitle"}[exc.field]
            at = child(where, key) if isinstance(item, dict) else where
            problems.append((at, f"{exc.reason}, got {describe(exc.value)}"))
    return tuple(result)


def _related(value: object, path: str, problems: list[tuple[str, str]]) -> list[RelatedLink]:
    items = value if isinstance(value, list) else [value]
    result = []
    for i, item in enumerate(items):
        url = _link_of(item)
        if url is None:
            continue  # an identifier such as urn:..., not a link
        title: object = url
        if isinstance(item, dict):
            title = item.get("headline") or item.get("name") or url
        try:
            result.append(RelatedLink(title=_text(title), url=url))
        except (Problem, ValidationError) as exc:
            where = child(path, i) if isinstance(value, list) else path
            message = exc.message if isinstance(exc, Problem) else f"{exc.reason}"
            problems.append((where, message))
    return result


def _keywords(value: object) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Problem(f"expected text or a list of text, got {describe(value)}")
    result: dict[str, None] = {}  # ordered, and linear where a list was quadratic
    for item in items:
        if not isinstance(item, str):
            raise Problem(f"expected text, got {describe(item)}")
        word = _line(item)
        if word:
            result[word] = None
    return tuple(result)


def _language(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("alternateName", value.get("name"))
    return _text(value)


def _body(value: object) -> tuple[str, ...]:
    if not isinstance(value, str):
        raise Problem(f"expected text, got {describe(value)}")
    return tuple(p for p in (_line(x) for x in _LINE_BREAKS.split(value)) if p)


def from_jsonld(data: Any, *, tz: str | tzinfo | None = None) -> Article:
    """Read an article from schema.org JSON-LD as news sites publish it.

    *data* may be one object, a list of objects, or an object with an ``@graph`` (an array,
    or one node); the first node typed ``NewsArticle``, ``Article`` or another Article
    subtype is read. A str or
    bytes is parsed as JSON first. ``author`` may be a name, a ``Person`` (or
    ``Organization``) object, or a list of them. Dates may carry an offset or not; those
    without one are read in *tz*. An author given as a reference (``{"@id": …}``, as
    WordPress SEO plugins write it) is read from the node of the document with that
    ``@id``. Line breaks and tabs in single-line text become one
    space; blank optional text (``description``, ``alternativeHeadline``,
    ``articleSection``, ``jobTitle``) is absent; ``articleBody`` is split into paragraphs at
    line breaks. The related links
    of ``mainEntityOfPage.relatedLink`` (or ``relatedLink``) that are http(s) or
    site-relative URLs are kept, with the URL as their title when none is given; other
    identifiers (``urn:...``) are not links and are skipped. Properties that have no
    newsmodel field are ignored; ``inLanguage``, when absent, defaults to ``"fr"``.

    Args:
        data: the JSON-LD (parsed, or as JSON text).
        tz: the zone of dates written without an offset: an IANA name such as
            ``"Africa/Bamako"`` or a :class:`~datetime.tzinfo`.

    Returns:
        The article.

    Raises:
        SerialisationError: no article node, a required property missing (``headline``,
            ``datePublished``), a value that cannot be read or that the models refuse;
            every problem with the JSON path in *data* of the value at fault.

    >>> article = from_jsonld({
    ...     "@context": "https://schema.org", "@type": "NewsArticle",
    ...     "headline": "Mali-Russie : un entretien", "datePublished": "2023-10-11T05:04",
    ...     "author": "Souleymane SIDIBE"}, tz="Africa/Bamako")
    >>> article.published.isoformat(), article.authors[0].name
    ('2023-10-11T05:04:00+00:00', 'Souleymane SIDIBE')
    >>> try:
    ...     from_jsonld({"@type": "NewsArticle", "headline": "Titre",
    ...                  "datePublished": "2023-10-11T05:04"})
    ... except SerialisationError as exc:
    ...     print(exc.problems[0][0])
    $.datePublished
    """
    if isinstance(data, (str, bytes, bytearray, memoryview)):
        data = _common.decode(data, _common.ORJSON)
    zone = _zone(tz)
    node, path = _find_article(data)
    read = _Reader(node, path)
    problems = read.problems

    headline, headline_key = read.get("headline", _text, ""), "headline"
    if not headline and node.get("name") is not None:
        headline, headline_key = read.get("name", _text, ""), "name"
    if node.get("headline") is None and node.get("name") is None:
        problems.append((child(path, "headline"), "required property is missing"))
    if node.get("datePublished") is None:
        problems.append((child(path, "datePublished"), "required property is missing"))
    published = read.get("datePublished", lambda v: _parse_date(v, zone), None)
    fields: dict[str, Any] = {
        "kicker": read.get("alternativeHeadline", _optional_text, None),
        "standfirst": read.get("description", _optional_text, None),
        "body": read.get("articleBody", _body, _NO_TEXTS),
        "updated": read.get("dateModified", lambda v: _parse_date(v, zone), None),
        "section": read.get("articleSection", _optional_text, None),
        "tags": read.get("keywords", _keywords, _NO_TEXTS),
        "language": read.get("inLanguage", _language, "fr"),
    }
    if node.get("author") is not None:
        fields["authors"] = _authors(node["author"], child(path, "author"), problems,
                                     _Nodes(data))
    page = node.get("mainEntityOfPage")
    url = _link_of(node.get("url")) if node.get("url") is not None else None
    url_key = "url"  # where the URL came from, to name it if the models refuse it
    if url is None and isinstance(page, dict):
        url_key = "mainEntityOfPage." + ("url" if _is_link(page.get("url")) else "@id")
    elif url is None and isinstance(page, str):
        url_key = "mainEntityOfPage"
    fields["url"] = url if url is not None else _link_of(page)
    related: list[RelatedLink] = []
    if node.get("relatedLink") is not None:
        related += _related(node["relatedLink"], child(path, "relatedLink"), problems)
    if isinstance(page, dict) and page.get("relatedLink") is not None:
        where = child(child(path, "mainEntityOfPage"), "relatedLink")
        related += _related(page["relatedLink"], where, problems)
    fields["related"] = related
    if problems or published is None:
        raise SerialisationError(problems)
    try:
        return Article(headline=headline, published=published, **fields)
    except ValidationError as exc:
        name = exc.field.partition("[")[0]
        keys = {**_PROPERTY_OF, "headline": headline_key, "url": url_key}.get(name, name)
        where = path
        for key in keys.split("."):
            where = child(where, key)
        raise SerialisationError(
            [(where, f"{exc.reason}, got {describe(exc.value)}")]
        ) from None
