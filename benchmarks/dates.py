"""Benchmark newsmodel.dates against dateparser, in one run.

Run from the repository root::

    uv run --group bench python benchmarks/dates.py

It measures ``parse_date`` against ``dateparser.parse(languages=["fr"])`` per call on French
press date strings, and ``find_dates`` against ``dateparser.search.search_dates`` per 1,000
words of French news text, prints per-call times and the ratios, and how many of the corpus
strings each reads correctly.
"""

from __future__ import annotations

import contextlib
import time
import warnings
from collections.abc import Callable
from datetime import date, datetime

import dateparser
from dateparser.search import search_dates

from newsmodel.dates import find_dates, parse_date

REFERENCE = datetime(2023, 10, 11)

# (text, value a French reader expects); written for this benchmark
PRESS_DATES: list[tuple[str, date]] = [
    ("Publié mercredi 11 octobre 2023 à 05:04", datetime(2023, 10, 11, 5, 4)),
    ("Publié le 3 mars 2024 à 18h30", datetime(2024, 3, 3, 18, 30)),
    ("Mis à jour le 12 juin 2023 à 9 h 15", datetime(2023, 6, 12, 9, 15)),
    ("ce mardi 10 octobre 2023", date(2023, 10, 10)),
    ("le lundi 07 août", date(2023, 8, 7)),
    ("le 19 juin à 14 h", datetime(2023, 6, 19, 14, 0)),
    ("1er janvier 2024", date(2024, 1, 1)),
    ("jeudi 1er février 2024", date(2024, 2, 1)),
    ("11 oct. 2023", date(2023, 10, 11)),
    ("mer. 11 oct. 2023 à 10h30", datetime(2023, 10, 11, 10, 30)),
    ("20 déc. 2025", date(2025, 12, 20)),
    ("11/10/2023", date(2023, 10, 11)),
    ("11/10/2023 à 08:19", datetime(2023, 10, 11, 8, 19)),
    ("2023-10-11", date(2023, 10, 11)),
    ("Le 23 octobre 2025", date(2025, 10, 23)),
    ("samedi 14 octobre 2023, 15 heures", datetime(2023, 10, 14, 15, 0)),
    ("vendredi 13 octobre 2023 à midi", datetime(2023, 10, 13, 12, 0)),
    ("mardi 15 août 2023", date(2023, 8, 15)),
    ("lundi, 2 octobre 2023 - 16:45", datetime(2023, 10, 2, 16, 45)),
    ("9 septembre 2023 à 10h 30mn", datetime(2023, 9, 9, 10, 30)),
    ("PubliÃ© le 5 fÃ©vrier 2024", date(2024, 2, 5)),
    ("15 aoÃ»t 2023", date(2023, 8, 15)),
    ("dimanche 29 octobre 2023 à 6 h 30", datetime(2023, 10, 29, 6, 30)),
    ("Ce 13 octobre 2025", date(2025, 10, 13)),
]

PARAGRAPHS = """\
Le président de la Transition s'est entretenu au téléphone ce mardi 10 octobre 2023 avec son
homologue. Selon la Présidence, les deux chefs d'État ont évoqué la coopération dans les
domaines économiques et sécuritaires, un sujet abordé lors du sommet tenu les 27 et 28
juillet 2023 à Saint-Pétersbourg. Le mardi 15 août 2023, les deux dirigeants avaient déjà
parlé de la situation au Niger, où 74 députés ont demandé une session extraordinaire.
Publié mercredi 11 octobre 2023 à 05:04
La Journée internationale pour la réduction des risques de catastrophes a été célébrée le
13 octobre au Mali comme dans le reste du monde. À cette occasion, le ministre a lancé un
appel à l'action collective et au financement durable de la résilience, qui coûtera 5000 ou
10.000 dollars par commune selon ses services, soit plus de 2 millions de Fcfa.
Les cours reprendront au plus tard le lundi 14 octobre, selon un communiqué publié dimanche.
Dans les communes les plus touchées, les salles de classe servent encore d'abri à des
familles sinistrées ; la rentrée, prévue du 1er au 3 octobre 2024, a été repoussée.
Me Hamidou Diabaté s'est éteint le vendredi 10 octobre à Bamako à 74 ans, deux mois après
le décès de son compagnon de lutte. Il avait fêté son 38è anniversaire de carrière en 2019.
Le festival se tiendra du 28 août au 8 septembre 2024 à Dakar ; les inscriptions ouvrent
le 1er juin 2024 à 9 h et ferment le 30/06/2024 à 18:00. Sa directrice, qui ma dit-on
prépare une édition record, annonce 45 % de spectateurs en plus.
"""
# Prose without dates: with it, the text has about as many dates per word as the sample page
# (some 14 per 1,000 words); PARAGRAPHS alone has almost three times as many.
PROSE = """\
Dans les villages de la région, les habitants attendent depuis longtemps une route goudronnée
qui relierait les marchés aux grandes villes. Les commerçants disent perdre une partie de leurs
récoltes faute de camions, et les femmes qui vendent les légumes au bord de la nationale
racontent les heures passées sous le soleil à attendre un car qui ne vient pas. Le maire assure
que le dossier avance, que les financements sont trouvés et que les entreprises retenues
commenceront bientôt les travaux, mais beaucoup restent prudents après tant de promesses.
Au centre de santé, l'infirmier-chef reçoit chaque matin des dizaines de patients venus parfois
de très loin. Il manque de médicaments, de lits et de personnel, et les coupures d'électricité
compliquent la conservation des vaccins. Les associations de jeunes organisent des collectes,
réparent les bancs de l'école et plantent des arbres le long de la rue principale, pendant que
les anciens, assis à l'ombre du grand fromager, commentent les nouvelles de la capitale et les
décisions du gouvernement, qu'ils jugent trop lointaines de leurs préoccupations quotidiennes.
Les élèves, eux, rêvent de devenir médecins, ingénieurs ou journalistes, et leurs enseignants
répètent qu'il faudra du travail, de la patience et un peu de chance pour y parvenir un jour.
"""
TEXT = (PARAGRAPHS + "\n") * 5
WORDS = len(TEXT.split())
TYPICAL = (PARAGRAPHS + "\n" + PROSE + "\n" + PROSE + "\n") * 2
TYPICAL_WORDS = len(TYPICAL.split())


def per_call(function: Callable[[], object], budget: float = 1.0) -> float:
    """Seconds per call: best of three rounds sized to about *budget* seconds in all."""
    started = time.perf_counter()
    function()
    once = max(time.perf_counter() - started, 1e-7)
    number = max(1, int(budget / 3 / once))
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(number):
            function()
        best = min(best, (time.perf_counter() - started) / number)
    return best


def ours_correct(text: str, expected: date) -> bool:
    try:
        value = parse_date(text, reference=REFERENCE)
    except ValueError:
        return False
    return bool(value == expected and type(value) is type(expected))


def theirs_correct(text: str, expected: date) -> bool:
    value = dateparser.parse(text, languages=["fr"], settings={"RELATIVE_BASE": REFERENCE})
    if value is None:
        return False
    if isinstance(expected, datetime):
        return bool(value == expected)
    return bool(value.date() == expected)


def parse_all_ours() -> None:
    for text, _ in PRESS_DATES:
        with contextlib.suppress(ValueError):
            parse_date(text, reference=REFERENCE)


def parse_all_theirs() -> None:
    for text, _ in PRESS_DATES:
        dateparser.parse(text, languages=["fr"], settings={"RELATIVE_BASE": REFERENCE})


def main() -> None:
    warnings.simplefilter("ignore")
    parse_all_theirs()  # warm dateparser's caches before timing
    n = len(PRESS_DATES)
    ours = per_call(parse_all_ours) / n
    theirs = per_call(parse_all_theirs, budget=3.0) / n
    find_ours = per_call(lambda: find_dates(TEXT, reference=REFERENCE)) / WORDS * 1000
    find_theirs = per_call(
        lambda: search_dates(TEXT, languages=["fr"], settings={"RELATIVE_BASE": REFERENCE}),
        budget=3.0,
    ) / WORDS * 1000
    typical_ours = per_call(lambda: find_dates(TYPICAL, reference=REFERENCE)) \
        / TYPICAL_WORDS * 1000
    typical_theirs = per_call(
        lambda: search_dates(TYPICAL, languages=["fr"], settings={"RELATIVE_BASE": REFERENCE}),
        budget=3.0,
    ) / TYPICAL_WORDS * 1000
    density = len(find_dates(TYPICAL, reference=REFERENCE)) / TYPICAL_WORDS * 1000
    right_ours = sum(ours_correct(text, value) for text, value in PRESS_DATES)
    right_theirs = sum(theirs_correct(text, value) for text, value in PRESS_DATES)
    found_ours = len(find_dates(TEXT, reference=REFERENCE)) // 5
    found_theirs = len(search_dates(TEXT, languages=["fr"],
                                    settings={"RELATIVE_BASE": REFERENCE}) or []) // 5

    print(f"corpus: {n} press date strings; {WORDS} words of date-dense news text "
          f"({found_ours * 5 / WORDS * 1000:.0f} dates per 1,000 words); {TYPICAL_WORDS} "
          f"words of news text with {density:.0f} dates per 1,000 words")
    print()
    print("| measure | newsmodel | dateparser | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| parse one date (µs per call) | {ours * 1e6:.1f} | {theirs * 1e6:.1f} "
          f"| {theirs / ours:.0f}× |")
    print(f"| find dates, dense text (ms per 1,000 words) | {find_ours * 1e3:.2f} "
          f"| {find_theirs * 1e3:.1f} | {find_theirs / find_ours:.0f}× |")
    print(f"| find dates, page-like text (ms per 1,000 words) | {typical_ours * 1e3:.2f} "
          f"| {typical_theirs * 1e3:.1f} | {typical_theirs / typical_ours:.0f}× |")
    print(f"| press dates read correctly | {right_ours}/{n} | {right_theirs}/{n} | |")
    print(f"| mentions reported in one copy of the text | {found_ours} | {found_theirs} | |")


if __name__ == "__main__":
    main()
