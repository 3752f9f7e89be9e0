"""One exception tree for the whole library.

Every error newsmodel raises on purpose derives from :class:`NewsModelError`. Errors caused by
the input also derive from :class:`ValueError`, so code that already catches ``ValueError`` keeps
working. Each error names the place of the problem: a field path for models and JSON, a
character offset for dates and repair, a line number for pages.

>>> from newsmodel.errors import DateParseError, NewsModelError
>>> issubclass(DateParseError, NewsModelError) and issubclass(DateParseError, ValueError)
True
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "DateParseError",
    "NewsModelError",
    "PageParseError",
    "SerialisationError",
    "ValidationError",
    "short_repr",
]

#: Longest ``repr`` of an offending value quoted in a message.
REPR_LIMIT = 80


def short_repr(value: object, limit: int = REPR_LIMIT) -> str:
    """Return ``repr(value)`` cut to at most *limit* characters.

    Args:
        value: anything.
        limit: the longest result wanted (at least 5).

    Returns:
        The ``repr``, with its middle replaced by ``...`` when it is too long.

    Raises:
        Nothing of its own: whatever ``repr(value)`` raises, except that a value ``repr``
        cannot show (an int past Python's digit limit, a too deeply nested container) is
        named by its type instead.

    >>> short_repr("abc")
    "'abc'"
    >>> short_repr("x" * 200, limit=12)
    "'xxxx...xxx'"
    >>> short_repr(10**5000)
    '<int too large to show>'
    """
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # int digit limit; deeply nested containers
        text = f"<{type(value).__name__} too large to show>"
    if len(text) <= limit:
        return text
    keep = max(limit - 3, 2)
    head = (keep + 1) // 2
    tail = keep - head
    return text[:head] + "..." + text[len(text) - tail :]


class NewsModelError(Exception):
    """Root of every error that newsmodel raises on purpose."""


class ValidationError(NewsModelError, ValueError):
    """A model was given a value it cannot hold.

    Attributes:
        field: path of the field at fault, such as ``"published"`` or ``"related[2].url"``.
        value: the offending value as given.
        reason: what was expected, in words.
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason}, got {short_repr(value)}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.field, self.value, self.reason))


class DateParseError(NewsModelError, ValueError):
    """A text could not be read as a date.

    Attributes:
        text: the input as given.
        position: character offset in *text* where the problem was found.
        reason: what was expected there, in words.
    """

    def __init__(self, text: str, position: int, reason: str) -> None:
        self.text = text
        self.position = position
        self.reason = reason
        super().__init__(f"{reason} at position {position} in {short_repr(text)}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.text, self.position, self.reason))


class PageParseError(NewsModelError, ValueError):
    """A text dump could not be read as a news page.

    Attributes:
        line: 1-based line number where the problem was found (0 when it concerns the
            whole text, such as empty input).
        reason: what was expected, in words.
        source: the name of the file or record the page came from, when known.
    """

    def __init__(self, line: int, reason: str, source: str | None = None) -> None:
        self.line = line
        self.reason = reason
        self.source = source
        where = f"{source}:{line}" if source is not None else f"line {line}"
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.line, self.reason, self.source))


class SerialisationError(NewsModelError, ValueError):
    """A document could not be written or read in one of the wire formats.

    Attributes:
        problems: each problem as a ``(path, message)`` pair, the path in JSON Path form
            such as ``"$.related[2].published"``.
    """

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems: tuple[tuple[str, str], ...] = tuple(problems)
        lines = [f"{path}: {message}" for path, message in self.problems]
        super().__init__("; ".join(lines) if lines else "invalid document")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems,))
