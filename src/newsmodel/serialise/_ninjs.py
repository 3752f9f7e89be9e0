"""IPTC ninjs 3.1 (and 2.2): an Article as a news item in JSON, and back."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from newsmodel.errors import SerialisationError, ValidationError
from newsmodel.models import _WORD, Article, Author, RelatedLink
from newsmodel.serialise import _common
from newsmodel.serialise._common import Problem, child, describe, format_datetime, parse_datetime

VERSIONS = ("3.1", "2.2")
_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_{}.json#"
# Keys that 2.x writes in lower case.
_KEYS_2 = {
    "representationType": "representationtype", "firstCreated": "firstcreated",
    "versionCreated": "versioncreated", "contentType": "contenttype",
    "charCount": "charcount", "wordCount": "wordcount", "infoSources": "infosources",
    "altIds": "altids", "contactInfo": "contactinfo",
}
# An absolute http(s) URL that is also an RFC 3986 URI, so it may stand as a ninjs "uri".
_URI = re.compile(
    r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?"
    r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?"
    r"(?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?"
    r"(?:#[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?"
)
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Any absolute RFC 3986 URI (urn:, tag:, http:...), IP-literal hosts aside: the uri argument.
_ABSOLUTE_URI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*:"
    r"(?://(?:[A-Za-z0-9._~!$&'()*+,;=:%-]*@)?[A-Za-z0-9._~!$&'()*+,;=%-]*(?::[0-9]*)?"
    r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?"
    r"|(?!//)[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)"
    r"(?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?"
    r"(?:#[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?"
)
_URN = "urn:newsmodel:"
_TEXT = "text/plain"
_NEEDS_TIME = "required: newsmodel needs the publication time"
_TEASER, _CUT_TEASER = "teaser", "teaser-truncated"


def _uri_or_none(url: str | None) -> str | None:
    """*url* when it can be a ninjs ``uri`` as it is, else None."""
    if url is not None and _URI.fullmatch(url) and not _BAD_PERCENT.search(url):
        return url
    return None


def _urn(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{_URN}{digest}"


def _identify(item: dict[str, Any], url: str | None, *key: str) -> None:
    """Set ``uri`` (the URL when it is a URI) and keep any other URL in ``altIds``."""
    uri = _uri_or_none(url)
    item["uri"] = uri if uri is not None else _urn(*key)
    if url is not None and uri is None:
        item["altIds"] = [{"role": "url", "value": url}]


def _people(authors: tuple[Author, ...]) -> dict[str, Any]:
    people = []
    sources = []
    for author in authors:
        person: dict[str, Any] = {"name": author.name, "rel": "author"}
        uri = _uri_or_none(author.url)
        if uri is not None:
            person["uri"] = uri
        if author.url is not None:
            person["contactInfo"] = [{"type": "web", "value": author.url}]
        people.append(person)
        source: dict[str, Any] = {"name": author.name}
        if author.role is not None:
            source["role"] = author.role
        sources.append(source)
    return {"by": ", ".join(a.name for a in authors), "people": people, "infoSources": sources}


def _association(link: RelatedLink, index: int) -> dict[str, Any]:
    item: dict[str, Any] = {"name": f"related-{index}", "rel": "related"}
    _identify(item, link.url, "related", link.title, link.url or "",
              format_datetime(link.published) if link.published else "")
    item.update({"type": "text", "representationType": "partial",
                 "headlines": [{"role": "main", "value": link.title}]})
    descriptions = []
    if link.teaser is not None:
        role = _CUT_TEASER if link.teaser_truncated else _TEASER
        descriptions.append({"role": role, "value": link.teaser})
    if link.label is not None:
        descriptions.append({"role": "label", "value": link.label})
    if descriptions:
        item["descriptions"] = descriptions
    if link.published is not None:
        item["firstCreated"] = format_datetime(link.published)
    if link.author is not None:
        item.update(_people((link.author,)))
    return item


def _lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {_KEYS_2.get(k, k): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def to_ninjs(article: Article, *, version: str = "3.1", uri: str | None = None) -> dict[str, Any]:
    """Describe an article as an IPTC ninjs news item (3.1 by default, or 2.2).

    Mapping: ``headlines`` (role ``main``, and ``kicker`` when there is one),
    ``descriptions`` (the standfirst, role ``summary``), ``bodies`` (the paragraphs as
    text/plain separated by a blank line, with ``charCount`` and ``wordCount``),
    ``firstCreated`` (published), ``versionCreated`` (updated, when set), ``language``,
    ``by`` plus ``people`` (rel ``author``) and ``infoSources`` (with the author's role),
    the section and tags as ``subjects`` (rel ``section`` and ``tag``), and related links
    as ``associations`` (``name`` ``related-1``..., a ``uri``, the title as headline, the
    teaser and the block's label as descriptions, the linked article's author and date).
    ninjs has no place for whether comments are open; that is not written.

    Every ninjs object needs an absolute ``uri``: the article's URL when it is one, else
    *uri*, else a stable ``urn:newsmodel:<hash>``; a URL that cannot be the ``uri`` (a
    site-relative path) travels in ``altIds`` with role ``url``.

    Args:
        article: the article.
        version: ``"3.1"`` (camelCase keys) or ``"2.2"`` (lower-case keys, no ``rel`` on
            associations).
        uri: the ``uri`` to use when the article's URL cannot serve as one.

    Returns:
        A new ninjs dictionary, valid against the official IPTC schema of *version*.

    Raises:
        SerialisationError: *article* is not an Article, *version* is unknown, *uri* is not
            an absolute URI (``urn:...``, ``https://...``), or the article holds a datetime
            RFC 3339 cannot write (an offset with seconds, the same instant in UTC outside
            years 1 to 9999), named by its path.

    >>> from datetime import datetime, timezone
    >>> from newsmodel import Article
    >>> item = to_ninjs(Article(headline="Mali-Russie : un entretien", kicker="Mali-Russie",
    ...     url="https://www.example.ml/politique/entretien",
    ...     published=datetime(2023, 10, 11, 5, 4, tzinfo=timezone.utc)))
    >>> item["uri"], item["firstCreated"]
    ('https://www.example.ml/politique/entretien', '2023-10-11T05:04:00+00:00')
    >>> [h["role"] for h in item["headlines"]]
    ['main', 'kicker']
    """
    if not isinstance(article, Article):
        raise SerialisationError([("$", f"expected an Article, got {describe(article)}")])
    if version not in VERSIONS:
        raise SerialisationError(
            [("$", f"unknown ninjs version {describe(version)}; expected one of {VERSIONS}")]
        )
    if uri is not None and (
        not isinstance(uri, str) or not _ABSOLUTE_URI.fullmatch(uri) or _BAD_PERCENT.search(uri)
    ):
        raise SerialisationError(
            [("$", f"argument uri: expected an absolute URI like 'urn:x:1', got {describe(uri)}")]
        )
    try:
        return _item(article, version, uri)
    except _common.UnwritableDatetimeError as exc:
        raise _common.relocate(exc, article) from None


def _item(article: Article, version: str, uri: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if uri is not None and _uri_or_none(article.url) is None:
        item["uri"] = uri
        if article.url is not None:
            item["altIds"] = [{"role": "url", "value": article.url}]
    else:
        _identify(item, article.url, "article", article.headline,
                  format_datetime(article.published))
    item.update({
        "standard": {"name": "ninjs", "version": version, "schema": _SCHEMA.format(version)},
        "type": "text",
        "representationType": "full",
        "language": article.language,
        "firstCreated": format_datetime(article.published),
    })
    if article.updated is not None:
        item["versionCreated"] = format_datetime(article.updated)
    headlines = [{"role": "main", "contentType": _TEXT, "value": article.headline}]
    if article.kicker is not None:
        headlines.append({"role": "kicker", "contentType": _TEXT, "value": article.kicker})
    item["headlines"] = headlines
    if article.standfirst is not None:
        item["descriptions"] = [
            {"role": "summary", "contentType": _TEXT, "value": article.standfirst}
        ]
    if article.body:
        text = "\n\n".join(article.body)
        item["bodies"] = [{
            "role": "main", "contentType": _TEXT, "value": text, "charCount": len(text),
            "wordCount": sum(1 for _ in _WORD.finditer(text)),
        }]
    if article.authors:
        item.update(_people(article.authors))
    subjects = []
    if article.section is not None:
        subjects.append({"name": article.section, "rel": "section"})
    subjects += [{"name": tag, "rel": "tag"} for tag in article.tags]
    if subjects:
        item["subjects"] = subjects
    if article.related:
        item["associations"] = [_association(r, i) for i, r in enumerate(article.related, 1)]
    if version == "2.2":
        item = _lower_keys(item)
        for association in item.get("associations", ()):
            del association["rel"]
    return item


# --- reading -----------------------------------------------------------------------------------


class _Node:
    """A ninjs object being read: keys in either case, problems collected with paths."""

    def __init__(self, data: object, path: str, problems: list[tuple[str, str]]) -> None:
        if not isinstance(data, dict):
            problems.append((path, f"expected an object, got {describe(data)}"))
            data = {}
        self.data: dict[str, Any] = data
        self.path = path
        self.problems = problems

    def key(self, name: str) -> str:
        lower = _KEYS_2.get(name, name)
        return name if name in self.data or lower not in self.data else lower

    def raw(self, name: str) -> Any:
        return self.data.get(self.key(name))

    def where(self, name: str) -> str:
        return child(self.path, self.key(name))

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problems.append((self.where(name), f"expected a string, got {describe(value)}"))
            return None
        return value

    def date(self, name: str) -> Any:
        value = self.raw(name)
        if value is None:
            return None
        try:
            return parse_datetime(value)
        except Problem as exc:
            self.problems.append((self.where(name), exc.message))
            return None

    def items(self, name: str) -> list[_Node]:
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append((self.where(name), f"expected an array, got {describe(value)}"))
            return []
        return [_Node(v, child(self.where(name), i), self.problems) for i, v in enumerate(value)]

    def role_value(self, name: str, role: str) -> str | None:
        return self.role_value_at(name, role)[0]

    def role_value_at(self, name: str, role: str) -> tuple[str | None, str]:
        """The value of the first entry of *name* with *role*, and the path of that value."""
        for entry in self.items(name):
            if entry.raw("role") == role:
                return entry.text("value"), entry.where("value")
        return None, self.where(name)

    def first_value_at(self, name: str, role: str, fallback: str) -> tuple[str | None, str]:
        """As :meth:`role_value_at`, else the first entry's value, else the *fallback* key."""
        entries = self.items(name)
        for entry in entries:
            if entry.raw("role") == role:
                return entry.text("value"), entry.where("value")
        if entries:
            return entries[0].text("value"), entries[0].where("value")
        return self.text(fallback), self.where(fallback)


def _url_at(node: _Node) -> tuple[str | None, str]:
    for alt in node.items("altIds"):
        if alt.raw("role") == "url":
            return alt.text("value"), alt.where("value")
    uri = node.text("uri")
    url = uri if uri is not None and uri.lower().startswith(("http://", "https://")) else None
    return url, node.where("uri")


def _read_authors(node: _Node) -> list[Author]:
    people = [p for p in node.items("people") if p.raw("rel") in (None, "author")]
    sources = node.items("infoSources")
    names = [p.text("name") for p in people]
    aligned = [s.text("name") for s in sources] == names
    roles: dict[str, _Node] = {}
    for info in reversed(sources):
        name = info.text("name")
        if name is not None:
            roles[name] = info
    authors = []
    for index, (person, name) in enumerate(zip(people, names, strict=True)):
        if name is None:
            node.problems.append((child(person.path, "name"), "an author needs a name"))
            continue
        url, url_path = None, person.where("uri")
        for contact in person.items("contactInfo"):
            if contact.raw("type") == "web":
                url, url_path = contact.text("value"), contact.where("value")
                break
        if url is None:
            url = person.text("uri")
        source: _Node | None = sources[index] if aligned else roles.get(name)
        role = source.text("role") if source is not None else None
        try:
            authors.append(Author(name=name, url=url, role=role))
        except ValidationError as exc:  # each path where the value is in the item
            where = {"name": person.where("name"), "url": url_path,
                     "role": source.where("role") if source is not None else person.path}
            node.problems.append((where[exc.field], _reason(exc)))
    if not people and node.text("by") is not None:
        try:
            authors.append(Author(name=node.text("by") or ""))
        except ValidationError as exc:
            node.problems.append((node.where("by"), _reason(exc)))
    return authors


def _reason(exc: ValidationError) -> str:
    return f"{exc.reason}, got {describe(exc.value)}"


def _read_link(node: _Node) -> RelatedLink | None:
    where: dict[str, str] = {"published": node.where("firstCreated")}
    title, where["title"] = node.first_value_at("headlines", "main", "name")
    teaser, where["teaser"] = node.role_value_at("descriptions", _TEASER)
    truncated = False
    if teaser is None:
        teaser, where["teaser"] = node.role_value_at("descriptions", _CUT_TEASER)
        truncated = teaser is not None
    url, where["url"] = _url_at(node)
    label, where["label"] = node.role_value_at("descriptions", "label")
    authors = _read_authors(node)
    try:
        return RelatedLink(
            title=title or "", url=url, teaser=teaser, teaser_truncated=truncated,
            published=node.date("firstCreated"), author=authors[0] if authors else None,
            label=label,
        )
    except ValidationError as exc:  # named where the value is in the item
        node.problems.append((where.get(exc.field, node.path), _reason(exc)))
        return None


def from_ninjs(data: Any) -> Article:
    """Read an article from an IPTC ninjs news item (3.x or 2.x keys).

    Reads back everything :func:`to_ninjs` writes: the main and kicker headlines, the
    summary, the text body (split into paragraphs at blank lines), ``firstCreated`` and
    ``versionCreated``, ``language``, the authors from ``people`` (rel ``author``) with
    their roles from ``infoSources`` (or ``by`` when there are no people), section and tags
    from ``subjects``, the URL from ``altIds`` (role ``url``) or an http(s) ``uri``, and
    related links from ``associations``. A str or bytes is parsed as JSON first.

    Args:
        data: the ninjs object (parsed, or as JSON text).

    Returns:
        The article.

    Raises:
        SerialisationError: not an object, no main headline, no ``firstCreated``, a date
            without an offset, or a value the models refuse; each with its JSON path.

    >>> from datetime import datetime, timezone
    >>> from newsmodel import Article
    >>> a = Article(headline="Mali-Russie : un entretien", url="/politique/entretien",
    ...             published=datetime(2023, 10, 11, 5, 4, tzinfo=timezone.utc))
    >>> from_ninjs(to_ninjs(a)) == a
    True
    >>> try:
    ...     from_ninjs({"uri": "urn:x:1", "headlines": [{"value": "Titre"}]})
    ... except SerialisationError as exc:
    ...     print(exc.problems)
    (('$.firstCreated', 'required: newsmodel needs the publication time'),)
    """
    if isinstance(data, (str, bytes, bytearray, memoryview)):
        data = _common.decode(data, _common.ORJSON)
    problems: list[tuple[str, str]] = []
    node = _Node(data, "$", problems)
    if problems:
        raise SerialisationError(problems)
    # Where each field's value is in the item, to name it when the models refuse the value.
    where: dict[str, str] = {
        "published": node.where("firstCreated"), "updated": node.where("versionCreated"),
        "language": node.where("language"),
    }
    headline, where["headline"] = node.first_value_at("headlines", "main", "title")
    if headline is None:
        problems.append((node.where("headlines"), "required: no main headline"))
    published = node.date("firstCreated")
    if node.raw("firstCreated") is None:
        problems.append((node.where("firstCreated"), _NEEDS_TIME))
    body: tuple[str, ...] = ()
    for entry in node.items("bodies"):
        content_type = entry.raw("contentType")
        if content_type in (None, _TEXT) and entry.raw("role") in (None, "main"):
            text = entry.text("value") or ""
            body = tuple(p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip())
            where["body"] = entry.where("value")
            break
    section = None
    tags: list[str] = []
    tag_paths: list[str] = []
    for subject in node.items("subjects"):
        if subject.raw("rel") == "section" and section is None:
            section, where["section"] = subject.text("name"), subject.where("name")
        elif subject.raw("rel") == "tag":
            tag = subject.text("name")
            if tag is not None:
                tags.append(tag)
                tag_paths.append(subject.where("name"))
    related = [_read_link(a) for a in node.items("associations")]
    kicker, where["kicker"] = node.role_value_at("headlines", "kicker")
    standfirst, where["standfirst"] = node.role_value_at("descriptions", "summary")
    url, where["url"] = _url_at(node)
    fields: dict[str, Any] = {
        "kicker": kicker,
        "standfirst": standfirst,
        "body": body,
        "updated": node.date("versionCreated"),
        "authors": _read_authors(node),
        "related": [r for r in related if r is not None],
        "url": url,
        "section": section,
        "tags": tags,
        "language": node.text("language") or "fr",
    }
    if problems or headline is None:  # a key read for two fields reports its problem once
        raise SerialisationError(dict.fromkeys(problems))
    try:
        return Article(headline=headline, published=published, **fields)
    except ValidationError as exc:
        name, _, index = exc.field.partition("[")
        path = tag_paths[int(index[:-1])] if name == "tags" and index else where.get(name, "$")
        raise SerialisationError([(path, f"{exc.reason}, got {describe(exc.value)}")]) from None
