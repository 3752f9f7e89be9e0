"""JSON Schema (2020-12) of the JSON form, generated from the attrs classes.

A small generator over :func:`attrs.fields`: each field's type gives its JSON type, its
validator gives the text rules (URL, language tag), its docstring line its description.
The result for every model, and for the result types of dates and repair (DateMention,
Repair, Change), is shipped in ``schemas/<Class>.schema.json``; a test keeps the files equal
to a regenerated copy. Regenerate them with
``python -m newsmodel.serialise._schema``.
"""

from __future__ import annotations

import copy
import json
import re
import sys
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs

from newsmodel import models
from newsmodel.errors import SerialisationError
from newsmodel.models import Article, Author, Comments, Page, RelatedLink
from newsmodel.serialise import _json
from newsmodel.serialise._common import (
    DATE_PATTERN,
    FORMAT_VERSION,
    NAIVE_PATTERN,
    RFC3339_PATTERN,
    VERSION_KEY,
)

#: Where the shipped schema files live.
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_CLASSES: tuple[type[Any], ...] = (Article, Author, Page, RelatedLink)

# What a model refuses in any text (models._FORBIDDEN), as a character class body.
_FORBIDDEN = r"\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff"
# What str.strip() removes, less the forbidden characters, spelled out: "\s" means other sets
# in other regular expression dialects (ECMA-262, which JSON Schema names, adds U+FEFF).
_SPACE = r" \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Text as models hold it: non-empty, no leading or trailing space, no forbidden character.
TEXT_PATTERN = rf"^[^{_SPACE}{_FORBIDDEN}](?:[^{_FORBIDDEN}]*[^{_SPACE}{_FORBIDDEN}])?$"
# URLs as models accept them: absolute http(s) with a host, or a site-relative path.
URL_PATTERN = (
    rf"^(?:[Hh][Tt][Tt][Pp][Ss]?://[^/?#{_SPACE}{_FORBIDDEN}]|/(?!/))[^{_SPACE}{_FORBIDDEN}]*$"
)
LANGUAGE_PATTERN = f"^(?:{models._BCP47.pattern})$"

# Rules across fields that the per-field generator cannot see.
_EXTRA: dict[type[Any], dict[str, Any]] = {
    RelatedLink: {
        "if": {"properties": {"teaser_truncated": {"const": True}},
               "required": ["teaser_truncated"]},
        "then": {"required": ["teaser"], "properties": {"teaser": {"type": "string"}}},
    },
}
_NOTES: dict[type[Any] | str, str] = {
    Article: " The JSON form cannot state that `updated` is not before `published`;"
             " readers check it.",
    "DateMention": " The JSON form cannot state that `end` is `start` plus the length of"
                   " `text`; readers check it.",
    "Change": " The JSON form cannot state that `end` is `start` plus the length of `before`;"
              " readers check it.",
    "Repair": " The JSON form cannot state that the changes are in input order without"
              " overlaps; readers check it.",
}
# A date value of a DateMention: its kind (date, naive or aware datetime) survives.
_DATE_VALUE: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "format": "date", "pattern": DATE_PATTERN},
        {"type": "string", "pattern": NAIVE_PATTERN},
        {"type": "string", "format": "date-time", "pattern": RFC3339_PATTERN},
    ]
}


def _descriptions(cls: type[Any]) -> tuple[str, dict[str, str]]:
    """The summary line and the ``Attributes:`` entries of a class docstring."""
    doc = cls.__doc__ or ""
    summary = doc.strip().splitlines()[0] if doc.strip() else cls.__name__
    fields: dict[str, str] = {}
    lines = doc.splitlines()
    inside = False
    current: str | None = None
    for line in lines:
        stripped = line.strip()
        if stripped == "Attributes:":
            inside = True
            continue
        if not inside:
            continue
        if not stripped or stripped.startswith(">>>"):
            break
        match = re.match(r"(\w+): (.*)", stripped)
        if match and match.group(1) in {a.name for a in attrs.fields(cls)}:
            current = match.group(1)
            fields[current] = match.group(2)
        elif current is not None:
            fields[current] += " " + stripped
    return _plain(summary), {k: _plain(v) for k, v in fields.items()}


def _plain(text: str) -> str:
    """Docstring markup as plain Markdown: ``code`` and :role:`name` become `code`, `name`."""
    return re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", text.replace("``", "`"))


def _with_null(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    if "anyOf" in schema:
        return {"anyOf": [*schema["anyOf"], {"type": "null"}]}
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    return {**schema, "type": [schema["type"], "null"]}


def _text_schema(field: attrs.Attribute[Any]) -> dict[str, Any]:
    if field.validator is models._url:
        return {"type": "string", "minLength": 1, "pattern": URL_PATTERN}
    if field.validator is models._language:
        return {"type": "string", "pattern": LANGUAGE_PATTERN}
    return {"type": "string", "minLength": 1, "pattern": TEXT_PATTERN}


def _type_schema(tp: Any, field: attrs.Attribute[Any], result: bool) -> dict[str, Any]:
    """The schema of a field's type; *result* for the result types (text as it is, offsets)."""
    args = typing.get_args(tp)
    if type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        return _with_null(_type_schema(inner, field, result))
    if typing.get_origin(tp) is tuple:
        return {"type": "array", "items": _type_schema(args[0], field, result)}
    if result and date in (tp, *args):
        return copy.deepcopy(_DATE_VALUE)
    if result and tp is str:
        return {"type": "string"}
    if result and tp is int:
        return {"type": "integer", "minimum": 0, "maximum": _json.MAX_OFFSET}
    if tp is str:
        return _text_schema(field)
    if tp is bool:
        return {"type": "boolean"}
    if tp is datetime:
        return {"type": "string", "format": "date-time", "pattern": RFC3339_PATTERN}
    if tp is Comments:
        return {"enum": [c.value for c in Comments]}
    if attrs.has(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - a new field type


def _object_schema(cls: type[Any]) -> tuple[dict[str, Any], set[type[Any]]]:
    attrs.resolve_types(cls)
    summary, docs = _descriptions(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    nested: set[type[Any]] = set()
    is_result = cls not in _CLASSES
    for field in attrs.fields(cls):
        schema = _type_schema(field.type, field, is_result)
        if field.name in docs:
            schema = {"description": docs[field.name], **schema}
        if field.default is attrs.NOTHING:
            required.append(field.name)
        elif field.default not in (None, (), False):
            schema["default"] = field.default
        properties[field.name] = schema
        for arg in (field.type, *typing.get_args(field.type)):
            nested |= {a for a in (arg, *typing.get_args(arg)) if attrs.has(a)}
    result: dict[str, Any] = {
        "title": cls.__name__,
        "description": summary + _NOTES.get(cls.__name__ if is_result else cls, ""),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    result.update(copy.deepcopy(_EXTRA.get(cls, {})))
    return result, nested


def _closure(cls: type[Any]) -> list[type[Any]]:
    seen: list[type[Any]] = []
    todo = [cls]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.append(current)
        todo.extend(sorted(_object_schema(current)[1], key=lambda c: c.__name__))
    return seen


def _generate(cls: type[Any]) -> str:
    text = _GENERATED.get(cls.__name__)
    if text is None:
        text = _GENERATED[cls.__name__] = _build(cls)
    return text


# Generated schema texts by class name (at most one per model class).
_GENERATED: dict[str, str] = {}


def _build(cls: type[Any]) -> str:
    top, _ = _object_schema(cls)
    defs = {
        c.__name__: _object_schema(c)[0]
        for c in sorted(_closure(cls)[1:], key=lambda c: c.__name__)
    }
    marker = {
        "description": "Version of the JSON form. Readers refuse versions they do not know.",
        "const": FORMAT_VERSION,
    }
    if cls in _CLASSES:
        rules = "Text is stripped and NFC-normalised. Datetimes are RFC 3339 with an offset."
    else:
        rules = (
            "Text is kept exactly as it is (offsets index it): any character, lone surrogates"
            " as JSON escapes. A date is YYYY-MM-DD, a naive datetime has no offset, an aware"
            " one is RFC 3339 with its offset."
        )
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"urn:newsmodel:json:{FORMAT_VERSION}:{cls.__name__}",
        "title": f"newsmodel {cls.__name__}, JSON form version {FORMAT_VERSION}",
        "description": (
            f"{top['description']} Written by newsmodel.serialise.to_json. Optional fields"
            " holding their default (null, empty list, false) are left out; readers give"
            f" absent fields their default. {rules}"
        ),
        "type": "object",
        "properties": {VERSION_KEY: marker, **top["properties"]},
        "required": [VERSION_KEY, *top["required"]],
        "additionalProperties": False,
    }
    for key in ("if", "then"):
        if key in top:
            schema[key] = top[key]
    if defs:
        schema["$defs"] = defs
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schema_text(cls: type[Any]) -> str:
    """The generated schema of *cls* as the text of its shipped file."""
    return _generate(cls)


def json_schema(cls: type[Any] = Article) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the JSON form of a model.

    The schema is generated from the attrs classes (types, validators, docstrings) and
    equals the file shipped as ``newsmodel/serialise/schemas/<Class>.schema.json``. Every
    document :func:`~newsmodel.serialise.to_json` writes is valid against it (with format
    checking on), and every document it rejects :func:`~newsmodel.serialise.from_json`
    rejects too; the readers check a few things more, such as ``updated`` not before
    ``published`` and NFC text.

    Args:
        cls: Article (the default), Author, RelatedLink or Page, or a result type of dates
            or repair: :class:`~newsmodel.dates.DateMention`,
            :class:`~newsmodel.repair.Repair`, :class:`~newsmodel.repair.Change`.

    Returns:
        A new dictionary holding the schema.

    Raises:
        SerialisationError: *cls* has no JSON form.

    >>> schema = json_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> schema["required"]
    ['$newsmodel', 'headline', 'published']
    >>> sorted(schema["$defs"])
    ['Author', 'RelatedLink']
    >>> from newsmodel.repair import Repair
    >>> json_schema(Repair)["properties"]["changes"]["items"]
    {'$ref': '#/$defs/Change'}
    """
    if cls not in _CLASSES and not _json._is_result(cls):
        raise SerialisationError(
            [("$", f"no JSON form for {cls!r}; expected one of {_json._NAMES}")]
        )
    result: dict[str, Any] = json.loads(_generate(cls))
    return result


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check``, compare) the shipped schema files; return an exit status."""
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    SCHEMA_DIR.mkdir(exist_ok=True)
    for cls in (*_CLASSES, *_json.result_types().values()):
        path = SCHEMA_DIR / f"{cls.__name__}.schema.json"
        text = schema_text(cls)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.name)
        if not check:
            path.write_text(text, encoding="utf-8")
    print(("stale: " if check else "written: ") + (", ".join(stale) or "none"))
    return 1 if check and stale else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
