"""French word frequencies for completing a word that a byte cut left unfinished.

Private to :mod:`newsmodel.repair`. The table comes from ``wordfreq`` (its French "best"
list, about 310,000 words, shipped with the package, read offline). ``wordfreq`` is imported
and the table built only when a truncated tail has no context to decide it; the table is then
kept for the life of the process: **one** table (``lru_cache(maxsize=1)``), about 30 MB.

Every lookup is a pair of binary searches over the sorted words, so its cost does not depend
on how many words share the prefix.
"""

from __future__ import annotations

import bisect
import functools
from itertools import accumulate

__all__ = ["ELISIONS", "prefix_frequency", "word_frequency"]

#: Words that French writes elided before a vowel ("d’", "l’", "qu’"); wordfreq counts the
#: elided form under the bare word ("d’État" is tokenised as "d" and "état").
ELISIONS = frozenset(
    "c d j l m n s t qu jusqu lorsqu puisqu quoiqu presqu".split()
)

#: The highest code point: appended to a prefix it bounds every word that starts with it.
_TOP = "\U0010ffff"


@functools.lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, ...], tuple[float, ...], dict[str, float]]:
    """Sorted words, running sums of their frequencies, and the word -> frequency map."""
    from wordfreq import get_frequency_dict  # heavy: loaded on first use

    freqs: dict[str, float] = dict(get_frequency_dict("fr", wordlist="best"))
    words = tuple(sorted(freqs))
    sums = (0.0, *accumulate(freqs[w] for w in words))
    return words, sums, freqs


def prefix_frequency(prefix: str) -> float:
    """Return the summed frequency of the French words that start with *prefix*.

    Args:
        prefix: lower-case letters, as wordfreq stores words.

    Returns:
        A frequency between 0 and 1 (0 for an empty prefix).

    >>> prefix_frequency("fondé") > 100 * prefix_frequency("fondè")
    True
    """
    if not prefix:
        return 0.0
    words, sums, _ = _table()
    lo = bisect.bisect_left(words, prefix)
    hi = bisect.bisect_left(words, prefix + _TOP, lo)
    return max(sums[hi] - sums[lo], 0.0)


def word_frequency(word: str) -> float:
    """Return the frequency of one French word (0 when unknown).

    Args:
        word: a lower-case word.

    Returns:
        A frequency between 0 and 1.

    >>> word_frequency("d") > 0.001
    True
    """
    return _table()[2].get(word, 0.0)
