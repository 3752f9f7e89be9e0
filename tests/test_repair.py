"""Tests for newsmodel.repair: JSON cases, ftfy's options one by one, the seed page, properties."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import attrs
import ftfy
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from newsmodel._lexicon import prefix_frequency
from newsmodel._repair_tail import LEXICON_MARGIN
from newsmodel.errors import ValidationError
from newsmodel.repair import Change, Repair, apply_changes, explain_repair, repair_text
from newsmodel.strategies import (
    _sloppy_cp1252,
    french_paragraphs,
    mojibake_pairs,
    truncated_mojibake,
)

CASES = json.loads(
    (Path(__file__).parent / "data" / "repair_cases.json").read_text(encoding="utf-8")
)


def _case_params() -> list[object]:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["label"])] if (
            case["expect"] == "fail"
        ) else []
        params.append(pytest.param(case, id=case["label"], marks=marks))
    return params


def _lone_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _check_explained(text: str, context: str | None = None) -> Repair:
    """The repair's changes are well formed, in order, and replay to its text."""
    repair = explain_repair(text, context=context)
    pos = 0
    for change in repair.changes:
        assert change.start >= pos
        assert text[change.start : change.end] == change.before
        assert change.before != change.after
        assert change.kind
        assert change.evidence
        pos = change.end
    assert apply_changes(text, repair.changes) == repair.text
    assert repair_text(text, context=context) == repair.text
    return repair


# --- JSON cases -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _case_params())
def test_json_cases(case: dict[str, str]) -> None:
    """Each case repairs to its "fixed" text; its changes replay; known failures fail."""
    repair = _check_explained(case["original"], case.get("context"))
    assert repair.text == case["fixed"]
    if case["original"] == case["fixed"]:
        assert repair.changes == ()


def test_json_cases_cover_every_step() -> None:
    """The case file holds clean text, every change kind, and strict known failures."""
    labels = " ".join(case["label"] for case in CASES)
    for word in ("clean:", "mojibake:", "entity:", "tail:", "known failure:"):
        assert word in labels
    assert sum(case["original"] == case["fixed"] for case in CASES) >= 20


# --- ftfy's options, each decided by an example -----------------------------------------------


def test_ftfy_option_uncurl_quotes_off() -> None:
    """’ “ ” ‘ stay curly, in clean text and next to repaired mojibake."""
    assert repair_text("l’État “libre”") == "l’État “libre”"
    assert repair_text("lâ€™Ã‰tat") == "l’État"
    assert ftfy.fix_text("l’État") == "l'État"  # what the default would do


def test_ftfy_option_normalization_off() -> None:
    """NFD stays NFD; NFC stays NFC."""
    nfd = unicodedata.normalize("NFD", "Le président évoque la sécurité")
    assert repair_text(nfd) == nfd
    assert repair_text(nfd + " prÃ©sident") == nfd + " président"


def test_ftfy_option_fix_line_breaks_off() -> None:
    """CR LF, lone CR, U+2028 and U+2029 stay: line structure is the page layer's."""
    text = "a\r\nb\rc\u2028d\u2029e"
    assert repair_text(text) == text
    assert repair_text(text + "\x93") == text + "“"


def test_ftfy_option_fix_character_width_off() -> None:
    """Fullwidth letters stay."""
    assert repair_text("ＡＥＳ ÃŠ") == "ＡＥＳ Ê"


def test_ftfy_option_fix_latin_ligatures_off() -> None:
    """ﬁ ﬂ ﬀ stay, even on a line being repaired."""
    assert repair_text("le ﬁnancement dÃ©cidÃ©") == "le ﬁnancement décidé"


def test_ftfy_option_unescape_html_off_our_step_instead() -> None:
    """Entities are decoded by our own step, one change each; markup keeps them."""
    repair = explain_repair("z&eacute;ro &amp; un")
    assert repair.text == "zéro & un"
    assert [c.kind for c in repair.changes] == ["html-entity", "html-entity"]
    assert repair_text("<b>z&eacute;ro</b>") == "<b>z&eacute;ro</b>"


def _nested_entity(levels: int) -> str:
    """An entity put together again at each decoding: "&&#35;233;" -> "&#233;" -> "é"."""
    return "&" * levels + "#35;" + "35;" * (levels - 2) + "233;"


@pytest.mark.parametrize("levels", [2, 7, 12])
def test_entities_put_together_by_decoding_are_decoded_at_once(levels: int) -> None:
    """What decoding an entity builds is decoded too, however deep: one change, idempotent
    (six rounds of the step used to stop short, and a second repair changed the text again)."""
    text = "x " + _nested_entity(levels) + " y"
    repair = _check_explained(text)
    assert repair.text == "x é y"
    assert [(c.kind, c.before) for c in repair.changes] == [("html-entity", text[2:-2])]
    assert repair_text(repair.text) == repair.text


def test_entity_for_a_semicolon_is_decoded() -> None:
    """"&#59;" is ";" (it was left as it is); what it completes is decoded in turn."""
    assert repair_text("a&#59; b &#x3B;") == "a; b ;"
    assert repair_text("AT&amp&#59;T") == "AT&T"


def test_ftfy_option_fix_encoding_on() -> None:
    """The engine: UTF-8 read as Windows-1252 or Latin-1, twice even."""
    assert repair_text("dÃ©jÃ ") == "déjà "
    assert repair_text("Le prÃƒÂ©sident") == "Le président"


def test_ftfy_option_restore_byte_a0_on() -> None:
    """A no-break space flattened to a space inside mojibake is put back."""
    assert repair_text("Il est lÃ depuis hier") == "Il est là depuis hier"


def test_ftfy_option_replace_lossy_sequences_on() -> None:
    """Mojibake whose last byte became "�" is decoded as far as it can be."""
    assert repair_text("â€œOuiâ€\ufffd") == "“Oui\ufffd"


def test_ftfy_option_decode_inconsistent_utf8_on() -> None:
    """Mojibake in only part of a line is repaired; the clean part stays."""
    assert repair_text("« Il a dÃ©cidÃ© », a-t-il dit") == "« Il a décidé », a-t-il dit"


def test_ftfy_option_fix_c1_controls_on() -> None:
    """C1 controls are read as Windows-1252, as browsers do."""
    assert repair_text("\x93Oui\x94") == "“Oui”"


def test_ftfy_option_fix_surrogates_on() -> None:
    """Surrogate pairs are joined, lone surrogates become U+FFFD."""
    assert repair_text("Bravo \ud83c\udf89") == "Bravo 🎉"
    assert repair_text("a\ud800b") == "a\ufffdb"


def test_ftfy_option_remove_control_chars_on() -> None:
    """NUL and the byte-order mark go; tab, newline, form feed stay."""
    repair = explain_repair("\ufeffBon\x00jour\t\x0c\n")
    assert repair.text == "Bonjour\t\x0c\n"
    assert {c.kind for c in repair.changes} == {"control-character"}


def test_ftfy_option_remove_terminal_escapes_on() -> None:
    """ANSI colour codes go."""
    assert repair_text("\x1b[31mrouge\x1b[0m") == "rouge"


@pytest.mark.parametrize(
    ("head", "tail"),
    [
        ("SANTÉ\u00a0: ", "le président a reçu les médecins"),
        ("Il demande : OÙ\u00a0? ", "Le président a répondu"),
        ("OÙ EST LE MALI ? ", "Le président a répondu"),
        ("DÛ\u00a0! MAÏ\u00a0; MAÇ\u00a0: ", "le président"),
        ("A IRMÃ E O IRMÃO : ", "le président"),
        ("JEG BOR PÅ SKOLEN : ", "le président"),
    ],
)
def test_clean_capitals_before_a_space_survive_mojibake_on_their_line(
    head: str, tail: str
) -> None:
    """On a line whose other words are mojibake, a clean capital glued to its word and
    followed by a (no-break) space is not read as one UTF-8 character with it ("SANTÉ\xa0:"
    became "SANTɠ:", "OÙ ?" "O٠?", "IRMÃ E" "IRMà E", "PÅ S" "PŠS"); the mojibake is
    repaired."""
    clean = head + tail
    for mojibake in (_sloppy_cp1252(tail.encode("utf-8")), tail.encode("utf-8").decode("latin-1")):
        broken = head + mojibake
        assert _check_explained(broken).text == clean
        assert _check_explained(broken, clean).text == clean


def test_unsafe_reencoding_falls_back() -> None:
    """Where ftfy would re-decode a mixed line as MacRoman, only the UTF-8 spans are fixed."""
    mixed = "Le prÃ©sident et l’État"
    assert ftfy.fix_text(mixed, uncurl_quotes=False) != "Le président et l’État"
    repair = explain_repair(mixed)
    assert repair.text == "Le président et l’État"
    assert "decode_inconsistent_utf8" in repair.changes[0].evidence


# --- the seed page ----------------------------------------------------------------------------


def test_seed_page_broken_teaser_restored_from_the_page(seed_text: str) -> None:
    """"…partenariat fondÃ." becomes "…fondé." from the page's own full teaser."""
    teaser = next(line for line in seed_text.splitlines() if line.endswith("fondÃ."))
    repair = explain_repair(teaser, context=seed_text)
    assert repair.text == teaser[:-2] + "é."
    (change,) = repair.changes
    assert (change.kind, change.before, change.after, change.evidence) == (
        "truncated-tail", "Ã", "é", "context",
    )
    assert change.start == len(teaser) - 2


@pytest.mark.parametrize("before", ["", "Le titre.\n", "Un.\r\nDeux.\n"])
def test_cut_first_letter_of_a_last_line_restored_from_context(before: str) -> None:
    """A last line holding only the leftover of its first letter is the start of its article
    too: the context decides, as for a one-line text (it was dropped after a line break)."""
    repair = explain_repair(before + "Ã.", context="Être ou ne pas être.")
    assert repair.text == before + "Ê."
    assert [(c.before, c.after, c.evidence) for c in repair.changes] == [("Ã", "Ê", "context")]


def test_seed_page_broken_teaser_without_context(seed_text: str) -> None:
    """Without context, the lexicon makes "fondé" clearly best."""
    teaser = next(line for line in seed_text.splitlines() if line.endswith("fondÃ."))
    repair = explain_repair(teaser)
    assert repair.text.endswith("partenariat fondé.")
    assert repair.changes[0].evidence == "lexicon"


def test_seed_page_clean_lines_unchanged(seed_text: str) -> None:
    """Every other line of the page (Katilė, « », ’, "affair.", "..") comes back identical."""
    for line in seed_text.splitlines():
        if not line.endswith("fondÃ."):
            assert repair_text(line, context=seed_text) == line
            assert repair_text(line) == line


def test_seed_page_whole_page(seed_text: str) -> None:
    """The whole page is unchanged as one text: the cut is mid-page, not at its end."""
    assert repair_text(seed_text) == seed_text


def test_seed_page_mojibaked_comes_back(seed_text: str) -> None:
    """The page read as Windows-1252 comes back as it was."""
    broken = seed_text.encode("utf-8").decode("cp1252", errors="replace")
    assert "\ufffd" not in broken
    assert repair_text(broken) == seed_text


# --- the API ----------------------------------------------------------------------------------


def test_results_are_frozen() -> None:
    """Repair and Change are immutable."""
    repair = explain_repair("z&eacute;ro")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        repair.text = "x"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        repair.changes[0].after = "x"  # type: ignore[misc]


def test_change_validates_offsets() -> None:
    """A change whose offsets do not match its before text is refused."""
    with pytest.raises(ValidationError, match="end"):
        Change(kind="mojibake", start=0, end=3, before="a", after="b", evidence="e")
    with pytest.raises(ValidationError, match="start"):
        Change(kind="mojibake", start=-1, end=0, before="a", after="b", evidence="e")


@pytest.mark.parametrize("offset", [1.0, "0", True, None])
def test_change_refuses_offsets_that_are_not_ints(offset: object) -> None:
    """A non-int offset is a ValidationError naming the field (1.0 passed, "0" was a bare
    TypeError from the comparison)."""
    with pytest.raises(ValidationError, match="start"):
        Change(kind="mojibake", start=offset, end=1, before="a", after="b",  # type: ignore[arg-type]
               evidence="e")


@pytest.mark.parametrize("changes", [5, None, "ab"])
def test_repair_refuses_changes_that_are_not_a_collection(changes: object) -> None:
    """Repair(changes=5) is a ValidationError naming the field, not a bare TypeError."""
    with pytest.raises(ValidationError, match="changes"):
        Repair(text="a", changes=changes)  # type: ignore[arg-type]


def test_apply_changes_names_the_bad_change() -> None:
    """Replaying changes on the wrong text names the change at fault."""
    changes = explain_repair("a z&eacute;ro").changes
    with pytest.raises(ValidationError, match=r"changes\[0\].*offset 3"):
        apply_changes("a zero", changes)
    twice = (*changes, changes[0])
    with pytest.raises(ValidationError, match="overlaps"):
        apply_changes("a z&eacute;ro", twice)


def test_rejects_non_str() -> None:
    """Bytes are not text: TypeError, not a silent decode."""
    with pytest.raises(TypeError):
        repair_text(b"caf\xc3\xa9")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        repair_text("x", context=b"y")  # type: ignore[arg-type]


def test_merged_steps_name_both() -> None:
    """An escaped mojibake sequence is one change with both kinds."""
    (change,) = explain_repair("fond&Atilde;&copy; sur").changes
    assert change.kind == "html-entity+mojibake"
    assert (change.before, change.after) == ("&Atilde;&copy;", "é")


def test_imports_stay_lazy() -> None:
    """Importing repair or repairing clean text does not load wordfreq; a bare tail does."""
    code = (
        "import sys, newsmodel.repair as r\n"
        "r.repair_text('Le président')\n"
        "a = 'wordfreq' in sys.modules\n"
        "r.repair_text('fondÃ.')\n"
        "print(a, 'wordfreq' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


# --- properties -------------------------------------------------------------------------------

_NASTY = st.lists(
    st.one_of(
        st.sampled_from(list("ÃÂÅÄâð€™œ©«»\xa0\u202f .…&;#<>amp\x93\x94\x81é’\nŸ\ufffd?ŠÉ")),
        st.sampled_from(["&eacute;", "&amp;", "Ã©", "â€™", "Â«", "\ud83d", "\udca9", "\x1b[1m"]),
        st.characters(exclude_categories=()),
    ),
    max_size=30,
).map("".join)


@given(_NASTY, st.none() | _NASTY)
@example("ÃÃ", None)
@example("x&amp;&Atilde;.", None)
@example("dâ€â€", None)
def test_any_text_is_repaired_idempotently(text: str, context: str | None) -> None:
    """Any str gives a str, with no lone surrogates; repairing again changes nothing; the
    changes replay."""
    repair = _check_explained(text, context)
    assert isinstance(repair.text, str)
    assert not _lone_surrogates(repair.text)
    assert repair_text(repair.text, context=context) == repair.text


@given(french_paragraphs(max_sentences=3))
def test_clean_french_unchanged(text: str) -> None:
    """Generated French paragraphs come back identical, in NFC and in NFD."""
    assert repair_text(text) == text
    nfd = unicodedata.normalize("NFD", text)
    assert repair_text(nfd) == nfd
    assert explain_repair(text).changes == ()


#: Clean words of the other languages a francophone publisher prints, some ending in the
#: letters a byte cut leaves ("IRMÃ", "PÄIVÄ", "PÅ" in capitals).
_FOREIGN = (
    "São Paulo", "irmã", "maçã", "amanhã", "campeã", "não", "mãe", "João", "Conceição",
    "päivä", "Jyväskylä", "hyvää", "på", "Ørsted", "Ålesund", "Łódź", "Kraków", "Gdańsk",
    "żółć", "příliš", "žluťoučký", "İstanbul’da", "çağdaş", "Nguyễn", "Hà Nội", "Đà Nẵng",
    "învățământ", "România", "Ségou", "Kéita", "N’Djamena", "ɲɛnɛmaya", "ŋaa", "ɓe", "ɗan",
    "ƴan", "ƙasar", "Ñandú", "año", "¿qué?", "¡olé!", "Straße", "Ärger", "Öl", "über",
    "Владимир", "Ελλάδα", "مالي", "🇲🇱", "👨‍👩‍👧", "10\u00a0000\u00a0FCFA",
    "5\u202f€", "£", "¥", "x²", "≤", "AT&T", "R&D", "«\u00a0oui\u00a0»", "«Sí»", "“là”",
)


@given(
    st.lists(st.sampled_from(_FOREIGN), min_size=1, max_size=6).map(" ".join),
    st.booleans(),
    st.sampled_from(["", ".", "…"]),
    st.none() | st.just("Un article sans rapport avec le sujet."),
)
@example("A IRMÃ", True, "", None)
@example("VEST PÅ", True, ".", None)
@example("i Å", False, "", "Un article sans rapport avec le sujet.")
def test_clean_foreign_words_unchanged(
    text: str, upper: bool, marker: str, context: str | None
) -> None:
    """Clean words of other languages, in capitals too, with a marker, with or without an
    unrelated context, come back identical: a final "Ã" "Ä" "Å" is not taken for a cut."""
    text = (text.upper() if upper else text) + marker
    assert repair_text(text, context=context) == text


@given(mojibake_pairs())
def test_mojibake_pairs_come_back_exact(pair: tuple[str, str]) -> None:
    """Real encode/decode round trips of French text, once or twice, are undone exactly."""
    clean, broken = pair
    repair = _check_explained(broken)
    assert repair.text == clean
    assert {c.kind for c in repair.changes} == {"mojibake"}


@given(st.data())
def test_cut_text_comes_back_exact_with_context(data: st.DataObject) -> None:
    """A text cut inside a character, mojibaked wholly or only in its leftover, comes back
    exactly (marker kept) with the full text as context."""
    full, expected, broken = data.draw(truncated_mojibake())
    repair = _check_explained(broken, full)
    assert repair.text == expected
    assert repair_text(repair.text, context=full) == repair.text


@given(french_paragraphs(max_sentences=2), st.sampled_from(["", ".", "...", "…"]))
def test_cut_text_without_context_never_invents(text: str, marker: str) -> None:
    """Without context, a cut letter is restored, or dropped, or replaced by a letter the
    lexicon finds at least LEXICON_MARGIN times as frequent there; the marker stays."""
    wide = [i for i, ch in enumerate(text) if ch.isalpha() and ord(ch) > 0x7F
            and i > 0 and text[i - 1].isalpha()]
    assume(wide)
    index = wide[-1]
    broken = text[:index] + text[index].encode("utf-8")[:1].decode("latin-1")
    result = repair_text(broken + marker)
    if result not in (text[: index + 1] + marker, text[:index] + marker):
        assert result == text[:index] + result[index] + marker
        word = re.search(r"\w*\Z", text[:index])
        assert word is not None
        chosen = prefix_frequency((word.group() + result[index]).lower())
        assert chosen >= LEXICON_MARGIN * prefix_frequency((word.group() + text[index]).lower())


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        explain_repair(text)
        best = min(best, time.perf_counter() - start)
    return best


def test_linear_time_on_large_inputs() -> None:
    """16 times the text takes well under 16² times as long (loosely: under 16 × 4)."""
    unit = (
        "Le prÃ©sident a reÃ§u la dÃ©lÃ©gation. « L’été sera chaud », a-t-il dit. "
        "z&eacute;ro \x93oui\x94 Ã" * 5 + "\n"
    )
    small, large = unit * 20, unit * 320
    assert _seconds(large) < 64 * _seconds(small)
    one_line = unit.replace("\n", " ")
    assert _seconds(one_line * 320) < 64 * _seconds(one_line * 20)
    assert _seconds(_nested_entity(3200)) < 64 * _seconds(_nested_entity(200))


_FRENCH_LETTERS = "ÀÂÄÇÈÉÊËÎÏÔÖÙÛÜŸàâäçèéêëîïôöùûüÿŒœÆæ«»’…"


@pytest.mark.parametrize("letter", list(_FRENCH_LETTERS))
@pytest.mark.parametrize("encoding", ["sloppy-cp1252", "latin-1"])
def test_every_french_letter_mojibake_is_repaired(letter: str, encoding: str) -> None:
    """Each French letter, mis-decoded inside a word, comes back (ftfy alone misses Î and Œ)."""
    clean = f"Les {letter}les et c{letter}ur du pays."
    data = clean.encode("utf-8")
    broken = data.decode("latin-1") if encoding == "latin-1" else _sloppy_cp1252(data)
    assert repair_text(broken) == clean
    # Read wrongly twice, the second time as Windows-1252 ("Œ" -> "Ã…Â’", which ftfy leaves).
    for text in (clean, clean.upper()):
        data = text.encode("utf-8")
        once = data.decode("latin-1") if encoding == "latin-1" else _sloppy_cp1252(data)
        assert repair_text(_sloppy_cp1252(once.encode("utf-8"))) == text


def test_apply_changes_refuses_a_change_past_the_end() -> None:
    """An insertion beyond the end of the text does not fit it: it is not appended silently."""
    change = Change(kind="html-entity", start=100, end=100, before="", after="Z", evidence="e")
    with pytest.raises(ValidationError, match=r"changes\[0\].*offset 100"):
        apply_changes("abc", [change])
    assert apply_changes("abc", [attrs.evolve(change, start=3, end=3)]) == "abcZ"
