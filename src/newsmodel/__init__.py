"""newsmodel: typed models of French-language news, French press dates, text repair, and
serialisers that other services and standards accept.

``import newsmodel`` is cheap: the models and errors load at once; the functions that need
ftfy, babel, cattrs or wordfreq are re-exported lazily and load their module on first use.

>>> import newsmodel
>>> newsmodel.Comments.SUBSCRIBERS.value
'subscribers'
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from newsmodel.errors import (
    DateParseError,
    NewsModelError,
    PageParseError,
    SerialisationError,
    ValidationError,
)
from newsmodel.models import Article, Author, Comments, Page, RelatedLink

if TYPE_CHECKING:
    from newsmodel.dates import DateMention, find_dates, format_date, parse_date
    from newsmodel.page import parse_page
    from newsmodel.repair import Change, Repair, explain_repair, repair_text
    from newsmodel.serialise import (
        from_json,
        from_jsonld,
        from_ninjs,
        json_schema,
        jsonld_script,
        to_json,
        to_jsonld,
        to_ninjs,
    )

try:
    __version__ = version("newsmodel")
except PackageNotFoundError:  # pragma: no cover - running from a source tree not installed
    __version__ = "0.0.0+unknown"

# Lazily re-exported names and the module each lives in.
_LAZY = {
    "Change": "newsmodel.repair",
    "DateMention": "newsmodel.dates",
    "Repair": "newsmodel.repair",
    "explain_repair": "newsmodel.repair",
    "find_dates": "newsmodel.dates",
    "format_date": "newsmodel.dates",
    "from_json": "newsmodel.serialise",
    "from_jsonld": "newsmodel.serialise",
    "from_ninjs": "newsmodel.serialise",
    "json_schema": "newsmodel.serialise",
    "jsonld_script": "newsmodel.serialise",
    "parse_date": "newsmodel.dates",
    "parse_page": "newsmodel.page",
    "repair_text": "newsmodel.repair",
    "to_json": "newsmodel.serialise",
    "to_jsonld": "newsmodel.serialise",
    "to_ninjs": "newsmodel.serialise",
}

__all__ = [
    "Article",
    "Author",
    "Change",
    "Comments",
    "DateMention",
    "DateParseError",
    "NewsModelError",
    "Page",
    "PageParseError",
    "RelatedLink",
    "Repair",
    "SerialisationError",
    "ValidationError",
    "__version__",
    "explain_repair",
    "find_dates",
    "format_date",
    "from_json",
    "from_jsonld",
    "from_ninjs",
    "json_schema",
    "jsonld_script",
    "parse_date",
    "parse_page",
    "repair_text",
    "to_json",
    "to_jsonld",
    "to_ninjs",
]


def __getattr__(name: str) -> Any:
    """Load a lazily re-exported name from its module on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsmodel' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
