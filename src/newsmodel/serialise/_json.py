"""The JSON form of the models: one cattrs converter, plus a fast path with the same contract.

The cattrs converter is the reference: strict structure hooks (no coercion), detailed
validation for error paths. Hand-written per-class functions (``_dump_*`` and ``_load_*``)
write the same dictionaries and accept the same documents, faster; when a fast loader meets
anything it does not accept, the document goes through the cattrs path, which builds the error
report (or, should the two ever disagree, the value).
"""

from __future__ import annotations

import re
import typing
import unicodedata
from collections.abc import Callable, Mapping
from datetime import datetime
from types import ModuleType
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from newsmodel import models
from newsmodel.errors import SerialisationError, ValidationError, short_repr
from newsmodel.models import Article, Author, Comments, Page, RelatedLink
from newsmodel.serialise import _common
from newsmodel.serialise._common import (
    FORMAT_VERSION,
    VERSION_KEY,
    Problem,
    child,
    describe,
    format_datetime,
    parse_datetime,
)

T = TypeVar("T")

#: Classes with a JSON form, by name.
MODELS: tuple[type[Any], ...] = (Article, Author, Page, RelatedLink)

# Fields written even when they hold their default value.
_ALWAYS_WRITTEN = {(Article, "language")}

_NOT_NORMAL = "expected text as models hold it (no leading or trailing spaces, NFC)"


def _normal(value: str) -> bool:
    stripped = value.strip()
    if stripped is not value and stripped != value:
        return False
    return value.isascii() or unicodedata.is_normalized("NFC", value)


# --- the cattrs converter ----------------------------------------------------------------------


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _make_converter(strict: bool) -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=strict, detailed_validation=True)

    def structure_str(value: object, _: type[Any]) -> str:
        if not isinstance(value, str):
            raise Problem(f"expected a string, got {describe(value)}")
        if strict and not _normal(value):
            raise Problem(f"{_NOT_NORMAL}, got {short_repr(value)}")
        return value

    def structure_bool(value: object, _: type[Any]) -> bool:
        if not isinstance(value, bool):
            raise Problem(f"expected true or false, got {describe(value)}")
        return value

    def structure_datetime(value: object, _: type[Any]) -> datetime:
        return parse_datetime(value)

    def structure_comments(value: object, _: type[Any]) -> Comments:
        if isinstance(value, str):
            try:
                return Comments(value)
            except ValueError:
                pass
        names = ", ".join(repr(c.value) for c in Comments)
        raise Problem(f"expected one of {names}, got {describe(value)}")

    def tuple_hook(tp: Any) -> Callable[[object, Any], tuple[Any, ...]]:
        item_type = typing.get_args(tp)[0]
        item_hook = conv.get_structure_hook(item_type)

        def structure_tuple(value: object, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise Problem(f"expected an array, got {describe(value)}")
            result = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    result.append(item_hook(item, item_type))
                except Exception as exc:
                    note = IterableValidationNote(f"@ index {index}", index, item_type)
                    notes = [*getattr(exc, "__notes__", []), note]
                    exc.__notes__ = notes  # type: ignore[attr-defined]  # Python 3.10
                    errors.append(exc)
            if errors:
                raise IterableValidationError("While structuring an array", errors, tp)
            return tuple(result)

        return structure_tuple

    def class_hook(cls: type[Any]) -> Callable[[object, Any], Any]:
        inner = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=strict)

        def structure_class(value: object, _: Any) -> Any:
            if not isinstance(value, dict):
                raise Problem(f"expected an object, got {describe(value)}")
            return inner(value, cls)

        return structure_class

    def unstructure_hook(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        overrides = {
            a.name: override(omit_if_default=False)
            for a in attrs.fields(cls)
            if (cls, a.name) in _ALWAYS_WRITTEN
        }
        fn: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
            cls, conv, _cattrs_omit_if_default=True, **overrides  # type: ignore[arg-type]
        )
        return fn

    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(bool, structure_bool)
    conv.register_structure_hook(datetime, structure_datetime)
    conv.register_structure_hook(Comments, structure_comments)
    conv.register_structure_hook_factory(_is_tuple, tuple_hook)
    conv.register_structure_hook_factory(attrs.has, class_hook)
    conv.register_unstructure_hook(datetime, format_datetime)
    conv.register_unstructure_hook_factory(
        _is_tuple,
        lambda tp: lambda value: [conv.unstructure(v) for v in value],
    )
    conv.register_unstructure_hook_factory(attrs.has, unstructure_hook)
    return conv


_CONVERTERS: dict[bool, cattrs.Converter] = {}


def converter(strict: bool = True) -> cattrs.Converter:
    """The cattrs converter of the JSON form (built once per mode)."""
    conv = _CONVERTERS.get(strict)
    if conv is None:
        for cls in MODELS:
            attrs.resolve_types(cls)
        conv = _CONVERTERS[strict] = _make_converter(strict)
    return conv


# --- error reports -----------------------------------------------------------------------------


def _collect(exc: BaseException, path: str, out: list[tuple[str, str]]) -> None:
    if isinstance(exc, IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, inote in with_notes:
            _collect(sub, child(path, inote.index), out)
        for sub in without:
            _collect(sub, path, out)
    elif isinstance(exc, ClassValidationError):
        cwith_notes, cwithout = exc.group_exceptions()
        for sub, anote in cwith_notes:
            if isinstance(sub, KeyError):
                out.append((child(path, anote.name), "required field is missing"))
            else:
                _collect(sub, child(path, anote.name), out)
        for sub in cwithout:
            _collect(sub, path, out)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            out.append((child(path, key), "unknown key (not read in strict mode)"))
    elif isinstance(exc, ValidationError):
        where = path if not exc.field else f"{path}.{exc.field}"
        out.append((where, f"{exc.reason}, got {describe(exc.value)}"))
    elif isinstance(exc, Problem):
        out.append((path, exc.message))
    elif isinstance(exc, RecursionError):
        out.append((path, "nested too deeply"))
    else:
        out.append((path, f"{type(exc).__name__}: {short_repr(str(exc), 120)}"))


def _report(exc: BaseException) -> SerialisationError:
    problems: list[tuple[str, str]] = []
    _collect(exc, "$", problems)
    return SerialisationError(problems)


# --- fast path: dump ---------------------------------------------------------------------------


def _dump_author(a: Author) -> dict[str, Any]:
    d: dict[str, Any] = {"name": a.name}
    if a.url is not None:
        d["url"] = a.url
    if a.role is not None:
        d["role"] = a.role
    return d


def _dump_link(r: RelatedLink) -> dict[str, Any]:
    d: dict[str, Any] = {"title": r.title}
    if r.url is not None:
        d["url"] = r.url
    if r.teaser is not None:
        d["teaser"] = r.teaser
    if r.teaser_truncated:
        d["teaser_truncated"] = True
    if r.published is not None:
        d["published"] = format_datetime(r.published)
    if r.author is not None:
        d["author"] = _dump_author(r.author)
    if r.label is not None:
        d["label"] = r.label
    return d


def _dump_article(a: Article) -> dict[str, Any]:
    d: dict[str, Any] = {"headline": a.headline}
    if a.kicker is not None:
        d["kicker"] = a.kicker
    if a.standfirst is not None:
        d["standfirst"] = a.standfirst
    if a.body:
        d["body"] = list(a.body)
    d["published"] = format_datetime(a.published)
    if a.updated is not None:
        d["updated"] = format_datetime(a.updated)
    if a.authors:
        d["authors"] = [_dump_author(x) for x in a.authors]
    if a.related:
        d["related"] = [_dump_link(x) for x in a.related]
    if a.url is not None:
        d["url"] = a.url
    if a.section is not None:
        d["section"] = a.section
    if a.tags:
        d["tags"] = list(a.tags)
    d["language"] = a.language
    if a.comments is not None:
        d["comments"] = a.comments.value
    return d


def _dump_page(p: Page) -> dict[str, Any]:
    d: dict[str, Any] = {"article": _dump_article(p.article)}
    if p.author_articles:
        d["author_articles"] = [_dump_link(x) for x in p.author_articles]
    return d


_DUMPERS: dict[type[Any], Callable[[Any], dict[str, Any]]] = {
    Article: _dump_article,
    Author: _dump_author,
    Page: _dump_page,
    RelatedLink: _dump_link,
}


# --- fast path: load ---------------------------------------------------------------------------


class _Fallback(Exception):  # noqa: N818 - a signal, not an error
    """The fast loader declines; the cattrs path decides."""


_NONE: list[Any] = []  # an absent list (never mutated)
_KEYS = {cls: frozenset(a.name for a in attrs.fields(cls)) for cls in MODELS}
_NFC = unicodedata.is_normalized


# The fast loaders build models without their __init__ and check, in a few cheap steps, exactly
# what the models' converters and validators would; anything unusual declines to the cattrs
# path, which calls the real constructors. A test checks both paths agree on any document.
_new = object.__new__
_set = object.__setattr__
_FORBIDDEN = models._FORBIDDEN.search
_BCP47 = models._BCP47.fullmatch
# URLs certainly accepted by models._url: http(s) with a plain host, or a path not '//'.
_PLAIN_URL = re.compile(
    r"(?:https?://[A-Za-z0-9.-]+(?::[0-9]+)?)?(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*)?"
).fullmatch


def _text(value: object, strict: bool) -> str:
    if type(value) is not str:
        raise _Fallback
    if strict:
        if value.strip() != value or not (value.isascii() or _NFC("NFC", value)):
            raise _Fallback
    else:
        value = unicodedata.normalize("NFC", value.strip())
    if not value or _FORBIDDEN(value) is not None:
        raise _Fallback
    return value


def _opt_text(value: object, strict: bool) -> str | None:
    return None if value is None else _text(value, strict)


def _url(value: object, strict: bool) -> str | None:
    if value is None:
        return None
    url = _text(value, strict)
    if _PLAIN_URL(url) is None or url.startswith("//") or not url.startswith(("/", "http")):
        raise _Fallback
    return url


def _texts(value: object, strict: bool) -> tuple[str, ...]:
    if type(value) is not list:
        raise _Fallback
    return tuple([_text(v, strict) for v in value])


def _check_keys(data: object, cls: type[Any], strict: bool) -> dict[str, Any]:
    if type(data) is not dict or (strict and not _KEYS[cls].issuperset(data)):
        raise _Fallback
    return data


def _build(cls: type[T], values: dict[str, Any]) -> T:
    obj: T = _new(cls)
    for name, value in values.items():
        _set(obj, name, value)
    return obj


def _load_author(data: object, strict: bool) -> Author:
    d = _check_keys(data, Author, strict)
    return _build(Author, {
        "name": _text(d["name"], strict),
        "url": _url(d.get("url"), strict),
        "role": _opt_text(d.get("role"), strict),
    })


def _load_link(data: object, strict: bool) -> RelatedLink:
    d = _check_keys(data, RelatedLink, strict)
    truncated = d.get("teaser_truncated", False)
    published = d.get("published")
    author = d.get("author")
    teaser = _opt_text(d.get("teaser"), strict)
    if type(truncated) is not bool or (truncated and teaser is None):
        raise _Fallback
    return _build(RelatedLink, {
        "title": _text(d["title"], strict),
        "url": _url(d.get("url"), strict),
        "teaser": teaser,
        "teaser_truncated": truncated,
        "published": None if published is None else parse_datetime(published),
        "author": None if author is None else _load_author(author, strict),
        "label": _opt_text(d.get("label"), strict),
    })


def _links(value: object, strict: bool) -> tuple[RelatedLink, ...]:
    if type(value) is not list:
        raise _Fallback
    return tuple([_load_link(v, strict) for v in value])


def _load_article(data: object, strict: bool) -> Article:
    d = _check_keys(data, Article, strict)
    get = d.get
    published = parse_datetime(d["published"])
    updated = get("updated")
    if updated is not None:
        updated = parse_datetime(updated)
        if updated < published:
            raise _Fallback
    authors = get("authors", _NONE)
    if type(authors) is not list:
        raise _Fallback
    comments = get("comments")
    if comments is not None and (type(comments) is not str or comments not in _COMMENTS):
        raise _Fallback
    language = _text(get("language", "fr"), strict)
    if _BCP47(language) is None:
        raise _Fallback
    return _build(Article, {
        "headline": _text(d["headline"], strict),
        "kicker": _opt_text(get("kicker"), strict),
        "standfirst": _opt_text(get("standfirst"), strict),
        "body": _texts(get("body", _NONE), strict),
        "published": published,
        "updated": updated,
        "authors": tuple([_load_author(v, strict) for v in authors]) if authors else (),
        "related": _links(get("related", _NONE), strict),
        "url": _url(get("url"), strict),
        "section": _opt_text(get("section"), strict),
        "tags": _texts(get("tags", _NONE), strict),
        "language": language,
        "comments": None if comments is None else _COMMENTS[comments],
    })


_COMMENTS = {c.value: c for c in Comments}


def _load_page(data: object, strict: bool) -> Page:
    d = _check_keys(data, Page, strict)
    return _build(Page, {
        "article": _load_article(d["article"], strict),
        "author_articles": _links(d.get("author_articles", _NONE), strict),
    })


_LOADERS: dict[type[Any], Callable[[object, bool], Any]] = {
    Article: _load_article,
    Author: _load_author,
    Page: _load_page,
    RelatedLink: _load_link,
}


# --- public functions (re-exported by newsmodel.serialise) -------------------------------------


def _dumper(obj: object) -> Callable[[Any], dict[str, Any]]:
    dump = _DUMPERS.get(type(obj))
    if dump is None:
        names = ", ".join(c.__name__ for c in MODELS)
        raise SerialisationError(
            [("$", f"no JSON form for {type(obj).__name__}; expected one of {names}")]
        )
    return dump


def to_dict(obj: Article | Author | RelatedLink | Page) -> dict[str, Any]:
    """Return the JSON form of a model as a dictionary of JSON values.

    The first key is the format version marker ``"$newsmodel": "1"``; fields follow in
    declaration order. Fields holding their default (None, empty list, false) are left out,
    except ``language``, which is always written. Datetimes are RFC 3339 strings with their
    offset, tuples are lists, enums their string values.

    Args:
        obj: an :class:`~newsmodel.Article`, :class:`~newsmodel.Author`,
            :class:`~newsmodel.RelatedLink` or :class:`~newsmodel.Page`.

    Returns:
        A new dict, ready for any JSON encoder.

    Raises:
        SerialisationError: *obj* is not one of the models above.

    >>> from newsmodel import Author
    >>> to_dict(Author(name="Souleymane SIDIBE"))
    {'$newsmodel': '1', 'name': 'Souleymane SIDIBE'}
    """
    data = _dumper(obj)(obj)
    return {VERSION_KEY: FORMAT_VERSION, **data}


def to_json(obj: Article | Author | RelatedLink | Page) -> str:
    """Write a model as compact JSON text (see :func:`to_dict` for its shape).

    The text is the same with or without orjson installed: keys in declaration order,
    separators ``,`` and ``:``, non-ASCII characters unescaped.

    Args:
        obj: an :class:`~newsmodel.Article`, :class:`~newsmodel.Author`,
            :class:`~newsmodel.RelatedLink` or :class:`~newsmodel.Page`.

    Returns:
        The JSON text.

    Raises:
        SerialisationError: *obj* is not one of the models above.

    >>> from newsmodel import Author
    >>> to_json(Author(name="Aminata S. KONATÉ", role="envoyée spéciale"))
    '{"$newsmodel":"1","name":"Aminata S. KONATÉ","role":"envoyée spéciale"}'
    """
    return _common.encode(to_dict(obj), _common.ORJSON)


def _check_version(data: object) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise SerialisationError([("$", f"expected an object, got {describe(data)}")])
    version = data.get(VERSION_KEY)
    where = child("$", VERSION_KEY)
    if version is None:
        raise SerialisationError(
            [(where, f"missing format version marker (expected {FORMAT_VERSION!r})")]
        )
    if version != FORMAT_VERSION:
        raise SerialisationError(
            [(where, f"unknown format version {describe(version)}; this reader knows "
                     f"{FORMAT_VERSION!r}")]
        )
    body = dict(data)
    del body[VERSION_KEY]
    return body


def from_dict(cls: type[T], data: Mapping[str, Any], *, strict: bool = True) -> T:
    """Build a model from its JSON form as a dictionary (the inverse of :func:`to_dict`).

    Strict mode (the default) accepts only what :func:`to_dict` could have written: unknown
    keys, wrong types (``null`` for a required string, a string for a list, a number for a
    string, ``1`` for ``true``...), naive datetimes and text not in the models' normal form
    (stripped, NFC) are errors; nothing is coerced. Absent optional fields, and ``null``
    for them, take the field's default. ``strict=False`` also ignores unknown keys and
    normalises text as the models do, so that older readers survive newer writers.

    Args:
        cls: the model class to build: Article, Author, RelatedLink or Page.
        data: the dictionary, with its ``"$newsmodel"`` version marker.
        strict: reject unknown keys and unnormalised text (default True).

    Returns:
        The model.

    Raises:
        SerialisationError: listing every problem found, each with its JSON path.

    >>> from newsmodel import Author
    >>> from_dict(Author, {"$newsmodel": "1", "name": "Souleymane SIDIBE"})
    Author(name='Souleymane SIDIBE', url=None, role=None)
    >>> try:
    ...     from_dict(Author, {"$newsmodel": "1", "name": None, "age": 3})
    ... except SerialisationError as exc:
    ...     print(exc.problems)
    (('$.name', 'expected a string, got null'), ('$.age', 'unknown key (not read in strict mode)'))
    """
    load = _LOADERS.get(cls)
    if load is None:
        names = ", ".join(c.__name__ for c in MODELS)
        raise SerialisationError([("$", f"no JSON form for {cls!r}; expected one of {names}")])
    body = _check_version(data)
    try:
        result: T = load(body, strict)
        return result
    except Exception:  # the reference path below decides and explains
        pass
    try:
        value: T = converter(strict).structure(body, cls)
    except Exception as exc:
        raise _report(exc) from None
    return value


def from_json(
    cls: type[T], text: str | bytes | bytearray | memoryview, *, strict: bool = True
) -> T:
    """Read a model from JSON text (the inverse of :func:`to_json`).

    Args:
        cls: the model class to build: Article, Author, RelatedLink or Page.
        text: JSON text, as str or UTF-8 bytes.
        strict: reject unknown keys and unnormalised text (default True); see
            :func:`from_dict`.

    Returns:
        The model.

    Raises:
        SerialisationError: the text is not JSON, or the document is not a valid *cls*;
            every problem is listed with its JSON path.

    >>> from newsmodel import Author
    >>> from_json(Author, '{"$newsmodel":"1","name":"Souleymane SIDIBE"}').name
    'Souleymane SIDIBE'
    >>> from_json(Author, '{"$newsmodel":"1","name":')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newsmodel.errors.SerialisationError: $: invalid JSON at line 1, column ...
    """
    return from_dict(cls, _common.decode(text, _common.ORJSON), strict=strict)


def reference_unstructure(obj: Any) -> dict[str, Any]:
    """The cattrs converter's dictionary for *obj*, version marker first (used by tests)."""
    data: dict[str, Any] = converter(True).unstructure(obj)
    return {VERSION_KEY: FORMAT_VERSION, **data}


def reference_structure(cls: type[T], data: Mapping[str, Any], *, strict: bool = True) -> T:
    """Structure through the cattrs converter only (used by tests to check the fast path)."""
    body = _check_version(data)
    try:
        value: T = converter(strict).structure(body, cls)
    except Exception as exc:
        raise _report(exc) from None
    return value


def set_json_library(module: ModuleType | None) -> ModuleType | None:
    """Choose orjson (a module) or the standard library (None); return the previous choice."""
    previous = _common.ORJSON
    _common.ORJSON = module
    return previous
