"""Text repair: mojibake fixed with French typography intact, truncated teasers restored.

:func:`repair_text` returns the repaired text; :func:`explain_repair` also lists every change
(kind, offsets into the input, before, after, evidence), and :func:`apply_changes` replays
such a list on the input. Clean text comes back identical, character for character: ’ « »
“ ”, no-break spaces, œ, …, NFD sequences, ligatures, line breaks, "São Tomé".

The named steps, in order (each change's ``kind``):

0. ``"control-character"``, ``"terminal-escape"``: invisible junk (NUL, byte-order mark,
   ANSI colour codes) removed, one change per run.
1. ``"html-entity"``: HTML entities in plain text (``z&eacute;ro`` -> ``zéro``); a text
   with a tag in it is markup and keeps its entities.
2. ``"truncated-tail"``: a UTF-8 character cut at the very end ("fondÃ." -> "fondé."),
   restored from *context* (evidence ``"context"``), else from French word frequencies
   (``"lexicon"``), else dropped (``"undecided"``). The marker after it stays as it is.
3. ``"mojibake"`` (and ``"surrogate"``):
   ftfy's repairs, on the lines a cheap screen flags, configured for French.

When a later step rewrites what an earlier one produced, the two merge into one change whose
kind joins both (``"html-entity+mojibake"``).

>>> repair_text("Le prÃ©sident a reÃ§u les reprÃ©sentants Ã  Bamako.")
'Le président a reçu les représentants à Bamako.'
>>> repair_text("La coopération a été renforcÃ.",
...             context="La coopération a été renforcée en 2023.")
'La coopération a été renforcé.'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import attrs

from newsmodel._repair_steps import (
    SUSPECT_RE,
    Edit,
    apply_edits,
    control_edits,
    entity_edits,
    mojibake_edits,
    quick_fix,
)
from newsmodel._repair_tail import find_fragment, tail_edit
from newsmodel.errors import ValidationError

__all__ = ["Change", "Repair", "apply_changes", "explain_repair", "repair_text"]

#: Rounds of (entities, tail, mojibake) at most; a second round runs only when the first
#: produced something a step could act on again (a double-encoded cut, an escaped entity).
_MAX_ROUNDS = 6
#: Repaired contexts kept (a page's teasers share one context): at most this many.
_CONTEXT_CACHE = 16


def _check_change(instance: Change, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(attribute.name, value, "expected an int offset")
    if value < 0:
        raise ValidationError(attribute.name, value, "expected an offset >= 0")


@attrs.frozen(kw_only=True)
class Change:
    """One change made by a repair.

    Attributes:
        kind: the named step: ``"mojibake"``, ``"truncated-tail"``, ``"html-entity"``,
            ``"control-character"``, ``"terminal-escape"``, ``"surrogate"``, or several
            joined by ``"+"`` when steps rewrote the same characters.
        start: offset of the first changed character in the input.
        end: offset just after the last changed character in the input.
        before: ``input[start:end]``.
        after: what replaces it.
        evidence: why: ftfy's plan (``"ftfy: encode sloppy-windows-1252, decode utf-8"``),
            ``"context"``, ``"lexicon"``, ``"undecided"`` (a cut character dropped), or the
            entity decoded.

    >>> Change(kind="html-entity", start=1, end=9, before="&eacute;", after="é",
    ...        evidence="&eacute;").end
    9
    """

    kind: str
    start: int = attrs.field(validator=_check_change)
    end: int = attrs.field(validator=_check_change)
    before: str
    after: str
    evidence: str

    def __attrs_post_init__(self) -> None:
        if self.end - self.start != len(self.before):
            raise ValidationError(
                "end", self.end, f"expected start + len(before) = {self.start + len(self.before)}"
            )


def _to_changes(values: Iterable[Change]) -> tuple[Change, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ValidationError("changes", values, "expected an iterable of Change")
    return tuple(values)


def _check_changes(
    instance: Repair, attribute: attrs.Attribute[tuple[Change, ...]], value: tuple[Change, ...]
) -> None:
    end = 0
    for index, change in enumerate(value):
        if not isinstance(change, Change):
            raise ValidationError(f"changes[{index}]", change, "expected a Change")
        if change.start < end:
            raise ValidationError(
                f"changes[{index}].start",
                change.start,
                f"expected changes in input order, not before {end}",
            )
        end = change.end


@attrs.frozen(kw_only=True)
class Repair:
    """The repaired text and the changes that made it.

    Attributes:
        text: the repaired text.
        changes: every change, in input order, never overlapping; applying them to the input
            with :func:`apply_changes` gives :attr:`text`.

    >>> Repair(text="zéro", changes=()).changes
    ()
    """

    text: str
    changes: tuple[Change, ...] = attrs.field(converter=_to_changes, validator=_check_changes)


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """Replay *changes* on *text*, the input they were made for.

    Args:
        text: the input of :func:`explain_repair`.
        changes: its changes (any order).

    Returns:
        The repaired text.

    Raises:
        ValidationError: a change does not fit *text* (its ``before`` is not there) or
            overlaps another; the field names its index, as ``changes[2]``.

    >>> repair = explain_repair("z&eacute;ro")
    >>> apply_changes("z&eacute;ro", repair.changes)
    'zéro'
    """
    parts: list[str] = []
    pos = 0
    ordered = sorted(enumerate(changes), key=lambda ic: (ic[1].start, ic[1].end))
    for index, change in ordered:
        if change.start < pos:
            raise ValidationError(f"changes[{index}]", change, f"overlaps at offset {pos}")
        if change.end > len(text) or text[change.start : change.end] != change.before:
            raise ValidationError(
                f"changes[{index}]", change, f"does not match the text at offset {change.start}"
            )
        parts.append(text[pos : change.start])
        parts.append(change.after)
        pos = change.end
    parts.append(text[pos:])
    return "".join(parts)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    if a_start < a_end and b_start < b_end:
        return a_start < b_end and b_start < a_end
    if a_start == a_end and b_start < b_end:
        return b_start < a_start < b_end
    if b_start == b_end and a_start < a_end:
        return a_start < b_start < a_end
    return False


def _join(values: Iterable[str], sep: str) -> str:
    return sep.join(dict.fromkeys(values))


def _compose(
    original: str, prev: Sequence[Change], mid: str, edits: Sequence[Edit]
) -> list[Change]:
    """Changes from *original* to ``apply_edits(mid, edits)``, given *prev* (original -> mid)."""
    if not prev:
        return [
            Change(kind=e.kind, start=e.start, end=e.end, before=original[e.start : e.end],
                   after=e.after, evidence=e.evidence)
            for e in edits
        ]
    items: list[tuple[int, int, int, int]] = []  # (start in mid, end in mid, 0 prev / 1 edit, i)
    delta = 0
    for i, change in enumerate(prev):
        start = change.start + delta
        items.append((start, start + len(change.after), 0, i))
        delta += len(change.after) - len(change.before)
    items.extend((edit.start, edit.end, 1, i) for i, edit in enumerate(edits))
    items.sort()
    out: list[Change] = []
    shift = 0  # (after - before) lengths of the prev changes already passed
    k = 0
    while k < len(items):
        c_start, c_end = items[k][0], items[k][1]
        members = [items[k]]
        k += 1
        while k < len(items) and _overlaps(items[k][0], items[k][1], c_start, c_end):
            members.append(items[k])
            c_end = max(c_end, items[k][1])
            k += 1
        olds = [prev[i] for _, _, src, i in members if src == 0]
        news = [edits[i] for _, _, src, i in members if src == 1]
        if not news:
            out.append(olds[0])
            shift += len(olds[0].after) - len(olds[0].before)
            continue
        o_start = c_start - shift
        shift += sum(len(c.after) - len(c.before) for c in olds)
        o_end = c_end - shift
        after = apply_edits(mid[c_start:c_end], [
            e._replace(start=e.start - c_start, end=e.end - c_start) for e in news
        ])
        before = original[o_start:o_end]
        if before == after:
            continue
        out.append(Change(
            kind=_join([c.kind for c in olds] + [e.kind for e in news], "+"),
            start=o_start, end=o_end, before=before, after=after,
            evidence=_join([c.evidence for c in olds] + [e.evidence for e in news], "; "),
        ))
    return out


@functools.lru_cache(maxsize=_CONTEXT_CACHE)
def _repaired_context(context: str) -> str:
    return _explain(context, None, explain=False).text


def _explain(text: str, context: str | None, *, explain: bool = True) -> Repair:
    if (
        not SUSPECT_RE.search(text)
        and "&" not in text
        and find_fragment(text, lenient=bool(context)) is None
    ):
        return Repair(text=text, changes=())
    repaired_context = _repaired_context(context) if context else None
    current = text
    changes: list[Change] = []

    def step(edits: Sequence[Edit]) -> bool:
        nonlocal current, changes
        if not edits:
            return False
        if explain:
            changes = _compose(text, changes, current, edits)
        current = apply_edits(current, list(edits))
        return True

    for _ in range(_MAX_ROUNDS):
        changed = step(control_edits(current))
        changed = step(entity_edits(current)) or changed
        tail = tail_edit(current, repaired_context, quick_fix)
        changed = step([tail] if tail is not None else []) or changed
        # Every round ends with the mojibake pass: what ftfy fixed may uncover more for it
        # ("\x93â€™" -> "“â€™" -> "“’"); the screen keeps a pass over clean text cheap.
        changed = step(mojibake_edits(current, explain=explain)) or changed
        if not changed:
            break
    return Repair(text=current, changes=tuple(changes))


def explain_repair(text: str, *, context: str | None = None) -> Repair:
    """Repair *text* and list every change made, with its kind, place and evidence.

    Args:
        text: any text: a paragraph, a teaser, a whole page.
        context: other text from the same page (the full article, another teaser of it),
            used to restore a character cut at the end of *text*. It is repaired first.

    Returns:
        A :class:`Repair`: the text as :func:`repair_text` returns it and its changes, with
        offsets into *text*.

    Raises:
        TypeError: *text* or *context* is not a ``str``.

    >>> r = explain_repair("Un accord fondÃ.", context="Un accord fondé sur la confiance.")
    >>> r.text
    'Un accord fondé.'
    >>> [(c.kind, c.start, c.end, c.before, c.after, c.evidence) for c in r.changes]
    [('truncated-tail', 14, 15, 'Ã', 'é', 'context')]
    >>> explain_repair("Le cÅ“ur").changes[0].evidence
    'ftfy: encode sloppy-windows-1252, decode utf-8'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if context is not None and not isinstance(context, str):
        raise TypeError(f"context must be a str or None, not {type(context).__name__}")
    return _explain(text, context)


def repair_text(text: str, *, context: str | None = None) -> str:
    """Repair mojibake, HTML entities and a truncated last character in *text*.

    Clean text comes back identical. See :func:`explain_repair` for what is changed and why.

    Args:
        text: any text.
        context: other text from the same page, to restore a character cut at the end.

    Returns:
        The repaired text.

    Raises:
        TypeError: *text* or *context* is not a ``str``.

    >>> repair_text("« Mali-Russie : 65 ans d’amitié »")
    '« Mali-Russie : 65 ans d’amitié »'
    >>> repair_text("Mali-Russie : 65 ans dâ€™amitiÃ©")
    'Mali-Russie : 65 ans d’amitié'
    >>> repair_text("Le ministre a reÃ§u la dÃ©lÃ©gation dâ€...")
    'Le ministre a reçu la délégation d’...'
    >>> repair_text("z&eacute;ro &amp; un"), repair_text("<p>z&eacute;ro</p>")
    ('zéro & un', '<p>z&eacute;ro</p>')
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if context is not None and not isinstance(context, str):
        raise TypeError(f"context must be a str or None, not {type(context).__name__}")
    return _explain(text, context, explain=False).text
