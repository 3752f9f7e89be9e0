"""Tests for newsmodel.dates: every rule of issue 3, the sample page, and properties."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import unicodedata
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from newsmodel import _dates_grammar as grammar
from newsmodel import dates as dates_module
from newsmodel._dates_lexicon import LOCALES, fold, lexicon, names
from newsmodel.dates import DateMention, find_dates, format_date, parse_date
from newsmodel.errors import DateParseError, NewsModelError, ValidationError
from newsmodel.strategies import ZONES, aware_datetimes, french_date_texts

REF = date(2023, 10, 11)  # the sample page's date
PARIS = ZoneInfo("Europe/Paris")


def _cp1252(text: str) -> str:
    return text.encode("utf-8").decode("cp1252")


def _latin1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def _error(text: str, **kwargs: object) -> DateParseError:
    with pytest.raises(DateParseError) as info:
        parse_date(text, **kwargs)  # type: ignore[arg-type]
    return info.value


# --- the sample page -------------------------------------------------------------------------

SEED_DATES = [
    ("Publié mercredi 11 octobre 2023 à 05:04", {}, datetime(2023, 10, 11, 5, 4)),
    ("ce mardi 10 octobre 2023", {}, date(2023, 10, 10)),
    ("Le mardi 15 août 2023", {}, date(2023, 8, 15)),
    ("le jeudi 10 août", {"reference": REF}, date(2023, 8, 10)),
    ("le lundi 31 juillet", {"reference": REF}, date(2023, 7, 31)),
    ("le lundi 07 août", {"reference": REF}, date(2023, 8, 7)),
    ("le mardi 08 août", {"reference": REF}, date(2023, 8, 8)),
    ("le 23 octobre 2025", {}, date(2025, 10, 23)),
    ("Publié mercredi 15 octobre 2025 à 13:48", {}, datetime(2025, 10, 15, 13, 48)),
    ("ce mardi 14 octobre 2025", {}, date(2025, 10, 14)),
    ("le vendredi 10 octobre", {"reference": date(2025, 10, 14)}, date(2025, 10, 10)),
    ("le 13 octobre", {"reference": date(2025, 10, 14)}, date(2025, 10, 13)),
    ("ce 13 octobre 2025", {}, date(2025, 10, 13)),
    ("Publié lundi 13 octobre 2025 à 14:49", {}, datetime(2025, 10, 13, 14, 49)),
]


@pytest.mark.parametrize(("text", "kwargs", "expected"), SEED_DATES)
def test_seed_page_dates_parse(text: str, kwargs: dict[str, date], expected: date) -> None:
    """Every single date printed on the sample page parses to the intended value."""
    assert parse_date(text, **kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["les 27 et 28 juillet 2023", "les 9 et 10 octobre 2025", "38è anniversaire", "74 ans",
     "5000 ou 10.000 dollars", "Me Hamidou", "sa", "ma", "en juillet", "d’août 1983", "en 1960",
     "le 65è anniversaire", "à 74 ans"],
)
def test_seed_page_non_dates_do_not_parse(text: str) -> None:
    """Ranges, ordinals, ages, amounts, names and short words on the page are not one date."""
    _error(text, reference=REF)


def test_seed_page_find_dates(seed_text: str) -> None:
    """find_dates on the sample page reports exactly the dates a reader sees (reference 2023)."""
    found = find_dates(seed_text, reference=REF)
    for mention in found:
        assert seed_text[mention.start : mention.end] == mention.text
    assert [(m.text, m.value, m.until) for m in found] == [
        ("mardi 10 octobre 2023", date(2023, 10, 10), None),
        ("mercredi 11 octobre 2023 à 05:04", datetime(2023, 10, 11, 5, 4), None),
        ("27 et 28 juillet 2023", date(2023, 7, 27), date(2023, 7, 28)),
        ("mardi 15 août 2023", date(2023, 8, 15), None),
        ("jeudi 10 août", date(2023, 8, 10), None),
        ("lundi 31 juillet", date(2023, 7, 31), None),
        ("lundi 07 août", date(2023, 8, 7), None),
        ("mardi 08 août", date(2023, 8, 8), None),
        # "ce mardi 14 octobre" (a 2025 teaser): no year near 2023 has that weekday
        ("23 octobre 2025", date(2025, 10, 23), None),
        ("9 et 10 octobre 2025", date(2025, 10, 9), date(2025, 10, 10)),
        ("mercredi 15 octobre 2025 à 13:48", datetime(2025, 10, 15, 13, 48), None),
        ("mardi 14 octobre 2025", date(2025, 10, 14), None),
        ("mardi 14 octobre 2025 à 19:38", datetime(2025, 10, 14, 19, 38), None),
        ("mardi 14 octobre 2025 à 18:11", datetime(2025, 10, 14, 18, 11), None),
        ("mardi 14 octobre 2025 à 08:19", datetime(2025, 10, 14, 8, 19), None),
        ("13 octobre", date(2023, 10, 13), None),
        ("mardi 14 octobre 2025 à 07:31", datetime(2025, 10, 14, 7, 31), None),
        ("lundi 13 octobre 2025 à 17:46", datetime(2025, 10, 13, 17, 46), None),
        ("13 octobre 2025", date(2025, 10, 13), None),
        ("lundi 13 octobre 2025 à 14:49", datetime(2025, 10, 13, 14, 49), None),
    ]


def test_seed_page_find_dates_with_2025_reference(seed_text: str) -> None:
    """With a 2025 reference the year-less 2025 teasers resolve, weekday checked."""
    found = {(m.text, m.value) for m in find_dates(seed_text, reference=date(2025, 10, 15))}
    assert ("mardi 14 octobre", date(2025, 10, 14)) in found
    assert ("vendredi 10 octobre", date(2025, 10, 10)) in found
    # the 2023 ones, weekday checked against 2024-2026, are no longer found
    assert not any(text == "jeudi 10 août" for text, _ in found)


# --- normalisation ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "  Publié mercredi 11 octobre 2023 à 05:04\n",
        "Publié\u00a0mercredi\u202f11\u2009octobre\t\t2023  à\n05:04",
        "PUBLIÉ MERCREDI 11 OCTOBRE 2023 À 05:04",
        "publie mercredi 11 octobre 2023 a 05:04",
        _cp1252("Publié mercredi 11 octobre 2023 à 05:04"),
        _latin1("Publié mercredi 11 octobre 2023 à 05:04"),
        _cp1252(_cp1252("Publié mercredi 11 octobre 2023 à 05:04")),
        unicodedata.normalize("NFD", "Publié mercredi 11 octobre 2023 à 05:04"),
    ],
)
def test_normalisation_reads_the_same_date(text: str) -> None:
    """Outer and inner spaces, case, accents, NFD and mojibake do not change the value."""
    assert parse_date(text) == datetime(2023, 10, 11, 5, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1er fÃ©vrier 2024", date(2024, 2, 1)), ("15 aoÃ»t 2023", date(2023, 8, 15)),
     ("2 d\u00c3\u00a9c. 2023", date(2023, 12, 2)), ("PubliÃ© le 3 mars 2024", date(2024, 3, 3)),
     ("Mis Ã\u00a0 jour le 3 mars 2024", date(2024, 3, 3)),
     ("vendredi 3 fÃ©vr. 2023", date(2023, 2, 3))],
)
def test_mojibake_of_month_weekday_and_lead_words(text: str, expected: date) -> None:
    """Latin-1/cp1252 mojibake of month, weekday and lead words is read as the word."""
    assert parse_date(text) == expected


def test_mojibake_error_position_points_into_raw_input() -> None:
    """Positions in errors index the text as given, mojibake included."""
    text = "PubliÃ© le 31 fÃ©vrier 2024"
    assert _error(text).position == text.index("31")
    text = "fÃ©vrier fÃ©vrier 3 mars 2023 x"
    assert _error(text).position == 0
    text = "3 fÃ©vrier 2023 et plus"
    assert _error(text).position == text.index("et")


# --- grammar ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("lead", "expected"),
    [("Publié", True), ("Publié le", True), ("Mis à jour", True), ("Mis à jour le", True),
     ("Le", True), ("Ce", True), ("Paru le", False), ("Dakar,", False), ("Depuis le", False)],
)
def test_lead_words(lead: str, expected: bool) -> None:
    """Only the listed lead words may precede the date; any other text is an error."""
    text = f"{lead} 11 octobre 2023"
    if expected:
        assert parse_date(text) == date(2023, 10, 11)
    else:
        assert _error(text).position == 0


@pytest.mark.parametrize(
    "weekday", ["mercredi", "Mercredi,", "mer.", "mer", "MER.", "mer.,"]
)
def test_weekdays_full_or_abbreviated(weekday: str) -> None:
    """Weekdays are read full or abbreviated, dot and comma optional."""
    assert parse_date(f"{weekday} 11 octobre 2023") == date(2023, 10, 11)


@pytest.mark.parametrize(("day", "value"), [("1er", 1), ("1", 1), ("01", 1), ("07", 7), ("31", 31)])
def test_day_forms(day: str, value: int) -> None:
    """Days 1-31, leading zero allowed, the first of the month as "1er"."""
    assert parse_date(f"{day} octobre 2023") == date(2023, 10, value)


@pytest.mark.parametrize("day", ["0", "32", "2er", "001", "38è", "12e"])
def test_bad_days(day: str) -> None:
    """Days out of 1-31, "er" on another day than 1, and ordinals are errors."""
    assert _error(f"{day} octobre 2023").position == 0


@pytest.mark.parametrize(
    ("name", "month"),
    [("janv.", 1), ("janvier", 1), ("févr.", 2), ("fév.", 2), ("fevrier", 2), ("mars", 3),
     ("avr.", 4), ("avr", 4), ("mai", 5), ("juin", 6), ("juil.", 7), ("juill.", 7),
     ("juillet", 7), ("aout", 8), ("août", 8), ("sept.", 9), ("sep.", 9), ("sept", 9),
     ("oct.", 10), ("nov.", 11), ("déc.", 12), ("dec", 12), ("Décembre", 12)],
)
def test_month_names_and_abbreviations(name: str, month: int) -> None:
    """Months full or abbreviated, dot optional, accents optional."""
    assert parse_date(f"3 {name} 2023") == date(2023, month, 3)


def test_month_and_weekday_names_come_from_cldr() -> None:
    """Every CLDR month and weekday name of every supported locale is read."""
    from babel.dates import get_day_names, get_month_names

    for locale in LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    assert parse_date(f"3 {name} 2023") == date(2023, number, 3)
                for number, name in get_day_names(width, context, locale).items():
                    day = date(2023, 10, 2) + timedelta(days=number)
                    assert parse_date(f"{name} {day.day} octobre 2023") == day


def test_tables_are_cached_with_a_bound() -> None:
    """The name tables are built once per locale, with a stated cache bound."""
    assert names.cache_info().maxsize is not None
    assert lexicon.cache_info().maxsize == 1
    assert lexicon() is lexicon()


def test_year_must_have_four_digits() -> None:
    """Two-digit years are not read."""
    assert _error("11 octobre 23").position == 11


@pytest.mark.parametrize("text", ["28 février 05:04", "19 juin 14 h", "28 fÃ©vrier 05:04",
                                  "19 juin 14 h" + " " * 100])
def test_two_digit_hour_after_a_space_is_a_time_not_a_year(text: str) -> None:
    """A space is a separator before a time: "19 juin 14 h" is 14:00, on the grammar path
    (mojibake, long text) as on the fast path, and without a reference the year is missing."""
    value = parse_date(text, reference=REF)
    assert isinstance(value, datetime)
    assert (value.hour, value.minute) in {(5, 4), (14, 0)}
    assert _error(text).reason == "the year is missing and no reference date was given"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("11 octobre 2023 à 05:04", (5, 4, 0)), ("11 octobre 2023, 05:04", (5, 4, 0)),
     ("11 octobre 2023 - 05:04", (5, 4, 0)), ("11 octobre 2023 05:04", (5, 4, 0)),
     ("11 octobre 2023 à 05:04:32", (5, 4, 32)), ("11 octobre 2023 à 5h04", (5, 4, 0)),
     ("11 octobre 2023 à 05H04", (5, 4, 0)), ("11 octobre 2023 à 05h", (5, 0, 0)),
     ("11 octobre 2023 à 9 h 15", (9, 15, 0)), ("11 octobre 2023 à 8 h", (8, 0, 0)),
     ("11 octobre 2023 à 15 heures", (15, 0, 0)), ("11 octobre 2023 à 9 heures 30", (9, 30, 0)),
     ("11 octobre 2023 à 10h 30mn", (10, 30, 0)), ("11 octobre 2023 à 10h30min", (10, 30, 0)),
     ("11 octobre 2023 à midi", (12, 0, 0)), ("11 octobre 2023 à minuit", (0, 0, 0)),
     ("11 octobre 2023 à 0:00", (0, 0, 0)), ("11 octobre 2023 à 23:59", (23, 59, 0)),
     ("11 octobre 2023 à 05 h 04 min 32 s", (5, 4, 32))],
)
def test_time_forms(text: str, expected: tuple[int, int, int]) -> None:
    """Every time form of the grammar, after every separator."""
    value = parse_date(text)
    assert isinstance(value, datetime)
    assert (value.hour, value.minute, value.second) == expected
    assert value.tzinfo is None


@pytest.mark.parametrize(
    ("zone", "offset"),
    [("GMT", 0), ("UTC", 0), ("GMT+1", 60), ("GMT-3", -180), ("UTC+05:30", 330),
     ("HAE", -240), ("HNE", -300)],
)
def test_written_zones(zone: str, offset: int) -> None:
    """A written zone makes the value aware with that offset."""
    value = parse_date(f"11 octobre 2023 à 11h {zone}")
    assert isinstance(value, datetime)
    assert value.utcoffset() == timedelta(minutes=offset)
    assert value.replace(tzinfo=None) == datetime(2023, 10, 11, 11)


@pytest.mark.parametrize("zone", ["GMT+01:75", "UTC+00:99", "GMT-05:60"])
def test_written_zone_minutes_out_of_range(zone: str) -> None:
    """A zone's minutes are 0-59 like a time's: "GMT+01:75" is an error naming them, not
    +02:15; find_dates keeps the date and leaves the impossible time out."""
    text = f"11 octobre 2023 à 05:04 {zone}"
    error = _error(text)
    assert error.position == len(text) - 2
    assert "out of range" in error.reason
    assert _found(f"le {text} dit-il") == [("11 octobre 2023", date(2023, 10, 11), None)]


def test_written_zone_fixes_instant_and_tz_chooses_display() -> None:
    """With a zone written, tz only changes the zone the same instant is shown in."""
    value = parse_date("11 octobre 2023 à 11h GMT", tz="Europe/Paris")
    assert value == datetime(2023, 10, 11, 11, tzinfo=timezone.utc)
    assert isinstance(value, datetime)
    assert value.tzinfo == PARIS
    assert value.hour == 13


def test_numeric_and_iso_dates() -> None:
    """dd/mm/yyyy (or . -), day first, with a time; ISO yyyy-mm-dd with or without time."""
    assert parse_date("11/10/2023") == date(2023, 10, 11)
    assert parse_date("11.10.2023") == date(2023, 10, 11)
    assert parse_date("11-10-2023") == date(2023, 10, 11)
    assert parse_date("mer. 1/2/2023 à 10h") == datetime(2023, 2, 1, 10)
    assert parse_date("2023-10-11") == date(2023, 10, 11)
    assert parse_date("2023-10-11T05:04:00+01:00") == datetime(
        2023, 10, 11, 4, 4, tzinfo=timezone.utc)
    assert _error("10/31/2023").position == 3
    assert _error("11/10-2023").position == 2
    assert _error("2023-13-01").position == 0
    assert _error("11/10/23").position == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023\u201310\u201311", date(2023, 10, 11)),
     ("2023-10-11T05:04\u221201:00",
      datetime(2023, 10, 11, 5, 4, tzinfo=timezone(-timedelta(hours=1)))),
     ("2023-10-11T05:04" + " " * 100, datetime(2023, 10, 11, 5, 4)),
     ("\n" * 120 + "2023-10-11T05:04Z ", datetime(2023, 10, 11, 5, 4, tzinfo=timezone.utc))],
)
def test_iso_reads_folded_dashes_and_ignores_outer_whitespace(text: str, expected: date) -> None:
    """ISO dates fold dashes as the grammar does ("le 2023\u201310\u201311" was read, the
    bare date refused), and a long run of outer whitespace does not change the answer."""
    assert parse_date(text) == expected
    assert parse_date("le 2023\u201310\u201311") == date(2023, 10, 11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023-10-11T05:04:32.123Z",  # JavaScript's toISOString
      datetime(2023, 10, 11, 5, 4, 32, 123000, tzinfo=timezone.utc)),
     ("2023-10-11T05:04:32.1+02:00",
      datetime(2023, 10, 11, 5, 4, 32, 100000, tzinfo=timezone(timedelta(hours=2)))),
     ("2023-10-11T05:04:32,5Z", datetime(2023, 10, 11, 5, 4, 32, 500000, tzinfo=timezone.utc)),
     ("2023-10-11T05:04:32.123456789Z",  # nanoseconds: cut to microseconds
      datetime(2023, 10, 11, 5, 4, 32, 123456, tzinfo=timezone.utc)),
     ("2023-10-11T05:04:32+0200",
      datetime(2023, 10, 11, 5, 4, 32, tzinfo=timezone(timedelta(hours=2)))),
     ("2023-10-11T05:04-05",
      datetime(2023, 10, 11, 5, 4, tzinfo=timezone(timedelta(hours=-5)))),
     ("2023-10-11T05:04:00+00:00:30.000001",
      datetime(2023, 10, 11, 5, 4, tzinfo=timezone(timedelta(seconds=30, microseconds=1))))],
)
def test_iso_forms_machines_write(text: str, expected: datetime) -> None:
    """Fractions of 1 to 9 digits, basic and hour-only offsets: read the same on every Python
    version (datetime.fromisoformat reads fewer forms on 3.10)."""
    value = parse_date(text)
    assert value == expected
    assert value.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", ["2023-10-11T05:04+24:00", "2023-10-11T05:04+02:60",
                                  "2023-10-11T24:00Z", "2023-10-11T05:04:60Z"])
def test_iso_out_of_range_is_an_error_at_the_date(text: str) -> None:
    error = _error("  " + text)
    assert error.position == 2
    assert "impossible ISO" in error.reason


def test_iso_error_position_skips_outer_whitespace() -> None:
    """An impossible ISO date is reported where it starts, not at offset 0."""
    assert _error("  2023-02-30").position == 2


# --- result types and zones ------------------------------------------------------------------

def test_result_type_date_or_datetime_naive_or_aware() -> None:
    """A date without time, a datetime with; naive unless tz is given."""
    assert type(parse_date("11 octobre 2023")) is date
    assert type(parse_date("11 octobre 2023", tz="Africa/Bamako")) is date
    naive = parse_date("11 octobre 2023 à 10h")
    assert isinstance(naive, datetime)
    assert naive.tzinfo is None
    aware = parse_date("11 octobre 2023 à 10h", tz="Europe/Paris")
    assert isinstance(aware, datetime)
    assert aware.tzinfo == PARIS
    assert aware.utcoffset() == timedelta(hours=2)
    winter = parse_date("11 janvier 2023 à 10h", tz=PARIS)
    assert isinstance(winter, datetime)
    assert winter.utcoffset() == timedelta(hours=1)


def test_dst_gap_and_fold_are_errors() -> None:
    """A wall time skipped or repeated by a DST change is an error naming the time."""
    gap = _error("26 mars 2023 à 02:30", tz="Europe/Paris")
    assert gap.position == gap.text.index("02:")
    assert "does not exist" in gap.reason
    fold_ = _error("29 octobre 2023 à 02:30", tz="Europe/Paris")
    assert "ambiguous" in fold_.reason
    assert parse_date("29 octobre 2023 à 02:30", tz="Africa/Bamako") == datetime(
        2023, 10, 29, 2, 30, tzinfo=ZoneInfo("Africa/Bamako"))


def test_unknown_zone_name_is_a_validation_error() -> None:
    """An unknown tz name is refused with our error, naming the argument."""
    with pytest.raises(ValidationError) as info:
        parse_date("11 octobre 2023", tz="Mars/Olympus")
    assert info.value.field == "tz"
    with pytest.raises(ValidationError):
        find_dates("11 octobre 2023", tz="Nowhere")


@pytest.mark.parametrize("name", ["localtime", "posixrules", "zone.tab", "Europe"])
def test_tz_name_outside_iana_is_refused(name: str) -> None:
    """Only IANA names are zones: "localtime" in a system zoneinfo folder is the machine's own
    zone (an environment read: the same call gave different values on different machines)."""
    with pytest.raises(ValidationError) as info:
        parse_date("11 octobre 2023 à 05:04", tz=name)
    assert info.value.field == "tz"
    with pytest.raises(ValidationError):
        find_dates("le 11 octobre 2023 à 05:04", tz=name)


@pytest.mark.parametrize("reference", ["2023-10-11", 2023, object()])
def test_bad_reference_is_a_validation_error(reference: object) -> None:
    """A reference that is not a date is refused with our error naming it (was a bare
    AttributeError, and only when a year was missing)."""
    for call in (lambda: parse_date("le 11 octobre", reference=reference),  # type: ignore[arg-type]
                 lambda: parse_date("11 octobre 2023", reference=reference),  # type: ignore[arg-type]
                 lambda: find_dates("le 11 octobre.", reference=reference)):  # type: ignore[arg-type]
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.field == "reference"


# --- missing year, weekday checks ------------------------------------------------------------

def test_missing_year_needs_reference() -> None:
    """Without a year and without a reference, no date."""
    error = _error("le 19 juin")
    assert error.position == 3
    assert "reference" in error.reason


def test_missing_year_with_weekday_takes_the_matching_year() -> None:
    """The year among reference.year-1..+1 whose weekday matches."""
    assert parse_date("lundi 7 août", reference=REF) == date(2023, 8, 7)
    assert parse_date("mercredi 7 août", reference=REF) == date(2024, 8, 7)
    assert parse_date("dimanche 7 août", reference=REF) == date(2022, 8, 7)
    ref = datetime(2023, 10, 11, 23, 59, tzinfo=timezone.utc)
    assert parse_date("lundi 7 août", reference=ref) == date(2023, 8, 7)


def test_missing_year_weekday_matching_no_year() -> None:
    """No matching year: an error when strict, the weekday ignored otherwise."""
    error = _error("samedi 7 août", reference=REF)  # 2022 Sun, 2023 Mon, 2024 Wed
    assert error.position == 0
    assert parse_date("samedi 7 août", reference=REF, strict=False) == date(2023, 8, 7)


def test_missing_year_without_weekday_takes_nearest() -> None:
    """Without weekday, the valid occurrence nearest to the reference."""
    assert parse_date("le 19 juin", reference=REF) == date(2023, 6, 19)
    assert parse_date("le 3 janvier", reference=REF) == date(2024, 1, 3)
    assert parse_date("le 20 décembre", reference=date(2024, 1, 5)) == date(2023, 12, 20)
    assert parse_date("29 février", reference=REF) == date(2024, 2, 29)
    assert parse_date("le 19 juin à 14 h", reference=REF) == datetime(2023, 6, 19, 14)


def test_weekday_mismatch_with_explicit_date() -> None:
    """A wrong weekday is an error when strict; otherwise the date wins."""
    assert _error("jeudi 11 octobre 2023").position == 0
    assert parse_date("jeudi 11 octobre 2023", strict=False) == date(2023, 10, 11)
    assert _error("Publié lun. 11/10/2023").position == 7
    assert parse_date("lun. 11/10/2023", strict=False) == date(2023, 10, 11)


@pytest.mark.parametrize(
    ("text", "where"),
    [("31 juin 2023", "31"), ("29 février 2023", "29"), ("11 octobre 2023 à 24:00", "24"),
     ("11 octobre 2023 à 10h75", "75"), ("11 octobre 2023 à 10:60", "60"),
     ("11 octobre 2023 à 10:30:61", "61"), ("31/04/2023", "31")],
)
def test_impossible_dates_and_times(text: str, where: str) -> None:
    """Impossible dates and times are errors at the offending number."""
    assert _error(text).position == text.index(where)


NOT_ONE_DATE = [
    "octobre 2023", "2023", "mardi", "11", "mi-juillet", "début octobre", "fin 2023",
    "05:04", "14h", "9 heures 30", "midi", "les 27 et 28 juillet 2023", "le 27 et 28 juillet",
    "du 9 au 10 octobre 2025", "11 octobre 2023 12 octobre 2023",
    "11 octobre 2023 à 05:04 et 12 octobre 2023 à 06:00", "hier", "il y a 3 heures",
    "lundi dernier", "aujourd'hui", "38è anniversaire", "5000 dollars", "", "   ",
    "x" * 10_000, "11 octobre 2023 à", "11 octobre 2023, bonjour", "Me Hamidou", "sa", "ma",
]


@pytest.mark.parametrize("text", NOT_ONE_DATE)
def test_not_one_date(text: str) -> None:
    """Everything the issue lists as not one date is an error with a position inside the text."""
    error = _error(text, reference=REF)
    assert 0 <= error.position <= len(text)
    assert error.text == text
    assert isinstance(error, NewsModelError)
    assert isinstance(error, ValueError)


def test_error_messages_name_the_place() -> None:
    """Errors say what was expected, where."""
    error = _error("les 27 et 28 juillet 2023")
    assert "range" in error.reason
    assert error.position == 0
    error = _error("11 octobre 2023 et 12 octobre 2023")
    assert error.position == 16
    assert "range" in error.reason
    assert _error("11 octobre 2023 à").position == 17
    with pytest.raises(ValidationError, match="a str"):
        parse_date(20231011)  # type: ignore[arg-type]


# --- find_dates ------------------------------------------------------------------------------

def _found(text: str, **kwargs: object) -> list[tuple[str, object, object]]:
    mentions = find_dates(text, **kwargs)  # type: ignore[arg-type]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(m.text, m.value, m.until) for m in mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("les 27 et 28 juillet 2023", ("27 et 28 juillet 2023", date(2023, 7, 27),
                                       date(2023, 7, 28))),
        ("du 9 au 10 octobre 2025", ("9 au 10 octobre 2025", date(2025, 10, 9),
                                     date(2025, 10, 10))),
        ("les 3 et le 5 mars", ("3 et le 5 mars", date(2024, 3, 3), date(2024, 3, 5))),
        ("du 28 août au 8 septembre 2024", ("28 août au 8 septembre 2024", date(2024, 8, 28),
                                            date(2024, 9, 8))),
        ("du 20 déc. 2025 au 4 janv. 2026", ("20 déc. 2025 au 4 janv. 2026",
                                             date(2025, 12, 20), date(2026, 1, 4))),
        ("du lundi 25 au mercredi 27 novembre", ("lundi 25 au mercredi 27 novembre",
                                                 date(2024, 11, 25), date(2024, 11, 27))),
        ("du 28 décembre au 3 janvier 2025", ("28 décembre au 3 janvier 2025",
                                              date(2024, 12, 28), date(2025, 1, 3))),
        ("les 9-10 octobre 2025", ("9-10 octobre 2025", date(2025, 10, 9), date(2025, 10, 10))),
    ],
)
def test_find_ranges(text: str, expected: tuple[str, date, date]) -> None:
    """A range is one mention: value the first day, until the last; the first part borrows."""
    assert _found(text, reference=REF) == [expected]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Publié mercredi 15 octobre 2025 à 13:48", "mercredi 15 octobre 2025 à 13:48"),
        ("Dakar, 12 oct. 2023 (AFP) -", "12 oct. 2023"),
        ("depuis le 12 octobre 2023.", "12 octobre 2023"),
        ("jusqu'au 12 octobre 2023, rien", "12 octobre 2023"),
        ("jusqu’au mar. 10 octobre 2023 à 6 h 30 précises", "mar. 10 octobre 2023 à 6 h 30"),
        ("entre le 1er mai 2023 et juin", "1er mai 2023"),
        ("ce jour, le 12/10/2023 à 11h GMT, il", "12/10/2023 à 11h GMT"),
        ("réunis le mardi, 10 octobre 2023", "mardi, 10 octobre 2023"),
        ("le 12 octobre 2023 à 15 personnes", "12 octobre 2023"),
    ],
)
def test_find_spans_exclude_lead_words(text: str, mention: str) -> None:
    """Spans start at the weekday or day and end after year, month or attached time."""
    assert [found[0] for found in _found(text, reference=REF)] == [mention]


@pytest.mark.parametrize(
    "text",
    [
        "en 2023", "en octobre 2023", "d’août 1983", "le 38è anniversaire", "à 74 ans",
        "pendant 3 jours", "score de 3-1", "à 45 %", "5000 ou 10.000 dollars",
        "Me Hamidou Diabaté", "sa maison", "ma mère", "Sam arrive", "la mer est calme",
        "mardi prochain", "hier", "il y a 3 heures", "lundi dernier", "le 65è", "3 sept enfants",
        "le 12 octobre", "2 millions ou 4 millions", "1,5 octobre", "v1.2.3", "2023-10-11",
    ],
)
def test_find_never_mentions(text: str) -> None:
    """Bare years, month-year, ordinals, ages, durations, scores, amounts, short words."""
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("les 3 et 3 janvier", [("3 janvier", date(2024, 1, 3), None)]),
        ("les 3 et le 3 janv. puis", [("3 janv.", date(2024, 1, 3), None)]),
        ("du 5 au 3 janvier 2024", [("3 janvier 2024", date(2024, 1, 3), None)]),
        ("du 5 au 3 janv. puis", [("3 janv.", date(2024, 1, 3), None)]),
        ("du 31 au 1er mars", [("1er mars", date(2024, 3, 1), None)]),
    ],
)
def test_find_backward_range_is_no_range(
    text: str, expected: list[tuple[str, date, None]]
) -> None:
    """A first day that borrows its month and falls on or after the last day makes no range:
    neither a 363-day range a year back ("5 au 3 janvier") nor a day-only mention ("3")."""
    assert _found(text, reference=REF) == expected


def test_find_year_resolution_and_weekday_check() -> None:
    """Missing years resolve from the reference, weekday checked; else no mention."""
    text = "le lundi 07 août et le samedi 7 août puis le 19 juin"
    assert _found(text, reference=REF) == [
        ("lundi 07 août", date(2023, 8, 7), None), ("19 juin", date(2023, 6, 19), None)]
    assert _found(text) == []
    assert _found("le jeudi 11 octobre 2023") == []


def test_find_abbreviated_weekday_needs_its_dot() -> None:
    """In running text "mer" or "Sam" before a date is not a weekday; "mer." is."""
    assert _found("Sam 12 oct. 2023") == [("12 oct. 2023", date(2023, 10, 12), None)]
    assert _found("jeu. 12 oct. 2023") == [("jeu. 12 oct. 2023", date(2023, 10, 12), None)]


def test_find_mojibake_offsets_point_into_raw_input() -> None:
    """Offsets index the raw text, mojibake and NFD included."""
    text = "PubliÃ© le 1er fÃ©vrier 2024 Ã\u00a0 15 heures, puis le 2 aoÃ»t 2024."
    assert _found(text) == [
        ("1er fÃ©vrier 2024 Ã\u00a0 15 heures", datetime(2024, 2, 1, 15), None),
        ("2 aoÃ»t 2024", date(2024, 8, 2), None),
    ]
    text = unicodedata.normalize("NFD", "Publié le 5 février 2024 à 9h, le 6 décembre 2024.")
    assert [m[0] for m in _found(text)] == [
        unicodedata.normalize("NFD", "5 février 2024 à 9h"),
        unicodedata.normalize("NFD", "6 décembre 2024")]


def test_find_with_tz_makes_times_aware() -> None:
    """tz applies to attached times; zones written in the text win."""
    found = find_dates("le 11 octobre 2023 à 10h, le 12 octobre 2023 à 10h GMT", tz=PARIS)
    assert [m.value for m in found] == [
        datetime(2023, 10, 11, 10, tzinfo=PARIS), datetime(2023, 10, 12, 12, tzinfo=PARIS)]
    assert find_dates("le 11 octobre 2023", tz=PARIS)[0].value == date(2023, 10, 11)


@pytest.mark.parametrize(
    ("fields", "name"),
    [({"start": "0"}, "start"), ({"end": 1.0}, "end"), ({"start": False}, "start"),
     ({"text": 5, "end": 0}, "text")],
)
def test_date_mention_refuses_wrong_field_types(fields: dict[str, object], name: str) -> None:
    """A DateMention with a non-int offset or non-str text is a ValidationError naming the
    field (was a bare TypeError, or accepted as 1.0)."""
    kwargs: dict[str, object] = {"start": 0, "end": 1, "text": "x", "value": date(2023, 1, 1)}
    kwargs.update(fields)
    with pytest.raises(ValidationError) as info:
        DateMention(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == name


def test_date_mention_is_frozen() -> None:
    """DateMention is an immutable value."""
    mention = find_dates("le 11 octobre 2023")[0]
    assert mention == DateMention(start=3, end=18, text="11 octobre 2023",
                                  value=date(2023, 10, 11), until=None)
    with pytest.raises(AttributeError):
        mention.start = 0  # type: ignore[misc]


# --- format_date -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "style", "locale", "expected"),
    [
        (datetime(2023, 10, 11, 5, 4), "full", "fr", "mercredi 11 octobre 2023 à 05:04"),
        (date(2023, 10, 11), "full", "fr", "mercredi 11 octobre 2023"),
        (datetime(2023, 10, 11, 5, 4), "long", "fr", "11 octobre 2023"),
        (datetime(2023, 10, 11, 5, 4), "byline", "fr",
         "Publié mercredi 11 octobre 2023 à 05:04"),
        (date(2023, 10, 11), "short", "fr", "11/10/2023"),
        (datetime(2023, 10, 11, 5, 4), "short", "fr", "11/10/2023 05:04"),
        (datetime(2023, 10, 11, 5, 4, 32), "full", "fr", "mercredi 11 octobre 2023 à 05:04:32"),
        (date(2023, 10, 11), "iso", "fr", "2023-10-11"),
        (datetime(2023, 10, 11, 5, 4, tzinfo=timezone.utc), "iso", "fr",
         "2023-10-11T05:04:00+00:00"),
        (date(2023, 10, 1), "full", "fr", "dimanche 1er octobre 2023"),
        (date(2023, 10, 1), "long", "fr", "1er octobre 2023"),
        (date(2023, 10, 1), "short", "fr", "01/10/2023"),
        (datetime(2023, 10, 11, 5, 4), "full", "fr_ML", "mercredi 11 octobre 2023 à 05:04"),
        (datetime(2023, 10, 11, 5, 4), "short", "fr_ML", "11/10/2023, 05:04"),
        (date(2023, 10, 11), "full", "fr_SN", "mercredi 11 octobre 2023"),
        (date(2023, 10, 11), "full", "fr_CI", "mercredi 11 octobre 2023"),
        (date(2023, 10, 1), "short", "fr_BE", "1/10/2023"),
        (date(2023, 10, 11), "full", "fr_CH", "mercredi, 11 octobre 2023"),
        (date(2023, 10, 11), "short", "fr_CH", "11.10.2023"),
        (datetime(2023, 10, 11, 5, 4), "full", "fr_CA", "mercredi 11 octobre 2023 à 05 h 04"),
        (date(2023, 7, 11), "long", "fr_CA", "11 juillet 2023"),
        (date(2023, 10, 11), "short", "fr_CA", "2023-10-11"),
        (date(1800, 1, 1), "full", "fr", "mercredi 1er janvier 1800"),
    ],
)
def test_format_date_examples(value: date, style: str, locale: str, expected: str) -> None:
    """Each style and locale prints as a French newsroom prints."""
    assert format_date(value, style, locale=locale) == expected


def test_every_french_locale_babel_knows_formats_and_reads_back() -> None:
    """Every French locale formats in every style and parses back; the seven with a 12-hour
    clock (fr_DZ, fr_TN, fr_MR, ...) refused even dates before, and now print fr's
    24-hour time."""
    from babel.localedata import locale_identifiers

    french = [name for name in locale_identifiers() if name.split("_")[0] == "fr"]
    assert "fr_DZ" in french
    assert "fr_MR" in french
    values = [date(2023, 10, 1), datetime(2023, 10, 1, 17, 4), datetime(2023, 10, 1, 17, 4, 9)]
    failures = []
    for locale in french:
        for value in values:
            for style in ("full", "long", "byline", "short", "iso"):
                if style == "long" and isinstance(value, datetime):
                    continue
                try:
                    back = parse_date(format_date(value, style, locale=locale))
                except NewsModelError as error:
                    failures.append((locale, style, value, error))
                    continue
                if back != value:
                    failures.append((locale, style, value, back))
    assert not failures[:5]
    assert format_date(datetime(2023, 10, 1, 17, 4), locale="fr_DZ") \
        == "dimanche 1er octobre 2023 à 17:04"


def test_format_date_refuses_bad_arguments() -> None:
    """Unknown style, non-French or unknown locale, non-date value: ValidationError."""
    for call, field in [
        (lambda: format_date(date(2023, 1, 1), "fancy"), "style"),
        (lambda: format_date(date(2023, 1, 1), locale="de"), "locale"),
        (lambda: format_date(date(2023, 1, 1), locale="xx_YY_ZZ"), "locale"),
        (lambda: format_date("2023-01-01"), "value"),  # type: ignore[arg-type]
        (lambda: format_date(date(2023, 1, 1), locale=["fr"]), "locale"),  # type: ignore[arg-type]
    ]:
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.field == field


# --- properties ------------------------------------------------------------------------------

FULL_STYLES = ("full", "byline", "short", "iso")
LOCALE = st.sampled_from(LOCALES)


@given(st.dates(date(1800, 1, 1), date(2200, 12, 31)),
       st.sampled_from((*FULL_STYLES, "long")), LOCALE)
def test_round_trip_dates(value: date, style: str, locale: str) -> None:
    """parse_date(format_date(d, style)) == d for dates 1800-2200, every style and locale."""
    assert parse_date(format_date(value, style, locale=locale)) == value


@given(st.datetimes(datetime(1800, 1, 1), datetime(2200, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)), st.sampled_from(FULL_STYLES), LOCALE)
@example(datetime(2023, 10, 1, 0, 0), "full", "fr")
def test_round_trip_naive_datetimes(value: datetime, style: str, locale: str) -> None:
    """Minute-precise naive datetimes come back from every style that carries them."""
    result = parse_date(format_date(value, style, locale=locale))
    assert result == value
    assert isinstance(result, datetime)
    assert result.tzinfo is None


@given(aware_datetimes(zones=ZONES), st.sampled_from(FULL_STYLES), LOCALE)
def test_round_trip_aware_datetimes(value: datetime, style: str, locale: str) -> None:
    """With tz, aware values come back in their zone; DST-repeated wall times are refused."""
    text = format_date(value, style, locale=locale)
    repeated = value.replace(fold=1 - value.fold).utcoffset() != value.utcoffset()
    if repeated and style != "iso":
        with pytest.raises(DateParseError):
            parse_date(text, tz=value.tzinfo)
        return
    result = parse_date(text, tz=value.tzinfo)
    assert isinstance(result, datetime)
    assert result == value
    assert result.utcoffset() == value.utcoffset()
    assert result.replace(tzinfo=None) == value.replace(tzinfo=None)


@given(french_date_texts())
def test_french_date_texts_parse_back(pair: tuple[str, date]) -> None:
    """Styles, locales, case, accents, NFD, spaces and mojibake: the value comes back."""
    text, value = pair
    result = parse_date(text)
    assert result == value
    assert type(result) is type(value)


@given(french_date_texts())
def test_fast_path_agrees_with_grammar(pair: tuple[str, date]) -> None:
    """The one-regex fast path gives what the token grammar gives (ISO has its own reader)."""
    assume(not folded_is_iso(pair[0]))
    folded, _ = fold(pair[0])
    tokens = grammar.tokenize(folded)
    assert grammar.parse_tokens(tokens, None, None, True) == parse_date(pair[0])


@given(french_date_texts(), st.sampled_from(["", "Le ", "Dakar, le ", "Publié "]),
       st.sampled_from(["", ".", " et puis", ", dit-il."]))
def test_find_dates_finds_printed_dates(pair: tuple[str, date], before: str, after: str) -> None:
    """A printed date inside a sentence is found with its value (ISO aside)."""
    text, value = pair
    assume(not folded_is_iso(text))
    sentence = f"Il a dit {before}{text}{after}"
    found = find_dates(sentence)
    assert [m.value for m in found] == [value]
    assert found[0].end <= len(sentence) - len(after)


def folded_is_iso(text: str) -> bool:
    return fold(text)[0].strip()[:4].isdigit()


FRENCH_ALPHABET = st.sampled_from([
    *"0123456789 /.:-,'hHeErRàÃ©â\u00a0\u202f\n",
    "er", "le ", "et ", "au ", "à ", "h", "GMT", "+1", "octobre ", "févr.", "mardi ", "lun.",
    "1er ", "2023", "midi", "heures", "Publié ", "mis à jour", "HAE", "Ã©", "é",
])
FRENCHY_TEXT = st.lists(FRENCH_ALPHABET, max_size=30).map("".join)


@given(st.one_of(FRENCHY_TEXT, st.text()), st.sampled_from([None, REF, date(1, 6, 1)]),
       st.sampled_from([None, "Europe/Paris", "UTC"]), st.booleans())
@example("11 octobre 9999 à 23:59 GMT-12", None, "Europe/Paris", True)
@example("1 janvier 0001 à 00:00 GMT+13", None, "UTC", True)
def test_any_text_gives_value_or_date_parse_error(
    text: str, reference: date | None, tz: str | None, strict: bool
) -> None:
    """parse_date returns a date or raises DateParseError, nothing else, on any str."""
    try:
        value = parse_date(text, reference=reference, tz=tz, strict=strict)
    except DateParseError as error:
        assert 0 <= error.position <= len(text)
    else:
        assert isinstance(value, date)


@given(st.one_of(FRENCHY_TEXT, st.text()), st.sampled_from([None, REF]),
       st.sampled_from([None, "Europe/Paris"]))
def test_find_dates_mentions_are_sorted_disjoint_and_exact(
    text: str, reference: date | None, tz: str | None
) -> None:
    """Mentions are sorted, non-overlapping, with text == input[start:end]; each parses."""
    found = find_dates(text, reference=reference, tz=tz)
    end = 0
    for mention in found:
        assert end <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        if mention.until is not None:
            assert mention.value < mention.until
        end = mention.end


def _seconds(function: object, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        function(text)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize(
    "unit",
    ["1 ", "11 et ", "Ã©", "  \u00a0", "lundi 1", "11/10/", "le 3 mars 2023 à 10h, ",
     "Publié 1er ", "e\u0301", "9-", "mer., 1"],
)
def test_linear_time_on_large_inputs(unit: str) -> None:
    """Ten times the input takes about ten times as long (loose bound), up to 1 MB."""
    small = unit * (100_000 // len(unit))
    large = unit * (1_000_000 // len(unit))
    for function in (find_dates, lambda text: _safe_parse(text)):
        ratio = _seconds(function, large) / max(_seconds(function, small), 1e-6)
        assert ratio < 40, (unit, ratio)


def _safe_parse(text: str) -> None:
    with contextlib.suppress(DateParseError):
        parse_date(text)


def test_import_is_cheap() -> None:
    """Importing newsmodel.dates loads neither babel nor hypothesis."""
    code = ("import sys, newsmodel, newsmodel.dates; "
            "assert 'babel' not in sys.modules and 'hypothesis' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@given(st.one_of(FRENCHY_TEXT, french_date_texts().map(lambda pair: f"Le {pair[0]}, dit-il")),
       st.sampled_from([None, REF]))
def test_find_quick_path_agrees_with_grammar(text: str, reference: date | None) -> None:
    """The one-regex path for mentions finds what the token grammar alone finds."""
    assert find_dates(text, reference=reference) == _grammar_only(text, reference=reference)


# Pieces of French dates and of what surrounds them, chosen to reach every branch of the
# one-regex path (find_dates' _quick) and every place where it hands over to the grammar:
# glued and spaced tokens, accents and case the fold reads (and letters it does not), range
# words, time separators and forms, out-of-range values, zones, full stops.
DATE_PIECES = st.sampled_from([
    "1", "01", "1er", "1ER", "2er", "3", "07", "13", "28", "29", "31", "32", "0", "9", "123",
    "octobre", "OCTOBRE", "Octōbre", "août", "AOÛT", "aout", "févr.", "fev", "sept", "sept.",
    "ſept", "avrıl", "juill.", "déc.", "mars", "mai", "juin",
    "2023", "2024", "23", "20231", "2023abc",
    "lundi", "mardi", "mer.", "mer", "jeu.", "dimanche", "Vendredi", "lun.,",
    "et", "et le", "ét", "au", "aû", "-", "–", "—", "à", "â", "a", "À", ",", ".", "/", ":",
    "05:04", "05:04:32", "5h04", "18H30", "9 h 15", "8 h", "15 heures", "9 heures 30",
    "10h 30mn", "10h30min", "10 h 30 min 15 s", "midi", "minuit", "24:00", "10h75", "10:5",
    "GMT", "GMT+1", "UTC", "HAE", "gmt-3", "h", "heure",
    "30/06/2024", "11/10/2023", "10/31/2023", "11.10.2023", "11-10-2023", "11–10–2023",
    "11/10.2023", "1/1/2024", "10.000", "9-10",
    "le", "les", "du", "Mali", "selon", "ans", "_", "x", "entre", "Entre le", "5h4", "5 h 4",
])
DATE_GLUE = st.sampled_from([" ", " ", " ", "", "\u00a0", "\n", "  ", ", "])
DATE_SOUP = st.lists(st.tuples(DATE_PIECES, DATE_GLUE), max_size=14).map(
    lambda pairs: "".join(piece + glue for piece, glue in pairs)
)


def _grammar_only(text: str, **kwargs: object) -> list[DateMention]:
    original = grammar._quick
    grammar._quick = lambda *args: None  # type: ignore[assignment]
    try:
        return find_dates(text, **kwargs)  # type: ignore[arg-type]
    finally:
        grammar._quick = original


@given(DATE_SOUP, st.sampled_from([None, REF, date(2025, 10, 14)]),
       st.sampled_from([None, "Europe/Paris"]))
@example("le 1 ſeptembre 2023 et le 3 avrıl 2024", REF, None)
@example("13 octobre et le dimanche 15 octobre", REF, None)
@example("13 octobre 2023, midi; 13 octobre 2023 — 14:00; 13 octobre 2023 â 14h", None, None)
@example("du 9–10 octobre 2023 au 3 octōbre", REF, None)
@example("Publié le 29 mars 2026 à 02:30, 25 oct. 2026 à 2 h 30", None, "Europe/Paris")
@example("le 3 mars et le 15 juin 2024, entre le 3 mars et le 15 juin 2024", None, None)
@example("le 15 juin et le 3 mars 2024; le 28 déc. 2023 et le 3 janv. 2024", REF, None)
@example("le 11 octobre 2023 à 5 h 4, le 12 octobre 2023 à 5h4", None, None)
def test_find_quick_path_agrees_with_grammar_on_date_soup(
    text: str, reference: date | None, tz: str | None
) -> None:
    """The one-regex path answers exactly as the token grammar alone, piece soup or not."""
    assert find_dates(text, reference=reference, tz=tz) == _grammar_only(
        text, reference=reference, tz=tz
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 octobre et le dimanche 15 octobre", ["13 octobre", "dimanche 15 octobre"]),
        ("entre le 13 octobre et le dimanche 15 octobre",
         ["13 octobre et le dimanche 15 octobre"]),
        ("le 13 octobre 2023, midi", ["13 octobre 2023, midi"]),
        ("le 13 octobre 2023 — 14:00", ["13 octobre 2023 — 14:00"]),
        ("le 13 octobre 2023 â 14h", ["13 octobre 2023 â 14h"]),
        ("le 3 octōbre 2023", ["3 octōbre 2023"]),
        ("du 9–10 octobre 2023", ["9–10 octobre 2023"]),
        ("le 1 ſeptembre 2023", []),
        ("le 1 avrıl 2023", []),
    ],
)
def test_find_reads_folded_spellings_as_the_grammar_does(text: str, expected: list[str]) -> None:
    """Case and accents the fold reads (and only those) are read; nothing crashes."""
    assert [m.text for m in find_dates(text, reference=REF)] == expected


@pytest.mark.parametrize(
    ("before", "after"), [("12 mars 2023 à 10", "h"), ("3 oct.", "x"), ("27 et", "28 mai")]
)
def test_linear_time_across_long_space_runs(before: str, after: str) -> None:
    """Pieces of a mention parted by a space run that grows with the input: still linear."""

    def text(size: int) -> str:
        return (before + " " * size + after + " ") * 3

    ratio = _seconds(find_dates, text(1_000_000)) / max(_seconds(find_dates, text(100_000)), 1e-6)
    assert ratio < 40, ratio


PARSE_SOUP = st.tuples(
    st.sampled_from(["", "Publié ", "Publié le ", "Mis à jour le ", "le ", "Ce ", "du "]),
    st.sampled_from(["", "lundi ", "mer. ", "mer ", "Vendredi, ", "dimanche ", "le ", "lun.,"]),
    st.sampled_from([
        "1er octobre", "1er octobre 2023", "2er mai 2024", "31 juin 2023", "29 février 2024",
        "29 février", "7 août", "07 AOÛT 2023", "11 oct. 2023", "11 oct 2023", "11 oct.",
        "11 octobre. 2023", "11 octobre 23", "29 mars 2026", "25 octobre 2026", "11/10/2023",
        "31/12/2023", "10/31/2023", "1.1.2024", "11-10-2023", "11/10-2023", "0 mai 2023",
        "32 mai 2023", "11 pluviôse 2023", "11 et 12 mai 2023",
    ]),
    st.sampled_from([
        "", " à 05:04", " à 05:04:32", ", 15 heures", " - 16:45", " 9 h 15", " à 9 h",
        " à 18h30", " à 05h", " à midi", " à minuit", " à 24:00", " à 10h75", " à 10h 30mn",
        " à 2 h 30", " à 02:30", " à 9 heures 30", " à 9 heure", " à 11h GMT", " à", " à 9 h 5",
        " à 9h05:10", " 05:60",
    ]),
    st.sampled_from(["", " ", "  ", ".", " x"]),
).map("".join)


def _parse_outcome(text: str, **kwargs: object) -> object:
    try:
        value = parse_date(text, **kwargs)  # type: ignore[arg-type]
    except DateParseError as error:
        return (error.position, error.reason)
    return (type(value), value, getattr(value, "utcoffset", lambda: None)())


@given(PARSE_SOUP, st.sampled_from([None, REF]), st.sampled_from([None, "Europe/Paris"]),
       st.booleans())
def test_parse_fast_path_agrees_with_grammar_on_date_soup(
    text: str, reference: date | None, tz: str | None, strict: bool
) -> None:
    """parse_date's one-regex path gives what the grammar alone gives, errors included."""
    kwargs = {"reference": reference, "tz": tz, "strict": strict}
    fast = _parse_outcome(text, **kwargs)
    original = dates_module._fast
    dates_module._fast = lambda *args: None  # type: ignore[assignment]
    try:
        slow = _parse_outcome(text, **kwargs)
    finally:
        dates_module._fast = original
    assert fast == slow


def test_find_quick_path_agrees_with_grammar_on_every_combination() -> None:
    """Every combination of the pieces below (each a branch of the one-regex path or a place
    where it must hand over): the same mentions as the grammar alone."""
    befores = ["", "Il a dit le ", "du ", "mer. ", "Lundi "]
    firsts = ["3", "1er", "13 octobre", "13 oct.", "13 oct", "13 OCTOBRE 2023", "13 octobre.",
              "30/06/2024", "31 juin", "29 février", "29 mars 2026", "1er ſept. 2023",
              "28 décembre", "2er octobre", "01er mai"]
    middles = ["", " et ", " et le ", " au ", "-", " – ", " à ", ", ", " - ", " ", "."]
    seconds = ["", "15 octobre", "dimanche 15 octobre 2023", "dim 15 oct.", "dim. 15 oct.",
               "15 oct.", "2 janv. 2024", "3 janvier 2025", "05:04", "9 h 15", "15 heures",
               "midi", "25:00", "11h GMT", "10h 30mn", "2 h 30", "Mali"]
    afters = ["", " 2023", ".", " GMT", " à 14h"]
    settings_ = [(None, None), (REF, None), (REF, "Europe/Paris")]
    mismatches = []
    count = 0
    for before in befores:
        for first in firsts:
            for middle in middles:
                for second in seconds:
                    for after in afters:
                        text = before + first + middle + second + after
                        reference, tz = settings_[count % 3]
                        count += 1
                        quick = find_dates(text, reference=reference, tz=tz)
                        if quick != _grammar_only(text, reference=reference, tz=tz):
                            mismatches.append((text, reference, tz))
    assert not mismatches[:5]


def test_parse_fast_path_agrees_with_grammar_on_every_combination() -> None:
    """Every combination of leads, weekdays, dates and times: what the grammar alone gives."""
    leads = ["", "Publié le ", "ce "]
    weekdays = ["", "lundi ", "mer. ", "Vendredi, "]
    days = ["1er octobre", "1er octobre 2023", "2er mai 2024", "31 juin 2023", "29 février",
            "07 AOÛT 2023", "11 oct. 2023", "11 oct 2023", "11 octobre. 2023", "11 octobre 23",
            "29 mars 2026", "11/10/2023", "10/31/2023", "1.1.2024", "11/10-2023", "0 mai 2023"]
    times = ["", " à 05:04", " à 05:04:32", ", 15 heures", " - 16:45", " 9 h 15", " à 9 h",
             " à 18h30", " à 05h", " à midi", " à minuit", " à 24:00", " à 10h75",
             " à 10h 30mn", " à 2 h 30", " à 9 heures 30", " à 11h GMT", " à", " à 9 h 5"]
    settings_ = [(None, None, True), (REF, None, True), (REF, "Europe/Paris", False)]
    mismatches = []
    count = 0
    original = dates_module._fast
    for lead in leads:
        for weekday in weekdays:
            for day in days:
                for time_ in times:
                    text = lead + weekday + day + time_
                    reference, tz, strict = settings_[count % 3]
                    count += 1
                    kwargs = {"reference": reference, "tz": tz, "strict": strict}
                    fast = _parse_outcome(text, **kwargs)
                    dates_module._fast = lambda *args: None  # type: ignore[assignment]
                    try:
                        slow = _parse_outcome(text, **kwargs)
                    finally:
                        dates_module._fast = original
                    if fast != slow:
                        mismatches.append((text, fast, slow))
    assert not mismatches[:5]


# --- French news prose: every real day-and-month date found, nothing else -------------------

NEWS_PROSE = (
    "Bamako, le 11\u00a0octobre 2023 \u2013 Le gouvernement de transition a annoncé hier que "
    "les 9, 10 et 11 octobre seraient fériés. Depuis le 1er janvier, 5\u202f000 FCFA sont "
    "exigés par le décret n°2023-0567 ; le 3e trimestre 2023 a vu 12 % de hausse. Les Aigles "
    "ont battu le Niger 3-1, puis mené 5 à 2 à 21h. En 2023, comme dans les années 1990 ou de "
    "1960 à 1968, la loi du 29 juillet 1881 fait foi. Né le 3 mars 1950 à Ségou, il a 73 ans. "
    "Contact : 20 22 33 44. Rendez-vous le 11/10 à 5h04, 05h04 GMT, jeudi prochain, et le "
    "14 juillet dernier. Entre le 3 et le 5 mars, puis du 27 au 28 juillet, et le 1ᵉʳ mai à "
    "10\u202fh\u202f30, la marche ; l\u2019assemblée du samedi 14 oct. 2023 à 18h00."
)
NEWS_PROSE_DATES = [
    ("11\u00a0octobre 2023", date(2023, 10, 11), None),
    ("9, 10 et 11 octobre", date(2023, 10, 9), date(2023, 10, 11)),
    ("1er janvier", date(2024, 1, 1), None),
    ("29 juillet 1881", date(1881, 7, 29), None),
    ("3 mars 1950", date(1950, 3, 3), None),
    ("14 juillet", date(2023, 7, 14), None),
    ("3 et le 5 mars", date(2024, 3, 3), date(2024, 3, 5)),
    ("27 au 28 juillet", date(2023, 7, 27), date(2023, 7, 28)),
    ("1ᵉʳ mai à 10\u202fh\u202f30", datetime(2023, 5, 1, 10, 30), None),
    ("samedi 14 oct. 2023 à 18h00", datetime(2023, 10, 14, 18, 0), None),
]


def test_find_dates_in_news_prose_finds_the_dates_and_nothing_else() -> None:
    assert _found(NEWS_PROSE, reference=REF) == NEWS_PROSE_DATES
    starts = [m.start for m in find_dates(NEWS_PROSE, reference=REF)]
    assert starts == [NEWS_PROSE.index(text) for text, _, _ in NEWS_PROSE_DATES]
    assert _grammar_only(NEWS_PROSE, reference=REF) == find_dates(NEWS_PROSE, reference=REF)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1ᵉʳ octobre 2023", date(2023, 10, 1)),
        ("Le 1ᵉʳ mai à 10 h 30", datetime(2023, 5, 1, 10, 30)),
        ("1er\u202foctobre 2023", date(2023, 10, 1)),
        ("11\u202foctobre\u202f2023 à 5\u202fh\u202f04", datetime(2023, 10, 11, 5, 4)),
        ("samedi 14 octobre 2023 à 18h00", datetime(2023, 10, 14, 18, 0)),
        ("11 oct. 2023, 05:04 GMT", datetime(2023, 10, 11, 5, 4, tzinfo=timezone.utc)),
        ("29 juillet 1881", date(1881, 7, 29)),
        ("Mis à jour le 11/10/2023 à 09h12", datetime(2023, 10, 11, 9, 12)),
    ],
)
def test_parse_date_reads_forms_printed_in_prose(text: str, expected: date) -> None:
    assert parse_date(text, reference=REF) == expected


@pytest.mark.parametrize(
    "text",
    ["le 11/10", "05h04 GMT", "à 5h04", "le 14 juillet dernier", "jeudi prochain", "en 2023",
     "les années 1990", "le 3e trimestre 2023", "3-1", "le 5 à 2", "5\u202f000 FCFA",
     "décret n°2023-0567", "20 22 33 44", "loi du 29 juillet 1881", "de 1960 à 1968",
     "né le 3 mars 1950 à Ségou", "les 9, 10 et 11 octobre", "2ᵉ octobre 2023"],
)
def test_parse_date_refuses_prose_around_or_instead_of_a_date(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(text, reference=REF)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("les 2, 3 et 4 février 2024", [("2, 3 et 4 février 2024", date(2024, 2, 2),
                                         date(2024, 2, 4))]),
        ("les 1er, 2, 3 et le 4 mars", [("1er, 2, 3 et le 4 mars", date(2024, 3, 1),
                                         date(2024, 3, 4))]),
        # a list must go forward and end in "et"; the comma of a decimal is no list
        ("les 5, 3 et 4 mars", [("3 et 4 mars", date(2024, 3, 3), date(2024, 3, 4))]),
        ("les 2, 3 au 4 mars", [("3 au 4 mars", date(2024, 3, 3), date(2024, 3, 4))]),
        ("entre 2,3 et 4 mars", [("4 mars", date(2024, 3, 4), None)]),
        ("les 2, 3 et 4 élus le 5 mars", [("5 mars", date(2024, 3, 5), None)]),
    ],
)
def test_find_lists_of_days_are_one_mention(text: str, expected: list[object]) -> None:
    assert _found(text, reference=REF) == expected
    assert _grammar_only(text, reference=REF) == find_dates(text, reference=REF)


def test_find_long_lists_stay_within_the_token_window() -> None:
    # the longest list and range read must fit the grammar's window (no NeedMoreError escapes)
    text = ("lun. 1er, 2, 3 et le jeu., 4 déc. 2025, " * 3
            + "lun. 1er, 2, 3, 4 et le ven., 5 déc. 2025")
    found = _found(text, reference=REF)
    assert found[0] == ("lun. 1er, 2, 3 et le jeu., 4 déc. 2025", date(2025, 12, 1),
                        date(2025, 12, 4))
    assert found[-1] == ("2, 3, 4 et le ven., 5 déc. 2025", date(2025, 12, 2), date(2025, 12, 5))
    assert len(found) == 4


# --- "et" joins two dates unless the first borrows its month or "entre" leads ---------------

@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Il s'est rendu à Dakar le 3 mars et le 15 juin 2024.", REF,
         [("3 mars", date(2024, 3, 3), None), ("15 juin 2024", date(2024, 6, 15), None)]),
        # the first date borrows the last one's year as a range's first part does,
        # so no reference is needed
        ("le 3 mars et le 15 juin 2024", None,
         [("3 mars", date(2024, 3, 3), None), ("15 juin 2024", date(2024, 6, 15), None)]),
        ("le 3 mars 2023 et 15 juin 2024", None,
         [("3 mars 2023", date(2023, 3, 3), None), ("15 juin 2024", date(2024, 6, 15), None)]),
        ("le 28 décembre et le 3 janvier 2025", None,
         [("28 décembre", date(2024, 12, 28), None), ("3 janvier 2025", date(2025, 1, 3), None)]),
        # the year before when the first month comes later, as in a range
        ("le 15 juin et le 3 mars 2024", None,
         [("15 juin", date(2023, 6, 15), None), ("3 mars 2024", date(2024, 3, 3), None)]),
        # a first date with its own year keeps it, in order or not
        ("le 15 juin 2024 et le 3 mars 2024", None,
         [("15 juin 2024", date(2024, 6, 15), None), ("3 mars 2024", date(2024, 3, 3), None)]),
        # a last date without a year and no reference: neither is a mention
        ("le 3 mars et le 15 juin", None, []),
        ("le 3 mars et le 15 juin", REF,
         [("3 mars", date(2023, 3, 3), None), ("15 juin", date(2023, 6, 15), None)]),
        # the second date keeps its own time
        ("le 3 mars et le 15 juin 2024 à 10h30", None,
         [("3 mars", date(2024, 3, 3), None),
          ("15 juin 2024 à 10h30", datetime(2024, 6, 15, 10, 30), None)]),
        ("entre le 3 mars et le 15 juin 2024", None,
         [("3 mars et le 15 juin 2024", date(2024, 3, 3), date(2024, 6, 15))]),
        ("Entre  lundi 4 mars et le 15 juin 2024", None,
         [("lundi 4 mars et le 15 juin 2024", date(2024, 3, 4), date(2024, 6, 15))]),
        ("entre 3 mars et 15 juin 2024", None,
         [("3 mars et 15 juin 2024", date(2024, 3, 3), date(2024, 6, 15))]),
        ("rentre le 3 mars et le 15 juin 2024", None,
         [("3 mars", date(2024, 3, 3), None), ("15 juin 2024", date(2024, 6, 15), None)]),
        ("du 3 mars au 15 juin 2024", None,
         [("3 mars au 15 juin 2024", date(2024, 3, 3), date(2024, 6, 15))]),
        ("le 3 mars - 15 juin 2024", None,
         [("3 mars - 15 juin 2024", date(2024, 3, 3), date(2024, 6, 15))]),
        ("les 27 et 28 juillet 2023", None,
         [("27 et 28 juillet 2023", date(2023, 7, 27), date(2023, 7, 28))]),
        ("les 3 et le 5 mars 2024", None,
         [("3 et le 5 mars 2024", date(2024, 3, 3), date(2024, 3, 5))]),
    ],
)
def test_find_et_joins_two_dates_unless_the_first_borrows_its_month_or_entre_leads(
    text: str, reference: date | None, expected: list[tuple[str, date, date | None]]
) -> None:
    """"le 3 mars et le 15 juin 2024" is two dates; "entre … et …", "du … au …", "… - …"
    and day-only "27 et 28 juillet" are one range. Both find paths agree."""
    assert _found(text, reference=reference) == expected
    assert _grammar_only(text, reference=reference) == find_dates(text, reference=reference)


# --- "5 h 4": minutes after "h" take two digits ---------------------------------------------

@pytest.mark.parametrize(
    ("time", "minutes"),
    [("à 5 h 4", "4"), ("à 5h4", "4"), ("à 5H4", "4"), ("à 5h 4", "4"), ("à 5 h 045", "045"),
     (", 5h4", "4"), ("- 23 h 9", "9")],
)
def test_one_digit_minute_after_h_is_no_time(time: str, minutes: str) -> None:
    """find_dates ends the mention after the date; parse_date points at the minutes."""
    text = f"le 11 octobre 2023 {time} du matin"
    assert _found(text) == [("11 octobre 2023", date(2023, 10, 11), None)]
    assert _grammar_only(text) == find_dates(text)
    one = f"11 octobre 2023 {time}"
    error = _error(one)
    assert error.position == one.rindex(minutes)
    assert "two digits" in error.reason
