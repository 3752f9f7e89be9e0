"""Read a plain-text dump of a French-language news page into a :class:`~newsmodel.Page`.

The layout is the one news sites print (see ``examples/`` for pages of our own)::

    Headline, kicker first: "Kicker : rest"
    Standfirst paragraph (optional)
    Publié mercredi 11 octobre 2023 à 05:04 [| Mis à jour …]
    [Mis à jour … on its own line]
    Headline repeated (optional)
    Body paragraphs, one per line
    Signature: "Par Aminata S. KONATÉ et Moussa DIALLO" or "Souleymane SIDIBE" (optional)
    Lire aussi : Title            (any number of blocks)
    Teaser, possibly cut by the site ("…fondÃ." or "..") or the placeholder "-."
    Les articles de l'auteur      (optional)
    Title / teaser / Par … / Publié …   (any number of entries)
    L’espace des contributions est réservé aux abonnés.   (optional notice)

Every paragraph of the dump is one line; blank lines only separate. Lines are split on
``"\\n"`` alone (a mis-decoded "…" holds U+0085, which :meth:`str.splitlines` would split on).

>>> from pathlib import Path
>>> page = parse_page(Path("examples/energie-kayes-2024-03-05.txt").read_text("utf-8"))
>>> page.article.kicker
'Énergie-Sahel'
>>> page.article.published.isoformat()
'2024-03-05T18:42:00+00:00'
>>> page.article.related[0].teaser[-40:], page.article.related[0].teaser_truncated
('permettra un réseau électrique modernisé', True)
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, tzinfo
from typing import Any, NamedTuple

from newsmodel._zones import iana_zone
from newsmodel.errors import DateParseError, NewsModelError, PageParseError, short_repr
from newsmodel.models import Article, Author, Comments, Page, RelatedLink

__all__ = ["parse_page"]

_Day = date  # for annotations in _Parser, whose method "date" hides the class

#: The sample site's zone (UTC+0, no DST): parse_page's default, and nowhere else.
DEFAULT_TZ = "Africa/Bamako"

# How many characters of a block's start index "is this teaser printed in full elsewhere?".
_PREFIX_KEY = 32
_ASCII_SPACE = " \t\r\n\f\v"
# Repair context for a cut teaser: the lines holding one of the last few words before the
# cut (the rarest), searched within the teaser's last characters; at most this many lines
# (a word printed on more lines is too common to pick the right one).
_CONTEXT_LINES = 64
_CONTEXT_WORDS = 4
_CONTEXT_REACH = 160
_CONTEXT_WORD = re.compile(r"\w{3,}")
# Longest line taken as a signature.
_SIGNATURE_MAX = 160


class _Line(NamedTuple):
    number: int  # 1-based line number in the dump
    # The line without its outer ASCII white space. A no-break space stays until the line is
    # repaired: mis-decoded, it is the second half of "Â\xa0".
    text: str
    folded: str  # the start of the line, folded for classifying it


def _fold(text: str) -> str:
    """Case-, accent- and mojibake-insensitive form of a line's start, for classifying it.

    Only the first 48 characters count: every marker the parser looks for is shorter. A
    mis-decoded start ("PubliÃ©", "Lire aussiÂ\xa0:") or one with HTML entities
    ("Publi&eacute;") is repaired first, so that such a page is read like any other.
    """
    if not text[:64].isascii() or "&" in text[:64]:
        from newsmodel._repair_steps import quick_fix  # the repair steps, without a tail step

        text = quick_fix(text[:64])
    text = text[:48]
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")


_PUBLISHED = re.compile(r"publie\b")
_UPDATED = re.compile(r"mis a jour\b")
_READ_ALSO = re.compile(r"(?:a )?lire aussi\s*:")
# The marker on the repaired line, with the variants _fold lets through for _READ_ALSO (any
# space, "À" decomposed, a full-width colon).
_READ_ALSO_LINE = re.compile(r"\A(?:(?:À|A\u0300?)\s+)?Lire\s+aussi\s*[:\uff1a\ufe55]\s*", re.I)
_AUTHOR_LIST = re.compile(r"les articles de l'auteur\s*\Z")
_BY = re.compile(r"par\s")
_NOTICE_SUBSCRIBERS = re.compile(r"l'espace des (?:contributions|commentaires) est reserve")
_NOTICE_CLOSED = re.compile(r"les (?:commentaires|contributions) sont (?:fermes|clos)")
_NOTICE_TAIL = re.compile(r"(?:abonnez-vous|s'abonner|connectez-vous)")
_PLACEHOLDER = re.compile(r"\A-\.?\Z")
_KICKER = re.compile(r"[ \u00a0\u202f]:[ \u00a0\u202f]")
# The last word, matched on the reversed text: anchored at its start, so linear (a search for
# r"(\w+)\W*\Z" would be quadratic on a long word or run of marks before the end).
_LAST_WORD_REVERSED = re.compile(r"\W*(\w+)")

# A name in a byline: capitalised words, initials, and lower-case particles.
_NAME_TOKEN = re.compile(
    r"(?:[A-ZÀ-ÖØ-Þ][\w’'-]*\.?|[A-ZÀ-ÖØ-Þ]\.(?:-[A-ZÀ-ÖØ-Þ]\.)?"
    r"|de|du|des|da|dos|le|la|ben|ibn|ould|ag|van|von|d’|d'|N’|N')\Z"
)


def _is_author_list(line: _Line) -> bool:
    # The folded start is cut at 48 characters: the whole line must be that short too.
    return len(line.text) < 48 and _AUTHOR_LIST.match(line.folded) is not None


def _is_capitalised(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_name(text: str, *, need_capitals: bool) -> bool:
    tokens = text.split()
    if not 1 <= len(tokens) <= 6:
        return False
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    return not need_capitals or any(_is_capitalised(t) for t in tokens)


def _signature(text: str) -> tuple[Author, ...] | None:
    """Authors from a byline, or None when the line is not one."""
    if len(text) > _SIGNATURE_MAX:
        return None
    if _fold(text).startswith("par "):
        groups = _byline_groups(text[4:].strip())
    else:  # a bare line is a byline only in the plain form: "A et B[, role]", capitals
        rest, comma, role = text.partition(", ")
        names = [n.strip() for n in _AND.split(rest)]
        ok = (not comma or role[:1].islower()) and all(
            _is_name(n, need_capitals=True) for n in names)
        groups = [(names, role or None)] if ok else None
    if groups is None:
        return None
    try:
        return tuple(Author(name=n, role=role) for names, role in groups for n in names)
    except NewsModelError:  # a role the model refuses (a control character): not a byline
        return None


_AND = re.compile(r"\s+et\s+")


def _full_name(text: str) -> bool:
    """A name that cannot be a place in a role: two words or more, one of them in capitals."""
    return len(text.split()) >= 2 and _is_name(text, need_capitals=True)


def _role_and_names(part: str) -> tuple[str, list[str]]:
    """Split "correspondante et Aminata KONATÉ" into the role and the names after it."""
    pieces = _AND.split(part)
    for i in range(1, len(pieces)):
        if all(_full_name(p) for p in pieces[i:]):
            return " et ".join(pieces[:i]), pieces[i:]
    return part, []


def _byline_groups(rest: str) -> list[tuple[list[str], str | None]] | None:
    """The names and role of each group of "Par …": "A, envoyée spéciale, et B" gives
    ([A], "envoyée spéciale") and ([B], None); "A, B et C" gives ([A, B, C], None); "A et B,
    correspondants" gives both that role. A role runs on over ", " until "et" or a full name
    ("rédacteur en chef, Bamako" is one role). None when a part is neither names nor role."""
    groups: list[tuple[list[str], str | None]] = []
    names: list[str] = []
    role: list[str] = []
    for i, raw in enumerate(rest.split(", ")):
        part = raw.strip()
        joined = i > 0 and _fold(part).startswith("et ")
        if joined and not part[3:].strip()[:1].islower():
            part = part[3:].strip()
        if not part:
            return None
        if part[:1].islower():  # a role, for the names since the last role
            if not names:
                return None
            text, after = _role_and_names(part)
            role.append(text)
            if after:
                groups.append((names, ", ".join(role)))
                names, role = after, []
            continue
        pieces = [p.strip() for p in _AND.split(part)]
        if role:
            if not joined and not all(_full_name(p) for p in pieces):
                role.append(part)  # a place or title in the role: "…, Bamako"
                continue
            groups.append((names, ", ".join(role)))
            names, role = [], []
        if not all(_is_name(p, need_capitals=False) for p in pieces):
            return None
        names += pieces
    groups.append((names, ", ".join(role) or None))
    return groups


def _zone(tz: str) -> tzinfo:
    zone = iana_zone(tz)
    if zone is None:
        raise PageParseError(0, f"unknown time zone {short_repr(tz)}")
    return zone


def _resolve_tz(tz: str | tzinfo) -> tzinfo:
    if isinstance(tz, tzinfo):
        return tz
    if not isinstance(tz, str):
        raise PageParseError(0, f"expected a zone name or tzinfo for tz, got {type(tz).__name__}")
    return _zone(tz)


class _Parser:
    """One pass over the non-blank lines of a dump."""

    def __init__(self, text: str, tz: tzinfo) -> None:
        self.text = text
        self.tz = tz
        lines = text.split("\n")
        self.lines = [
            _Line(i, trimmed, _fold(trimmed))
            for i, line in enumerate(lines, 1)
            if line.strip() and (trimmed := line.strip(_ASCII_SPACE))
        ]
        self.last_line = self.lines[-1].number if self.lines else 0
        self.pos = 0
        self._repair_cache: dict[str, str] = {}
        self._by_prefix: dict[str, list[str]] | None = None
        self._postings: dict[str, list[int]] | None = None
        # Where each article field was read (1-based line numbers), to name it in errors.
        self.places: dict[str, int] = {}
        self.body_lines: list[int] = []

    # -- helpers ----------------------------------------------------------------------------

    def error(self, line: int, reason: str) -> PageParseError:
        return PageParseError(line, reason)

    def peek(self) -> _Line | None:
        return self.lines[self.pos] if self.pos < len(self.lines) else None

    def repair(self, text: str) -> str:
        from newsmodel.repair import repair_text

        cached = self._repair_cache.get(text)
        if cached is None:
            cached = repair_text(text).strip()
            self._repair_cache[text] = cached
        return cached

    def date(self, line: _Line, text: str, reference: date | None = None) -> datetime:
        from newsmodel.dates import parse_date

        if "&" in text:  # HTML entities ("Publi&eacute;"), which _fold read through
            text = self.repair(text)
        try:
            value = parse_date(text, tz=self.tz, reference=reference)
        except DateParseError as exc:
            raise self.error(line.number, f"expected a date: {exc}") from None
        if not isinstance(value, datetime):
            # A date with no time: the start of that day in the page's zone.
            value = datetime(value.year, value.month, value.day, tzinfo=self.tz)
        return value

    def is_section_start(self, line: _Line) -> bool:
        folded = line.folded
        return bool(
            _READ_ALSO.match(folded)
            or _is_author_list(line)
            or _NOTICE_SUBSCRIBERS.match(folded)
            or _NOTICE_CLOSED.match(folded)
        )

    # -- the page ---------------------------------------------------------------------------

    def parse(self) -> Page:
        if not self.lines:
            raise self.error(0, "expected a news page, got empty text")
        headline_line = self.lines[0]
        headline = self.repair(headline_line.text)
        if _PUBLISHED.match(_fold(headline)):
            raise self.error(headline_line.number, "expected a headline before the 'Publié' line")
        self.pos = 1
        standfirst_lines: list[_Line] = []
        while (line := self.peek()) is not None and not _PUBLISHED.match(line.folded):
            if self.is_section_start(line):
                break
            standfirst_lines.append(line)
            self.pos += 1
        line = self.peek()
        if line is None or not _PUBLISHED.match(line.folded):
            where = line.number if line is not None else self.last_line
            raise self.error(where, "expected a 'Publié …' line after the headline")
        if len(standfirst_lines) > 3:
            raise self.error(
                standfirst_lines[0].number,
                "expected at most a standfirst between the headline and the 'Publié' line",
            )
        standfirst = " ".join(self.repair(x.text) for x in standfirst_lines) or None
        if standfirst_lines:
            self.places["standfirst"] = standfirst_lines[0].number
        self.places["published"] = self.places["updated"] = line.number
        published, updated = self.dateline(line)
        self.pos += 1
        if (line := self.peek()) is not None and _UPDATED.match(line.folded):
            if updated is not None:
                raise self.error(line.number, "expected one 'Mis à jour' date, got a second")
            updated = self.date(line, line.text, published.date())
            self.places["updated"] = line.number
            self.pos += 1
        if (line := self.peek()) is not None and self.repair(line.text) == headline:
            self.pos += 1
        body, authors = self.body()
        related = self.related()
        author_articles = self.author_articles(published)
        comments = self.notice()
        if (line := self.peek()) is not None:
            quoted = short_repr(line.text)
            raise self.error(line.number, f"unexpected line after the page's end: {quoted}")
        kicker_match = _KICKER.search(headline)
        kicker = headline[: kicker_match.start()].strip() if kicker_match else None
        try:
            article = Article(
                headline=headline,
                kicker=kicker or None,
                standfirst=standfirst,
                body=body,
                published=published,
                updated=updated,
                authors=authors,
                related=related,
                comments=comments,
            )
            return Page(article=article, author_articles=author_articles)
        except NewsModelError as exc:
            where = self.place(getattr(exc, "field", ""), headline_line.number)
            raise self.error(where, f"invalid article: {exc}") from None

    def place(self, field: str, default: int) -> int:
        """The line an article field at fault was read from ("body[2]", "updated"…)."""
        name, _, index = field.partition("[")
        if name == "body" and index[:-1].isdigit() and int(index[:-1]) < len(self.body_lines):
            return self.body_lines[int(index[:-1])]
        return self.places.get(name, default)

    def dateline(self, line: _Line) -> tuple[datetime, datetime | None]:
        text, bar, rest = line.text.partition("|")
        published = self.date(line, text.strip())
        updated = None
        if bar:
            if not _UPDATED.match(_fold(rest.strip())):
                raise self.error(line.number, "expected 'Mis à jour …' after '|'")
            updated = self.date(line, rest.strip(), published.date())
        return published, updated

    def body(self) -> tuple[list[str], tuple[Author, ...]]:
        paragraphs: list[_Line] = []
        while (line := self.peek()) is not None and not self.is_section_start(line):
            paragraphs.append(line)
            self.pos += 1
        authors: tuple[Author, ...] = ()
        if paragraphs:
            signature = _signature(self.repair(paragraphs[-1].text))
            if signature is not None:
                authors = signature
                paragraphs.pop()
        if not authors and len(paragraphs) > 1 and _BY.match(paragraphs[0].folded):
            # a byline printed above the body ("Par A, envoyée spéciale")
            signature = _signature(self.repair(paragraphs[0].text))
            if signature is not None:
                authors = signature
                paragraphs.pop(0)
        if not paragraphs:
            where = line.number if line is not None else self.last_line
            raise self.error(where, "expected at least one paragraph of body text")
        self.body_lines = [p.number for p in paragraphs]
        return [self.repair(p.text) for p in paragraphs], authors

    def related(self) -> list[RelatedLink]:
        links = []
        while (line := self.peek()) is not None and _READ_ALSO.match(line.folded):
            self.pos += 1
            repaired = self.repair(line.text)
            match = _READ_ALSO_LINE.match(repaired)
            title = repaired[match.end() :] if match else ""
            if not title:
                raise self.error(line.number, "expected a title after 'Lire aussi :'")
            teaser_line = self.peek()
            teaser: tuple[str | None, bool] = (None, False)
            if teaser_line is not None and not self.is_section_start(teaser_line):
                self.pos += 1
                teaser = self.teaser(teaser_line.text)
            links.append(
                self.link(
                    line,
                    title=title,
                    teaser=teaser[0],
                    teaser_truncated=teaser[1],
                    label="Lire aussi",
                )
            )
        return links

    def author_articles(self, published: datetime) -> list[RelatedLink]:
        line = self.peek()
        if line is None or not _is_author_list(line):
            return []
        self.pos += 1
        entries = []
        reference = published.date()
        while (line := self.peek()) is not None and not self.is_section_start(line):
            self.pos += 1
            title_line = line
            if self._is_entry_meta(line, reference):  # a byline or date left over: not a title
                quoted = short_repr(line.text)
                raise self.error(line.number, f"expected an article's title, got {quoted}")
            title = self.repair(line.text)
            teaser: tuple[str | None, bool] = (None, False)
            author: Author | None = None
            when: datetime | None = None
            nxt = self.peek()
            if (
                nxt is not None
                and not self._is_entry_meta(nxt, reference)
                and not self.is_section_start(nxt)
            ):  # a teaser may start "Par ailleurs, …" or "Publié le 2 mai dernier, …"
                self.pos += 1
                teaser = self.teaser(nxt.text)
            while (nxt := self.peek()) is not None:  # "Par …" and "Publié …", either order
                if author is None and _BY.match(nxt.folded):
                    signature = _signature(self.repair(nxt.text))
                    if signature is None or len(signature) != 1:
                        raise self.error(nxt.number, "expected 'Par' and one author's name")
                    author = signature[0]
                elif when is None and _PUBLISHED.match(nxt.folded):
                    when = self.date(nxt, nxt.text, reference)
                else:
                    break
                self.pos += 1
            entries.append(
                self.link(
                    title_line,
                    title=title,
                    teaser=teaser[0],
                    teaser_truncated=teaser[1],
                    author=author,
                    published=when,
                )
            )
        return entries

    def link(self, line: _Line, **fields: Any) -> RelatedLink:
        """A RelatedLink, or a PageParseError at *line* when the model refuses its text."""
        try:
            return RelatedLink(**fields)
        except NewsModelError as exc:
            raise self.error(line.number, f"invalid link: {exc}") from None

    def _is_entry_meta(self, line: _Line, reference: _Day) -> bool:
        """Whether *line* is an entry's "Par <one or more names>" or "Publié <date>" line."""
        folded = line.folded
        if _BY.match(folded):
            return _signature(self.repair(line.text)) is not None
        if _PUBLISHED.match(folded):
            try:
                self.date(line, line.text, reference)
            except PageParseError:
                return False
            return True
        return False

    def notice(self) -> Comments | None:
        line = self.peek()
        if line is None:
            return None
        folded = line.folded
        if _NOTICE_SUBSCRIBERS.match(folded):
            comments = Comments.SUBSCRIBERS
        elif _NOTICE_CLOSED.match(folded):
            comments = Comments.CLOSED
        else:
            return None
        self.pos += 1
        while (line := self.peek()) is not None and _NOTICE_TAIL.match(line.folded):
            self.pos += 1
        return comments

    # -- teasers ----------------------------------------------------------------------------

    def teaser(self, raw: str) -> tuple[str | None, bool]:
        """The teaser's text and whether the site cut it."""
        from newsmodel.repair import explain_repair

        if _PLACEHOLDER.match(raw):
            return None, False
        repaired = explain_repair(raw, context=self.context_for(raw))
        text = repaired.text.strip()
        unmarked = text.rstrip(".…")  # the site's marker: the trailing run of "." and "…"
        marker = text[len(unmarked) :]
        core = unmarked.rstrip()
        if not core:
            return None, False
        broken_tail = any(c.kind == "truncated-tail" for c in repaired.changes)
        cut = (
            len(marker) >= 2
            or "…" in marker
            or broken_tail
            or self.printed_longer(core, mid_word=bool(marker))
            or _not_french(core)
        )
        return (core, True) if cut else (text, False)

    def context_for(self, raw: str) -> str | None:
        """The lines of the page that may print *raw* in full, as repair context.

        The character a cut broke is restored from the same words printed elsewhere on the
        page. Rather than the whole page (whose search, teaser after teaser, would make a
        page of many teasers quadratic), the context is the lines holding the rarest of the
        last words before the cut, at most ``_CONTEXT_LINES`` of them.
        """
        if self._postings is None:
            self._postings = {}
            for index, line in enumerate(self.lines):
                for word in set(_CONTEXT_WORD.findall(line.text)):
                    found = self._postings.setdefault(word, [])
                    if len(found) <= _CONTEXT_LINES:
                        found.append(index)
        words = _CONTEXT_WORD.findall(raw[-_CONTEXT_REACH:])[-_CONTEXT_WORDS - 1 : -1]
        postings = [self._postings.get(w, []) for w in words]
        usable = [p for p in postings if 0 < len(p) <= _CONTEXT_LINES]
        if not usable:
            return None
        return "\n".join(self.lines[i].text for i in min(usable, key=len))

    def printed_longer(self, core: str, *, mid_word: bool) -> bool:
        """Whether a longer text beginning with *core* is printed elsewhere on the page.

        With *mid_word*, only a text that goes on within *core*'s last word counts: a teaser
        ending "… le pays." is a whole sentence even where "… le pays voisin" is printed.
        """
        if len(core) < _PREFIX_KEY:
            return False
        if self._by_prefix is None:
            self._by_prefix = {}
            for line in self.lines:
                text = self.repair(line.text).rstrip(".…").rstrip()  # without a cut's marker
                if len(text) >= _PREFIX_KEY:
                    same = self._by_prefix.setdefault(text[:_PREFIX_KEY], [])
                    if len(same) < _CONTEXT_LINES:
                        same.append(text)
        candidates = self._by_prefix.get(core[:_PREFIX_KEY], ())
        n = len(core)
        return any(
            len(t) > n and t.startswith(core) and (not mid_word or t[n].isalnum())
            for t in candidates
        )


def _not_french(text: str) -> bool:
    """Whether the last word of *text* is a lower-case word that French does not use.

    A word counts as French when wordfreq rates it at least 3 (Zipf scale) in French, or
    at least 1 and not a full point higher in English ("affair" is English, "kora" French).
    Capitalised words (names) and numbers always count as French.
    """
    match = _LAST_WORD_REVERSED.match(text[::-1])
    if match is None:
        return False
    word = match.group(1)[::-1]
    if not word.islower() or not word.isalpha():
        return False
    from wordfreq import zipf_frequency

    french = zipf_frequency(word, "fr")
    if french >= 3.0:
        return False
    return french < 1.0 or zipf_frequency(word, "en") >= french + 1.0


def parse_page(text: str, *, tz: str | tzinfo = DEFAULT_TZ) -> Page:
    """Read a plain-text dump of a news page into a :class:`~newsmodel.Page`.

    Args:
        text: the page's text, paragraphs one per line (see the module docstring).
        tz: the zone the page's dates are printed in, a zone name or a tzinfo; the sample
            site's ``"Africa/Bamako"`` by default.

    Returns:
        The page: its article (headline, kicker, standfirst, body, dates, authors, "Lire aussi"
        links, comments) and the author's other articles. Text is mojibake-repaired; teasers
        the site cut have ``teaser_truncated`` set and lose the site's marker.

    Raises:
        PageParseError: when the text is not such a page (empty, no headline, no 'Publié' line,
            a date that cannot be read, an unexpected line), with the 1-based line number.

    >>> page = parse_page('''Mali : un titre
    ...
    ... Publié mercredi 11 octobre 2023 à 05:04
    ... Mali : un titre
    ...
    ... Un paragraphe.
    ...
    ... Par Aminata KONATÉ''')
    >>> page.article.kicker, page.article.authors[0].name, page.article.body
    ('Mali', 'Aminata KONATÉ', ('Un paragraphe.',))
    >>> parse_page("Un titre sans date")
    Traceback (most recent call last):
    ...
    newsmodel.errors.PageParseError: line 1: expected a 'Publié …' line after the headline
    """
    if not isinstance(text, str):
        raise PageParseError(0, f"expected the page as str, got {type(text).__name__}")
    return _Parser(text, _resolve_tz(tz)).parse()
