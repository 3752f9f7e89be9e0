"""Pages per second for parse_page over the example pages.

Run: uv run --group bench python benchmarks/pages.py
"""

from __future__ import annotations

import time
from pathlib import Path

from newsmodel.page import parse_page

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def main() -> None:
    pages = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    for text in pages:  # warm up: babel tables, wordfreq lists, regexes
        parse_page(text)
    rounds = 200
    start = time.perf_counter()
    for _ in range(rounds):
        for text in pages:
            parse_page(text)
    elapsed = time.perf_counter() - start
    count = rounds * len(pages)
    size = sum(len(t.encode("utf-8")) for t in pages) * rounds
    print(f"{'pages':>8} {'seconds':>8} {'pages/s':>9} {'MB/s':>6}")
    print(f"{count:>8} {elapsed:>8.2f} {count / elapsed:>9.0f} {size / elapsed / 1e6:>6.2f}")


if __name__ == "__main__":
    main()
