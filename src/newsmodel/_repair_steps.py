"""The named steps of :mod:`newsmodel.repair`: HTML entities and mojibake (via ftfy).

Private. Each step takes the current text and returns :class:`Edit` records (offsets into the
text it was given, sorted, never overlapping); :mod:`newsmodel.repair` applies them and maps
them back to the caller's input. The truncated-tail step lives in
:mod:`newsmodel._repair_tail`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import NamedTuple

import ftfy
from ftfy import chardata, fixes

__all__ = [
    "CONTINUATION_CHARS",
    "CP1252_HIGH",
    "FTFY_CONFIG",
    "SAFE_ENCODINGS",
    "SUSPECT_RE",
    "Edit",
    "apply_edits",
    "byte_of",
    "control_edits",
    "entity_edits",
    "mojibake_edits",
    "quick_fix",
]


class Edit(NamedTuple):
    """Replace ``text[start:end]`` by *after*; *kind* and *evidence* as in ``Change``."""

    start: int
    end: int
    after: str
    kind: str
    evidence: str


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply sorted, non-overlapping *edits* to *text*."""
    parts: list[str] = []
    pos = 0
    for edit in edits:
        parts.append(text[pos : edit.start])
        parts.append(edit.after)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


# --- characters as the bytes they were -------------------------------------------------------

#: Windows-1252's characters for bytes 0x80-0x9F (its five holes read as Latin-1, as browsers do).
CP1252_HIGH = {
    bytes([b]).decode("cp1252"): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def byte_of(char: str) -> int | None:
    """The byte *char* stands for when UTF-8 was read as Windows-1252 or Latin-1, if any."""
    code = ord(char)
    if code < 0x100:
        return code
    return CP1252_HIGH.get(char)


#: Every character that stands for a UTF-8 continuation byte (0x80-0xBF) in either reading.
CONTINUATION_CHARS = "".join(chr(b) for b in range(0x80, 0xC0)) + "".join(
    ch for ch, b in CP1252_HIGH.items() if b < 0xC0
)
_CONT = re.escape(CONTINUATION_CHARS)
#: Continuation bytes but 0x85 ("…") and 0xA0 (no-break space), as in ftfy's ALTERED_UTF8_RE.
_CONT_NOT_A0 = re.escape(
    "".join(ch for ch in CONTINUATION_CHARS if byte_of(ch) not in (0x85, 0xA0))
)

#: The cheap screen. A line is handed to ftfy only if it matches: a character ftfy would remove
#: or replace on its own (ASCII and C1 controls, byte-order mark, surrogates), or what UTF-8
#: read as Windows-1252/Latin-1 leaves behind: a two-byte lead (Â..ß) followed by a
#: continuation byte, a three-byte lead (à..ï) by two, a four-byte lead (ð..ô) by two or
#: more, with "?"/"�" where a byte was lost or a space where a no-break space (byte A0) was
#: flattened. Clean French text seldom matches ("É»", "é\xa0»" are rare exceptions; ftfy then
#: declines), so most texts skip ftfy entirely.
SUSPECT_RE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u206a-\u206f\ufeff\ufff9-\ufffc\ud800-\udfff]"
    f"|[\xc2-\xdf][{_CONT}\ufffd]"
    f"|[\xf0-\xf4][{_CONT}?\ufffd]{{2}}"
    f"|[\xe0-\xef](?!\xa0»)(?:[{_CONT}]|[?\ufffd])[{_CONT}?\ufffd]"
    "|[\xc2\xc3]\\?"
    "|[\xc2\xc3\xc5\xce\xd0\xd9] "
    f"|[\xe2\xe3] [{_CONT}]"
    f"|[\xe0-\xe3][{_CONT_NOT_A0}] "
)

# --- HTML entities ----------------------------------------------------------------------------

#: A tag: its presence makes the text markup, whose entities stay as they are.
_MARKUP_RE = re.compile(r"<[A-Za-z/!?]")
#: One entity at the very end of a piece of text: ``&name;``, the longest 26 characters.
_TAIL_ENTITY_RE = re.compile(r"&#?[0-9A-Za-z]{1,24};\Z")
_LONGEST_ENTITY = 26
_NUMERIC_RE = re.compile(r"#(?:[0-9]+|[xX][0-9A-Fa-f]+)")
#: The pieces the entity step reads: runs of ordinary text, and each "&" and ";" on its own.
_TOKEN_RE = re.compile(r"[^&;]+|[&;]")


def _decode_entity(entity: str) -> str | None:
    named = chardata.HTML_ENTITIES.get(entity)
    if named is not None:
        return named
    if _NUMERIC_RE.fullmatch(entity, 1, len(entity) - 1):
        return html.unescape(entity)
    return None


class _Unit(NamedTuple):
    text: str  # as it reads now
    start: int  # its place in the step's input
    end: int
    decoded: bool  # False: input text as it is


def _collapse(units: list[_Unit]) -> None:
    """Decode the entity the last units end with, again while the result ends with another."""
    while True:
        taken: list[tuple[int, int]] = []  # (unit index, characters taken from its end)
        size = 0
        k = len(units)
        while k > 0 and size < _LONGEST_ENTITY:
            k -= 1
            n = min(len(units[k].text), _LONGEST_ENTITY - size)
            taken.append((k, n))
            size += n
        taken.reverse()
        tail = "".join(units[i].text[len(units[i].text) - n :] for i, n in taken)
        match = _TAIL_ENTITY_RE.search(tail)
        decoded = _decode_entity(match.group()) if match is not None else None
        if match is None or decoded is None:
            return
        pos, j = match.start(), 0
        while pos >= taken[j][1]:
            pos -= taken[j][1]
            j += 1
        i, n = taken[j]
        unit = units[i]
        within = len(unit.text) - n + pos  # where the entity starts inside this unit
        end = units[-1].end
        del units[i:]
        if unit.decoded:
            new = _Unit(unit.text[:within] + decoded, unit.start, end, True)
        else:
            if within:
                units.append(_Unit(unit.text[:within], unit.start, unit.start + within, False))
            new = _Unit(decoded, unit.start + within, end, True)
        if units and units[-1].decoded and not (units[-1].text and new.text):
            # An empty result joins its decoded neighbour, so that a run of them ("&#1;&#1;")
            # cannot make the look-back above long.
            last = units.pop()
            new = _Unit(last.text + new.text, last.start, new.end, True)
        units.append(new)


def entity_edits(text: str) -> list[Edit]:
    """Decode HTML entities in plain text; a text with a tag in it is left alone.

    Read left to right, each entity is decoded as soon as its ";" arrives, and what a decoding
    makes (an escaped entity, "&amp;eacute;"; one put together, "&&#35;233;") is decoded in
    turn: the result holds no entity, so the step is idempotent, in one linear pass.
    """
    if "&" not in text or _MARKUP_RE.search(text):
        return []
    units: list[_Unit] = []
    for match in _TOKEN_RE.finditer(text):
        units.append(_Unit(match.group(), match.start(), match.end(), False))
        if match.group() == ";":
            _collapse(units)
    return [
        Edit(u.start, u.end, u.text, "html-entity", text[u.start : u.end])
        for u in units
        if u.decoded
    ]


# --- invisible junk --------------------------------------------------------------------------

#: ANSI terminal escapes (ftfy's pattern) and runs of the control characters ftfy removes
#: (ASCII controls but tab, newlines and form feed; DEL; U+206A-206F; BOM; U+FFF9-FFFC).
_JUNK_RE = re.compile(
    fixes.ANSI_RE.pattern
    + "|["
    + "".join(re.escape(chr(c)) for c in sorted(chardata.CONTROL_CHARS))
    + "]+"
)


def control_edits(text: str) -> list[Edit]:
    """Remove terminal escapes and invisible control characters, one change per run.

    Done before ftfy (which would remove them too, but inside its own line-wide change) so
    that each removal is its own change, and so that "&ea\x00cute;" is an entity again.
    """
    return [
        Edit(
            m.start(), m.end(), "",
            "terminal-escape" if m.group().startswith("\x1b[") else "control-character",
            "invisible: " + ascii(m.group()),
        )
        for m in _JUNK_RE.finditer(text)
    ]


# --- mojibake, by ftfy ------------------------------------------------------------------------

#: ftfy's options, each decided by a test in tests/test_repair.py (``test_ftfy_option_*``).
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # our own step: per-entity changes, "markup" judged on the whole text
    remove_terminal_escapes=True,  # ANSI colour codes are never news text (our step first)
    fix_encoding=True,  # the engine
    restore_byte_a0=True,  # "voilÃ le" -> "voilà le": flattened no-break spaces are common
    replace_lossy_sequences=True,  # "â€œ" ... "â€�": decode what can be decoded
    decode_inconsistent_utf8=True,  # mojibake in only part of a line
    fix_c1_controls=True,  # "\x93" -> "“", as browsers read Latin-1
    fix_latin_ligatures=False,  # "ﬁ" is typography, not breakage
    fix_character_width=False,  # fullwidth forms are intended where they occur
    uncurl_quotes=False,  # ’ « » “ ” are French typography
    fix_line_breaks=False,  # "\r\n", U+2028 stay: line structure belongs to the page layer
    fix_surrogates=True,  # never hand back lone surrogates
    remove_control_chars=True,  # NUL, BOM, U+206A-206F: invisible junk (our step first)
    normalization=None,  # NFD stays NFD: models normalise, repair does not
    max_decode_length=1_000_000,  # ftfy's default; we hand it one line at a time anyway
    explain=True,  # its plan becomes the change's evidence
)

#: Re-decodings we accept from ftfy for a whole line. On a French line that mixes clean and
#: broken text, ftfy may "succeed" with MacRoman or a Cyrillic code page and produce garbage
#: ("Le prÃ©sident et l’État" -> "Le pr̩sident et lՃtat"); we then fix only the UTF-8 spans.
SAFE_ENCODINGS = frozenset(
    {"latin-1", "sloppy-windows-1252", "windows-1252", "utf-8", "utf-8-variants"}
)

_FALLBACK_CONFIG = FTFY_CONFIG._replace(fix_encoding=False)
_CONTROL_CHARS = frozenset(chr(c) for c in chardata.CONTROL_CHARS)
_MAX_FALLBACK_ROUNDS = 4


def _plan_text(plan: Sequence[tuple[str, str]]) -> str:
    return "ftfy: " + ", ".join(f"{action} {name}" for action, name in plan)


#: French letters whose UTF-8 read as Windows-1252 ftfy leaves alone (its heuristics take
#: "ÃŽ" and "Å’" for plausible text): Î, and Œ/œ before a letter, also read as Latin-1 then
#: Windows-1252 ("Ã…Â’", which ftfy leaves too). No language writes these sequences, so after
#: ftfy they are decoded wherever they remain.
_FRENCH_LEFTOVERS_RE = re.compile(
    "\xc3\u017d|(?:\xc5|\xc3\u2026\xc2)[\u2019\u201c]" r"(?=[^\W\d_])"
)
_FRENCH_LEFTOVERS = {
    "\xc3\u017d": "Î",
    "\xc5\u2019": "Œ",
    "\xc5\u201c": "œ",
    "\xc3\u2026\xc2\u2019": "Œ",
    "\xc3\u2026\xc2\u201c": "œ",
}


def _french_leftovers(text: str) -> tuple[str, list[tuple[str, str]]]:
    fixed = _FRENCH_LEFTOVERS_RE.sub(lambda m: _FRENCH_LEFTOVERS[m.group()], text)
    return fixed, ([("apply", "french_leftovers")] if fixed != text else [])


#: A capital letter glued to the letter before it and followed by a (no-break) space: "SANTÉ\xa0:",
#: "OÙ ?", "IRMÃ E". On a line that holds mojibake elsewhere, ftfy reads the pair as one UTF-8
#: character ("É\xa0" as "ɠ", "Ù " as "٠", "Ã " as "à"); see :func:`_keep_clean_capitals`.
#: (The pair comes first, the letters before it are looked behind: a fast scan.)
_CAPITAL_SPACE_RE = re.compile(
    "[\xc3-\xdf][\xa0 ]"
    "(?:(?<=[A-Za-z\xc0-\xd6\xd8-\xf6\xf8-\xff][\xc4-\xdf].)"
    "|(?<=[A-Z\xc0-\xd6\xd8-\xde]{2}\xc3.))"
)


def _keep_clean_capitals(segment: str, fixed: str) -> str:
    """Undo ftfy's readings of a clean capital and the space after it as one character.

    After a letter, "É\xa0" (or "É " with the no-break space flattened) decodes to a letter of
    another script (ɠ, ٠, Π, Š...) glued to a Latin word: no text means that; French
    typography ("SANTÉ\xa0:", "OÙ ?") does. "Ã " decodes to "à", which is refused only after
    two capitals ("IRMÃ E" is Portuguese; "voilÃ le" is "voilà le"). "Â\xa0" is left to
    ftfy: it is the commonest mojibake of a no-break space. Linear: one search, then (rarely)
    one diff of the line.
    """
    if not _CAPITAL_SPACE_RE.search(segment):
        return fixed
    edits = _diff(segment, fixed, 0, "")
    kept = [
        edit for edit in edits
        if not (
            edit.end - edit.start <= 2  # the pair, or the capital alone ("Ã " -> "à ")
            and _CAPITAL_SPACE_RE.match(segment, edit.start)
            and edit.after == chr(((ord(segment[edit.start]) & 0x1F) << 6) | 0x20)
        )
    ]
    return fixed if len(kept) == len(edits) else apply_edits(segment, kept)


def _fix_segment(segment: str) -> tuple[str, str]:
    """ftfy's fix of one line, restricted to safe re-decodings; returns (text, evidence)."""
    fixed, plan = ftfy.fix_and_explain(segment, FTFY_CONFIG)
    steps = list(plan or [])
    if all(action not in ("encode", "decode") or name in SAFE_ENCODINGS for action, name in steps):
        fixed, more = _french_leftovers(_keep_clean_capitals(segment, fixed))
        return fixed, _plan_text(steps + more)
    text = segment
    for _ in range(_MAX_FALLBACK_ROUNDS):
        again = fixes.decode_inconsistent_utf8(text)
        if again == text:
            break
        text = again
    fallback: list[tuple[str, str]] = [("apply", "decode_inconsistent_utf8")]
    text, rest = ftfy.fix_and_explain(text, _FALLBACK_CONFIG)
    text, more = _french_leftovers(_keep_clean_capitals(segment, text))
    return text, _plan_text(fallback + list(rest or []) + more)


def _kind(before: str, after: str) -> str:
    if after == "" and "\x1b" in before:
        return "terminal-escape"
    if after == "" and all(ch in _CONTROL_CHARS for ch in before):
        return "control-character"
    if any("\ud800" <= ch <= "\udfff" for ch in before):
        return "surrogate"
    return "mojibake"


_ANCHOR_RE = re.compile(r"[!-~]+")


def _trimmed(before: str, after: str) -> tuple[int, int, int]:
    """Common prefix length and the ends of the differing middles of *before* and *after*."""
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return head, len(before) - tail, len(after) - tail


def _diff(before: str, after: str, offset: int, evidence: str) -> list[Edit]:
    """Edits turning *before* into *after*, one per run of changed characters between the
    printable-ASCII runs both share (mojibake repair never touches those); linear."""
    anchors_b = list(_ANCHOR_RE.finditer(before))
    anchors_a = list(_ANCHOR_RE.finditer(after))
    spans: list[tuple[int, int, int, int]] = []
    if [m.group() for m in anchors_b] == [m.group() for m in anchors_a]:
        pb = pa = 0
        for mb, ma in zip([*anchors_b, None], [*anchors_a, None], strict=True):
            eb = mb.start() if mb is not None else len(before)
            ea = ma.start() if ma is not None else len(after)
            if before[pb:eb] != after[pa:ea]:
                spans.append((pb, eb, pa, ea))
            if mb is not None and ma is not None:
                pb, pa = mb.end(), ma.end()
    else:
        spans.append((0, len(before), 0, len(after)))
    edits: list[Edit] = []
    for sb, eb, sa, ea in spans:
        head, end_b, end_a = _trimmed(before[sb:eb], after[sa:ea])
        old, new = before[sb + head : sb + end_b], after[sa + head : sa + end_a]
        start = offset + sb + head
        edits.append(Edit(start, start + len(old), new, _kind(old, new), evidence))
    return edits


def mojibake_edits(text: str, *, explain: bool = True) -> list[Edit]:
    """ftfy's repairs, line by line, on the lines the screen flags; linear in *text*.

    Without *explain*, each changed line is one edit (no diff is worked out).
    """
    edits: list[Edit] = []
    pos = 0
    while True:
        match = SUSPECT_RE.search(text, pos)
        if match is None:
            return edits
        line_start = text.rfind("\n", pos, match.start()) + 1 or pos
        line_start = max(line_start, pos)
        newline = text.find("\n", match.start())
        line_end = len(text) if newline == -1 else newline + 1
        segment = text[line_start:line_end]
        fixed, evidence = _fix_segment(segment)
        if fixed != segment:
            if explain:
                edits.extend(_diff(segment, fixed, line_start, evidence))
            else:
                edits.append(Edit(line_start, line_end, fixed, "mojibake", evidence))
        pos = line_end


def quick_fix(text: str) -> str:
    """Entities then mojibake, without explanations (used on short pieces and on context)."""
    text = apply_edits(text, control_edits(text))
    text = apply_edits(text, entity_edits(text))
    return apply_edits(text, mojibake_edits(text, explain=False))
