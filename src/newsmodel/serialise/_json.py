"""The JSON form of the models: one cattrs converter, plus a fast path with the same contract.

The cattrs converter is the reference: strict structure hooks (no coercion), detailed
validation for error paths. Hand-written per-class functions (``_dump_*`` and ``_load_*``)
write the same dictionaries and accept the same documents, faster; when a fast loader meets
anything it does not accept, the document goes through the cattrs path, which builds the error
report (or, should the two ever disagree, the value).

What makes the fast path fast, each shortcut checked against what it replaces by the tests:

* ``from_json`` screens the raw UTF-8 bytes once (``_common.screen``): when they prove that
  no string holds a forbidden character, or that every string is NFC, those per-string checks
  are skipped; otherwise each string is checked as ``from_dict`` does.
* The loaders build models through the slots (``_constructor``), as attrs' ``__init__``
  does, once the values are checked as the converters and validators would check them.
* Datetimes in the form ``format_datetime`` writes are read by ``datetime.fromisoformat``; URL
  checks are cached per URL (bounded).
* ``to_json`` hands orjson the datetimes it writes exactly as ``format_datetime`` does (fixed
  whole-minute offsets), and tuples as they are.
"""

from __future__ import annotations

import functools
import re
import sys
import typing
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from types import MemberDescriptorType, ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

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
from newsmodel.dates import DateMention
from newsmodel.errors import SerialisationError, ValidationError, short_repr
from newsmodel.models import Article, Author, Comments, Page, RelatedLink
from newsmodel.serialise import _common
from newsmodel.serialise._common import (
    FORMAT_VERSION,
    VERSION_KEY,
    Problem,
    child,
    describe,
    format_date_value,
    format_datetime,
    parse_date_value,
    parse_datetime,
)

if TYPE_CHECKING:
    from newsmodel.repair import Change, Repair

T = TypeVar("T")

#: Classes with a JSON form, by name.
MODELS: tuple[type[Any], ...] = (Article, Author, Page, RelatedLink)
#: Names of the result types of dates and repair with a JSON form (see :func:`result_types`).
RESULT_NAMES = ("Change", "DateMention", "Repair")
#: The largest offset the JSON form carries: no str is longer (``sys.maxsize`` on 64-bit
#: CPython), and both JSON libraries read every integer up to it exactly.
MAX_OFFSET = 2**63 - 1

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

    def structure_raw_str(value: object, _: type[Any]) -> str:
        if not isinstance(value, str):
            raise Problem(f"expected a string, got {describe(value)}")
        return value

    def structure_offset(value: object, _: type[Any]) -> int:
        if type(value) is not int or not 0 <= value <= MAX_OFFSET:
            raise Problem(f"{_OFFSET_EXPECTED}, got {describe(value)}")
        return value

    def structure_date_value(value: object, _: type[Any]) -> date:
        return parse_date_value(value)

    def structure_optional_date_value(value: object, _: type[Any]) -> date | None:
        return None if value is None else parse_date_value(value)

    def result_overrides(cls: type[Any]) -> dict[str, Any]:
        """Field hooks of a result type: text as it is (any str), offsets, date values."""
        attrs.resolve_types(cls)
        overrides: dict[str, Any] = {}
        for a in attrs.fields(cls):
            kinds = (a.type, *typing.get_args(a.type))
            if a.type is str:
                overrides[a.name] = override(struct_hook=structure_raw_str)
            elif a.type is int:
                overrides[a.name] = override(struct_hook=structure_offset)
            elif date in kinds:
                optional = type(None) in kinds
                hook = structure_optional_date_value if optional else structure_date_value
                overrides[a.name] = override(struct_hook=hook, unstruct_hook=format_date_value)
        return overrides

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
        if cls in MODELS:
            inner = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=strict)

            def structure_class(value: object, _: Any) -> Any:
                if not isinstance(value, dict):
                    raise Problem(f"expected an object, got {describe(value)}")
                return inner(value, cls)

            return structure_class
        result = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=strict, **result_overrides(cls)
        )

        def structure_result(value: object, _: Any) -> Any:
            if not isinstance(value, dict):
                raise Problem(f"expected an object, got {describe(value)}")
            obj = result(value, cls)
            problems = _result_problems(obj)
            if problems:
                raise _Problems(problems)
            return obj

        return structure_result

    def unstructure_hook(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        overrides = {
            a.name: override(omit_if_default=False)
            for a in attrs.fields(cls)
            if (cls, a.name) in _ALWAYS_WRITTEN
        }
        if cls not in MODELS:
            overrides.update(result_overrides(cls))
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


# --- the result types of dates and repair -----------------------------------------------------
# DateMention, Repair and Change go through the cattrs converter only (no fast path). Their
# text is kept exactly as it is, in both modes: offsets index it, and repair reports the
# characters it removes (controls, lone surrogates). Invariants the constructors do not check
# are checked on writing and on reading alike, so that whatever is written is read back.

_OFFSET_EXPECTED = "expected an offset (an integer from 0 to 2**63 - 1)"
_Keys = tuple[str | int, ...]


class _Problems(Exception):  # noqa: N818 - problems of a report, not an error
    """Problems found in a built value, each as (keys from the value, message)."""

    def __init__(self, problems: list[tuple[_Keys, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def _join(path: str, keys: _Keys) -> str:
    for key in keys:
        path = child(path, key)
    return path


@functools.cache
def result_types() -> dict[str, type[Any]]:
    """The result types with a JSON form, by name (imports :mod:`newsmodel.repair`, and ftfy)."""
    from newsmodel.repair import Change, Repair

    types: dict[str, type[Any]] = {"Change": Change, "DateMention": DateMention, "Repair": Repair}
    for cls in types.values():
        attrs.resolve_types(cls)
    return types


def _is_result(cls: object) -> bool:
    if cls is DateMention:
        return True
    # A Repair or a Change exists only once newsmodel.repair is imported: don't load ftfy here.
    return "newsmodel.repair" in sys.modules and cls in result_types().values()


def _offset_problems(obj: Any, names: tuple[str, ...]) -> list[tuple[_Keys, str]]:
    return [
        ((name,), f"{_OFFSET_EXPECTED}, got {describe(value)}")
        for name in names
        if type(value := getattr(obj, name)) is not int or not 0 <= value <= MAX_OFFSET
    ]


def _text_problems(obj: Any, names: tuple[str, ...]) -> list[tuple[_Keys, str]]:
    return [
        ((name,), f"expected a string, got {describe(value)}")
        for name in names
        if not isinstance(value := getattr(obj, name), str)
    ]


def _span_problems(obj: Any, text: str) -> list[tuple[_Keys, str]]:
    """``end == start + len(<text field>)``, once the three are known to be well typed."""
    expected = obj.start + len(getattr(obj, text))
    if obj.end == expected:
        return []
    return [(("end",), f"expected start + len({text}) = {expected}, got {describe(obj.end)}")]


def _result_problems(obj: Any) -> list[tuple[_Keys, str]]:
    """What keeps a result value from its JSON form, or from being read back equal."""
    if isinstance(obj, DateMention):
        out = _offset_problems(obj, ("start", "end")) + _text_problems(obj, ("text",))
        if not isinstance(obj.value, date):
            out.append((("value",), f"expected a date or datetime, got {describe(obj.value)}"))
        if obj.until is not None and not isinstance(obj.until, date):
            out.append((("until",), f"expected a date, datetime or None, got "
                                    f"{describe(obj.until)}"))
        return out or _span_problems(obj, "text")
    types = result_types()
    if isinstance(obj, types["Change"]):
        out = _offset_problems(obj, ("start", "end"))
        out += _text_problems(obj, ("kind", "before", "after", "evidence"))
        return out or _span_problems(obj, "before")
    assert isinstance(obj, types["Repair"])
    out = _text_problems(obj, ("text",))
    previous: Any = None
    for index, change in enumerate(obj.changes):
        if not isinstance(change, types["Change"]):
            out.append((("changes", index), f"expected a Change, got {describe(change)}"))
            continue
        problems = _result_problems(change)
        out.extend((("changes", index, *keys), message) for keys, message in problems)
        if not problems and previous is not None and change.start < previous.end:
            out.append((
                ("changes", index, "start"),
                f"expected an offset >= {previous.end} (changes are in input order and do not "
                f"overlap), got {change.start}",
            ))
        previous = None if problems else change
    return out


def _dump_result(obj: object) -> dict[str, Any]:
    """The JSON form of a result type as a dict, or the no-JSON-form error."""
    if not _is_result(type(obj)):
        raise SerialisationError([("$", f"no JSON form for {type(obj).__name__}; expected one"
                                        f" of {_NAMES}")])
    problems = _result_problems(obj)
    if problems:
        raise SerialisationError([(_join("$", keys), message) for keys, message in problems])
    return reference_unstructure(obj)


def _read_result(cls: type[T], data: Mapping[str, Any], strict: bool) -> T:
    return reference_structure(cls, data, strict=strict)


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
        extra = exc.extra_fields
        for key in sorted(k for k in extra if isinstance(k, str)):
            out.append((child(path, key), "unknown key (not read in strict mode)"))
        # A dict given to from_dict may have keys no JSON object has: named at the object.
        for name in sorted(short_repr(k) for k in extra if not isinstance(k, str)):
            out.append((path, f"expected an object with string keys, got the key {name}"))
    elif isinstance(exc, ValidationError):
        where = path if not exc.field else f"{path}.{exc.field}"
        out.append((where, f"{exc.reason}, got {describe(exc.value)}"))
    elif isinstance(exc, Problem):
        out.append((path, exc.message))
    elif isinstance(exc, _Problems):
        out.extend((_join(path, keys), message) for keys, message in exc.problems)
    elif isinstance(exc, RecursionError):
        out.append((path, "nested too deeply"))
    else:
        out.append((path, f"{type(exc).__name__}: {short_repr(str(exc), 120)}"))


def _report(exc: BaseException) -> SerialisationError:
    problems: list[tuple[str, str]] = []
    _collect(exc, "$", problems)
    return SerialisationError(problems)


# --- fast path: dump ---------------------------------------------------------------------------
# One function per class writes the fields in declaration order, leaving defaults out. The
# caller chooses how datetimes and tuples are written: RFC 3339 strings and lists for to_dict;
# for to_json, tuples as they are (both JSON libraries write them as arrays) and, for orjson,
# datetimes whose text orjson writes exactly as format_datetime does (see _datetime_for_orjson).

_Datetime = Callable[[datetime], Any]
_Sequence = Callable[[tuple[Any, ...]], Any]


def _dump_author(
    a: Author, dt: _Datetime, seq: _Sequence, d: dict[str, Any]
) -> dict[str, Any]:
    d["name"] = a.name
    if a.url is not None:
        d["url"] = a.url
    if a.role is not None:
        d["role"] = a.role
    return d


def _dump_link(
    r: RelatedLink, dt: _Datetime, seq: _Sequence, d: dict[str, Any]
) -> dict[str, Any]:
    d["title"] = r.title
    if r.url is not None:
        d["url"] = r.url
    if r.teaser is not None:
        d["teaser"] = r.teaser
    if r.teaser_truncated:
        d["teaser_truncated"] = True
    if r.published is not None:
        d["published"] = dt(r.published)
    if r.author is not None:
        d["author"] = _dump_author(r.author, dt, seq, {})
    if r.label is not None:
        d["label"] = r.label
    return d


def _dump_article(
    a: Article, dt: _Datetime, seq: _Sequence, d: dict[str, Any]
) -> dict[str, Any]:
    d["headline"] = a.headline
    if a.kicker is not None:
        d["kicker"] = a.kicker
    if a.standfirst is not None:
        d["standfirst"] = a.standfirst
    if a.body:
        d["body"] = seq(a.body)
    d["published"] = dt(a.published)
    if a.updated is not None:
        d["updated"] = dt(a.updated)
    if a.authors:
        d["authors"] = [_dump_author(x, dt, seq, {}) for x in a.authors]
    if a.related:
        d["related"] = [_dump_link(x, dt, seq, {}) for x in a.related]
    if a.url is not None:
        d["url"] = a.url
    if a.section is not None:
        d["section"] = a.section
    if a.tags:
        d["tags"] = seq(a.tags)
    d["language"] = a.language
    if a.comments is not None:
        d["comments"] = a.comments.value
    return d


def _dump_page(p: Page, dt: _Datetime, seq: _Sequence, d: dict[str, Any]) -> dict[str, Any]:
    d["article"] = _dump_article(p.article, dt, seq, {})
    if p.author_articles:
        d["author_articles"] = [_dump_link(x, dt, seq, {}) for x in p.author_articles]
    return d


_DUMPERS: dict[type[Any], Callable[[Any, _Datetime, _Sequence, dict[str, Any]], dict[str, Any]]]
_DUMPERS = {Article: _dump_article, Author: _dump_author, Page: _dump_page, RelatedLink: _dump_link}

# Fixed-offset zones in whole minutes, the only ones orjson writes as datetime.isoformat does
# (it rounds offsets with seconds, which format_datetime writes in UTC instead). Bounded: at
# most _ZONE_CACHE_SIZE zones are remembered; others are checked on each call.
_WHOLE_MINUTE_ZONES: dict[timezone, bool] = {timezone.utc: True}
_ZONE_CACHE_SIZE = 4096
_MINUTE = timedelta(minutes=1)


def _datetime_for_orjson(value: datetime) -> datetime | str:
    zone = value.tzinfo
    if type(zone) is timezone and type(value) is datetime:  # not subclasses: their own isoformat
        whole = _WHOLE_MINUTE_ZONES.get(zone)
        if whole is None:
            whole = not zone.utcoffset(None) % _MINUTE
            if len(_WHOLE_MINUTE_ZONES) < _ZONE_CACHE_SIZE:
                _WHOLE_MINUTE_ZONES[zone] = whole
        if whole:
            return value
    return format_datetime(value)


# --- fast path: load ---------------------------------------------------------------------------
# The fast loaders build models without their __init__ and check, in a few cheap steps, exactly
# what the models' converters and validators would; anything unusual declines to the cattrs
# path, which calls the real constructors. Tests check both paths agree on any document.


class _Fallback(Exception):  # noqa: N818 - a signal, not an error
    """The fast loader declines; the cattrs path decides."""


_NONE: list[Any] = []  # an absent list (never mutated)
_NAMES = ", ".join([c.__name__ for c in MODELS] + list(RESULT_NAMES))
_KEYS = {cls: frozenset(a.name for a in attrs.fields(cls)) for cls in MODELS}
_TOP_KEYS = {cls: keys | {VERSION_KEY} for cls, keys in _KEYS.items()}
_NFC = unicodedata.is_normalized
_normalize = unicodedata.normalize
_FORBIDDEN = models._FORBIDDEN.search
_BCP47 = models._BCP47.fullmatch
# URLs certainly accepted by models._url: http(s) with a plain host, or a path not '//'.
_PLAIN_URL = re.compile(
    r"(?:https?://[A-Za-z0-9.-]+(?::[0-9]+)?)?(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*)?"
).fullmatch
_COMMENTS = {c.value: c for c in Comments}


def _constructor(cls: type[T]) -> Callable[..., T]:
    """A function taking *cls*'s field values in declaration order, building it without __init__.

    It sets the slots directly, as attrs' own __init__ does once converters and validators have
    run; the loaders call it only with values they have checked as those would.
    """
    names = [a.name for a in attrs.fields(cls)]  # type: ignore[arg-type]  # models are attrs
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    for name in names:
        slot = cls.__dict__[name]
        assert isinstance(slot, MemberDescriptorType), (cls, name)
        namespace[f"_set_{name}"] = slot.__set__
    lines = [f"def build({', '.join(names)}):", "    obj = _new(_cls)"]
    lines += [f"    _set_{name}(obj, {name})" for name in names]
    lines.append("    return obj")
    exec("\n".join(lines), namespace)  # the technique of attrs' generated __init__
    build: Callable[..., T] = namespace["build"]
    return build


_new_author = _constructor(Author)
_new_link = _constructor(RelatedLink)
_new_article = _constructor(Article)
_new_page = _constructor(Page)

# A text check returns the value a model would hold, or declines. Documents screened whole by
# _common.screen skip the per-string checks the screen has proven (forbidden characters, NFC).
_Text = Callable[[object], str]


def _text_check(strict: bool, clean: bool, nfc: bool) -> _Text:
    if strict and clean and nfc:

        def screened(value: object) -> str:
            if type(value) is not str or not value or value.strip() != value:
                raise _Fallback
            return value

        return screened

    def check(value: object) -> str:
        if type(value) is not str:
            raise _Fallback
        if strict:
            if value.strip() != value or not (nfc or value.isascii() or _NFC("NFC", value)):
                raise _Fallback
        elif nfc:
            value = value.strip()
        else:
            value = _normalize("NFC", value.strip())
        if not value or (not clean and _FORBIDDEN(value) is not None):
            raise _Fallback
        return value

    return check


_TEXT_CHECKS = {
    (strict, clean, nfc): _text_check(strict, clean, nfc)
    for strict in (False, True)
    for clean in (False, True)
    for nfc in (False, True)
}
_URL_CACHE_LENGTH = 512


@functools.lru_cache(maxsize=1024)
def _plain_url(url: str) -> bool:
    return _PLAIN_URL(url) is not None and not url.startswith("//") and url.startswith(
        ("/", "http")
    )


def _url(value: object, text: _Text) -> str | None:
    if value is None:
        return None
    url = text(value)
    if not (_plain_url(url) if len(url) <= _URL_CACHE_LENGTH else _plain_url.__wrapped__(url)):
        raise _Fallback
    return url


def _texts(value: object, text: _Text) -> tuple[str, ...]:
    if type(value) is not list:
        raise _Fallback
    return tuple([text(v) for v in value])


def _load_author(data: object, keys: frozenset[str], strict: bool, text: _Text) -> Author:
    if type(data) is not dict or (strict and not keys.issuperset(data)):
        raise _Fallback
    role = data.get("role")
    return _new_author(
        text(data["name"]),
        _url(data.get("url"), text),
        None if role is None else text(role),
    )


_AUTHOR_KEYS = _KEYS[Author]


def _load_link(data: object, keys: frozenset[str], strict: bool, text: _Text) -> RelatedLink:
    if type(data) is not dict or (strict and not keys.issuperset(data)):
        raise _Fallback
    get = data.get
    truncated = get("teaser_truncated", False)
    teaser = get("teaser")
    if teaser is not None:
        teaser = text(teaser)
    if type(truncated) is not bool or (truncated and teaser is None):
        raise _Fallback
    published = get("published")
    author = get("author")
    label = get("label")
    return _new_link(
        text(data["title"]),
        _url(get("url"), text),
        teaser,
        truncated,
        None if published is None else parse_datetime(published),
        None if author is None else _load_author(author, _AUTHOR_KEYS, strict, text),
        None if label is None else text(label),
    )


_LINK_KEYS = _KEYS[RelatedLink]


def _links(value: object, strict: bool, text: _Text) -> tuple[RelatedLink, ...]:
    if type(value) is not list:
        raise _Fallback
    return tuple([_load_link(v, _LINK_KEYS, strict, text) for v in value])


def _load_article(data: object, keys: frozenset[str], strict: bool, text: _Text) -> Article:
    if type(data) is not dict or (strict and not keys.issuperset(data)):
        raise _Fallback
    get = data.get
    published = parse_datetime(data["published"])
    updated = get("updated")
    if updated is not None:
        updated = parse_datetime(updated)
        if updated < published:
            raise _Fallback
    authors = get("authors", _NONE)
    if type(authors) is not list:
        raise _Fallback
    comments = get("comments")
    if comments is not None:
        if type(comments) is not str or comments not in _COMMENTS:
            raise _Fallback
        comments = _COMMENTS[comments]
    language = text(get("language", "fr"))
    if _BCP47(language) is None:
        raise _Fallback
    kicker = get("kicker")
    standfirst = get("standfirst")
    section = get("section")
    return _new_article(
        text(data["headline"]),
        None if kicker is None else text(kicker),
        None if standfirst is None else text(standfirst),
        _texts(get("body", _NONE), text),
        published,
        updated,
        tuple([_load_author(v, _AUTHOR_KEYS, strict, text) for v in authors]),
        _links(get("related", _NONE), strict, text),
        _url(get("url"), text),
        None if section is None else text(section),
        _texts(get("tags", _NONE), text),
        language,
        comments,
    )


def _load_page(data: object, keys: frozenset[str], strict: bool, text: _Text) -> Page:
    if type(data) is not dict or (strict and not keys.issuperset(data)):
        raise _Fallback
    return _new_page(
        _load_article(data["article"], _KEYS[Article], strict, text),
        _links(data.get("author_articles", _NONE), strict, text),
    )


_LOADERS: dict[type[Any], Callable[[object, frozenset[str], bool, _Text], Any]] = {
    Article: _load_article,
    Author: _load_author,
    Page: _load_page,
    RelatedLink: _load_link,
}


# --- public functions (re-exported by newsmodel.serialise) -------------------------------------


def to_dict(obj: Article | Author | RelatedLink | Page | DateMention | Repair | Change,
            ) -> dict[str, Any]:
    """Return the JSON form of a model or result value as a dictionary of JSON values.

    The first key is the format version marker ``"$newsmodel": "1"``; fields follow in
    declaration order. Fields holding their default (None, empty list, false) are left out,
    except ``language``, which is always written. Datetimes are RFC 3339 strings with their
    offset, tuples are lists, enums their string values. A
    :class:`~newsmodel.dates.DateMention`'s ``value`` and ``until`` keep their kind: a date
    is ``YYYY-MM-DD``, a naive datetime has no offset, an aware one has its offset.

    Args:
        obj: an :class:`~newsmodel.Article`, :class:`~newsmodel.Author`,
            :class:`~newsmodel.RelatedLink` or :class:`~newsmodel.Page`, or a result of
            dates or repair: :class:`~newsmodel.dates.DateMention`,
            :class:`~newsmodel.repair.Repair`, :class:`~newsmodel.repair.Change`.

    Returns:
        A new dict, ready for any JSON encoder.

    Raises:
        SerialisationError: *obj* is not one of the types above, or is a result value that
            breaks its documented invariants (a mention's ``end`` not ``start + len(text)``,
            changes out of input order), which could not be read back; or it holds a
            datetime RFC 3339 cannot write (an offset with seconds, the same instant in UTC
            outside years 1 to 9999), named by its path.

    >>> from newsmodel import Author
    >>> to_dict(Author(name="Souleymane SIDIBE"))
    {'$newsmodel': '1', 'name': 'Souleymane SIDIBE'}
    >>> from newsmodel.dates import find_dates
    >>> to_dict(find_dates("Publié le 11 octobre 2023 à 05:04")[0])
    {'$newsmodel': '1', 'start': 10, 'end': 33, 'text': '11 octobre 2023 à 05:04', \
'value': '2023-10-11T05:04:00'}
    """
    dump = _DUMPERS.get(type(obj))
    try:
        if dump is None:
            return _dump_result(obj)
        return dump(obj, format_datetime, list, {VERSION_KEY: FORMAT_VERSION})
    except _common.UnwritableDatetimeError as exc:
        raise _common.relocate(exc, obj) from None


def to_json(obj: Article | Author | RelatedLink | Page | DateMention | Repair | Change) -> str:
    """Write a model or result value as compact JSON text (see :func:`to_dict` for its shape).

    The text is the same with or without orjson installed: keys in declaration order,
    separators ``,`` and ``:``, non-ASCII characters unescaped. Lone surrogates (which
    :class:`~newsmodel.repair.Change` may report as removed) are written as JSON escapes
    (``\\ud800``), so that the text is always valid UTF-8.

    Args:
        obj: a model or result value, as for :func:`to_dict`.

    Returns:
        The JSON text.

    Raises:
        SerialisationError: as :func:`to_dict`; also a string holding a high surrogate followed
            by a low one (JSON readers would join the two into one character).

    >>> from newsmodel import Author
    >>> to_json(Author(name="Aminata S. KONATÉ", role="envoyée spéciale"))
    '{"$newsmodel":"1","name":"Aminata S. KONATÉ","role":"envoyée spéciale"}'
    >>> from newsmodel.repair import explain_repair
    >>> to_json(explain_repair("z&eacute;ro"))
    '{"$newsmodel":"1","text":"zéro","changes":[{"kind":"html-entity","start":1,"end":9,\
"before":"&eacute;","after":"é","evidence":"&eacute;"}]}'
    """
    dump = _DUMPERS.get(type(obj))
    orjson = _common.ORJSON
    try:
        if dump is None:
            return _common.encode_any(_dump_result(obj), orjson)
        if orjson is None:
            data = dump(obj, format_datetime, tuple, {VERSION_KEY: FORMAT_VERSION})
        else:
            data = dump(obj, _datetime_for_orjson, tuple, {VERSION_KEY: FORMAT_VERSION})
    except _common.UnwritableDatetimeError as exc:
        raise _common.relocate(exc, obj) from None
    return _common.encode(data, orjson)


def _check_version(data: object) -> dict[str, Any]:
    """Check the version marker; return the document without it."""
    _check_marker(data)
    assert isinstance(data, dict)
    body = dict(data)
    del body[VERSION_KEY]
    return body


def _check_marker(data: object) -> None:
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


def from_dict(cls: type[T], data: Mapping[str, Any], *, strict: bool = True) -> T:
    """Build a model from its JSON form as a dictionary (the inverse of :func:`to_dict`).

    Strict mode (the default) accepts only what :func:`to_dict` could have written: unknown
    keys, wrong types (``null`` for a required string, a string for a list, a number for a
    string, ``1`` for ``true``...), naive datetimes and text not in the models' normal form
    (stripped, NFC) are errors; nothing is coerced. Absent optional fields, and ``null``
    for them, take the field's default. ``strict=False`` also ignores unknown keys and
    normalises text as the models do, so that older readers survive newer writers.

    The result types of dates and repair keep their text exactly as written, in both modes
    (any str: offsets index it); their offsets are integers from 0 to 2**63 - 1, a mention's
    ``end`` is ``start + len(text)``, a change's ``end`` is ``start + len(before)``, and a
    repair's changes are in input order without overlaps.

    Args:
        cls: the class to build: Article, Author, RelatedLink, Page, or
            :class:`~newsmodel.dates.DateMention`, :class:`~newsmodel.repair.Repair`,
            :class:`~newsmodel.repair.Change`.
        data: the dictionary, with its ``"$newsmodel"`` version marker.
        strict: reject unknown keys and unnormalised text (default True).

    Returns:
        The value.

    Raises:
        SerialisationError: listing every problem found, each with its JSON path; also
            *strict* not True or False, or *cls* without a JSON form.

    >>> from newsmodel import Author
    >>> from_dict(Author, {"$newsmodel": "1", "name": "Souleymane SIDIBE"})
    Author(name='Souleymane SIDIBE', url=None, role=None)
    >>> try:
    ...     from_dict(Author, {"$newsmodel": "1", "name": None, "age": 3})
    ... except SerialisationError as exc:
    ...     print(exc.problems)
    (('$.name', 'expected a string, got null'), ('$.age', 'unknown key (not read in strict mode)'))
    >>> from newsmodel.dates import DateMention
    >>> from_dict(DateMention, {"$newsmodel": "1", "start": 0, "end": 9, "text": "1er avril",
    ...                         "value": "2024-04-01"})
    DateMention(start=0, end=9, text='1er avril', value=datetime.date(2024, 4, 1), until=None)
    """
    if strict is not True and strict is not False:
        strict = _strict_flag(strict)
    if not isinstance(data, dict) and isinstance(data, Mapping):
        data = dict(data)  # any Mapping, as the signature says
    return _read(cls, data, strict, _TEXT_CHECKS[strict, False, False])


def _strict_flag(strict: object) -> bool:
    """*strict* as a bool: True, False or equal to one (0, 1, numpy.bool_); else our error."""
    if strict in (True, False):
        return bool(strict)
    raise SerialisationError(
        [("$", f"argument strict: expected True or False, got {describe(strict)}")]
    )


def _loader(cls: object) -> Callable[[object, frozenset[str], bool, _Text], Any] | None:
    """The fast loader of *cls*, or None (not a model: a result type, or no JSON form)."""
    try:
        return _LOADERS.get(cls)  # type: ignore[call-overload, no-any-return]
    except TypeError:  # an unhashable cls, such as [Article]
        return None


def _read(cls: type[T], data: Mapping[str, Any], strict: bool, text: _Text) -> T:
    load = _loader(cls)
    if load is None:
        if _is_result(cls):
            return _read_result(cls, data, strict)
        raise SerialisationError([("$", f"no JSON form for {cls!r}; expected one of {_NAMES}")])
    _check_marker(data)
    try:
        result: T = load(data, _TOP_KEYS[cls], strict, text)
        return result
    except Exception:  # the reference path below decides and explains
        pass
    body = _check_version(data)
    try:
        value: T = converter(strict).structure(body, cls)
    except Exception as exc:
        raise _report(exc) from None
    return value


def from_json(
    cls: type[T], text: str | bytes | bytearray | memoryview, *, strict: bool = True
) -> T:
    """Read a model or result value from JSON text (the inverse of :func:`to_json`).

    Args:
        cls: the class to build, as for :func:`from_dict`.
        text: JSON text, as str or UTF-8 bytes.
        strict: reject unknown keys and unnormalised text (default True); see
            :func:`from_dict`.

    Returns:
        The value.

    Raises:
        SerialisationError: the text is not JSON, or the document is not a valid *cls*;
            every problem is listed with its JSON path. Also *strict* not True or False, or
            *cls* without a JSON form.

    >>> from newsmodel import Author
    >>> from_json(Author, '{"$newsmodel":"1","name":"Souleymane SIDIBE"}').name
    'Souleymane SIDIBE'
    >>> from_json(Author, '{"$newsmodel":"1","name":')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newsmodel.errors.SerialisationError: $: invalid JSON at line 1, column ...
    >>> from newsmodel.repair import Change
    >>> from_json(Change, '{"$newsmodel":"1","kind":"surrogate","start":1,"end":2,'
    ...                   '"before":"\\\\ud800","after":"\\\\ufffd","evidence":"ftfy"}').before
    '\\ud800'
    """
    if strict is not True and strict is not False:
        strict = _strict_flag(strict)
    if _loader(cls) is None and _is_result(cls):
        return _read_result(cls, _common.decode_any(text, _common.ORJSON), strict)
    raw = _utf8(text)
    if raw is None:
        return _read(cls, _common.decode(text, _common.ORJSON), strict,
                     _TEXT_CHECKS[strict, False, False])
    try:
        data = _common.decode(raw, _common.ORJSON)
    except SerialisationError:  # report as for the text given (positions, messages)
        data = _common.decode(text, _common.ORJSON)
        raw = b"\\"  # proves nothing
    clean, nfc = _common.screen(raw)
    return _read(cls, data, strict, _TEXT_CHECKS[strict, clean, nfc])


def _utf8(text: object) -> bytes | None:
    """The UTF-8 bytes of JSON text, or None (not text, or a str no UTF-8 can carry)."""
    if type(text) is bytes:
        return text
    if isinstance(text, str):
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: the per-string checks decide
            return None
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    return None


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
