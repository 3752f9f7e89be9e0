"""The grammar of French press dates, over tokens of folded text.

:mod:`newsmodel._dates_lexicon` folds the input (lower case, no accents, mojibake read, offsets
kept); :func:`tokenize` cuts it into numbers, words and single punctuation marks, each with its
offsets. :func:`parse_tokens` reads one whole date (``parse_date``); :func:`find` scans a text
for mentions (``find_dates``). Both read at most a bounded number of tokens per attempt, so the
work is linear in the input. Failures raise :class:`GrammarError`, which names the token at
fault; the public functions turn it into :class:`~newsmodel.errors.DateParseError` with a raw
offset.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from itertools import islice

from newsmodel._dates_lexicon import ZONES, fold_table, lexicon

__all__: list[str] = []

NUM, WORD, PUNCT = 1, 2, 3
#: A token: (start, end, kind, text), offsets into the folded text.
Token = tuple[int, int, int, str]

_TOKEN_RE = re.compile(r"([0-9]+)|([^\W\d_]+)|(\S)")
#: Most tokens one mention can use after its weekday, plus one to look past it: a range
#: ("20 déc. 2025 et le jeudi 4 janv. 2026", 13) or a date with time and zone ("20 déc.
#: 2025 à 10 h 30 min 15 s GMT+01:00", 16).
MENTION_TOKENS = 18
#: Tokens tried first: enough for "11 octobre 2023 à 05:04" and most mentions.
SHORT_WINDOW = 8
#: Most tokens a date expression (with range, time and zone) can use; parse_date reads no more.
MAX_TOKENS = 48
#: Most days a list may hold between its first and its ``et`` (``1er, 2, 3 et 4 mars``), so
#: that a mention still fits in :data:`MENTION_TOKENS`.
LIST_DAYS = 2
_LEADS: tuple[tuple[str, ...], ...] = (
    ("mis", "a", "jour", "le"), ("mis", "a", "jour"), ("publie", "le"), ("publie",),
    ("le",), ("ce",),
)
_RANGE_WORDS = frozenset({"et", "au", "a", "-", "ou", ","})
_RELATIVE = frozenset({
    "hier", "aujourd", "demain", "avant", "apres", "il", "dernier", "derniere", "prochain",
    "prochaine", "mi", "debut", "fin", "courant",
})
_PLURAL_LEADS = frozenset({"les", "du", "entre", "depuis", "jusqu", "des"})
_NO_TOKEN: Token = (-1, -1, 0, "")


class GrammarError(Exception):
    """A grammar failure at token *index* (``len(tokens)`` for the end), with a reason."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(reason)
        self.index = index
        self.reason = reason


def tokenize(text: str, pos: int = 0, limit: int = MAX_TOKENS) -> list[Token]:
    """Cut folded *text* from *pos* into at most *limit* tokens."""
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(text, pos):
        tokens.append((match.start(), match.end(), match.lastindex or 0, match.group()))
        if len(tokens) >= limit:
            break
    return tokens


class Part:
    """One day of a date expression, as written (fields not yet resolved)."""

    __slots__ = ("day", "day_at", "end", "month", "month_abbr", "weekday", "weekday_at", "year")

    def __init__(self) -> None:
        self.weekday: int | None = None
        self.weekday_at = 0
        self.day = 0
        self.day_at = 0
        self.month: int | None = None
        self.month_abbr = False
        self.year: int | None = None
        self.end = 0  # token index after the part


class Clock:
    """A time of day as written, with its zone offset in minutes when one is written."""

    __slots__ = ("at", "end", "hour", "minute", "offset", "second")

    def __init__(self, at: int, hour: int, minute: int, second: int) -> None:
        self.at = at
        self.hour = hour
        self.minute = minute
        self.second = second
        self.offset: int | None = None
        self.end = at


class NeedMoreError(Exception):
    """The parser looked past a short window of tokens: retry with the full window."""


#: Ends a window cut short: reading it raises :class:`NeedMoreError`.
MORE: Token = (-2, -2, -1, "")


def _tok(tokens: list[Token], i: int) -> Token:
    if i >= len(tokens):
        return _NO_TOKEN
    token = tokens[i]
    if token[2] < 0:
        raise NeedMoreError
    return token


def _glued(tokens: list[Token], i: int) -> bool:
    """Whether token *i* exists and starts where token *i-1* ends."""
    return 0 < i < len(tokens) and _tok(tokens, i)[0] == tokens[i - 1][1]


def skip_lead(tokens: list[Token]) -> int:
    """The index after a lead such as ``Publié le`` or ``Mis à jour`` (0 when none)."""
    for lead in _LEADS:
        if len(tokens) > len(lead) and all(
            tokens[k][3] == word for k, word in enumerate(lead)
        ):
            return len(lead)
    return 0


def weekday_at(tokens: list[Token], i: int, need_dot: bool) -> tuple[int | None, int]:
    """Read ``[weekday[.][,]]`` at *i*: the weekday (or None) and the index after it."""
    token = _tok(tokens, i)
    if token[2] != WORD:
        return None, i
    entry = lexicon()[1].get(token[3])
    if entry is None:
        return None, i
    j = i + 1
    dotted = _tok(tokens, j)[3] == "." and _glued(tokens, j)
    if dotted:
        j += 1
    if entry[1] and need_dot and not dotted:
        return None, i
    if _tok(tokens, j)[3] == ",":
        j += 1
    return entry[0], j


def day_at(tokens: list[Token], i: int) -> tuple[int, int]:
    """Read a day number (``7``, ``07``, ``1er``) at *i*: the day and the index after it."""
    token = _tok(tokens, i)
    if token[2] != NUM:
        if token[2] == 0:
            raise GrammarError(i, "expected a day number, found the end of the text")
        if token[2] == WORD and token[3] in lexicon()[0]:
            raise GrammarError(i, "a month without a day is not one date")
        if token[3] in _PLURAL_LEADS:
            raise GrammarError(i, f"{token[3]!r} introduces a range or a list, not one date")
        if token[2] == WORD and token[3] in _RELATIVE:
            raise GrammarError(i, "a relative or vague date is not one date")
        raise GrammarError(i, "expected a day number")
    if len(token[3]) > 2:
        reason = "a year alone is not one date" if len(token[3]) == 4 else "expected a day number"
        raise GrammarError(i, reason)
    day = int(token[3])
    j = i + 1
    if _glued(tokens, j) and _tok(tokens, j)[2] == WORD:
        if _tok(tokens, j)[3] == "er" and day == 1:
            j += 1
        elif clock_at(tokens, i) is not None:
            raise GrammarError(i, "a time alone is not a date")
        else:
            raise GrammarError(i, "an ordinal or a quantity is not a day of the month")
    if not 1 <= day <= 31:
        raise GrammarError(i, f"day {day} out of range 1-31")
    return day, j


def numeric_at(tokens: list[Token], i: int) -> tuple[int, int, int, int] | None:
    """Read ``dd/mm/yyyy`` (or ``.``/``-``) or ``yyyy-mm-dd`` at *i*.

    Returns:
        ``(day, month, year, index after)``, or None when the tokens do not have that shape.

    Raises:
        GrammarError: the shape is there but the month or day is out of range.
    """
    if i + 5 > len(tokens):
        return None
    a, sep1, b, sep2, c = (_tok(tokens, k) for k in range(i, i + 5))
    if not (
        a[2] == NUM and b[2] == NUM and c[2] == NUM and sep1[3] in "/.-" and sep1[3] == sep2[3]
        and a[1] == sep1[0] and sep1[1] == b[0] and b[1] == sep2[0] and sep2[1] == c[0]
    ):
        return None
    if _glued(tokens, i + 5) and _tok(tokens, i + 5)[2] != PUNCT:
        return None
    if len(a[3]) <= 2 and len(b[3]) <= 2 and len(c[3]) == 4:
        day, month, year = int(a[3]), int(b[3]), int(c[3])
        if not 1 <= month <= 12:
            raise GrammarError(
                i + 2, f"month {month} out of range 1-12 (numeric dates are day first)"
            )
    elif len(a[3]) == 4 and len(b[3]) == 2 and len(c[3]) == 2 and sep1[3] == "-":
        year, month, day = int(a[3]), int(b[3]), int(c[3])
        if not 1 <= month <= 12:
            raise GrammarError(i + 2, f"month {month} out of range 1-12")
    else:
        return None
    if not 1 <= day <= 31:
        raise GrammarError(i, f"day {day} out of range 1-31")
    return day, month, year, i + 5


def part_at(tokens: list[Token], i: int, *, need_month: bool, in_text: bool) -> Part:
    """Read ``[weekday[,]] day [month[.] [year]]`` at *i*.

    Args:
        tokens: the tokens.
        i: where to start.
        need_month: whether a missing month is an error (else the part ends after the day).
        in_text: find_dates rules: abbreviated weekdays need their dot, and an abbreviated
            month without its dot needs a year after it (``3 sept enfants`` is no date).
    """
    part = Part()
    part.weekday_at = i
    part.weekday, i = weekday_at(tokens, i, need_dot=in_text)
    if part.weekday is not None and _tok(tokens, i)[2] != NUM:
        raise GrammarError(i, "a weekday without a day is not one date")
    part.day_at = i
    part.day, i = day_at(tokens, i)
    token = _tok(tokens, i)
    entry = lexicon()[0].get(token[3]) if token[2] == WORD else None
    if entry is None:
        if need_month:
            raise GrammarError(i, "expected a month name after the day")
        part.end = i
        return part
    part.month, part.month_abbr = entry
    i += 1
    dotted = part.month_abbr and _tok(tokens, i)[3] == "." and _glued(tokens, i)
    if dotted:
        i += 1
    year_token = _tok(tokens, i)
    if year_token[2] == NUM and len(year_token[3]) == 4 and not (
        _glued(tokens, i + 1) and _tok(tokens, i + 1)[2] != PUNCT
    ):
        part.year = int(year_token[3])
        i += 1
    elif year_token[2] == NUM and len(year_token[3]) == 2 and not in_text \
            and clock_at(tokens, i) is None:  # "19 juin 14 h": a time after a space
        raise GrammarError(i, "a year must have four digits")
    elif in_text and part.month_abbr and not dotted:
        raise GrammarError(i, "an abbreviated month without its dot needs a year")
    part.end = i
    return part


def clock_at(tokens: list[Token], i: int) -> Clock | None:
    """Read a time (``05:04``, ``5h04``, ``9 h 15``, ``15 heures``, ``midi``) and zone at *i*.

    Returns:
        The time, or None when no time starts at *i*.

    Raises:
        GrammarError: a time is there but out of range (``24:00``, ``10h75``) or its zone is,
            or ``h`` is followed by a number that is not two digits (``5 h 4``, ``5h4``).
    """
    token = _tok(tokens, i)
    if token[2] == WORD and token[3] in ("midi", "minuit"):
        clock = Clock(i, 12 if token[3] == "midi" else 0, 0, 0)
        j = i + 1
    elif token[2] == NUM and len(token[3]) <= 2:
        hour = int(token[3])
        nxt = _tok(tokens, i + 1)
        minute = second = 0
        if nxt[3] == ":" and _glued(tokens, i + 1):
            mins = _tok(tokens, i + 2)
            if not (mins[2] == NUM and len(mins[3]) == 2 and _glued(tokens, i + 2)):
                return None
            minute = int(mins[3])
            j = i + 3
            if _tok(tokens, j)[3] == ":" and _glued(tokens, j):  # read no further unless
                secs = _tok(tokens, j + 1)                        # seconds may follow
                if secs[2] == NUM and len(secs[3]) == 2 and _glued(tokens, j + 1):
                    second = int(secs[3])
                    j += 2
        elif nxt[3] == "h":
            j = i + 2
            mins = _tok(tokens, j)
            if mins[2] == NUM and len(mins[3]) == 2:
                minute = int(mins[3])
                j += 1
                if _tok(tokens, j)[3] in ("min", "mn"):
                    j += 1
                    secs = _tok(tokens, j)
                    if secs[2] == NUM and len(secs[3]) == 2 and _tok(tokens, j + 1)[3] == "s":
                        second = int(secs[3])
                        j += 2
            elif mins[2] == NUM:  # "5 h 4", "5h4": print writes minutes with two digits
                raise GrammarError(j, f"minutes after 'h' take two digits, not {mins[3]!r}")
        elif nxt[3] in ("heures", "heure"):
            j = i + 2
            mins = _tok(tokens, j)
            if mins[2] == NUM and len(mins[3]) == 2:
                minute = int(mins[3])
                j += 1
        else:
            return None
        if hour > 23:
            raise GrammarError(i, f"hour {hour} out of range 0-23")
        if minute > 59:
            raise GrammarError(i + 2, f"minute {minute} out of range 0-59")
        if second > 59:
            raise GrammarError(j - 1, f"second {second} out of range 0-59")
        clock = Clock(i, hour, minute, second)
    else:
        return None
    zone = _tok(tokens, j)
    if zone[2] == WORD and zone[3] in ZONES:
        offset = ZONES[zone[3]]
        j += 1
        sign = _tok(tokens, j)
        hours = _tok(tokens, j + 1)
        if zone[3] in ("gmt", "utc") and sign[3] in "+-" and sign[2] == PUNCT \
                and _glued(tokens, j) and hours[2] == NUM and len(hours[3]) <= 2 \
                and _glued(tokens, j + 1):
            minutes = int(hours[3]) * 60
            j += 2
            mins = _tok(tokens, j + 1)
            if _tok(tokens, j)[3] == ":" and mins[2] == NUM and len(mins[3]) == 2:
                if int(mins[3]) > 59:
                    raise GrammarError(j + 1, f"zone minute {mins[3]} out of range 0-59")
                minutes += int(mins[3])
                j += 2
            if minutes >= 24 * 60:
                raise GrammarError(j - 1, "zone offset out of range")
            offset = -minutes if sign[3] == "-" else minutes
        clock.offset = offset
    clock.end = j
    return clock


def clock_after(tokens: list[Token], i: int, *, required: bool) -> Clock | None:
    """Read ``[sep] time [zone]`` after a date, the separator being ``à``, ``,``, ``-``, space."""
    token = _tok(tokens, i)
    j = i + 1 if token[3] in ("a", ",", "-") else i
    clock = clock_at(tokens, j)
    if clock is None and required and j != i:
        raise GrammarError(j, f"expected a time after {token[3]!r}")
    return clock


def candidate_years(reference: date) -> range:
    return range(max(1, reference.year - 1), min(9999, reference.year + 1) + 1)


def resolve(
    part: Part, reference: date | None, strict: bool, year: int | None = None
) -> date:
    """Turn a part into a date: check the day exists, fill a missing year, check the weekday.

    Raises:
        GrammarError: impossible date, missing year without reference, or weekday mismatch.
    """
    month = part.month
    assert month is not None
    year = part.year if part.year is not None else year
    if year is not None:
        try:
            value = date(year, month, part.day)
        except ValueError:
            reason = f"no day {part.day} in month {month} of {year}"
            raise GrammarError(part.day_at, reason) from None
        if part.weekday is not None and value.weekday() != part.weekday and strict:
            raise GrammarError(part.weekday_at, f"{value.isoformat()} is not that weekday")
        return value
    if reference is None:
        raise GrammarError(part.day_at, "the year is missing and no reference date was given")
    found: list[date] = []
    for candidate in candidate_years(reference):
        try:
            found.append(date(candidate, month, part.day))
        except ValueError:
            continue
    if not found:
        raise GrammarError(part.day_at, f"no day {part.day} in month {month} near {reference.year}")
    if part.weekday is not None:
        matching = [value for value in found if value.weekday() == part.weekday]
        if matching:
            return matching[0]
        if strict:
            reason = "no year near the reference has that weekday on that day"
            raise GrammarError(part.weekday_at, reason)
    return min(found, key=lambda value: (abs((value - reference).days), value))


def localize(
    naive: datetime, tz: tzinfo | None, clock: Clock
) -> datetime:
    """Attach the written zone or *tz* to *naive*, checking that the wall time exists there.

    Raises:
        GrammarError: the time is skipped or repeated in *tz* (a DST change).
    """
    if clock.offset is not None:
        aware = naive.replace(tzinfo=timezone(timedelta(minutes=clock.offset)))
        return aware.astimezone(tz) if tz is not None else aware
    if tz is None:
        return naive
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
        if back != naive:
            reason = f"{naive.time().isoformat()} does not exist in {tz} that day"
            raise GrammarError(clock.at, reason)
        raise GrammarError(clock.at, f"{naive.time().isoformat()} is ambiguous in {tz} that day")
    return first


def with_clock(value: date, clock: Clock | None, tz: tzinfo | None) -> date | datetime:
    """Combine a date and a time (None: the date itself), in the zone written or *tz*."""
    if clock is None:
        return value
    naive = datetime(value.year, value.month, value.day, clock.hour, clock.minute, clock.second)
    try:
        return localize(naive, tz, clock)
    except OverflowError:
        raise GrammarError(clock.at, "the instant falls outside the years 1-9999") from None


def parse_tokens(
    tokens: list[Token], reference: date | None, tz: tzinfo | None, strict: bool
) -> date | datetime:
    """Read all of *tokens* as one date; raise :class:`GrammarError` naming the token at fault."""
    if not tokens:
        raise GrammarError(0, "empty text")
    i = skip_lead(tokens)
    weekday, j = weekday_at(tokens, i, need_dot=False)
    numeric = numeric_at(tokens, j)
    if numeric is not None:
        part = Part()
        part.weekday, part.weekday_at, part.day_at = weekday, i, j
        part.day, part.month, part.year, part.end = numeric
    else:
        if clock_at(tokens, j) is not None and weekday is None \
                and _tok(tokens, j + 1)[3] not in lexicon()[0]:
            raise GrammarError(j, "a time alone is not a date")
        part = part_at(tokens, i, need_month=False, in_text=False)
        if part.month is None:
            word = _tok(tokens, part.end)[3]
            if word in _RANGE_WORDS:
                raise GrammarError(part.end, "a range or a list of days is not one date")
            raise GrammarError(part.end, "expected a month name after the day")
    value = resolve(part, reference, strict)
    clock = clock_after(tokens, part.end, required=True)
    end = clock.end if clock is not None else part.end
    if end < len(tokens):
        word = tokens[end][3]
        if word in _RANGE_WORDS:
            raise GrammarError(end, "a range or a list of dates is not one date")
        raise GrammarError(end, "unexpected text after the date")
    return with_clock(value, clock, tz)


def _range_from(
    tokens: list[Token], first: Part, reference: date | None, between: bool
) -> tuple[date, date | None, int] | None:
    """Read ``(et [le] | au | -) part`` after *first*; None when there is no valid range.

    A first part without its month may start a list, ``9, 10 et 11 octobre``: at most
    :data:`LIST_DAYS` more days, each after a comma glued to the one before, then ``et``;
    the days must go forward.

    ``et`` after a first part with its own month joins two dates, not a range ("le 3 mars
    et le 15 juin 2024"), unless the lead is ``entre`` (*between*): the answer is then the
    first date alone, ``(value, None, first.end)``, its year borrowed as a range's first
    part borrows it; None when the two would make no range (the first then stands alone).
    """
    i = first.end
    days = [first.day]
    while first.month is None and len(days) <= LIST_DAYS and _tok(tokens, i)[3] == "," \
            and _glued(tokens, i) and _tok(tokens, i + 1)[2] == NUM \
            and not _glued(tokens, i + 1):
        try:
            day, i = day_at(tokens, i + 1)
        except GrammarError:
            return None
        days.append(day)
    word = _tok(tokens, i)[3]
    if len(days) > 1 and word != "et":
        return None
    if word == "et":
        i += 2 if _tok(tokens, i + 1)[3] == "le" else 1
    elif word in ("au", "-"):
        i += 1
    else:
        return None
    try:
        last = part_at(tokens, i, need_month=True, in_text=True)
    except GrammarError:
        return None
    two_dates = word == "et" and first.month is not None and not between
    span = resolve_range(first, last, reference)
    if span is None:
        return None
    if two_dates:
        return span[0], None, first.end
    days.append(span[1].day)
    if len(days) > 2 and days != sorted(set(days)):
        first.month = None  # a list whose days do not go forward: no mention here
        return None
    return span[0], span[1], last.end


def resolve_range(
    first: Part, last: Part, reference: date | None
) -> tuple[date, date] | None:
    """The first and last days of a range whose first part may lack its month and year.

    The first part takes its missing month from the last, and its year from the last's,
    a year earlier when its own month would fall after it ("28 déc. au 4 janv. 2026"). None
    when either part does not resolve or the range does not go forward ("5 au 3 janvier");
    *first* is then left as it was (a day without its month is no mention).
    """
    own_month = first.month
    try:
        until = resolve(last, reference, strict=True)
        if own_month is None:
            first.month = last.month
        year = until.year
        if first.year is None and own_month is not None \
                and (own_month, first.day) > (until.month, until.day):
            year -= 1
        value = resolve(first, reference, strict=True, year=year)
    except GrammarError:
        first.month = own_month
        return None
    if value >= until:
        first.month = own_month
        return None
    return value, until


def _fold_word(word: str) -> str:
    return word.translate(fold_table())


class _Stream:
    """Tokens of a text, cut on demand and each region once, for windows at increasing offsets.

    Windows of :data:`MENTION_TOKENS` tokens at nearby anchors share the tokens already cut,
    so dense input ("11 et 11 et ...") costs one tokenization, not one per anchor.
    """

    __slots__ = ("folded", "iterator", "starts", "text", "tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded: dict[str, str] = {}  # word -> folded word, for this text only
        self.tokens: list[Token] = []
        self.starts: list[int] = []
        self.iterator = _TOKEN_RE.finditer(text)

    def window(self, pos: int, size: int) -> list[Token]:
        """The *size* tokens from the one starting at *pos* (a token boundary), followed by
        :data:`MORE` when the text may go on."""
        if not self.tokens or pos > self.tokens[-1][0]:
            self.tokens, self.starts = [], []
            self.iterator = _TOKEN_RE.finditer(self.text, pos)
            first = 0
        else:
            first = bisect_left(self.starts, pos)
        need = first + size - len(self.tokens)
        if need > 0:
            folded = self.folded
            tokens = self.tokens
            starts = self.starts
            for match in islice(self.iterator, need):
                start, end = match.span()
                value = match.group()
                kind = match.lastindex or 0
                if kind != NUM:
                    value = folded.get(value) or folded.setdefault(value, _fold_word(value))
                tokens.append((start, end, kind, value))
                starts.append(start)
        window = self.tokens[first : first + size]
        if len(window) == size:
            window.append(MORE)
        return window


_NOT_BEFORE_DAY = frozenset("_/.:+,'-’–")
_LETTER = r"[^\W\d_]"
#: After a word: no letter follows (the word is a whole token, as the tokenizer cuts it).
_END = r"(?![^\W\d_])"
#: After a number: neither a digit nor a letter follows (no glued word, as part_at checks).
_NUM_END = r"(?![0-9]|[^\W\d_])"


@lru_cache(maxsize=1)
def _fold_classes() -> dict[str, str]:
    """For each character folding produces, a regex class of every character folding to it.

    ``"e"`` -> ``[EeÈÉÊËèéêëĒēĔĕĖėĘęĚě...]``: exactly the preimage under :func:`fold_table`,
    so a spelled word matches a raw token if and only if the token folds to the word (no
    ``re.IGNORECASE``, whose Unicode case rules would also let ``ſ`` match ``s``). Bounded:
    one entry per folded character, built once.
    """
    members: dict[str, set[str]] = {}
    for code, target in fold_table().items():
        members.setdefault(target, {target}).add(chr(code))
    return {
        target: "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"
        for target, chars in members.items()
    }


def spell(word: str) -> str:
    """A regex matching exactly the raw spellings that fold to the folded *word*.

    >>> bool(re.fullmatch(spell("fevrier"), "FÉVRIER")), bool(re.fullmatch(spell("sept"), "ſept"))
    (True, False)
    """
    classes = _fold_classes()
    return "".join(classes.get(char, re.escape(char)) for char in word)


def _words(*names: str) -> str:
    """A regex for any one of *names* as a whole word, spelled as :func:`spell` does.

    The names share their prefixes (``sep(?:t(?:embre)?)?``): at each letter one class is
    tried, not one per name, and the classes of different letters are disjoint, so a
    failing position costs one test. Matches exactly what ``(?:name|...)`` followed by
    "no letter" matches.

    >>> bool(re.fullmatch(_words("sept", "septembre", "sep"), "Septembre"))
    True
    """
    trie: _Trie = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here
    return _trie_regex(trie) + _END


_Trie = dict[str, "_Trie"]


def _trie_regex(node: _Trie) -> str:
    branches = [spell(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@lru_cache(maxsize=1)
def anchor_pattern() -> re.Pattern[str]:
    """Where find() tries a mention: one or two digits followed by a month name, a range
    word (``et``, ``au``, ``-``), a numeric date's separator, or a list's comma and space.

    The pattern runs on the raw text (case and accents folded by the pattern itself, see
    :func:`spell`), so the scan stays in C for the many numbers that are no dates (``74 ans``,
    ``5000 dollars``) and for the words between them. It starts with a digit class, which the
    regex engine scans for quickly.
    """
    dash = spell("-")
    return re.compile(
        rf"[0-9]{{1,2}}(?![0-9])(?=(?:{spell('er')})?\s*{_words(*lexicon()[0], 'et', 'au')}"
        rf"|(?:[/.]|{dash})[0-9]|\s*{dash}\s*[0-9]|(?:{spell('er')})?,\s+[0-9])"
    )


@lru_cache(maxsize=1)
def quick_pattern() -> re.Pattern[str]:
    """The common mentions in one regex on raw text, token for token as the grammar reads them.

    ``dd/mm/yyyy``; or ``day[er] [month[.] [year]]``, then either a range ``(et [le] | au |
    -) [weekday[.][,]] day[er] month[.] [year]`` or ``[à|,|-] time`` (``05:04[:32]``, ``9 h
    [15 [min [30 s]]]``, ``15 heure[s] [30]``, ``midi``, ``minuit``). Every repeat is a run
    of one character class between two fixed tokens, so matching is linear in what it reads.
    """
    months = _words(*lexicon()[0])
    weekdays = _words(*lexicon()[1])
    dash = spell("-")
    er = f"(?:{spell('er')}){_END}"
    year = rf"[0-9]{{4}}{_NUM_END}"
    return re.compile(
        rf"(?:(?P<nd>[0-9]{{1,2}})(?P<ns>[/.]|{dash})(?P<nm>[0-9]{{1,2}})(?![0-9])(?P=ns)"
        rf"(?P<ny>{year})"
        rf"|(?P<d1>[0-9]{{1,2}})(?P<er1>{er})?"
        rf"(?:\s+(?P<m1>{months})(?P<dot1>\.)?(?:\s*(?P<y1>{year}))?)?"
        rf"(?:\s*(?:(?P<et>{_words('et')})(?:\s*{_words('le')})?|{_words('au')}|{dash})\s*"
        rf"(?:(?P<w2>{weekdays})(?P<w2dot>\.)?\s*(?:,\s*)?)?"
        rf"(?P<d2>[0-9]{{1,2}})(?![0-9])(?P<er2>{er})?"
        rf"\s+(?P<m2>{months})(?P<dot2>\.)?(?:\s*(?P<y2>{year}))?)?)"
        rf"(?P<clock>\s*(?:(?:{_words('a')}|,|{dash})\s*)?"
        rf"(?:(?P<H>[0-9]{{1,2}})(?![0-9])"
        rf"(?::(?P<M>[0-9]{{2}})(?![0-9])(?::(?P<S>[0-9]{{2}})(?![0-9]))?"
        rf"|\s*{_words('h')}(?:\s*(?P<hM>[0-9]{{2}})(?![0-9])"
        rf"(?:\s*{_words('min', 'mn')}(?:\s*(?P<hS>[0-9]{{2}})(?![0-9])\s*{_words('s')})?)?"
        rf"|(?!\s*[0-9]))"
        rf"|\s*{_words('heures', 'heure')}(?:\s*(?P<eM>[0-9]{{2}})(?![0-9]))?)"
        rf"|(?P<noon>{_words('midi', 'minuit')})))?"
    )


@lru_cache(maxsize=1)
def _after_part_pattern() -> re.Pattern[str]:
    """What the grammar reads on after a date part: a range (``et [le]``, ``au`` or ``-``
    then a weekday or a number), or a time (``à``, ``,`` or ``-``, then a number or ``midi``),
    or a number (a year the pattern did not take). Seen there, the grammar decides."""
    dash = spell("-")
    return re.compile(
        rf"\s*(?:(?:{_words('et')}(?:\s*{_words('le')})?|{_words('au')}|{dash})"
        rf"\s*(?:[0-9]|{_words(*lexicon()[1])})"
        rf"|(?:(?:{_words('a')}|,|{dash})\s*)?(?:[0-9]|{_words('midi', 'minuit')}))"
    )


@lru_cache(maxsize=1)
def _zone_pattern() -> re.Pattern[str]:
    return re.compile(rf"\s*{_words(*ZONES)}")


_LETTER_RE = re.compile(_LETTER)
#: :func:`_quick`'s answer when the grammar finds no mention at the anchor.
NO_MENTION: tuple[int, date | datetime, date | None] = (-1, date.min, None)
_Tables = tuple[
    re.Pattern[str], re.Pattern[str], re.Pattern[str],
    dict[str, tuple[int, bool]], dict[str, tuple[int, bool]], dict[int, str],
]


@lru_cache(maxsize=1)
def _quick_tables() -> _Tables:
    """Everything :func:`_quick` reads, fetched with one call (built once)."""
    months, weekdays = lexicon()
    return (quick_pattern(), _after_part_pattern(), _zone_pattern(), months, weekdays,
            fold_table())


def _clock(match: re.Match[str], table: dict[int, str]) -> Clock | None:
    """The time the quick pattern read; None when clock_at would raise (out of range)."""
    hour, minute, second, minute_h, second_h, minute_e, noon = match.group(
        "H", "M", "S", "hM", "hS", "eM", "noon"
    )
    if noon is not None:
        return Clock(0, 12 if noon.translate(table) == "midi" else 0, 0, 0)
    h = int(hour)
    m = int(minute or minute_h or minute_e or 0)
    sec = int(second or second_h or 0)
    if h > 23 or m > 59 or sec > 59:
        return None
    return Clock(0, h, m, sec)


def _with_time(
    match: re.Match[str], part: Part, end: int, reference: date | None, tz: tzinfo | None,
    tables: _Tables,
) -> tuple[int, date | datetime, date | None] | None:
    """A part ending at *end*, with the time the pattern read after it, as _mention reads
    them: None when the grammar could read on (a range, a time, a zone)."""
    text = match.string
    if match.group("clock") is None:
        if tables[1].match(text, end) is not None:
            return None
        clock = None
    else:
        if tables[2].match(text, match.end("clock")) is not None:
            return None
        clock = _clock(match, tables[5])
    try:
        value = resolve(part, reference, strict=True)
    except GrammarError:
        return NO_MENTION
    if clock is None:
        return end, value, None
    try:
        return match.end("clock"), with_clock(value, clock, tz), None
    except GrammarError:  # a wall time skipped or repeated in tz: the date alone
        return end, value, None


def _range(
    match: re.Match[str], first: Part, first_end: int, reference: date | None,
    lead: tuple[int, int], tables: _Tables,
) -> tuple[int, date | datetime, date | None] | None:
    """The range the quick pattern read, as _range_from reads it; None where it may fail.

    Two dates joined by ``et`` (the first with its own month, no ``entre`` before the
    mention's start ``lead[0]``, looking no further back than ``lead[1]``) give the first
    date alone, ending at *first_end*, as _mention gives it."""
    name, dot_w, day_text, er, month_name, dot, year = match.group(
        "w2", "w2dot", "d2", "er2", "m2", "dot2", "y2"
    )
    last = Part()
    last.day = int(day_text)
    if er is not None and last.day != 1:
        return None
    if not 1 <= last.day <= 31:
        return None
    table = tables[5]
    if name is not None:
        last.weekday, abbreviated = tables[4][name.translate(table)]
        if abbreviated and dot_w is None:
            return None
    last.month, last.month_abbr = tables[3][month_name.translate(table)]
    if dot is not None and not last.month_abbr:
        return None
    if year is not None:
        last.year = int(year)
        end = match.end("y2")
    elif dot is None:
        if last.month_abbr:
            return None
        end = match.end("m2")
    else:
        end = match.end("dot2")
    two_dates = match.group("et") is not None and first.month is not None \
        and not _after_entre(match.string, *lead, tables[5])
    span = resolve_range(first, last, reference)
    if two_dates:
        if span is not None:
            return first_end, span[0], None
        try:  # no range: the first date alone, as _mention reads it
            return first_end, resolve(first, reference, strict=True), None
        except GrammarError:
            return NO_MENTION
    if span is None:
        return None
    return end, span[0], span[1]


def _quick(
    text: str, pos: int, weekday: int | None, reference: date | None, tz: tzinfo | None,
    lead: tuple[int, int],
) -> tuple[int, date | datetime, date | None] | None:
    """The mention at anchor *pos* read in one regex: ``(end, value, until)`` as the grammar
    would give it, :data:`NO_MENTION` when the grammar would find none, or None to let the
    grammar read it (anything the pattern does not mirror token for token).

    *weekday* is the weekday written directly before the day (find() reads it), or None;
    *lead* the mention's start and the end of the mention before it, where ``entre`` is
    looked for (only after ``et``: see :func:`_range`).
    """
    tables = _quick_tables()
    match = tables[0].match(text, pos)
    if match is None:
        return None
    nd, nm, ny, d1, er1, m1, dot1, y1, d2 = match.group(
        "nd", "nm", "ny", "d1", "er1", "m1", "dot1", "y1", "d2"
    )
    part = Part()
    part.weekday = weekday
    if nd is not None:  # numeric_at: month, then day, then resolve
        part.day, part.month, part.year = int(nd), int(nm), int(ny)
        if not (1 <= part.month <= 12 and 1 <= part.day <= 31):
            return NO_MENTION
        return _with_time(match, part, match.end("ny"), reference, tz, tables)
    part.day = int(d1)
    if er1 is not None:  # day_at: "er" after 1 only, nothing else glued, 1-31
        if part.day != 1:
            return NO_MENTION
        end = match.end("er1")
    else:
        end = match.end("d1")
        if not 1 <= part.day <= 31 or _LETTER_RE.match(text, end) is not None:
            return NO_MENTION
    if m1 is None:  # "27" alone: a mention only as a range's first day
        if d2 is not None:
            return _range(match, part, end, reference, lead, tables)
        return None if tables[1].match(text, end) is not None else NO_MENTION
    part.month, part.month_abbr = tables[3][m1.translate(tables[5])]
    if dot1 is not None and not part.month_abbr:
        # a full month and a full stop: the grammar reads no further than the month
        if y1 is not None or d2 is not None or match.group("clock") is not None:
            return None
        try:
            return match.end("m1"), resolve(part, reference, strict=True), None
        except GrammarError:
            return NO_MENTION
    if y1 is not None:
        part.year = int(y1)
        end = match.end("y1")
    elif dot1 is None:
        if part.month_abbr:  # part_at: an abbreviated month needs its dot or a year
            return NO_MENTION
        end = match.end("m1")
    else:
        end = match.end("dot1")
    if d2 is not None:
        return _range(match, part, end, reference, lead, tables)
    return _with_time(match, part, end, reference, tz, tables)


def find(
    text: str, reference: date | None, tz: tzinfo | None
) -> list[tuple[int, int, date | datetime, date | None]]:
    """Scan *text* for date mentions: (start, end, value, until), offsets into *text*.

    *text* is either the raw input (when folding would keep every character: the pattern and
    the tokens fold case and accents themselves) or its folded form.
    """
    weekdays = lexicon()[1]
    shortest = min(map(len, weekdays))  # folding keeps lengths: shorter words are none
    table = fold_table()
    found: list[tuple[int, int, date | datetime, date | None]] = []
    stream = _Stream(text)
    done = 0
    for anchor in anchor_pattern().finditer(text):
        pos = anchor.start()
        before = text[pos - 1] if pos else " "
        if pos < done or before.isalnum() or before in _NOT_BEFORE_DAY:
            continue
        start = pos
        prefix: list[Token] = []
        weekday: int | None = None
        # a weekday directly before the day: "mercredi 11", "mer. 11", "lundi, 25"
        k = pos
        while k > done and text[k - 1].isspace():
            k -= 1
        if done < k < pos:
            w_end = k
            if text[w_end - 1] == ",":
                w_end -= 1
            dot_end = w_end
            if w_end > done and text[w_end - 1] == ".":
                w_end -= 1
            w_start = w_end
            limit = max(done, w_end - 10)
            while w_start > limit and text[w_start - 1].isalpha():
                w_start -= 1
            word = text[w_start:w_end].translate(table) if w_end - w_start >= shortest else ""
            entry = weekdays.get(word)
            if entry is not None and not (entry[1] and dot_end == w_end) \
                    and not (w_start > 0 and text[w_start - 1].isalnum()):
                prefix = [(w_start, w_end, WORD, word)]
                weekday = entry[0]
                if dot_end > w_end:
                    prefix.append((w_end, dot_end, PUNCT, "."))
                start = w_start
        quick = _quick(text, pos, weekday, reference, tz, (start, done))
        if quick is NO_MENTION:
            continue
        if quick is not None:
            found.append((start, *quick))
            done = quick[0]
            continue
        between = _after_entre(text, start, done, table)
        try:
            result = _mention(prefix + stream.window(pos, SHORT_WINDOW), reference, tz, between)
        except NeedMoreError:
            result = _mention(
                prefix + stream.window(pos, MENTION_TOKENS), reference, tz, between
            )
        if result is None:
            continue
        end, value, until = result
        found.append((start, end, value, until))
        done = end
    return found


def _after_entre(text: str, start: int, done: int, table: dict[int, str]) -> bool:
    """Whether ``entre`` or ``entre le`` (any case, spaces) stands right before *start*."""
    k = start
    while k > done and text[k - 1].isspace():
        k -= 1
    if k - 2 >= done and text[k - 2:k].translate(table) == "le" \
            and (k == 2 or not text[k - 3].isalnum()):
        k -= 2
        while k > done and text[k - 1].isspace():
            k -= 1
    return k - 5 >= done and text[k - 5:k].translate(table) == "entre" \
        and (k == 5 or not text[k - 6].isalnum())


def _mention(
    tokens: list[Token], reference: date | None, tz: tzinfo | None, between: bool
) -> tuple[int, date | datetime, date | None] | None:
    """Read one mention from the start of *tokens*: (folded end, value, until) or None.

    *between*: the mention follows ``entre`` (``entre le 3 mars et le 15 juin`` is a range).
    """
    try:
        weekday, j = weekday_at(tokens, 0, need_dot=True)
        numeric = numeric_at(tokens, j)
        if numeric is not None:
            part = Part()
            part.weekday, part.day_at = weekday, j
            part.day, part.month, part.year, part.end = numeric
        else:
            part = part_at(tokens, 0, need_month=False, in_text=True)
            ranged = _range_from(tokens, part, reference, between)
            if ranged is not None:
                return tokens[ranged[2] - 1][1], ranged[0], ranged[1]
            if part.month is None:
                return None
        value = resolve(part, reference, strict=True)
    except GrammarError:
        return None
    try:
        clock = clock_after(tokens, part.end, required=False)
        if clock is not None:
            return tokens[clock.end - 1][1], with_clock(value, clock, tz), None
    except GrammarError:
        pass
    return tokens[part.end - 1][1], value, None
