"""Benchmark: newsmodel.repair_text against ftfy.fix_text (default and French-friendly config).

Run: ``uv run --group bench python benchmarks/repair.py``

The corpus is built here, deterministically (a seeded ``random.Random``): French paragraphs
with French typography (’ « » no-break spaces … œ), 85 % clean, 10 % mojibake (UTF-8 read
as Windows-1252 or Latin-1), 5 % teasers cut by bytes inside a character. For each tool it
prints throughput (MB/s of UTF-8 input, best of 5) and how many texts come out right.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import ftfy

from newsmodel._repair_steps import FTFY_CONFIG
from newsmodel.repair import explain_repair, repair_text
from newsmodel.strategies import _sloppy_cp1252

WORDS = (
    "le gouvernement a annoncé une réforme de la santé publique pour les régions rurales où "
    "les hôpitaux manquent de médecins et d’infirmières à la rentrée ; la délégation "
    "ministérielle s’est rendue à Bamako, Dakar et Abidjan pour une réunion extraordinaire "
    "consacrée à la sécurité alimentaire et à l’économie. Les élèves ont célébré la fête de "
    "l’indépendance avec enthousiasme malgré la chaleur. Le président a reçu les représentants "
    "des syndicats au palais ; une coopération exemplaire entre États voisins permet déjà des "
    "échanges culturels très fructueux. L’œuvre du cœur déçoit parfois mais elle reçoit "
    "toujours un accueil chaleureux ; Noël approche et les marchés de Ségou débordent de fruits"
).split()


def paragraph(rng: random.Random) -> str:
    """One French paragraph of 2-5 sentences with French typography."""
    sentences = []
    for _ in range(rng.randint(2, 5)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 25))]
        words[0] = words[0][:1].upper() + words[0][1:]
        text = " ".join(words).replace(" ;", "\u202f;")
        if rng.random() < 0.3:
            cut = rng.randint(1, len(words) - 2)
            text = " ".join(words[:cut]) + " «\u00a0" + " ".join(words[cut:]) + "\u00a0»"
        sentences.append(text + rng.choice((".", ".", "\u202f!", "\u202f?", "…")))
    return " ".join(sentences)


# Windows-1252 as browsers read it (its holes as Latin-1): the strategies' own reading.
sloppy_cp1252 = _sloppy_cp1252


def corpus(n: int = 2000, seed: int = 20231011) -> list[tuple[str, str, str | None]]:
    """Triples (input, expected output, context)."""
    rng = random.Random(seed)
    items: list[tuple[str, str, str | None]] = []
    for _ in range(n):
        clean = paragraph(rng)
        roll = rng.random()
        if roll < 0.85:
            items.append((clean, clean, None))
        elif roll < 0.95:
            data = clean.encode("utf-8")
            broken = sloppy_cp1252(data) if rng.random() < 0.5 else data.decode("latin-1")
            items.append((broken, clean, None))
        else:
            wide = [i for i, ch in enumerate(clean) if ch in "éèàçêœ" and clean[i - 1].isalpha()]
            index = rng.choice(wide)
            lead = clean[index].encode("utf-8")[:1].decode("latin-1")
            teaser = clean[:index] + lead + "."
            items.append((teaser, clean[: index + 1] + ".", clean))
    return items


def measure(fix: Callable[[str, str | None], str], items: list[tuple[str, str, str | None]]
            ) -> tuple[float, int, int, int]:
    """MB/s (best of 5), and right answers on clean, mojibake and cut texts."""
    size = sum(len(text.encode("utf-8")) for text, _, _ in items)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for text, _, context in items:
            fix(text, context)
        best = min(best, time.perf_counter() - start)
    right = [0, 0, 0]
    for text, expected, context in items:
        kind = 0 if text == expected else (2 if context is not None else 1)
        right[kind] += fix(text, context) == expected
    return size / best / 1e6, right[0], right[1], right[2]


def main() -> None:
    items = corpus()
    counts = [0, 0, 0]
    for text, expected, context in items:
        counts[0 if text == expected else (2 if context is not None else 1)] += 1
    french = FTFY_CONFIG._replace(explain=False)
    tools: list[tuple[str, Callable[[str, str | None], str]]] = [
        ("newsmodel.repair_text", lambda t, c: repair_text(t, context=c)),
        ("newsmodel.explain_repair", lambda t, c: explain_repair(t, context=c).text),
        ("ftfy.fix_text (default)", lambda t, c: ftfy.fix_text(t)),
        ("ftfy.fix_text (French config)", lambda t, c: ftfy.fix_text(t, french)),
    ]
    size = sum(len(t.encode("utf-8")) for t, _, _ in items) / 1e6
    print(f"corpus: {len(items)} texts, {size:.2f} MB; clean {counts[0]}, mojibake {counts[1]}, "
          f"cut {counts[2]}")
    rows = [(name, *measure(fix, items)) for name, fix in tools]
    ours = rows[0][1]
    print(f"| {'tool':<30} | {'MB/s':>6} | {'vs ours':>7} | {'clean kept':>10} | "
          f"{'mojibake fixed':>14} | {'cut restored':>12} |")
    print(f"|{'-' * 32}|{'-' * 8}|{'-' * 9}|{'-' * 12}|{'-' * 16}|{'-' * 14}|")
    for name, speed, clean, moji, cut in rows:
        print(f"| {name:<30} | {speed:6.2f} | {ours / speed:6.2f}x | "
              f"{clean:>5}/{counts[0]:<4} | {moji:>8}/{counts[1]:<5} | {cut:>6}/{counts[2]:<5} |")
    print("(vs ours: how many times faster repair_text is)")


if __name__ == "__main__":
    main()
