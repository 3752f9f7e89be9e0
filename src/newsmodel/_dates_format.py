"""Formatting behind :func:`newsmodel.dates.format_date`: CLDR patterns rendered our way.

Patterns and names come from babel's CLDR data, read once per locale and cached. We render
the patterns ourselves for three reasons: French writes the first of the month "1er" (babel
prints "1"), years always get four digits (CLDR's short patterns of fr_BE and fr_CH print two,
which no parser can read back), and the datetime pattern is ours, holding ``'à'`` (babel's fr
``full`` datetime adds seconds and a zone name).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

__all__: list[str] = []

#: The styles :func:`newsmodel.dates.format_date` accepts.
STYLES: tuple[str, ...] = ("byline", "full", "iso", "long", "short")

_FIELD_RE = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+")
_SUPPORTED_FIELDS = frozenset("EdMyHms")


class LocaleData:
    """What one locale needs for formatting: names and patterns."""

    __slots__ = ("full", "long", "medium_time", "months", "short", "short_months",
                 "short_time", "weekdays")

    def __init__(self, locale: str) -> None:
        from babel.dates import (
            get_date_format,
            get_datetime_format,
            get_day_names,
            get_month_names,
            get_time_format,
        )

        self.months = dict(get_month_names("wide", "format", locale))
        self.short_months = dict(get_month_names("abbreviated", "format", locale))
        self.weekdays = dict(get_day_names("wide", "format", locale))
        self.full = compile_pattern(get_date_format("full", locale).pattern)
        self.long = compile_pattern(get_date_format("long", locale).pattern)
        short = get_date_format("short", locale).pattern
        short_time = get_time_format("short", locale).pattern
        medium_time = get_time_format("medium", locale).pattern
        if not (renders(short_time) and renders(medium_time)):
            # a 12-hour clock ("h:mm a": fr_DZ, fr_TN, fr_MR...): the 24-hour time of fr, as
            # their newspapers print it and as parse_date reads it back
            short_time = get_time_format("short", "fr").pattern
            medium_time = get_time_format("medium", "fr").pattern
        glue = str(get_datetime_format("short", locale))
        full = get_date_format("full", locale).pattern
        self.short = (compile_pattern(short),
                      compile_pattern(glue.replace("{1}", short).replace("{0}", short_time)),
                      compile_pattern(glue.replace("{1}", short).replace("{0}", medium_time)))
        # the "à" pattern: the full date, 'à', the time (with seconds only when there are some)
        self.short_time = compile_pattern(f"{full} 'à' {short_time}")
        self.medium_time = compile_pattern(f"{full} 'à' {medium_time}")


Field = tuple[str, str]  # ("", literal text) or (letter, whole field such as "MMMM")


@lru_cache(maxsize=64)
def compile_pattern(pattern: str) -> tuple[Field, ...]:
    """Split a CLDR pattern into literals and fields.

    Raises:
        ValueError: the pattern uses a field we do not render.

    >>> compile_pattern("EEEE d MMMM y 'à' HH:mm")[:3]
    (('E', 'EEEE'), ('', ' '), ('d', 'd'))
    """
    fields: list[Field] = []
    for match in _FIELD_RE.finditer(pattern):
        text = match.group()
        letter = match.group(1)
        if letter is None:
            if text.startswith("'"):
                text = text[1:-1].replace("''", "'") if len(text) > 2 else "'"
            fields.append(("", text))
        elif letter in _SUPPORTED_FIELDS:
            fields.append((letter, text))
        else:
            raise ValueError(f"unsupported CLDR field {text!r} in {pattern!r}")
    return tuple(fields)


def renders(pattern: str) -> bool:
    """Whether :func:`render` can write every field of *pattern*.

    >>> renders("HH:mm"), renders("h:mm a")
    (True, False)
    """
    try:
        compile_pattern(pattern)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=16)
def locale_data(locale: str) -> LocaleData:
    """The formatting data of a French *locale*, cached.

    Raises:
        ValueError: not a locale babel knows, not a French one, or one with a pattern we do not
            render.
    """
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError) as error:
        raise ValueError(f"unknown locale: {error}") from None
    if parsed.language != "fr":
        raise ValueError("not a French locale")
    return LocaleData(str(parsed))


def render(fields: tuple[Field, ...], value: date, data: LocaleData, first: bool) -> str:
    """Render compiled *fields* for *value*; *first* writes day 1 as "1er"."""
    out: list[str] = []
    for letter, text in fields:
        if not letter:
            out.append(text)
        elif letter == "d":
            day = value.day
            out.append("1er" if first and day == 1 else f"{day:0{len(text)}d}")
        elif letter == "M":
            if len(text) >= 4:
                out.append(data.months[value.month])
            elif len(text) == 3:
                out.append(data.short_months[value.month])
            else:
                out.append(f"{value.month:0{len(text)}d}")
        elif letter == "y":
            out.append(f"{value.year:04d}")
        elif letter == "E":
            out.append(data.weekdays[value.weekday()])
        else:
            assert isinstance(value, datetime)
            number = {"H": value.hour, "m": value.minute, "s": value.second}[letter]
            out.append(f"{number:0{len(text)}d}")
    return "".join(out)


def format_value(value: date, style: str, locale: str) -> str:
    """Format *value* in *style* for *locale* (both already checked by the caller)."""
    if style == "iso":
        return value.isoformat()
    data = locale_data(locale)
    is_datetime = isinstance(value, datetime)
    with_seconds = is_datetime and value.second != 0  # type: ignore[attr-defined]
    if style == "long":
        return render(data.long, value, data, first=True)
    if style == "short":
        fields = data.short[(2 if with_seconds else 1) if is_datetime else 0]
        return render(fields, value, data, first=False)
    fields = data.full
    if is_datetime:
        fields = data.medium_time if with_seconds else data.short_time
    text = render(fields, value, data, first=True)
    return "Publié " + text if style == "byline" else text
