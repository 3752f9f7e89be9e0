"""Tests for newsmodel.page: the seed page, our example pages, round trips, bad input."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmodel import Comments, Page, PageParseError
from newsmodel.dates import format_date
from newsmodel.page import parse_page
from newsmodel.strategies import (
    _sloppy_cp1252,
    articles,
    authors,
    aware_datetimes,
    french_paragraphs,
    pages,
    related_links,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BAMAKO = ZoneInfo("Africa/Bamako")
UTC = timezone.utc


def example(name: str) -> Page:
    return parse_page((EXAMPLES / name).read_text(encoding="utf-8"))


# --- the seed page ------------------------------------------------------------------------------


def test_seed_page_article(seed_text: str) -> None:
    """The real sample page parses to the expected article, field by field."""
    a = parse_page(seed_text).article
    assert a.headline == (
        "Mali-Russie : Ce que les présidents Goita et Poutine se sont dit au téléphone"
    )
    assert a.kicker == "Mali-Russie"
    assert a.standfirst is not None
    assert a.standfirst.startswith("Le Mali et la Russie entretiennent des relations sincères.")
    assert a.published == datetime(2023, 10, 11, 5, 4, tzinfo=UTC)
    assert a.published.utcoffset() == timedelta(0)
    assert a.updated is None
    assert len(a.body) == 4
    assert a.body[0].startswith("« J’ai exprimé ma reconnaissance")
    assert a.body[0].endswith("en contact permanent avec le président russe.")
    assert a.body[-1].endswith("l’ampleur des conséquences serait imprévisible ».")
    assert [x.name for x in a.authors] == ["Souleymane SIDIBE"]
    assert a.authors[0].family_name == "SIDIBE"
    assert a.comments is Comments.SUBSCRIBERS


def test_seed_page_related(seed_text: str) -> None:
    """ "Lire aussi" links: cut teasers flagged, "fondÃ." restored to "fondé", placeholders None."""
    related = parse_page(seed_text).article.related
    assert [r.title for r in related] == [
        "Mali-Russie : 65 ans d’amitié et de coopération exemplaire",
        "Mali : Les ressortissants des USA soumis au paiement de la caution de visa",
        "Trafic illicite de migrants : Le Mali réaffirme son engagement pour une réponse "
        "humaine et concertée",
        "Coopération internationale : Yacouba Katilė s’entretient avec les Présidents du CES "
        "de Grèce et du Maroc",
        "Le chef de la diplomatie mauritanienne en visite au Mali : «Je suis venu transmettre "
        "un message de solidarité, de paix et de stabilité au peuple malien»",
        "Refus de l'Algérie de reconnaître la compétence de la CIJ suite à la destruction du "
        "drone des FAMa : La preuve de la culpabilité du pays voisin",
    ]
    assert all(r.label == "Lire aussi" for r in related)
    first, visa, migrants, katile, mauritanie, algerie = related
    assert first.teaser is not None
    assert first.teaser.endswith("Occasion de rappeler la profondeur d’un partenariat fondé")
    assert first.teaser_truncated
    assert visa.teaser is not None
    assert visa.teaser.endswith("pour l'obtention d'un visa d'affair")
    assert visa.teaser_truncated
    assert migrants.teaser is not None
    assert migrants.teaser.endswith("à intensifier la lutte contre ce phénomène")
    assert migrants.teaser_truncated
    assert (katile.teaser, katile.teaser_truncated) == (None, False)
    assert mauritanie.teaser is not None
    assert mauritanie.teaser.endswith("au palais de Koulouba.")
    assert not mauritanie.teaser_truncated
    assert (algerie.teaser, algerie.teaser_truncated) == (None, False)


def test_seed_page_author_articles(seed_text: str) -> None:
    """The author's list: titles, authors from "Par", dates in the page's zone, cut teasers."""
    entries = parse_page(seed_text).author_articles
    assert len(entries) == 7
    assert all(e.author is not None and e.author.name == "Souleymane SIDIBE" for e in entries)
    assert [e.published for e in entries] == [
        datetime(2025, 10, 15, 13, 48, tzinfo=UTC),
        datetime(2025, 10, 14, 19, 38, tzinfo=UTC),
        datetime(2025, 10, 14, 18, 11, tzinfo=UTC),
        datetime(2025, 10, 14, 8, 19, tzinfo=UTC),
        datetime(2025, 10, 14, 7, 31, tzinfo=UTC),
        datetime(2025, 10, 13, 17, 46, tzinfo=UTC),
        datetime(2025, 10, 13, 14, 49, tzinfo=UTC),
    ]
    assert entries[0].title.startswith("38è anniversaire de la disparition du président")
    assert entries[2].title == "Mali-Russie : 65 ans d’amitié et de coopération exemplaire"
    assert entries[2].teaser is not None
    assert entries[2].teaser.endswith("fondé sur la confiance, la solidarité et le respect mutuel.")
    assert not entries[2].teaser_truncated
    assert entries[1].teaser_truncated
    assert entries[1].teaser is not None
    assert entries[1].teaser.endswith("s’est réuni ce mardi 14 octobre 2025")
    assert [e.teaser_truncated for e in entries] == [False, True, False, True, True, True, True]


# --- our example pages --------------------------------------------------------------------------


def test_example_energie_kayes() -> None:
    """Kicker, standfirst, 'Mis à jour' line, body 'Publié le 2 mai dernier', cut teasers."""
    page = example("energie-kayes-2024-03-05.txt")
    a = page.article
    assert a.kicker == "Énergie-Sahel"
    assert a.headline.startswith("Énergie-Sahel\u00a0: Le réseau électrique de Kayes")
    assert a.standfirst is not None
    assert a.standfirst.startswith("La société publique d’électricité a inauguré")
    assert a.published == datetime(2024, 3, 5, 18, 42, tzinfo=BAMAKO)
    assert a.updated == datetime(2024, 3, 6, 9, 10, tzinfo=BAMAKO)
    assert len(a.body) == 3
    assert a.body[2].startswith("Publié le 2 mai dernier, un rapport du ministère")
    assert [x.name for x in a.authors] == ["Aminata S. KONATÉ"]
    assert (a.authors[0].given_name, a.authors[0].family_name) == ("Aminata S.", "KONATÉ")
    first, commerce, solaire = a.related
    assert first.teaser is not None
    assert first.teaser.endswith("permettra un réseau électrique modernisé")
    assert first.teaser_truncated
    assert commerce.teaser is not None
    assert commerce.teaser.endswith("jugées trop élevé")
    assert commerce.teaser_truncated
    assert solaire.title == "Solaire\u00a0: un programme de formation pour 2\u00a0000 techniciens"
    assert (solaire.teaser, solaire.teaser_truncated) == (None, False)
    assert len(page.author_articles) == 2
    assert page.author_articles[0].published == datetime(2024, 3, 4, 16, 5, tzinfo=BAMAKO)
    assert not page.author_articles[0].teaser_truncated
    assert page.author_articles[1].teaser_truncated
    assert a.comments is Comments.SUBSCRIBERS


def test_example_festival_dakar() -> None:
    """No kicker, no standfirst, '| Mis à jour', two authors, a mis-decoded paragraph."""
    page = example("festival-dakar-2023-06-19.txt")
    a = page.article
    assert a.kicker is None
    assert a.standfirst is None
    assert a.published == datetime(2023, 6, 19, 14, 30, tzinfo=BAMAKO)
    assert a.updated == datetime(2023, 6, 20, 9, 15, tzinfo=BAMAKO)
    assert [x.name for x in a.authors] == ["Moussa DIALLO", "Fatou N’DIAYE"]
    assert a.body[1].startswith("Le jury, présidé par la réalisatrice sénégalaise Awa Ndiaye")
    assert "« une génération qui ose raconter ses propres histoires »" in a.body[1]
    assert not a.related[0].teaser_truncated
    cut = a.related[1]
    assert cut.teaser is not None
    assert cut.teaser.endswith("un public très divers et enthousi")
    assert cut.teaser_truncated
    assert page.author_articles[0].published == datetime(2023, 6, 16, 11, 20, tzinfo=BAMAKO)
    assert a.comments is None


def test_example_rentree_inondations() -> None:
    """No author, a teaser cut mid-character with no full text on the page (lexicon)."""
    page = example("rentree-inondations-2024-09-30.txt")
    a = page.article
    assert a.authors == ()
    assert a.kicker is None
    assert a.standfirst is not None
    assert len(a.body) == 2
    cut = a.related[0]
    assert cut.teaser is not None
    assert cut.teaser.endswith("la situation sur place jugée compliqué")
    assert cut.teaser_truncated
    assert not a.related[1].teaser_truncated
    assert page.author_articles == ()


def _misdecoded(text: str, encoding: str) -> str:
    """The page's UTF-8 bytes read as Windows-1252 (browsers' reading) or Latin-1."""
    data = text.encode("utf-8")
    return data.decode("latin-1") if encoding == "latin-1" else _sloppy_cp1252(data)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.txt")))
def test_page_misdecoded_as_a_whole_reads_the_same(name: str, encoding: str) -> None:
    """A dump whose every line was mis-decoded parses to the same page as the clean dump."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert parse_page(_misdecoded(text, encoding)) == parse_page(text)


def test_seed_page_misdecoded_reads_the_same(seed_text: str) -> None:
    """The real page, mis-decoded as a whole, parses to the same page."""
    assert parse_page(_misdecoded(seed_text, "cp1252")) == parse_page(seed_text)


def test_tz_argument() -> None:
    """Dates are read in the zone given; the default is Africa/Bamako."""
    text = (EXAMPLES / "festival-dakar-2023-06-19.txt").read_text(encoding="utf-8")
    paris = parse_page(text, tz="Europe/Paris").article.published
    assert paris == datetime(2023, 6, 19, 14, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert paris.utcoffset() == timedelta(hours=2)
    with pytest.raises(PageParseError, match="time zone"):
        parse_page(text, tz="Mars/Olympus")
    # A folder of the zone database or a name too long for a file: unknown zones too, never
    # a bare OSError (IsADirectoryError, "File name too long").
    # Files of the system's zoneinfo folder that are no IANA zone ("localtime" is the
    # machine's own zone): refused, as parse_date refuses them.
    for zone in ("Africa", "America/Argentina", "a" * 5000, "localtime", "posixrules"):
        with pytest.raises(PageParseError, match="time zone") as info:
            parse_page(text, tz=zone)
        assert len(info.value.reason) < 120  # the zone quoted cut short


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 0, "empty"),
        ("   \n\n  \t\n", 0, "empty"),
        ("Un titre\n\nUn paragraphe sans date.\n", 3, "Publié"),
        ("Publié mercredi 11 octobre 2023 à 05:04\nTitre\n", 1, "headline"),
        ("Titre\n\nPublié le 31 juin 2023 à 05:04\n\nCorps.\n", 3, "date"),
        ("Titre\n\nPublié mercredi 11 octobre 2023 à 05:04\n", 3, "body"),
        ("Titre\nPublié mercredi 11 octobre 2023 à 05:04\nCorps.\nLire aussi :  \n", 4, "title"),
        (
            "Titre\nPublié mercredi 11 octobre 2023 à 05:04 | autre chose\nCorps.\n",
            2,
            "Mis à jour",
        ),
        (
            "Titre\nPublié mercredi 11 octobre 2023 à 05:04\nMis à jour le 10 octobre 2023 à 01:00"
            "\nCorps.\n",
            3,  # the 'Mis à jour' line, not the headline
            "updated",
        ),
    ],
)
def test_not_a_page(text: str, line: int, words: str) -> None:
    """Text that is not a page raises PageParseError with the line and what was expected."""
    with pytest.raises(PageParseError) as info:
        parse_page(text)
    assert info.value.line == line
    assert words in str(info.value)


_HEAD = "Titre\nPublié mercredi 11 octobre 2023 à 05:04\nCorps.\n"


@pytest.mark.parametrize(
    ("tail", "line"),
    [
        ("Lire aussi : Un\u2028titre\n", 4),  # a title the model refuses
        ("Lire aussi : Titre\nUn\u2028teaser.\n", 4),  # a teaser the model refuses
        ("Les articles de l'auteur\n\x1b\n", 5),  # a title repaired to nothing
        ("Les articles de l'auteur\nUn\u2028titre\n", 5),
    ],
)
def test_text_the_models_refuse_is_a_page_parse_error(tail: str, line: int) -> None:
    """Text the models refuse in a link is a PageParseError at its line, never a bare
    ValidationError (the links were built outside the error mapping)."""
    with pytest.raises(PageParseError) as info:
        parse_page(_HEAD + tail)
    assert info.value.line == line
    assert "invalid link" in info.value.reason


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Par Souleymane SIDIBE", [("Souleymane SIDIBE", None)]),
        ("Par A. KONÉ et Moussa DIARRA, correspondants",
         [("A. KONÉ", "correspondants"), ("Moussa DIARRA", "correspondants")]),
        ("Par Awa DIALLO, envoyée spéciale, et Moussa KONÉ",
         [("Awa DIALLO", "envoyée spéciale"), ("Moussa KONÉ", None)]),
        ("Par Awa DIALLO, correspondante et Moussa KONÉ",
         [("Awa DIALLO", "correspondante"), ("Moussa KONÉ", None)]),
        ("Par Awa DIALLO, Moussa KONÉ et Ali TOURE",
         [("Awa DIALLO", None), ("Moussa KONÉ", None), ("Ali TOURE", None)]),
        # a place or a second title stays in the role
        ("Par Awa DIALLO, rédacteur en chef, Bamako",
         [("Awa DIALLO", "rédacteur en chef, Bamako")]),
        ("Par Awa DIALLO, correspondant à Dakar et Abidjan",
         [("Awa DIALLO", "correspondant à Dakar et Abidjan")]),
        ("Par Awa DIALLO, journaliste et écrivain", [("Awa DIALLO", "journaliste et écrivain")]),
        ("Souleymane SIDIBE, envoyé spécial", [("Souleymane SIDIBE", "envoyé spécial")]),
    ],
)
def test_every_author_of_a_byline_is_read(byline: str, authors: list[tuple[str, str | None]],
                                          ) -> None:
    """Bylines with several groups: no author is lost inside another's role, and a list of
    names separated by commas is a byline, not body text."""
    article = parse_page(_HEAD + byline + "\n").article
    assert [(a.name, a.role) for a in article.authors] == authors
    assert article.body == ("Corps.",)


def test_a_byline_above_the_body_is_read() -> None:
    """Some sites print "Par …" above the body rather than after it."""
    text = "Titre\nPublié mercredi 11 octobre 2023 à 05:04\nPar Awa DIALLO, envoyée spéciale\n"
    article = parse_page(text + "Un.\n\nDeux.\n").article
    assert [(a.name, a.role) for a in article.authors] == [("Awa DIALLO", "envoyée spéciale")]
    assert article.body == ("Un.", "Deux.")
    # a sentence starting "Par" stays body text
    prose = parse_page(text.replace("Par Awa", "Par ailleurs Awa") + "Un.\n").article
    assert prose.authors == ()
    assert prose.body == ("Par ailleurs Awa DIALLO, envoyée spéciale", "Un.")
    # a signature after the body wins; the top line then stays body text
    both = parse_page(text + "Un.\n\nPar Moussa KONÉ\n").article
    assert [a.name for a in both.authors] == ["Moussa KONÉ"]
    assert both.body == ("Par Awa DIALLO, envoyée spéciale", "Un.")


@pytest.mark.parametrize("line", ["Par ailleurs, le président a parlé.",
                                  "Bamako, Dakar et Abidjan.", "Par Awa DIALLO, , et"])
def test_sentences_are_not_bylines(line: str) -> None:
    article = parse_page(_HEAD + line + "\n").article
    assert article.authors == ()
    assert article.body[-1] == line


def test_signature_with_a_role_the_model_refuses_is_not_a_byline() -> None:
    """A "Par …, role" line whose role the model refuses is body text, then refused with the
    body's line, never a bare ValidationError."""
    with pytest.raises(PageParseError) as info:
        parse_page(_HEAD + "Par Jean DUPONT, envoyé\u2028spécial\n")
    assert info.value.line == 4
    assert "body[1]" in info.value.reason


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("Titre\nUn\u2028chapeau.\nPublié le 2 mai 2023\nCorps.\n", 2, "standfirst"),
        ("Titre\nPublié le 2 mai 2023\nUn.\n\nDeux\u2028x.\n", 5, "body[1]"),
        ("Titre\nPublié le 2 mai 2023 | Mis à jour le 1 mai 2023\nCorps.\n", 2, "updated"),
    ],
)
def test_invalid_article_names_the_line_of_the_field(text: str, line: int, field: str) -> None:
    """An article field the model refuses is reported at the line it was read from (it was
    always the headline's line)."""
    with pytest.raises(PageParseError) as info:
        parse_page(text)
    assert (info.value.line, info.value.reason.split(": ")[1]) == (line, field)


@pytest.mark.parametrize(
    "marker",
    ["Lire\u00a0aussi :", "À\u00a0lire aussi :", "A\u0300 lire aussi :", "Lire aussi\uff1a"],
)
def test_read_also_marker_variants_give_the_title(marker: str) -> None:
    """Every "Lire aussi" spelling the line classifier accepts also gives the title (a
    no-break space inside the marker, or a decomposed "À", made a valid page an error)."""
    page = parse_page(_HEAD + f"{marker} Mali : Autre titre\nUn teaser.\n")
    assert [(r.title, r.teaser) for r in page.article.related] == [
        ("Mali : Autre titre", "Un teaser.")
    ]


def test_date_lines_with_html_entities_are_read() -> None:
    """ "Publi&eacute;", "Mis &agrave; jour" lines are classified as date lines, and now also
    read as dates (their raw text went to the date parser, which refused it)."""
    text = (
        "Titre\nPubli&eacute; le 2 mai 2023 &agrave; 10:00\nMis &agrave; jour le 3 mai 2023\n"
        "Corps.\nLes articles de l&#39;auteur\nAutre titre\nPubli&eacute; le 1er mai\n"
    )
    page = parse_page(text)
    assert page.article.published == datetime(2023, 5, 2, 10, 0, tzinfo=BAMAKO)
    assert page.article.updated == datetime(2023, 5, 3, tzinfo=BAMAKO)
    assert page.author_articles[0].published == datetime(2023, 5, 1, tzinfo=BAMAKO)


def test_unexpected_line_is_quoted_short() -> None:
    """The line after the page's end is quoted cut short, as every error quotes its input
    (a long line was copied whole into the message and every batch error record)."""
    tail = "L’espace des contributions est réservé aux abonnés.\n" + "x" * 100_000 + "\n"
    with pytest.raises(PageParseError) as info:
        parse_page(_HEAD + tail)
    assert info.value.line == 5
    assert info.value.reason.startswith("unexpected line after the page's end: 'xxx")
    assert len(info.value.reason) < 200


def test_binary_garbage() -> None:
    """Binary garbage decoded as text is refused with PageParseError."""
    garbage = bytes(range(256)).decode("latin-1") * 20
    with pytest.raises(PageParseError):
        parse_page(garbage)


def test_wrong_type() -> None:
    """A non-str page is a PageParseError, not a TypeError deep inside."""
    with pytest.raises(PageParseError, match="str"):
        parse_page(b"Titre")  # type: ignore[arg-type]


_LINES = (
    "",
    "Mali : un titre",
    "Publié mercredi 11 octobre 2023 à 05:04",
    "Publié le 31 juin 2023",
    "Mis à jour le 12 octobre 2023 à 08:00",
    "PubliÃ© mardi 10 octobre 2023 Ã  05:04 | Mis Ã  jour",
    "Un paragraphe.",
    "Par Aminata KONATÉ et Moussa DIALLO",
    "Souleymane SIDIBE",
    "Lire aussi : un autre titre",
    "Lire aussi :",
    "-.",
    "Un teaser coupé fondÃ.",
    "Les articles de l'auteur",
    "L’espace des contributions est réservé aux abonnés.",
    "S’abonner",
)


@settings(max_examples=80)
@given(st.lists(st.one_of(st.sampled_from(_LINES), st.text(max_size=30)), max_size=25))
def test_any_text_gives_page_or_error(lines: list[str]) -> None:
    """For any text, parse_page returns a Page or raises PageParseError, nothing else."""
    with contextlib.suppress(PageParseError):
        assert isinstance(parse_page("\n".join(lines)), Page)


def test_linear_time() -> None:
    """Parsing time grows linearly with the page's size (a loose ratio, not a time limit)."""
    base = (EXAMPLES / "energie-kayes-2024-03-05.txt").read_text(encoding="utf-8")
    head, _, tail = base.partition("Aminata S. KONATÉ\n")
    para = "Un paragraphe de remplissage pour grossir le corps de l’article.\n\n"

    def cost(n: int) -> float:
        text = head + para * n + "Aminata S. KONATÉ\n" + tail
        start = time.perf_counter()
        parse_page(text)
        return time.perf_counter() - start

    cost(10)
    small, large = min(cost(500) for _ in range(3)), min(cost(5000) for _ in range(3))
    assert large < small * 30  # linear would be ~10x; quadratic ~100x


def test_linear_time_with_many_cut_teasers() -> None:
    """Many teasers cut inside a character: each is repaired from a bounded context, so the
    time stays linear (a whole-page context searched per teaser would be quadratic)."""
    head = "Titre\n\nPublié mercredi 11 octobre 2023 à 05:04\n\nCorps.\n\n"

    def cost(n: int) -> float:
        text = head + "".join(
            f"Lire aussi : Titre {i}\n\nUn partenariat numéro {i} fondÃ.\n\n" for i in range(n)
        )
        start = time.perf_counter()
        page = parse_page(text)
        elapsed = time.perf_counter() - start
        assert page.article.related[-1].teaser == f"Un partenariat numéro {n - 1} fondé"
        return elapsed

    cost(20)
    small, large = min(cost(200) for _ in range(2)), min(cost(4000) for _ in range(2))
    assert large < small * 60  # linear would be ~20x; quadratic ~400x


def test_linear_time_on_a_long_teaser_word_or_marker_run() -> None:
    """A teaser with one very long word, or a long run of "." or "…" before its end, is read in
    linear time (the marker and last-word searches were quadratic: a hang on such a line)."""
    head = "Titre\n\nPublié mercredi 11 octobre 2023 à 05:04\n\nCorps.\n\nLire aussi : T\n\n"

    for teaser in (lambda n: "a" * n + " b", lambda n: "." * n + "x", lambda n: "…" * n + "x"):

        def cost(n: int, teaser: Callable[[int], str] = teaser) -> float:
            text = head + teaser(n) + "\n"
            start = time.perf_counter()
            page = parse_page(text)
            elapsed = time.perf_counter() - start
            assert page.article.related[0].teaser is not None
            return elapsed

        cost(100)
        small, large = min(cost(1000) for _ in range(3)), min(cost(16000) for _ in range(2))
        assert large < small * 60  # linear would be ~16x; quadratic ~256x


# --- round trip through the dump layout ---------------------------------------------------------


def render(page: Page) -> str:
    """Write a page in the dump layout (a test helper, the inverse of parse_page)."""
    a = page.article
    out = [a.headline, ""]
    if a.standfirst:
        out += [a.standfirst, ""]
    out.append(format_date(a.published.astimezone(BAMAKO), "byline"))
    if a.updated is not None:
        out.append("Mis à jour " + format_date(a.updated.astimezone(BAMAKO), "full"))
    out += [a.headline, ""]
    for paragraph in a.body:
        out += [paragraph, ""]
    if a.authors:
        out += ["Par " + " et ".join(x.name for x in a.authors), ""]
    for link in a.related:
        out += [f"Lire aussi : {link.title}", ""]
        out += [_teaser(link.teaser, link.teaser_truncated), ""]
    if page.author_articles:
        out += ["Les articles de l'auteur", ""]
        for link in page.author_articles:
            out += [link.title, "", _teaser(link.teaser, link.teaser_truncated), ""]
            if link.author is not None:
                out += [f"Par {link.author.name}", "", ""]
            assert link.published is not None
            out += [format_date(link.published.astimezone(BAMAKO), "byline"), ""]
    if a.comments is Comments.SUBSCRIBERS:
        out += ["L’espace des contributions est réservé aux abonnés.", "S’abonner"]
    elif a.comments is Comments.CLOSED:
        out += ["Les commentaires sont fermés."]
    return "\n".join(out) + "\n"


def _teaser(text: str | None, truncated: bool) -> str:
    if text is None:
        return "-."
    return text + ".." if truncated else text


_sentence_end = st.sampled_from((".", "\u202f!", "\u202f?"))
_teasers = st.builds(
    lambda p, end: p.rstrip(".…!?\u202f ") + end, french_paragraphs(max_sentences=2), _sentence_end
)


@st.composite
def _links(draw: st.DrawFn, *, listed: bool) -> object:
    truncated = draw(st.booleans())
    teaser = draw(st.one_of(st.none(), _teasers))
    if truncated and teaser is not None:
        teaser = teaser.rstrip(".…!?\u202f ")
    return draw(
        related_links(
            url=st.none(),
            teaser=st.just(teaser),
            teaser_truncated=st.just(truncated and teaser is not None),
            published=aware_datetimes() if listed else st.none(),
            author=(
                st.one_of(st.none(), authors(url=st.none(), role=st.none()))
                if listed
                else st.none()
            ),
            label=st.none() if listed else st.just("Lire aussi"),
        )
    )


dump_pages = pages(
    article=articles(
        body=st.lists(french_paragraphs(), min_size=1, max_size=4).map(tuple),
        authors=st.lists(authors(url=st.none(), role=st.none()), max_size=2).map(tuple),
        related=st.lists(_links(listed=False), max_size=3).map(tuple),
        url=st.none(),
        section=st.none(),
        tags=st.just(()),
        language=st.just("fr"),
        comments=st.sampled_from((None, Comments.SUBSCRIBERS, Comments.CLOSED)),
    ),
    author_articles=st.lists(_links(listed=True), max_size=3).map(tuple),
)


@settings(max_examples=40)
@given(dump_pages)
def test_rendered_pages_parse_back(page: Page) -> None:
    """A page from the strategies, rendered in the dump layout, parses back to the same page."""
    assert parse_page(render(page)) == page


def test_read_also_marker_written_as_an_entity() -> None:
    """A "Lire aussi" whose colon is an HTML entity is read like any other, never a crash."""
    text = "Titre\nPublié mercredi 11 octobre 2023 à 05:04\nCorps.\nLire aussi &#58; Autre titre\n"
    assert [r.title for r in parse_page(text).article.related] == ["Autre titre"]


# --- the author's list: entries in any publisher's order --------------------------------------

_ENTRY_PAGE = """Titre

Publié mardi 5 mars 2024 à 18:42
Titre

Un paragraphe.

Les articles de l'auteur

Premier titre

{teaser}

{meta}

Second titre

Le second teaser.

Par Moussa DIALLO

Publié lundi 4 mars 2024 à 08:30
"""
_BY = "Par Aminata KONATÉ"
_ON = "Publié vendredi 1 mars 2024 à 16:05"


@pytest.mark.parametrize("meta", [f"{_BY}\n{_ON}", f"{_ON}\n{_BY}"])
@pytest.mark.parametrize(
    "teaser",
    [
        "Un teaser.",
        "Par ailleurs, le ministre a inauguré une centrale.",
        "Publié le 2 mai dernier, un rapport estimait les pertes.",
    ],
)
def test_author_list_entry_fields_in_any_order(teaser: str, meta: str) -> None:
    """An entry's "Par" and "Publié" lines are read in either order, and a teaser starting
    "Par ailleurs, …" or "Publié le 2 mai dernier, …" is a teaser (it was refused, and a date
    before the byline made the byline the next entry's title, shifting every field after)."""
    first, second = parse_page(_ENTRY_PAGE.format(teaser=teaser, meta=meta)).author_articles
    assert (first.title, first.teaser) == ("Premier titre", teaser)
    assert first.author is not None
    assert first.author.name == "Aminata KONATÉ"
    assert first.published == datetime(2024, 3, 1, 16, 5, tzinfo=UTC)
    assert (second.title, second.teaser) == ("Second titre", "Le second teaser.")
    assert second.author is not None
    assert second.author.name == "Moussa DIALLO"
    assert second.published == datetime(2024, 3, 4, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize("extra", [_BY, _ON])
def test_author_list_byline_or_date_left_over_is_an_error(extra: str) -> None:
    """A second byline or date in an entry is not read as the next entry's title."""
    text = _ENTRY_PAGE.format(teaser="Un teaser.", meta=f"{_BY}\n{_ON}\n{extra}")
    line = text.split("\n").index(_ON) + 2  # 1-based: the line after the date
    with pytest.raises(PageParseError, match="expected an article's title") as info:
        parse_page(text)
    assert info.value.line == line


# --- nothing is lost: every word of a page variation ends up in the Page -------------------------

_WORD = re.compile(r"\w+")
_DATE_LINE = re.compile(r"(?i)(?:publi[ée]|mis à jour)\b")
_NOTICE_LINE = re.compile(
    r"(?i)(?:l.espace des (?:contributions|commentaires)|les (?:commentaires|contributions) sont"
    r"|abonnez-vous|s.abonner|connectez-vous)"
)
_MARKER = re.compile(r"(?i)\A(?:lire aussi\s*:|par\s|les articles de l.auteur\Z)")


def _words(page: Page) -> set[str]:
    a = page.article
    parts = [a.headline, a.standfirst or "", *a.body]
    parts += [f"{x.name} {x.role or ''}" for x in a.authors]
    for r in (*a.related, *page.author_articles):
        parts += [r.title, r.teaser or "", r.author.name if r.author else ""]
    return set(_WORD.findall(" ".join(parts)))


def _lost_words(text: str, page: Page) -> list[tuple[int, list[str]]]:
    """Words of *text*'s lines missing from *page*, but for the known drops: date lines (read
    into datetimes), the comments notice, the section markers, and a cut teaser's last word."""
    from newsmodel.repair import repair_text

    found = _words(page)
    lost = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = repair_text(raw).strip()
        if not line or _NOTICE_LINE.match(line):
            continue
        if _DATE_LINE.match(line) and "," not in line:  # "Publié le 2 mai dernier, …" is text
            continue
        words = _WORD.findall(_MARKER.sub("", line))
        missing = [w for w in words if w not in found]
        cut = raw.rstrip().endswith(("..", "…", "Ã.", "â€¦"))
        if missing and not (cut and missing == words[-1:]):
            lost.append((number, missing))
    return lost


def _entries(lines: list[str]) -> list[list[str]]:
    """The author's list's entries: [title, teaser?, meta lines…] (blank lines left out)."""
    entries: list[list[str]] = []
    meta = ("Par ", "Publié ")
    for line in filter(None, (x.strip() for x in lines)):
        if not entries or (entries[-1][-1].startswith(meta) and not line.startswith(meta)):
            entries.append([])
        entries[-1].append(line)
    return entries


@st.composite
def page_variations(draw: st.DrawFn) -> str:
    """An example page with a publisher's layout variations applied."""
    name = draw(st.sampled_from(sorted(p.name for p in EXAMPLES.glob("*.txt"))))
    lines = (EXAMPLES / name).read_text(encoding="utf-8").split("\n")
    headline = lines[0]
    dated = next(i for i, x in enumerate(lines) if x.startswith("Publié"))
    read_also = next(i for i, x in enumerate(lines) if x.startswith("Lire aussi"))
    listed = next((i for i, x in enumerate(lines) if x == "Les articles de l'auteur"), None)
    notice = next((i for i, x in enumerate(lines) if x.startswith("L’espace")), len(lines))
    body_start = next(
        i for i in range(dated + 1, len(lines))
        if lines[i] and lines[i] != headline and not lines[i].startswith("Mis à jour")
    )
    head, body = lines[: dated + 1], lines[dated + 1 : read_also]
    related = lines[read_also : listed if listed is not None else notice]
    entries = _entries(lines[listed + 1 : notice]) if listed is not None else []
    tail = lines[notice:]
    if draw(st.booleans()):  # no standfirst
        head = [head[0], head[-1]]
    if " : " in headline and draw(st.booleans()):  # no kicker
        short = headline.split(" : ", 1)[1]
        head[0] = short
        body = [short if x == headline else x for x in body]
    if draw(st.booleans()):  # a photo caption or credit in the body
        caption = draw(st.sampled_from(["Crédit photo : Ibrahim TOURÉ", "Vue de la ville (AMAP)"]))
        at = body_start - dated - 1 + 1
        body[at:at] = ["", caption]
    if draw(st.booleans()):
        related = []
    else:
        related += ["Lire aussi : Un titre sans teaser", ""] * draw(st.integers(0, 2))
    listed_lines: list[str] = []
    if entries:
        listed_lines = ["Les articles de l'auteur", ""]
        for entry in entries:
            title, rest = entry[0], entry[1:]
            meta = [x for x in rest if x.startswith(("Par ", "Publié "))]
            teaser = [x for x in rest if x not in meta]
            # An entry ends with its byline or date: with neither, the next entry's title
            # would read as its teaser (documented), so one of them stays.
            keep = draw(st.sampled_from(["Par ", "Publié ", ""]))
            meta = [x for x in meta if x.startswith(keep)]
            if draw(st.booleans()):
                meta.reverse()
            if teaser and draw(st.booleans()):
                teaser = []
            elif teaser and draw(st.booleans()):
                teaser = ["Par ailleurs, " + teaser[0][0].lower() + teaser[0][1:]]
            listed_lines += [title, "", *teaser, "", *meta, ""]
    text = "\n".join([*head, *body, *related, *listed_lines, *tail])
    if draw(st.booleans()):
        text = text.replace("\n\n", "\n\n\n")
    if draw(st.booleans()):
        text = "\n".join(x + "  " for x in text.split("\n"))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


@settings(max_examples=40, deadline=None)
@given(page_variations())
def test_page_variations_lose_no_words(text: str) -> None:
    """A publisher's variations of a valid page are read, and every word of every line ends up
    in the Page (but for dates, the comments notice, markers and a cut teaser's last word)."""
    assert _lost_words(text, parse_page(text)) == []


def test_lost_words_oracle_sees_a_dropped_line() -> None:
    """The oracle above can fail: a page whose body line is dropped shows that line's words."""
    text = (EXAMPLES / "energie-kayes-2024-03-05.txt").read_text(encoding="utf-8")
    page = parse_page(text)
    body = page.article.body
    shorter = attrs.evolve(page, article=attrs.evolve(page.article, body=body[:-1]))
    assert [n for n, _ in _lost_words(text, shorter)] == [text.split("\n").index(body[-1]) + 1]
