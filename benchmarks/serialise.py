"""Dump and load an ~11 kB article: newsmodel's JSON form against msgspec and pydantic v2.

Run: ``uv run --group bench python benchmarks/serialise.py``

All three read and write the same JSON document (same keys, same order, defaults left out),
with strict typing: msgspec Structs (``forbid_unknown_fields``) and pydantic models
(``extra="forbid"``, ``strict=True``) of the same shape. newsmodel also runs the models'
validators and text normalisation on load, which the peers do not. Times are the best of
several repeats; ratios are against msgspec's bytes (lower is better) and pydantic.

Rows beyond the issue's three a side: ``to_json`` returns str, so msgspec's bytes decoded to
str is the like-for-like dump; "cold" clears the reader's cache of checked URLs before each
call (this loop reads one document over and over, so its URLs are otherwise always cached);
"str" reads the same text given as str (encoded to UTF-8 for the whole-document screen).

Rows after the issue's, to show where the time goes and what other routes cost:

- "floor" rows: orjson alone on a ready dictionary or into plain dictionaries, and orjson plus
  the byte screen that proves every string NFC and free of forbidden characters. No reader
  written in Python that checks text as the models do can be faster than the last of these.
- msgspec decoding straight into newsmodel's attrs classes, which it supports natively: it
  skips the models' converters and validators, so it is not a usable engine as it is.
- msgspec and pydantic with newsmodel's text checks, each run in the library's own hook per
  string: the peers doing the work newsmodel does on load.
"""

from __future__ import annotations

import re
import sys
import timeit
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Optional

import msgspec
import orjson
import pydantic

from newsmodel import Article, Author, Comments, RelatedLink
from newsmodel.serialise import _common, _json, from_json, to_json

UTC = timezone.utc


def sample_article() -> Article:
    """An article shaped like the seed page (French text, authors, related links): ~11 kB."""
    sentence = ("Le président de la Transition, le colonel Assimi Goïta, s’est entretenu au "
                "téléphone ce mardi avec son homologue « de la coopération économique ». ")
    author = Author(name="Souleymane SIDIBE", url="/auteur/souleymane-sidibe",
                    role="envoyé spécial")
    published = datetime(2023, 10, 11, 5, 4, tzinfo=UTC)
    related = [
        RelatedLink(title=f"Mali-Russie : 65 ans d’amitié et de coopération exemplaire {i}",
                    url=f"https://www.example.ml/politique/mali-russie-{i}",
                    teaser=sentence * 2, teaser_truncated=i % 2 == 0,
                    published=published - timedelta(days=i), author=author, label="Lire aussi")
        for i in range(6)
    ]
    return Article(
        headline="Mali-Russie : Ce que les présidents Goita et Poutine se sont dit au téléphone",
        kicker="Mali-Russie", standfirst=sentence * 3, body=[sentence * 6 for _ in range(6)],
        published=published, updated=published + timedelta(hours=3),
        authors=[author, Author(name="Aminata S. KONATÉ")], related=related,
        url="https://www.example.ml/politique/mali-russie-entretien", section="Politique",
        tags=["Mali", "Russie", "Sahel"], language="fr-ML", comments=Comments.SUBSCRIBERS,
    )


# --- msgspec -----------------------------------------------------------------------------------


class MAuthor(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    name: str
    url: Optional[str] = None  # noqa: UP045 - msgspec and pydantic read these at run time
    role: Optional[str] = None  # noqa: UP045


class MLink(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    title: str
    url: Optional[str] = None  # noqa: UP045
    teaser: Optional[str] = None  # noqa: UP045
    teaser_truncated: bool = False
    published: Optional[datetime] = None  # noqa: UP045
    author: Optional[MAuthor] = None  # noqa: UP045
    label: Optional[str] = None  # noqa: UP045


class MArticle(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    version: str = msgspec.field(name="$newsmodel")
    headline: str = ""
    kicker: Optional[str] = None  # noqa: UP045
    standfirst: Optional[str] = None  # noqa: UP045
    body: list[str] = []
    published: Optional[datetime] = None  # noqa: UP045
    updated: Optional[datetime] = None  # noqa: UP045
    authors: list[MAuthor] = []
    related: list[MLink] = []
    url: Optional[str] = None  # noqa: UP045
    section: Optional[str] = None  # noqa: UP045
    tags: list[str] = []
    language: str = "fr"
    comments: Optional[str] = None  # noqa: UP045


# --- pydantic ----------------------------------------------------------------------------------


class Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True, frozen=True)


class PAuthor(Strict):
    name: str
    url: Optional[str] = None  # noqa: UP045
    role: Optional[str] = None  # noqa: UP045


class PLink(Strict):
    title: str
    url: Optional[str] = None  # noqa: UP045
    teaser: Optional[str] = None  # noqa: UP045
    teaser_truncated: bool = False
    published: Optional[datetime] = None  # noqa: UP045
    author: Optional[PAuthor] = None  # noqa: UP045
    label: Optional[str] = None  # noqa: UP045


class PArticle(Strict):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True, frozen=True,
                                       populate_by_name=True)
    version: str = pydantic.Field(alias="$newsmodel")
    headline: str
    kicker: Optional[str] = None  # noqa: UP045
    standfirst: Optional[str] = None  # noqa: UP045
    body: tuple[str, ...] = ()
    published: datetime
    updated: Optional[datetime] = None  # noqa: UP045
    authors: tuple[PAuthor, ...] = ()
    related: tuple[PLink, ...] = ()
    url: Optional[str] = None  # noqa: UP045
    section: Optional[str] = None  # noqa: UP045
    tags: tuple[str, ...] = ()
    language: str = "fr"
    comments: Optional[str] = None  # noqa: UP045


# --- the peers with newsmodel's text checks -------------------------------------------------------
# Same shapes, and every string checked as newsmodel's models check text: non-empty, no leading
# or trailing space, NFC, no control characters (C0, DEL, C1, U+2028, U+2029, surrogates). Each
# library runs the check in its own hook (msgspec __post_init__, pydantic AfterValidator), per
# string, as a user of that library would write it.

FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def check_text(value: str) -> str:
    if not value or value.strip() != value or not unicodedata.is_normalized("NFC", value):
        raise ValueError("text not in normal form")
    if FORBIDDEN.search(value) is not None:
        raise ValueError("forbidden character")
    return value


def check_fields(obj: Any) -> None:
    for name in obj.__struct_fields__:
        value = getattr(obj, name)
        if type(value) is str:
            check_text(value)
        elif type(value) is list:
            for item in value:
                if type(item) is str:
                    check_text(item)


def checked_struct(cls: type[msgspec.Struct], **types: Any) -> Any:
    """*cls* again, with checks on its strings and nested types replaced by *types*."""
    fields = []
    for f in msgspec.structs.fields(cls):
        tp = types.get(f.name, f.type)
        if f.required:
            fields.append((f.name, tp))
        else:
            default = f.default if f.default is not msgspec.NODEFAULT else msgspec.field(
                default_factory=f.default_factory)
            fields.append((f.name, tp, default))
    if cls is MArticle:  # its first field is renamed to the version marker
        fields[0] = ("version", str, msgspec.field(name="$newsmodel"))
    return msgspec.defstruct(f"Checked{cls.__name__}", fields, namespace={
        "__post_init__": check_fields}, forbid_unknown_fields=True, omit_defaults=True)


CMAuthor = checked_struct(MAuthor)
CMLink = checked_struct(MLink, author=Optional[CMAuthor])  # noqa: UP045
CMArticle = checked_struct(MArticle, authors=list[CMAuthor], related=list[CMLink])

Text = Annotated[str, pydantic.AfterValidator(check_text)]


def checked_model(cls: type[pydantic.BaseModel], **types: Any) -> Any:
    """*cls* again, with checks on its strings and nested types replaced by *types*."""
    def with_text(tp: Any) -> Any:
        if tp is str:
            return Text
        return {Optional[str]: Optional[Text],  # noqa: UP045
                tuple[str, ...]: tuple[Text, ...]}.get(tp, tp)
    fields = {name: (types.get(name, with_text(f.annotation)), f)
              for name, f in cls.model_fields.items()}
    return pydantic.create_model(f"Checked{cls.__name__}", __base__=cls, **fields)


CPAuthor = checked_model(PAuthor)
CPLink = checked_model(PLink, author=Optional[CPAuthor])  # noqa: UP045
CPArticle = checked_model(PArticle, authors=tuple[CPAuthor, ...], related=tuple[CPLink, ...])


def best(fn: Any, number: int) -> float:
    """Best time per call in microseconds."""
    return min(timeit.repeat(fn, number=number, repeat=7)) / number * 1e6


def main() -> int:
    article = sample_article()
    text = to_json(article)
    data = text.encode("utf-8")
    m = msgspec.json.decode(data, type=MArticle)
    p = PArticle.model_validate_json(data)
    assert from_json(Article, data) == article
    m_out = msgspec.json.encode(m)
    p_out = p.model_dump_json(by_alias=True, exclude_defaults=True).encode("utf-8")
    print(f"document: {len(data):,} bytes; orjson: {_common.ORJSON is not None}; "
          f"msgspec {msgspec.__version__}, pydantic {pydantic.VERSION}, "
          f"Python {sys.version.split()[0]}")
    same = [msgspec.json.decode(out.replace(b"Z\"", b"+00:00\"")) == msgspec.json.decode(data)
            for out in (m_out, p_out)]
    print(f"same document (UTC written Z by peers) from msgspec: {same[0]}, pydantic: {same[1]}")
    number = 2000
    clear_url_cache = _json._plain_url.cache_clear
    rows = [
        ("dump", "newsmodel to_json (str)", best(lambda: to_json(article), number)),
        ("dump", "msgspec json.encode (bytes)", best(lambda: msgspec.json.encode(m), number)),
        ("dump", "msgspec json.encode().decode() (str)",
         best(lambda: msgspec.json.encode(m).decode("utf-8"), number)),
        ("dump", "pydantic model_dump_json (str)",
         best(lambda: p.model_dump_json(by_alias=True, exclude_defaults=True), number)),
        ("load", "newsmodel from_json (bytes)", best(lambda: from_json(Article, data), number)),
        ("load", "newsmodel from_json (bytes, cold)",
         best(lambda: (clear_url_cache(), from_json(Article, data)), number)),
        ("load", "newsmodel from_json (str)", best(lambda: from_json(Article, text), number)),
        ("load", "msgspec json.decode (bytes)",
         best(lambda: msgspec.json.decode(data, type=MArticle), number)),
        ("load", "pydantic model_validate_json",
         best(lambda: PArticle.model_validate_json(data), number)),
    ]
    # What no pure-Python reader can go below, and what other routes cost (see the docstring).
    ready = _json._dump_article(article, _json._datetime_for_orjson, tuple,
                                {_common.VERSION_KEY: _common.FORMAT_VERSION})
    assert orjson.dumps(ready) == data
    nfd = data.replace("président".encode(), unicodedata.normalize("NFD", "président").encode())
    for checked in (lambda d: msgspec.json.decode(d, type=CMArticle),
                    CPArticle.model_validate_json):
        assert checked(data) is not None
        try:
            checked(nfd)
        except (msgspec.ValidationError, pydantic.ValidationError):
            pass
        else:
            raise AssertionError("a peer with text checks accepted NFD text")
    rows += [
        ("dump", "floor: orjson.dumps, dict ready (bytes)", best(lambda: orjson.dumps(ready),
                                                                  number)),
        ("load", "floor: orjson.loads alone (dicts)", best(lambda: orjson.loads(data), number)),
        ("load", "floor: orjson.loads + byte screen",
         best(lambda: (orjson.loads(data), _common.screen(data)), number)),
        ("load", "msgspec into newsmodel's classes (no checks)",
         best(lambda: msgspec.json.decode(data, type=Article), number)),
        ("load", "msgspec + text checks (__post_init__)",
         best(lambda: msgspec.json.decode(data, type=CMArticle), number)),
        ("load", "pydantic + text checks (AfterValidator)",
         best(lambda: CPArticle.model_validate_json(data), number)),
    ]
    peers = {(op, name.split()[0]): t for op, name, t in reversed(rows)}  # first row wins
    print()
    print(f"| {'operation':9} | {'library':44} | {'µs/call':>8} | {'vs msgspec':>10} | "
          f"{'vs pydantic':>11} |")
    print(f"|{'-' * 11}|{'-' * 46}|{'-' * 10}|{'-' * 12}|{'-' * 13}|")
    for op, name, t in rows:
        print(f"| {op:9} | {name:44} | {t:8.1f} | {t / peers[(op, 'msgspec')]:9.2f}x | "
              f"{t / peers[(op, 'pydantic')]:10.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
