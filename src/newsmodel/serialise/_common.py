"""Pieces every wire format shares: RFC 3339 datetimes, JSON paths, JSON text in and out.

Private: the public face is :mod:`newsmodel.serialise`.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from types import ModuleType
from typing import Any, cast

import attrs

from newsmodel.errors import SerialisationError, short_repr


def _find_orjson() -> ModuleType | None:
    try:  # the ``newsmodel[orjson]`` extra: same bytes, faster
        import orjson
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return orjson


#: The JSON library used by default: :mod:`orjson` when installed, else None (standard library).
ORJSON: ModuleType | None = _find_orjson()

#: Version of the JSON form, written under :data:`VERSION_KEY` at the top of every document.
FORMAT_VERSION = "1"
#: The key of the version marker.
VERSION_KEY = "$newsmodel"

# RFC 3339 date-time with a mandatory offset, at most microsecond precision, ASCII digits only.
RFC3339_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
)
# The subset written by format_datetime: 'T', seconds, 0 or 6 fraction digits, an offset in range.
_CANONICAL = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?"
    r"[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]"
).fullmatch
_fromisoformat = datetime.fromisoformat
# Offsets seen so far, keyed by minutes east of UTC (bounded: |minutes| < 24 * 60).
_ZONES: dict[int, timezone] = {0: timezone.utc}

DATETIME_EXPECTED = "expected an RFC 3339 datetime with an offset"


class Problem(Exception):  # noqa: N818 - one problem of a report, not an error
    """One problem found while reading a document; carries its message only."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def describe(value: object) -> str:
    """Name a JSON value in a message, without ever recursing into it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return short_repr(value)
    if isinstance(value, list):  # readers take only lists as arrays: a tuple is named as such
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def format_datetime(value: datetime) -> str:
    """Write an aware datetime in RFC 3339 (``2023-10-11T05:04:00+00:00``).

    Offsets that RFC 3339 cannot write (with seconds) are written as the same instant in UTC.

    Raises:
        SerialisationError: *value* is naive; :class:`UnwritableDatetimeError` when its offset has
            seconds and the same instant in UTC is outside the years datetime can hold.
    """
    text = value.isoformat()
    if len(text) in (25, 32):
        return text
    offset = value.utcoffset()
    if offset is None:
        raise SerialisationError([("$", f"cannot write naive datetime {value!r}")])
    try:
        return value.astimezone(timezone.utc).isoformat()
    except OverflowError:  # e.g. 0001-01-01T00:00:10+00:00:30 is in year 0 in UTC
        raise UnwritableDatetimeError([("$", _UNWRITABLE.format(short_repr(text)))]) from None


_UNWRITABLE = (
    "cannot write {} in RFC 3339: its UTC offset has seconds, which RFC 3339 cannot write, "
    "and the same instant in UTC falls outside years 1 to 9999"
)


class UnwritableDatetimeError(SerialisationError):
    """Raised by :func:`format_datetime`; writers re-raise it with paths (:func:`relocate`)."""


def relocate(exc: UnwritableDatetimeError, obj: object) -> SerialisationError:
    """*exc* again, each datetime of *obj* that cannot be written named by its path."""
    return SerialisationError(unwritable_datetimes(obj) or exc.problems)


def unwritable_datetimes(obj: object, path: str = "$") -> list[tuple[str, str]]:
    """Each datetime in *obj* (a datetime, tuple or attrs value) that RFC 3339 cannot write."""
    found: list[tuple[str, str]] = []
    _find_unwritable(obj, path, found)
    return found


def _find_unwritable(obj: object, path: str, found: list[tuple[str, str]]) -> None:
    if isinstance(obj, tuple):
        for i, item in enumerate(obj):
            _find_unwritable(item, f"{path}[{i}]", found)
    elif isinstance(obj, datetime):
        if obj.utcoffset() is not None:
            try:
                format_datetime(obj)
            except UnwritableDatetimeError as exc:
                found += [(path, message) for _, message in exc.problems]
    elif attrs.has(type(obj)):
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(obj))):
            _find_unwritable(getattr(obj, field.name), child(path, field.name), found)


def zone_for(minutes: int) -> timezone:
    """Return a fixed-offset zone *minutes* east of UTC, shared between calls."""
    zone = _ZONES.get(minutes)
    if zone is None:
        zone = timezone(timedelta(minutes=minutes))
        _ZONES[minutes] = zone
    return zone


def parse_datetime(value: object) -> datetime:
    """Read an RFC 3339 datetime with an offset; raise :class:`Problem` otherwise."""
    if type(value) is not str:
        raise Problem(f"{DATETIME_EXPECTED}, got {describe(value)}")
    if _CANONICAL(value) is not None:
        # The form format_datetime writes: datetime.fromisoformat reads exactly this form on
        # every supported Python (3.10 reads only its own isoformat output, which this is) and
        # gives the same value; impossible dates fall through to the error below.
        try:
            return _fromisoformat(value)
        except ValueError:
            pass
    match = _RFC3339.fullmatch(value)
    if match is None:
        raise Problem(f"{DATETIME_EXPECTED}, got {short_repr(value)}")
    year, month, day, hour, minute, second, fraction, sign, off_h, off_m = match.groups()
    minutes = 0
    if sign is not None:
        if int(off_h) > 23 or int(off_m) > 59:
            raise Problem(f"{DATETIME_EXPECTED} (offset out of range), got {short_repr(value)}")
        minutes = int(off_h) * 60 + int(off_m)
        if sign == "-":
            minutes = -minutes
    micro = int(fraction.ljust(6, "0")) if fraction else 0
    try:
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro,
            tzinfo=zone_for(minutes),
        )
    except ValueError as exc:
        raise Problem(f"{DATETIME_EXPECTED} ({exc}), got {short_repr(value)}") from None


# --- dates of the result types (DateMention): date, naive or aware datetime -------------------

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
NAIVE_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?$"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NAIVE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?"
)
DATE_VALUE_EXPECTED = (
    "expected a date (YYYY-MM-DD), a datetime without offset (YYYY-MM-DDTHH:MM[:SS[.ffffff]])"
    " or an RFC 3339 datetime with an offset"
)


def format_date_value(value: date) -> str:
    """Write a date, a naive datetime or an aware datetime so that its kind survives.

    ``2023-10-11``, ``2023-10-11T05:04:00`` (no offset), ``2023-10-11T05:04:00+00:00``.
    """
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            return value.replace(tzinfo=None).isoformat()
        return format_datetime(value)
    return value.isoformat()


def parse_date_value(value: object) -> date:
    """Read what :func:`format_date_value` writes; raise :class:`Problem` otherwise."""
    if type(value) is not str:
        raise Problem(f"{DATE_VALUE_EXPECTED}, got {describe(value)}")
    try:
        match = _DATE.fullmatch(value)
        if match is not None:
            return date(*map(int, match.groups()))
        match = _NAIVE.fullmatch(value)
        if match is not None:
            year, month, day, hour, minute, second, fraction = match.groups()
            return datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                int((fraction or "0").ljust(6, "0")),
            )
    except ValueError as exc:
        raise Problem(f"{DATE_VALUE_EXPECTED} ({exc}), got {short_repr(value)}") from None
    if _RFC3339.fullmatch(value) is not None:
        return parse_datetime(value)  # its own message: an offset or calendar problem
    raise Problem(f"{DATE_VALUE_EXPECTED}, got {short_repr(value)}")


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def child(path: str, key: str | int) -> str:
    """Extend a JSON path: ``child("$", "related")`` -> ``"$.related"``, ints as ``[i]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENTIFIER.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=True)}]"


# --- JSON text ---------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def encode(data: Any, orjson: ModuleType | None) -> str:
    """Write *data* as compact JSON text; the same text with or without orjson.

    Keys keep their insertion order, separators are ``,`` and ``:``, non-ASCII characters are
    written as they are (UTF-8), and only ``"``, ``\\`` and control characters are escaped.
    """
    if orjson is not None:
        text: str = orjson.dumps(data).decode("utf-8")
        return text
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def decode(text: str | bytes | bytearray | memoryview, orjson: ModuleType | None) -> Any:
    """Read JSON text (str or UTF-8 bytes); any failure is a :class:`SerialisationError`.

    orjson refuses some valid JSON that the standard library reads (escaped lone surrogates,
    a str holding them, numbers past the range of a double): what orjson refuses, the
    standard library reads or reports, so that both read the same documents.
    """
    if not isinstance(text, (str, bytes, bytearray, memoryview)):
        raise SerialisationError(
            [("$", f"expected JSON text (str or bytes), got {describe(text)}")]
        )
    if orjson is not None:
        try:
            return orjson.loads(text)
        except (ValueError, TypeError, RecursionError):  # orjson.JSONDecodeError is a ValueError
            pass
    try:
        if not isinstance(text, str):
            text = bytes(text).decode("utf-8")
        return json.loads(text, parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise SerialisationError(
            [("$", f"invalid UTF-8 at byte {exc.start}: {exc.reason}")]
        ) from None
    except json.JSONDecodeError as exc:
        raise SerialisationError(
            [("$", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
        ) from None
    except RecursionError:
        raise SerialisationError([("$", "invalid JSON: nested too deeply")]) from None
    except (ValueError, TypeError) as exc:
        raise SerialisationError([("$", f"invalid JSON: {short_repr(str(exc), 120)}")]) from None


# Documents of the result types (DateMention, Repair, Change) may hold any code point, lone
# surrogates included: repair reports the junk it removes. JSON escapes carry them; UTF-8
# cannot, and orjson refuses them (and integers past 64 bits), so such documents go through
# the standard library, whose text is otherwise identical.
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _escape_surrogate(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _find_pair(data: Any, path: str) -> tuple[str, str] | None:
    """The path and message of the first string holding a surrogate pair written as two."""
    if isinstance(data, str):
        pair = _SURROGATE_PAIR.search(data)
        if pair is None:
            return None
        codes = " ".join(f"U+{ord(c):04X}" for c in pair.group())
        return path, (
            f"cannot write a high surrogate followed by a low surrogate ({codes} at offset "
            f"{pair.start()}) in JSON: readers join the two escapes into one character"
        )
    if isinstance(data, (dict, list, tuple)):
        for key, value in data.items() if isinstance(data, dict) else enumerate(data):
            found = _find_pair(value, child(path, key))
            if found is not None:
                return found
    return None


def encode_any(data: Any, orjson: ModuleType | None) -> str:
    """Like :func:`encode`, for documents whose strings may hold any code point.

    Lone surrogates are written as JSON escapes (``\\ud800``), which ``json.loads`` reads back
    into the same str; the rest of the text is what :func:`encode` writes.

    Raises:
        SerialisationError: a string holds a high surrogate followed by a low one, which
            JSON can only write as the escapes of one (other) character.
    """
    if orjson is not None:
        try:
            text: str = orjson.dumps(data).decode("utf-8")
            return text
        except TypeError:  # orjson.JSONEncodeError: lone surrogates, integers past 64 bits
            pass
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if _SURROGATE.search(text) is None:
        return text
    if _SURROGATE_PAIR.search(text) is not None:
        found = _find_pair(data, "$")
        assert found is not None  # pairs only arise inside strings
        raise SerialisationError([found])
    return _SURROGATE.sub(_escape_surrogate, text)


def decode_any(text: str | bytes | bytearray | memoryview, orjson: ModuleType | None) -> Any:
    """Like :func:`decode` (which reads escaped lone surrogates too), for result documents."""
    return decode(text, orjson)


# --- whole-document screens --------------------------------------------------------------------
# Readers check every string of a document for characters the models forbid and for NFC. In
# JSON text without a backslash every string is a verbatim slice of the UTF-8 bytes (raw C0
# controls are invalid JSON inside strings, and the parser has checked the UTF-8), so one pass
# over the bytes clears every string at once. Three byte-to-flags tables (for the first, second
# and third byte of a UTF-8 sequence) are combined with integer shifts and ANDs; each bit marks
# one kind of byte sequence:
#   bit 0 (forbidden)  C2 80..9F        C1 controls U+0080..U+009F
#   bit 1 (maybe not NFC)  E2 83..BF    U+20C0..U+2FFF (outside the NFC-safe block below)
#   bit 2 (maybe not NFC)  E2 80 80..81 U+2000, U+2001 (singletons: NFC maps them elsewhere)
#   bit 3 (forbidden)  E2 80 A8..A9     U+2028, U+2029
#   bit 4 (maybe not NFC)  CC..E1, E3..FF  a character from U+0300 on, outside U+2000..U+2FFF
#   bit 5 (both)       5C               a backslash: an escape could produce any character
#   bit 6 (forbidden)  ED A0..BF        surrogates (invalid UTF-8 anyway)
#   bit 7 (forbidden)  7F               DEL
# Every character below U+0300 and in U+2002..U+20BF has NFC quick check Yes and combining
# class 0 (a test checks this against unicodedata), so text made of them only is NFC.
_SINGLE = 0b10110000  # single-byte flags ride through the second and third tables
_FIRST = bytearray(256)
_SECOND = bytearray([_SINGLE] * 256)
_THIRD = bytearray([_SINGLE | 0b1000011] * 256)  # pairs ride through the third table
_FIRST[0xC2] = 0b1
_FIRST[0xE2] = 0b1110
for _b in [*range(0xCC, 0xE2), *range(0xE3, 0x100)]:
    _FIRST[_b] = 0b10000
_FIRST[0xED] |= 0b1000000
_FIRST[0x5C] = 0b100000
_FIRST[0x7F] = 0b10000000
for _b in range(0x80, 0xC0):
    _SECOND[_b] |= (0b1 if _b < 0xA0 else 0b1000000) | (0b10 if _b > 0x82 else 0)
_SECOND[0x80] |= 0b1100
_THIRD[0x80] |= 0b100
_THIRD[0x81] |= 0b100
_THIRD[0xA8] |= 0b1000
_THIRD[0xA9] |= 0b1000
_FIRST_TABLE, _SECOND_TABLE, _THIRD_TABLE = bytes(_FIRST), bytes(_SECOND), bytes(_THIRD)
# Bytes that flag nothing, dropped first: ASCII but the backslash and DEL, and the lead bytes
# of U+00C0..U+02FF. A lead byte that flags is still followed by its own continuation bytes.
_UNFLAGGED = bytes([*range(0x5C), *range(0x5D, 0x7F), *range(0xC3, 0xCC)])
_PAD = b"AA"  # past the end: flags nothing, lets every sequence through
_FORBIDDEN_BITS = 0b11101001
_NOT_NFC_BITS = 0b00110110


def screen(data: bytes) -> tuple[bool, bool]:
    """Screen UTF-8 JSON text that a JSON parser has accepted, in linear time.

    Returns:
        ``(clean, nfc)``: *clean* when no string of the document can hold a character the
        models forbid (C0/C1 controls, DEL, U+2028, U+2029, surrogates); *nfc* when every
        string of the document is NFC. False means "not proven": check each string.
    """
    kept = data.translate(None, _UNFLAGGED)
    if not kept:
        return True, True
    kept += _PAD
    flags = (
        int.from_bytes(kept.translate(_FIRST_TABLE), "big")
        & (int.from_bytes(kept.translate(_SECOND_TABLE), "big") << 8)
        & (int.from_bytes(kept.translate(_THIRD_TABLE), "big") << 16)
    )
    if not flags:
        return True, True
    size = len(kept)
    clean = not flags & int.from_bytes(bytes([_FORBIDDEN_BITS]) * size, "big")
    nfc = not flags & int.from_bytes(bytes([_NOT_NFC_BITS]) * size, "big")
    return clean, nfc
