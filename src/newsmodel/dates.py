"""French press dates: parse one, find them all in a text, format them the French way.

Every form a French-language newspaper prints, read strictly and fast:

>>> parse_date("Publié mercredi 11 octobre 2023 à 05:04")
datetime.datetime(2023, 10, 11, 5, 4)
>>> [m.text for m in find_dates("Réunis les 27 et 28 juillet 2023, puis le lundi 07 août",
...                             reference=date(2023, 10, 11))]
['27 et 28 juillet 2023', 'lundi 07 août']
>>> format_date(date(2023, 10, 1))
'dimanche 1er octobre 2023'

The grammar is documented in ``docs/dates.md``. Month and weekday names come from babel's CLDR
data (read once, cached); the parser is ours (:mod:`newsmodel._dates_grammar`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo

import attrs

from newsmodel import _dates_grammar as grammar
from newsmodel._dates_format import STYLES, format_value
from newsmodel._dates_lexicon import fold, lexicon, needs_folding
from newsmodel._zones import iana_zone
from newsmodel.errors import DateParseError, ValidationError

__all__ = ["DateMention", "find_dates", "format_date", "parse_date"]

# The common shapes in one pass, on folded text: "[lead] [weekday[.][,]] d[er] month[.] [yyyy]"
# or "[lead] [weekday[.][,]] dd/mm/yyyy", then "[sep] time" (05:04[:32], 5h04, 05h, 9 h 15,
# 15 heures [30], midi, minuit); single spaces. Anything else (or anything odd here) goes to the
# token grammar, which has the last word and the error messages. No nested quantifiers; used
# on short texts only.
_FAST_RE = re.compile(
    r" *(?:(?:publie|mis a jour)(?: le)? |(?:le|ce) )?"
    r"(?:(?P<w>[a-z]+)(?P<wdot>\.)?,? )?"
    r"(?:(?P<nd>[0-9]{1,2})(?P<ns>[/.-])(?P<nm>[0-9]{1,2})(?P=ns)(?P<ny>[0-9]{4})"
    r"|(?P<d>[0-9]{1,2})(?P<er>er)? (?P<m>[a-z]+)(?P<mdot>\.)?(?: (?P<y>[0-9]{4}))?)"
    r"(?:(?: a |, | - | )(?:(?P<H>[0-9]{1,2})"
    r"(?::(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?|h(?P<hM>[0-9]{2})?| h(?: (?P<sM>[0-9]{2}))?"
    r"| heures?(?: (?P<eM>[0-9]{2}))?)|(?P<noon>midi|minuit)))? *"
)
_FAST_LIMIT = 100
# ISO 8601 / RFC 3339 as machines write them (on folded text: lower case, dashes folded):
# a fraction of 1 to 9 digits after "." or ",", an offset "z", "+hh", "+hhmm", "+hh:mm" or
# "+hh:mm:ss[.ffffff]".
_ISO_RE = re.compile(
    r" *([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:t([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?"
    r"(?:(z)|([+-])([0-9]{2})(?::?([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{6}))?)?)?)?)? *"
)


@attrs.frozen(kw_only=True)
class DateMention:
    """One date found in a text by :func:`find_dates`.

    Attributes:
        start: offset of the mention's first character in the input as given.
        end: offset just past its last character; ``text == input[start:end]``.
        text: the mention as written (mojibake included).
        value: the date, or the datetime when a time is attached; for a range, the first day.
        until: for a range (``27 et 28 juillet 2023``), the last day; otherwise ``None``.

    >>> DateMention(start=0, end=9, text="1er avril", value=date(2024, 4, 1), until=None).value
    datetime.date(2024, 4, 1)
    """

    start: int
    end: int
    text: str
    value: date | datetime
    until: date | None = None  # a datetime is a date: ranges with times keep them

    def __attrs_post_init__(self) -> None:
        for name, field in (("start", self.start), ("end", self.end)):
            if not isinstance(field, int) or isinstance(field, bool):
                raise ValidationError(name, field, "expected an int")
        if not isinstance(self.text, str):
            raise ValidationError("text", self.text, "expected a str")
        if self.start < 0:
            raise ValidationError("start", self.start, "expected an offset >= 0")
        if self.end != self.start + len(self.text):
            raise ValidationError(
                "end", self.end, f"expected start + len(text) = {self.start + len(self.text)}"
            )
        if not isinstance(self.value, date):
            raise ValidationError("value", self.value, "expected a date or datetime")
        if self.until is not None:
            if not isinstance(self.until, date):
                raise ValidationError("until", self.until, "expected a date, datetime or None")
            if _day(self.until) < _day(self.value):
                raise ValidationError("until", self.until, "expected a day not before value")


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _zone(tz: str | tzinfo | None) -> tzinfo | None:
    if tz is None or isinstance(tz, tzinfo):
        return tz
    zone = iana_zone(tz)
    if zone is None:
        raise ValidationError("tz", tz, "an IANA time zone name")
    return zone


def _reference(reference: date | datetime | None) -> date | None:
    if isinstance(reference, datetime):
        return reference.date()
    if reference is not None and not isinstance(reference, date):
        raise ValidationError("reference", reference, "a date, a datetime or None")
    return reference


def _fast(
    folded: str, reference: date | None, tz: tzinfo | None, strict: bool
) -> date | datetime | None:
    """The common shapes, or None to let the grammar decide (and explain any error)."""
    match = _FAST_RE.fullmatch(folded)
    if match is None:
        return None
    w, d, er, m, mdot, y, nd = match.group("w", "d", "er", "m", "mdot", "y", "nd")
    months, weekdays = lexicon()
    part = grammar.Part()
    if w is not None:
        weekday = weekdays.get(w)
        if weekday is None:
            return None
        part.weekday = weekday[0]
    if nd is not None:
        part.day, part.month, part.year = int(nd), int(match.group("nm")), int(match.group("ny"))
        if not (1 <= part.month <= 12 and 1 <= part.day <= 31):
            return None
    else:
        month = months.get(m)
        part.day = int(d)
        if month is None or (er and part.day != 1) or (mdot and not month[1]) \
                or not 1 <= part.day <= 31:
            return None
        part.month = month[0]
        if y is not None:
            part.year = int(y)
    try:
        value = grammar.resolve(part, reference, strict)
    except grammar.GrammarError:
        return None
    hour, noon = match.group("H", "noon")
    if hour is None and noon is None:
        return value
    if noon is not None:
        clock = grammar.Clock(0, 12 if noon == "midi" else 0, 0, 0)
    else:
        minute, second, minute_h, minute_s, minute_e = match.group("M", "S", "hM", "sM", "eM")
        h = int(hour)
        mi = int(minute or minute_h or minute_s or minute_e or 0)
        sec = int(second or 0)
        if h > 23 or mi > 59 or sec > 59:
            return None
        clock = grammar.Clock(0, h, mi, sec)
    try:
        return grammar.with_clock(value, clock, tz)
    except grammar.GrammarError:
        return None


def _read_iso(text: str) -> date | datetime | None:
    """An ISO 8601 date or datetime as :func:`parse_date` reads it, or None when *text* has
    another form; the same on every Python version (for the command line's arguments).

    Raises:
        DateParseError: *text* has the form but names no real date or time.

    >>> _read_iso("2023-10-11T05:04:32.123Z")
    datetime.datetime(2023, 10, 11, 5, 4, 32, 123000, tzinfo=datetime.timezone.utc)
    >>> _read_iso("11 octobre 2023") is None
    True
    """
    folded, index = fold(text)
    match = _ISO_RE.fullmatch(folded) if index is None else None
    return None if match is None else _iso(text, match, None)


def _iso(text: str, match: re.Match[str], tz: tzinfo | None) -> date | datetime:
    """The value of an ISO date matched by _ISO_RE on the folded text (same length as *text*).

    Fractions past microseconds are cut (datetime holds microseconds).
    """
    at = match.start(1)
    (year, month, day, hour, minute, second, fraction, utc,
     sign, off_h, off_m, off_s, off_f) = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        zone: tzinfo | None = None
        if utc is not None:
            zone = timezone.utc
        elif sign is not None:
            if int(off_h) > 23 or int(off_m or 0) > 59 or int(off_s or 0) > 59:
                raise ValueError(f"offset out of range: {sign}{off_h}:{off_m or '00'}")
            offset = timedelta(hours=int(off_h), minutes=int(off_m or 0),
                               seconds=int(off_s or 0), microseconds=int(off_f or 0))
            zone = timezone(-offset if sign == "-" else offset)
        value = datetime(int(year), int(month), int(day), int(hour), int(minute),
                         int(second or 0), int((fraction or "0")[:6].ljust(6, "0")), zone)
    except ValueError as error:
        raise DateParseError(text, at, f"impossible ISO date or time: {error}") from None
    if value.tzinfo is not None:
        if tz is not None:
            try:
                return value.astimezone(tz)
            except OverflowError:
                raise DateParseError(text, at, "the instant falls outside the years 1-9999")\
                    from None
        return value
    if tz is None:
        return value
    clock = grammar.Clock(0, value.hour, value.minute, value.second)
    try:
        return grammar.localize(value, tz, clock)
    except grammar.GrammarError as fail:
        raise DateParseError(text, at, fail.reason) from None


def _position(fail: grammar.GrammarError, tokens: list[grammar.Token], folded: str,
              index: list[int] | None) -> int:
    at = tokens[fail.index][0] if fail.index < len(tokens) else len(folded.rstrip())
    return index[at] if index is not None else at


def parse_date(
    text: str,
    *,
    reference: date | datetime | None = None,
    tz: str | tzinfo | None = None,
    strict: bool = True,
) -> date | datetime:
    """Read *text* as exactly one French date, with or without a time.

    The grammar (see ``docs/dates.md``): ``[lead] [weekday[,]] day month [year] [sep time
    [zone]]``, ``[lead] [weekday] dd/mm/yyyy [sep time]`` (or ``.``, ``-``), or ISO
    ``yyyy-mm-dd``. Case, accents, runs of spaces and Latin-1/cp1252 mojibake are ignored.

    Args:
        text: the date as printed, such as ``"Publié mercredi 11 octobre 2023 à 05:04"``.
        reference: a date near the one written, used only to fill a missing year: the year
            among ``reference.year - 1 .. + 1`` whose weekday matches when a weekday is written,
            else the occurrence nearest to *reference*. Never read from a clock.
        tz: the zone the time is in (an IANA name or a ``tzinfo``): the result is aware in it.
            With a zone written in the text (``GMT+1``, ``HAE``), *tz* only chooses the zone
            the result is shown in.
        strict: when True (the default) a weekday that does not match the date is an error;
            when False the date wins and the weekday is ignored.

    Returns:
        A ``date`` when no time is written, a ``datetime`` when one is (naive unless *tz* is
        given or a zone is written).

    Raises:
        DateParseError: *text* is not exactly one valid date; ``position`` is the offset in
            *text* of the problem and ``reason`` says what was expected there.
        ValidationError: *tz* is not a known zone name, or *reference* is not a date.

    >>> parse_date("Publié mercredi 11 octobre 2023 à 05:04")
    datetime.datetime(2023, 10, 11, 5, 4)
    >>> parse_date("ce mardi 10 octobre 2023")
    datetime.date(2023, 10, 10)
    >>> parse_date("le lundi 07 août", reference=date(2023, 10, 11))
    datetime.date(2023, 8, 7)
    >>> parse_date("11/10/2023 à 9 h 15", tz="Africa/Bamako")
    datetime.datetime(2023, 10, 11, 9, 15, tzinfo=zoneinfo.ZoneInfo(key='Africa/Bamako'))
    >>> parse_date("PubliÃ© le 1er fÃ©vrier 2024 à 15 heures GMT+1")
    datetime.datetime(2024, 2, 1, 15, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=3600)))
    >>> for bad in ("jeudi 11 octobre 2023", "le 27 et 28 juillet", "Publié 38è jour"):
    ...     try:
    ...         parse_date(bad)
    ...     except DateParseError as error:
    ...         print(error.position, error.reason)
    0 2023-10-11 is not that weekday
    6 a range or a list of days is not one date
    7 an ordinal or a quantity is not a day of the month
    """
    if not isinstance(text, str):
        raise ValidationError("text", text, "a str")
    zone = _zone(tz)
    ref = _reference(reference)
    folded, index = fold(text)
    iso = _ISO_RE.fullmatch(folded) if index is None else None  # linear: one anchored run
    if iso is not None:
        return _iso(text, iso, zone)
    if index is None and len(folded) <= _FAST_LIMIT:
        value = _fast(folded, ref, zone, strict)
        if value is not None:
            return value
    tokens = grammar.tokenize(folded, 0, grammar.MAX_TOKENS)
    try:
        return grammar.parse_tokens(tokens, ref, zone, strict)
    except grammar.GrammarError as fail:
        raise DateParseError(text, _position(fail, tokens, folded, index), fail.reason) from None


def find_dates(
    text: str,
    *,
    reference: date | datetime | None = None,
    tz: str | tzinfo | None = None,
) -> list[DateMention]:
    """Find every date mentioned in a French text, in order, without overlaps.

    A mention needs a day and a month (a name, an abbreviation, or numeric ``dd/mm/yyyy``);
    the year may be missing and is then resolved from *reference* as :func:`parse_date`
    does, weekday checked (a mention whose year cannot be resolved, or whose weekday does not
    match, is not reported). Ranges (``27 et 28 juillet 2023``, ``28 août au 8 septembre
    2024``, ``entre le 3 mars et le 15 juin 2024``) are one mention; ``le 3 mars et le
    15 juin 2024``, without ``entre``, is two (the first borrowing the second's year as a
    range would). Lead words (``le``, ``Publié``, ``du``, ``depuis le``) stay outside
    the span; an attached time (``à 13:48``) is inside.

    Args:
        text: any text; mojibake and odd spaces are read as :func:`parse_date` reads them.
        reference: a date near those written, to fill missing years.
        tz: the zone attached times are in (makes their datetimes aware).

    Returns:
        The mentions, sorted by ``start``; offsets index *text* as given.

    Raises:
        ValidationError: *tz* is not a known zone name, or *reference* is not a date.

    >>> page = "Réunis le jeudi 10 août à Abuja, du 28 août au 8 septembre 2024. Il a 74 ans."
    >>> for m in find_dates(page, reference=date(2023, 10, 11)):
    ...     print(m.start, m.text, m.value, m.until)
    10 jeudi 10 août 2023-08-10 None
    36 28 août au 8 septembre 2024 2024-08-28 2024-09-08
    >>> [m.text for m in find_dates("Publié mercredi 15 octobre 2025 à 13:48")]
    ['mercredi 15 octobre 2025 à 13:48']
    """
    if not isinstance(text, str):
        raise ValidationError("text", text, "a str")
    zone = _zone(tz)
    # the scan folds case and accents itself; only mojibake and NFD need the folded copy
    folded, index = fold(text) if needs_folding(text) else (text, None)
    mentions: list[DateMention] = []
    for start, end, value, until in grammar.find(folded, _reference(reference), zone):
        if index is not None:
            start, end = index[start], index[end]
        mentions.append(
            DateMention(start=start, end=end, text=text[start:end], value=value, until=until)
        )
    return mentions


def format_date(value: date | datetime, style: str = "full", *, locale: str = "fr") -> str:
    """Write a date or datetime as a French newspaper does.

    Styles: ``full`` (``mercredi 11 octobre 2023 à 05:04``; a date has no ``à`` part),
    ``long`` (``11 octobre 2023``, the date only), ``byline`` (``Publié`` + full), ``short``
    (``11/10/2023``, plus the time for a datetime), ``iso`` (``datetime.isoformat``). Day 1
    is written ``1er`` in full, long and byline. Names and patterns are babel's CLDR data for
    *locale*; years always have four digits. Times show hours and minutes, and seconds when
    there are some; only ``iso`` keeps microseconds and the zone of an aware value (the
    other styles print its wall time).

    Args:
        value: a ``date`` or ``datetime``.
        style: one of ``full``, ``long``, ``byline``, ``short``, ``iso``.
        locale: a French locale: ``fr``, ``fr_ML``, ``fr_SN``, ``fr_CI``, ``fr_BE``,
            ``fr_CH``, ``fr_CA`` and the others babel knows.

    Returns:
        The text; :func:`parse_date` reads every style back (``long`` only for dates).

    Raises:
        ValidationError: *value* is not a date, *style* is unknown, or *locale* is not a
            French locale babel knows.

    >>> format_date(datetime(2023, 10, 11, 5, 4), "byline")
    'Publié mercredi 11 octobre 2023 à 05:04'
    >>> format_date(date(2023, 10, 1), "long")
    '1er octobre 2023'
    >>> format_date(datetime(2023, 10, 11, 5, 4), "short", locale="fr_CA")
    '2023-10-11 05 h 04'
    >>> format_date(date(2023, 10, 11), "full", locale="fr_CH")
    'mercredi, 11 octobre 2023'
    """
    if not isinstance(value, date):
        raise ValidationError("value", value, "a date or datetime")
    if style not in STYLES:
        raise ValidationError("style", style, f"one of {', '.join(STYLES)}")
    try:
        return format_value(value, style, locale)
    except (TypeError, ValueError) as error:  # TypeError: an unhashable locale
        raise ValidationError("locale", locale, f"a French locale babel knows ({error})")\
            from None
