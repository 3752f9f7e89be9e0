"""The truncated-tail step of :mod:`newsmodel.repair`: "fondÃ." -> "fondé.".

Private. A site cuts a teaser after N bytes of UTF-8, inside a character; the leftover bytes
are then read as Windows-1252 or Latin-1 and show as "Ã", "Â", "Å", "Ä", "â", "â€"... at the
very end, possibly before a truncation marker. This step finds that leftover on the raw text,
before ftfy can misread it, and puts back the whole character: the one the context shows
after the same words, else the one French word frequencies make clearly best; otherwise it
drops the leftover and says so.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable

from newsmodel._repair_steps import CP1252_HIGH, SUSPECT_RE, Edit, byte_of

__all__ = ["LEXICON_FLOOR", "LEXICON_MARGIN", "find_fragment", "tail_edit"]

#: Lead characters accepted on their own as a cut after the first byte. Others ("é", "à",
#: "É"...) end clean French words too often; "Â Ã Ä Å" and "â" almost never do, and when they
#: do ("BÂ", "châ") the lexicon's literal reading keeps them.
_LONE_LEADS = frozenset("ÂÃÄÅâ")
#: Lone leads that are capital letters ending words in other languages ("IRMÃ", "PÄIVÄ",
#: "PÅ"): kept after a word in capitals when no French word continues that word.
_CAPITAL_LEADS = frozenset("ÃÄÅ")
#: Lead bytes accepted with some (not all) of their continuation bytes: "â€" (E2) for
#: ’ “ ” … and U+202F, "ðŸ" (F0) for emoji. "é»" or "é…" are clean French endings.
_PARTIAL_LEADS = frozenset({0xE2, 0xF0})
#: Valid second bytes where UTF-8 restricts them.
_SECOND_BYTE = {0xE0: (0xA0, 0xBF), 0xED: (0x80, 0x9F), 0xF0: (0x90, 0xBF), 0xF4: (0x80, 0x8F)}
_SPACES = " \t\r\n\f\v"
_CP1252_CHARS = {b: ch for ch, b in CP1252_HIGH.items()}
#: How many characters of the text before the leftover are looked up in the context.
_STRETCH = 64
#: How many characters of raw text before the leftover are repaired to read that stretch.
_PIECE = 256
#: The lexicon chooses only when the best reading is this many times as frequent as the next
LEXICON_MARGIN = 10.0
#: ... and at least this frequent (Zipf 3: once per million words).
LEXICON_FLOOR = 1e-6
_WORD_END_RE = re.compile(r"[^\W\d_]*\Z")


def _needed(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 1
    if 0xE0 <= lead <= 0xEF:
        return 2
    if 0xF0 <= lead <= 0xF4:
        return 3
    return 0


def _ends_word(text: str) -> bool:
    """True if *text* ends with a letter, or with the last byte of a mojibake letter ("Ã©")."""
    last = text[-1:]
    if last.isalpha():
        return True
    byte = byte_of(last) if last else None
    return byte is not None and 0x80 <= byte <= 0xBF and byte_of(text[-2:-1] or " ") in range(
        0xC2, 0xF5
    )


def find_fragment(text: str, *, lenient: bool = False) -> tuple[int, int, bytes] | None:
    """Find a cut UTF-8 leftover at the end of *text*: (start, end, its bytes), or None.

    The leftover may be followed by ASCII spaces, a marker ("." to "...", or "…"), and spaces.
    A lone lead character ("Ã") counts only right after a letter (it ends a word: "fondÃ"),
    unless *lenient* (a context is there to decide): after a space it may as well be a word
    of its own (Swedish "Å"). Looks at a bounded number of characters after the spaces.
    """
    i = len(text.rstrip(_SPACES))
    if text[i - 1 : i] == "…":
        i = len(text[: i - 1].rstrip(_SPACES))
    elif text[i - 1 : i] == ".":
        dots = 3 if text[i - 3 : i] == "..." else 2 if text[i - 2 : i] == ".." else 1
        i = len(text[: i - dots].rstrip(_SPACES))
    end = j = i
    conts: list[int] = []
    while j > 0 and len(conts) < 3:
        byte = byte_of(text[j - 1])
        if byte is None or not 0x80 <= byte <= 0xBF:
            break
        conts.append(byte)
        j -= 1
    if j == 0:
        return None
    lead = byte_of(text[j - 1])
    if lead is None:
        return None
    need = _needed(lead)
    if need == 0 or len(conts) >= need:
        return None
    conts.reverse()
    if not conts and (text[j - 1] not in _LONE_LEADS or not (lenient or _ends_word(text[: j - 1]))):
        return None
    if conts:
        if lead not in _PARTIAL_LEADS:
            return None
        low, high = _SECOND_BYTE.get(lead, (0x80, 0xBF))
        if not low <= conts[0] <= high:
            return None
    return j - 1, end, bytes([lead, *conts])


def _completes(char: str, fragment: bytes) -> bool:
    if char in _LONE_LEADS:
        return False  # would leave a leftover again
    try:
        encoded = char.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return len(encoded) > len(fragment) and encoded.startswith(fragment)


def _candidates(fragment: bytes) -> list[str]:
    missing = _needed(fragment[0]) + 1 - len(fragment)
    found = []
    for rest in itertools.product(range(0x80, 0xC0), repeat=missing):
        try:
            char = (fragment + bytes(rest)).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _completes(char, fragment):
            found.append(char)
    return found


def _read_like(raw: str, data: bytes) -> str:
    """Decode *data* the way *raw* was: Latin-1 if *raw* shows C1 controls, else Windows-1252."""
    if any("\x80" <= ch <= "\x9f" for ch in raw):
        return data.decode("latin-1")
    return "".join(_CP1252_CHARS.get(b, chr(b)) for b in data)


def _from_context(stretch: str, context: str, fragment: bytes, raw: str) -> str | None:
    """The character that follows *stretch* in *context*, if the context agrees on one."""
    sizes = [len(stretch)] if len(stretch) <= 4 else [
        n for n in (_STRETCH, 32, 16, 8, 4) if n <= len(stretch)
    ] or [len(stretch)]
    for size in sizes:
        needle = stretch[-size:]
        votes: dict[str, int] = {}
        pos = context.find(needle)
        while pos != -1:
            nxt = pos + size
            # The broken copy of the text itself (the page holds both) is no evidence.
            if nxt < len(context) and not context.startswith(raw, nxt):
                char = context[nxt]
                if _completes(char, fragment):
                    votes[char] = votes.get(char, 0) + 1
            pos = context.find(needle, pos + 1)
        if votes:
            ranked = sorted(votes.items(), key=lambda kv: -kv[1])
            if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
                return ranked[0][0]
            return None
    return None


def _score(word: str, char: str) -> float:
    from newsmodel._lexicon import ELISIONS, prefix_frequency, word_frequency

    lowered = word.lower()
    if char == "’":
        elided = word_frequency(lowered) if lowered in ELISIONS else 0.0
        return elided + prefix_frequency(lowered + "'")  # wordfreq writes "aujourd'hui"
    if char.isalpha():
        return prefix_frequency((lowered + char).lower())
    return 0.0


_KEEP = ""  # the literal reading: the "leftover" is a real letter ("BÂ", "châ")


def _from_lexicon(word: str, fragment: bytes, raw: str) -> str | None:
    """The clearly best completion of *word*, ``_KEEP`` for the literal reading, or None.

    Without a word before it (the cut character starts a word), the lexicon has nothing to go
    on: one letter is no evidence.
    """
    if not word:
        return None
    groups: dict[str, tuple[float, list[str]]] = {}
    for char in _candidates(fragment):
        if unicodedata.normalize("NFKC", char) != char:
            continue  # compatibility forms (KELVIN SIGN, ligatures) are no word's letters
        key = char.lower()
        if key in groups:
            groups[key][1].append(char)
        else:
            groups[key] = (_score(word, char), [char])
    scores = [(score, chars) for score, chars in groups.values()]
    if word and len(raw) == 1 and raw.isalpha():
        from newsmodel._lexicon import prefix_frequency

        scores.append((prefix_frequency((word + raw).lower()), [_KEEP]))
    scores.sort(key=lambda sc: -sc[0])
    if not scores or scores[0][0] < LEXICON_FLOOR:
        # No French word goes on so: after a word in capitals, "Ã" "Ä" "Å" are then the
        # capital letters they are in Portuguese, Finnish, Scandinavian ("IRMÃ", "PÄIVÄ", "PÅ").
        return _KEEP if raw in _CAPITAL_LEADS and word.isupper() else None
    if len(scores) > 1 and scores[0][0] < LEXICON_MARGIN * scores[1][0]:
        return None
    chars = scores[0][1]
    upper = len(word) >= 2 and word.isupper()  # "PRÃ" -> "PRÉ", but "RÃ" -> "Ré"
    for char in chars:
        if char.isupper() == upper:
            return char
    return chars[0]


def tail_edit(
    text: str, context: str | None, fix: Callable[[str], str]
) -> Edit | None:
    """The truncated-tail edit for *text*, or None.

    Args:
        text: the text as it stands (entities already decoded).
        context: the repaired context, or None.
        fix: repairs a short piece of raw text (entities and mojibake), to read the words
            before the leftover as they were meant.
    """
    found = find_fragment(text, lenient=bool(context))
    if found is None:
        return None
    start, end, fragment = found
    raw = text[start:end]
    piece_start = max(text.rfind("\n", 0, start) + 1, start - _PIECE)
    if piece_start > 0 and text[piece_start - 1] != "\n":
        space = text.find(" ", piece_start, start)
        piece_start = start if space == -1 else space + 1
    before = fix(text[piece_start:start])
    choice: str | None = None
    evidence = "undecided"
    at_line_start = piece_start == 0 or text[piece_start - 1] == "\n"
    if context and at_line_start and context.startswith(before):
        # A teaser (the last line of a text) is most often the start of its article.
        nxt = context[len(before) : len(before) + 1]
        choice = nxt if nxt and _completes(nxt, fragment) else None
    if context and before and choice is None:
        choice = _from_context(before[-_STRETCH:], context, fragment, raw)
    if choice is not None:
        evidence = "context"
    if choice is None:
        word = _WORD_END_RE.search(before)
        choice = _from_lexicon(word.group() if word else "", fragment, raw)
        if choice == _KEEP:
            return None
        if choice is not None:
            evidence = "lexicon"
        elif context and find_fragment(text) is None:
            # Only the context made this a leftover (a lone "Å" or "Ã" after a space: a word
            # in Swedish, Portuguese); the context did not decide, so it stays as it is.
            return None
    after = choice or ""
    raw_before = text[piece_start:start]
    if after and SUSPECT_RE.search(raw_before):
        # The words before look like mojibake too: complete the mojibake (the marker's "…"
        # too), so that ftfy decodes the whole line in one reading rather than meeting clean
        # characters at its end; the mojibake step then turns them back into ’, é, …. Only if
        # ftfy does read the line so.
        missing = after.encode("utf-8")[len(fragment) :] + text[end:].encode("utf-8")
        broken = raw + _read_like(raw_before + raw, missing)
        line = text[text.rfind("\n", 0, start) + 1 : start]
        fixed = fix(line + broken)
        ending = after + text[end:]
        # Accept it only if it changes nothing else: the line reads as before plus the ending,
        # or the whole line is one consistent mojibake of the result.
        again = _read_like(line + raw, fixed.encode("utf-8", "surrogatepass"))
        if fixed == fix(line) + ending or (fixed.endswith(ending) and again == line + broken):
            after, end = broken, len(text)
    # Never leave a leftover behind: then the text stays as it is (and the step is idempotent).
    rest = text[max(0, start - 8) : start] + after + text[end:]
    if find_fragment(rest, lenient=bool(context)) is not None:
        return None
    return Edit(start, end, after, "truncated-tail", evidence)
