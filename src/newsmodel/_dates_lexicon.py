"""Tables behind :mod:`newsmodel.dates`: folding, mojibake, month and weekday names.

Everything here is built once, on first use, and cached with a stated bound. Month and weekday
names come from babel's CLDR data (wide and abbreviated, format and stand-alone) for the French
locales that :func:`newsmodel.dates.format_date` supports, plus the abbreviations French
newsrooms print that CLDR does not list.

Folding maps a text to a lower-case, accent-free form of the *same length* (one character for
one), so offsets found in the folded text are offsets in the input. Only two things change the
length, and both are rare: Latin-1/cp1252 mojibake (``"fÃ©vrier"``) and combining accents (NFD
text). For those, :func:`fold` also returns an index map from folded to raw offsets.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__: list[str] = []

#: The French locales whose names the parser reads and the formatter prints by default.
LOCALES: tuple[str, ...] = ("fr", "fr_BE", "fr_CA", "fr_CH", "fr_CI", "fr_ML", "fr_SN")

#: Abbreviations printed by French newsrooms that CLDR does not list (folded, without dot).
EXTRA_MONTHS: dict[str, int] = {
    "janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "juill": 7,
    "sept": 9, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

#: Written zones and their offsets from UTC, in minutes.
ZONES: dict[str, int] = {"gmt": 0, "utc": 0, "hae": -4 * 60, "hne": -5 * 60}

#: Characters read as one space (any run of them is one separator).
SPACES = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"

# Lead bytes of two-byte UTF-8 sequences whose mojibake we read (Â, Ã: U+0080-U+00FF).
_MOJIBAKE_RE = re.compile("[\u00c2\u00c3].|[\u0300-\u036f]", re.DOTALL)
_SLOW_RE = re.compile("[\u00c2\u00c3\u0300-\u036f]")
# Most passes a doubly mis-decoded text needs ("ÃƒÂ©" -> "Ã©" -> "é"), plus one.
_MOJIBAKE_PASSES = 3


def _byte_as_text(byte: int) -> tuple[str, ...]:
    """The characters a byte reads as under Latin-1 and under (sloppy) Windows-1252."""
    latin1 = bytes([byte]).decode("latin-1")
    try:
        cp1252 = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return (latin1,)
    return (latin1, cp1252) if cp1252 != latin1 else (latin1,)


@lru_cache(maxsize=1)
def mojibake_table() -> dict[str, str]:
    """Map each two-character mojibake of U+0080-U+00FF to the character it breaks.

    ``"Ã©"`` -> ``"é"``; ``"Ã\\xa0"`` (an ``à`` whose second byte became a no-break space)
    and ``"Ã "`` (the same after space folding) -> ``"à "``, keeping the space.
    """
    table: dict[str, str] = {}
    for lead in (0xC2, 0xC3):
        for cont in range(0x80, 0xC0):
            char = bytes([lead, cont]).decode("utf-8")
            for second in _byte_as_text(cont):
                table[chr(lead) + second] = char
    table["\u00c3\u00a0"] = "à "
    table["\u00c3 "] = "à "
    return table


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """The ``str.translate`` table: lower case, no accents, one kind of space, dash, quote,
    and the superscript ``ᵉʳ`` of ``1ᵉʳ`` as ``er``.

    Every entry maps one character to one character, so folding keeps offsets.
    """
    table: dict[int, str] = {}
    for code in range(0x250):
        char = chr(code)
        low = char.lower()
        if len(low) != 1:
            continue
        base = unicodedata.normalize("NFD", low)[0]
        if base != char:
            table[code] = base
    for char in SPACES:
        table[ord(char)] = " "
    for char in "\u2010\u2011\u2012\u2013\u2014\u2212":
        table[ord(char)] = "-"
    for char in "\u2018\u2019\u02bc\u00b4":
        table[ord(char)] = "'"
    # the superscript letters of "1ᵉʳ" (typeset "1er"): modifier letters, which NFD keeps
    table[0x1D49] = "e"
    table[0x02B3] = "r"
    return table


def _repair_pass(text: str, index: list[int]) -> tuple[str, list[int]]:
    """Replace known mojibake pairs and drop combining marks, carrying the index map."""
    table = mojibake_table()
    pieces: list[str] = []
    new_index: list[int] = []
    last = 0
    for match in _MOJIBAKE_RE.finditer(text):
        found = match.group()
        if len(found) == 1:  # a combining mark
            replacement = ""
        else:
            replacement = table.get(found, "")
            if not replacement:
                continue
        start = match.start()
        pieces.append(text[last:start])
        new_index.extend(index[last:start])
        pieces.append(replacement)
        new_index.extend(index[start : start + len(replacement)])
        last = match.end()
    if not pieces:
        return text, index
    pieces.append(text[last:])
    new_index.extend(index[last:])
    return "".join(pieces), new_index


def needs_folding(text: str) -> bool:
    """Whether *text* holds mojibake lead characters or combining marks (folding moves
    offsets), as opposed to case, accents and spaces only (folding keeps them).

    >>> needs_folding("Publié"), needs_folding("PubliÃ©")
    (False, True)
    """
    return _SLOW_RE.search(text) is not None


def fold(text: str) -> tuple[str, list[int] | None]:
    """Fold *text* for matching; return the folded text and its index map.

    The index map is ``None`` when folding kept every offset (the common case); otherwise
    ``index[k]`` is the offset in *text* of folded character ``k``, and ``index[len]`` is
    ``len(text)``.

    >>> fold("Publié MERCREDI")
    ('publie mercredi', None)
    >>> folded, index = fold("fÃ©vrier")
    >>> folded, index
    ('fevrier', [0, 1, 3, 4, 5, 6, 7, 8])
    """
    if _SLOW_RE.search(text) is None:
        return text.translate(fold_table()), None
    index = list(range(len(text) + 1))
    repaired = text
    for _ in range(_MOJIBAKE_PASSES):
        again, index = _repair_pass(repaired, index)
        if again == repaired:
            break
        repaired = again
    return repaired.translate(fold_table()), index


def fold_name(name: str) -> str:
    """Fold a CLDR name to a lookup key: lower case, no accents, no final dot.

    >>> fold_name("févr.")
    'fevr'
    """
    return unicodedata.normalize("NFD", name.casefold()).encode("ascii", "ignore").decode()\
        .rstrip(".")


@lru_cache(maxsize=len(LOCALES) + 8)
def names(locale: str) -> tuple[dict[str, tuple[int, bool]], dict[str, tuple[int, bool]]]:
    """Month and weekday lookup tables of *locale* from babel's CLDR data.

    Returns:
        ``(months, weekdays)``: folded name -> ``(number, is_abbreviation)``; months are
        1-12, weekdays 0 (Monday) to 6 as :meth:`datetime.date.weekday` counts.
    """
    from babel.dates import get_day_names, get_month_names

    months: dict[str, tuple[int, bool]] = {}
    weekdays: dict[str, tuple[int, bool]] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            abbreviated = width != "wide"
            for number, name in get_month_names(width, context, locale).items():
                months.setdefault(fold_name(name), (int(number), abbreviated))
            for number, name in get_day_names(width, context, locale).items():
                weekdays.setdefault(fold_name(name), (int(number), abbreviated))
    for name, number in EXTRA_MONTHS.items():
        months.setdefault(name, (number, True))
    return months, weekdays


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, tuple[int, bool]], dict[str, tuple[int, bool]]]:
    """Union of :func:`names` over :data:`LOCALES`: what the parser reads."""
    months: dict[str, tuple[int, bool]] = {}
    weekdays: dict[str, tuple[int, bool]] = {}
    for locale in LOCALES:
        locale_months, locale_weekdays = names(locale)
        for key, value in locale_months.items():
            months.setdefault(key, value)
        for key, value in locale_weekdays.items():
            weekdays.setdefault(key, value)
    return months, weekdays
