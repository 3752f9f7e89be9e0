"""Pieces every wire format shares: RFC 3339 datetimes, JSON paths, JSON text in and out.

Private: the public face is :mod:`newsmodel.serialise`.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from types import ModuleType
from typing import Any

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
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def format_datetime(value: datetime) -> str:
    """Write an aware datetime in RFC 3339 (``2023-10-11T05:04:00+00:00``).

    Offsets that RFC 3339 cannot write (with seconds) are written as the same instant in UTC.
    """
    text = value.isoformat()
    if len(text) in (25, 32):
        return text
    offset = value.utcoffset()
    if offset is None:
        raise SerialisationError([("$", f"cannot write naive datetime {value!r}")])
    return value.astimezone(timezone.utc).isoformat()


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
    """Read JSON text (str or UTF-8 bytes); any failure is a :class:`SerialisationError`."""
    if not isinstance(text, (str, bytes, bytearray, memoryview)):
        raise SerialisationError(
            [("$", f"expected JSON text (str or bytes), got {describe(text)}")]
        )
    try:
        if orjson is not None:
            return orjson.loads(text)
        if not isinstance(text, str):
            text = bytes(text).decode("utf-8")
        return json.loads(text, parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise SerialisationError(
            [("$", f"invalid UTF-8 at byte {exc.start}: {exc.reason}")]
        ) from None
    except json.JSONDecodeError as exc:  # orjson.JSONDecodeError is a subclass
        raise SerialisationError(
            [("$", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
        ) from None
    except RecursionError:
        raise SerialisationError([("$", "invalid JSON: nested too deeply")]) from None
    except (ValueError, TypeError) as exc:
        raise SerialisationError([("$", f"invalid JSON: {short_repr(str(exc), 120)}")]) from None
