"""Tests for the JSON Schema of the JSON form: newsmodel.serialise.json_schema."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from newsmodel import Article, Author, Page, RelatedLink
from newsmodel.errors import SerialisationError
from newsmodel.serialise import _schema, from_dict, json_schema, to_dict, to_json
from newsmodel.strategies import articles, authors, pages, related_links

CLASSES = (Article, Author, Page, RelatedLink)
FORMATS = Draft202012Validator.FORMAT_CHECKER
VALIDATORS = {
    cls: Draft202012Validator(json_schema(cls), format_checker=FORMATS) for cls in CLASSES
}
models = st.one_of(authors(), related_links(), articles(), pages())


def test_format_checking_is_on() -> None:
    """The dev environment checks date-time formats (jsonschema[format-nongpl])."""
    assert "date-time" in FORMATS.checkers
    assert not VALIDATORS[Article].is_valid({"$newsmodel": "1", "headline": "T",
                                             "published": "2023-10-11T05:04:00"})


@pytest.mark.parametrize("cls", CLASSES)
def test_shipped_file_equals_regenerated_schema(cls: type[Any]) -> None:
    """The file in the package is what the generator writes today."""
    path = _schema.SCHEMA_DIR / f"{cls.__name__}.schema.json"
    text = path.read_text(encoding="utf-8")
    assert text == _schema._build(cls)
    assert json.loads(text) == json_schema(cls)
    Draft202012Validator.check_schema(json_schema(cls))


def test_regeneration_check_reports_no_stale_file(capsys: pytest.CaptureFixture[str]) -> None:
    """`main(["--check"])` passes on the shipped files."""
    assert _schema.main(["--check"]) == 0
    assert "stale: none" in capsys.readouterr().out


def test_schema_shape() -> None:
    """Required fields, the version marker, defaults and the nested definitions."""
    schema = json_schema(Page)
    assert schema["required"] == ["$newsmodel", "article"]
    assert schema["properties"]["$newsmodel"]["const"] == "1"
    assert sorted(schema["$defs"]) == ["Article", "Author", "RelatedLink"]
    article = schema["$defs"]["Article"]
    assert "$newsmodel" not in article["properties"]
    assert article["properties"]["language"]["default"] == "fr"
    assert article["properties"]["published"]["format"] == "date-time"
    assert article["properties"]["kicker"]["description"].startswith("the lead-in")
    assert json_schema() is not json_schema()  # a fresh copy each time
    with pytest.raises(SerialisationError):
        json_schema(dict)


@given(models)
def test_every_output_validates(obj: Any) -> None:
    """Whatever to_json writes is valid against the schema of its class, formats checked."""
    errors = list(VALIDATORS[type(obj)].iter_errors(json.loads(to_json(obj))))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(
    "url", ["https://x.ml/a|b{c}", "HTTP://X.ML", "/", "/é?x=«a»#z", "https://[::1]/x"]
)
def test_unusual_but_valid_urls_validate(url: str) -> None:
    """URLs the models accept, including ones RFC 3987 would not, are valid in the schema."""
    from datetime import datetime, timezone

    a = Article(headline="T", url=url, published=datetime(2023, 1, 1, tzinfo=timezone.utc))
    assert VALIDATORS[Article].is_valid(json.loads(to_json(a)))


values = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 2), st.just([]), st.just({}),
    st.sampled_from(["", " x", "x ", "x", "a\x00b", "fr", "fr-ML", "/a", "//a", "ftp://a",
                     "2023-10-11T05:04:00+00:00", "2023-10-11T05:04:00", "open", "maybe",
                     "2023-10-11T05:04:00.1234567Z", "2023-10-11T25:04:00Z"]),
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any]]:
    obj = draw(models)
    doc = copy.deepcopy(to_dict(obj))
    target: Any = doc
    while True:
        inner = [v for v in (target.values() if isinstance(target, dict) else target)
                 if isinstance(v, (dict, list)) and v]
        if not inner or draw(st.booleans()):
            break
        target = draw(st.sampled_from(inner))
    if isinstance(target, list):
        target[draw(st.integers(0, len(target) - 1))] = draw(values)
    elif draw(st.booleans()):
        target[draw(st.sampled_from(sorted(target)))] = draw(values)
    else:
        del target[draw(st.sampled_from(sorted(target)))]
    return type(obj), doc


@given(mutated())
def test_what_the_schema_rejects_from_json_rejects(case: tuple[type[Any], dict[str, Any]]) -> None:
    """No document invalid against the schema is read (strict mode)."""
    cls, doc = case
    if VALIDATORS[cls].is_valid(doc):
        return
    with pytest.raises(SerialisationError):
        from_dict(cls, doc)


@pytest.mark.parametrize(
    "changes",
    [
        {"$newsmodel": "2"}, {"headline": None}, {"headline": " T"}, {"body": "x"},
        {"published": "2023-10-11T05:04"}, {"language": "français"}, {"url": "//x"},
        {"comments": "maybe"}, {"extra": 1}, {"tags": ["a\nb"]},
    ],
)
def test_examples_rejected_by_both(changes: dict[str, Any]) -> None:
    """Sharp cases: the schema and the reader refuse the same documents."""
    doc = {"$newsmodel": "1", "headline": "T", "published": "2023-10-11T05:04:00+00:00"}
    assert VALIDATORS[Article].is_valid(doc)
    doc.update(changes)
    assert not VALIDATORS[Article].is_valid(doc)
    with pytest.raises(SerialisationError):
        from_dict(Article, doc)


def test_truncated_teaser_rule_is_in_the_schema() -> None:
    """A link marked truncated without teaser text is invalid for both."""
    doc = {"$newsmodel": "1", "title": "T", "teaser_truncated": True}
    assert not VALIDATORS[RelatedLink].is_valid(doc)
    with pytest.raises(SerialisationError):
        from_dict(RelatedLink, doc)
