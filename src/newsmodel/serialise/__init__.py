"""Serialisers: lossless JSON with its JSON Schema, schema.org JSON-LD, IPTC ninjs.

* :func:`to_json` / :func:`from_json` (and :func:`to_dict` / :func:`from_dict`) write and read
  the lossless JSON form of :class:`~newsmodel.Article`, :class:`~newsmodel.Author`,
  :class:`~newsmodel.RelatedLink` and :class:`~newsmodel.Page`, and of the result types
  :class:`~newsmodel.dates.DateMention`, :class:`~newsmodel.repair.Repair` and
  :class:`~newsmodel.repair.Change`; :func:`json_schema` describes it (JSON Schema 2020-12).
* :func:`to_jsonld` / :func:`jsonld_script` / :func:`from_jsonld`: schema.org ``NewsArticle``.
* :func:`to_ninjs` / :func:`from_ninjs`: IPTC ninjs 3.1 (and 2.2).

Every failure is a :class:`~newsmodel.errors.SerialisationError` listing ``(path, message)``
problems, the path in JSON Path form such as ``$.related[2].published``.

>>> from datetime import datetime, timezone
>>> from newsmodel import Article
>>> a = Article(headline="Mali-Russie : un entretien", body=["Un paragraphe."],
...             published=datetime(2023, 10, 11, 5, 4, tzinfo=timezone.utc))
>>> from_json(Article, to_json(a)) == a
True
"""

from __future__ import annotations

from newsmodel.serialise._json import from_dict, from_json, to_dict, to_json
from newsmodel.serialise._jsonld import from_jsonld, jsonld_script, to_jsonld
from newsmodel.serialise._ninjs import from_ninjs, to_ninjs
from newsmodel.serialise._schema import json_schema

__all__ = [
    "from_dict",
    "from_json",
    "from_jsonld",
    "from_ninjs",
    "json_schema",
    "jsonld_script",
    "to_dict",
    "to_json",
    "to_jsonld",
    "to_ninjs",
]
