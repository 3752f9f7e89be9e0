"""IANA time zones by name, resolved the same way by dates, pages and JSON-LD.

Only the names tzdata lists are zones: ``ZoneInfo`` would also open other files of the
system's zoneinfo folder (``localtime``, ``posixrules``), which read the machine's own zone.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import lru_cache


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    """The IANA zone names tzdata ships (about 600, read once)."""
    from importlib.resources import files

    return frozenset(files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())


@lru_cache(maxsize=256)
def _load(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return None


def iana_zone(name: object) -> tzinfo | None:
    """The zone named *name*, or None when *name* is not an IANA zone name tzdata lists.

    >>> iana_zone("Africa/Bamako")
    zoneinfo.ZoneInfo(key='Africa/Bamako')
    >>> iana_zone("localtime") is None, iana_zone("Africa") is None, iana_zone(3) is None
    (True, True, True)
    """
    if not isinstance(name, str) or name not in zone_names():
        return None
    return _load(name)
