"""Tests for IPTC ninjs: to_ninjs and from_ninjs, against the official IPTC schemas."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from newsmodel import Article, Author, Comments, RelatedLink
from newsmodel.errors import SerialisationError
from newsmodel.serialise import from_ninjs, to_ninjs
from newsmodel.strategies import articles

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "shared" / "schemas"
UTC = timezone.utc
PUBLISHED = datetime(2023, 10, 11, 5, 4, tzinfo=UTC)
GEOJSON = "https://geojson.org/schema/GeoJSON.json"


def load(name: str) -> Any:
    path = SCHEMAS_DIR / name
    if not path.exists():
        pytest.skip("../shared/schemas/ is absent on this machine")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def validator(version: str) -> Draft202012Validator:
    """The official schema, with the GeoJSON $ref served offline and formats checked."""
    geojson = Resource.from_contents(load("GeoJSON-schema.json"))
    registry: Registry[Any] = Registry().with_resources(
        [(GEOJSON, geojson), (GEOJSON + "#", geojson)]
    )
    schema = load(f"ninjs-schema_{version}.json")
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(doc: Any, version: str) -> list[str]:
    found = validator(version).iter_errors(doc)
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in found]


def test_validator_checks_formats_and_rejects() -> None:
    """The official schema with format checking refuses naive dates and missing uri."""
    good = {"uri": "urn:x:1", "firstCreated": "2023-10-11T05:04:00+00:00"}
    assert errors(good, "3.1") == []
    assert errors({**good, "firstCreated": "2023-10-11T05:04:00"}, "3.1")
    assert errors({"firstCreated": good["firstCreated"]}, "3.1")
    assert errors({**good, "headline": "1.x key"}, "3.1")


@given(articles(), st.sampled_from(["3.1", "2.2"]))
def test_every_output_is_valid_ninjs(article: Article, version: str) -> None:
    """to_ninjs output validates against the official IPTC schema of its version."""
    doc = to_ninjs(article, version=version)
    assert errors(doc, version) == []
    assert doc["standard"]["version"] == version


@given(articles(), st.sampled_from(["3.1", "2.2"]))
def test_round_trip_keeps_every_field_ninjs_carries(article: Article, version: str) -> None:
    """from_ninjs(to_ninjs(a)) == a, except comments, which ninjs cannot carry."""
    assert from_ninjs(to_ninjs(article, version=version)) == attrs.evolve(article, comments=None)


def full_article(**changes: Any) -> Article:
    author = Author(name="Souleymane SIDIBE", url="/auteur/sidibe", role="envoyé spécial")
    values: dict[str, Any] = {
        "headline": "Mali-Russie : un entretien", "kicker": "Mali-Russie",
        "standfirst": "Chapeau.", "body": ["Un paragraphe.", "Deux."], "published": PUBLISHED,
        "updated": PUBLISHED + timedelta(hours=2), "authors": [author],
        "related": [
            RelatedLink(title="Lien", url="https://x.ml/l", teaser="Début", teaser_truncated=True,
                        published=PUBLISHED, author=author, label="Lire aussi"),
            RelatedLink(title="Sans URL"),
        ],
        "url": "https://www.example.ml/politique/entretien", "section": "Politique",
        "tags": ["Mali"], "language": "fr-ML", "comments": Comments.OPEN,
    }
    values.update(changes)
    return Article(**values)


def test_mapping_3_1() -> None:
    """Headlines with roles, summary, body with counts, dates, people and associations."""
    doc = to_ninjs(full_article())
    assert doc["uri"] == "https://www.example.ml/politique/entretien"
    assert doc["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": "Mali-Russie : un entretien"},
        {"role": "kicker", "contentType": "text/plain", "value": "Mali-Russie"},
    ]
    assert doc["descriptions"] == [
        {"role": "summary", "contentType": "text/plain", "value": "Chapeau."}
    ]
    assert doc["bodies"] == [{"role": "main", "contentType": "text/plain",
                              "value": "Un paragraphe.\n\nDeux.", "charCount": 21,
                              "wordCount": 3}]
    assert (doc["firstCreated"], doc["versionCreated"]) == (
        "2023-10-11T05:04:00+00:00", "2023-10-11T07:04:00+00:00")
    assert doc["by"] == "Souleymane SIDIBE"
    assert doc["people"] == [{"name": "Souleymane SIDIBE", "rel": "author",
                              "contactInfo": [{"type": "web", "value": "/auteur/sidibe"}]}]
    assert doc["infoSources"] == [{"name": "Souleymane SIDIBE", "role": "envoyé spécial"}]
    first, second = doc["associations"]
    assert (first["name"], first["rel"], first["uri"]) == ("related-1", "related", "https://x.ml/l")
    assert first["headlines"] == [{"role": "main", "value": "Lien"}]
    assert second["uri"].startswith("urn:newsmodel:")
    assert "altIds" not in second
    assert errors(doc, "3.1") == []


def test_mapping_2_2() -> None:
    """2.2 has lower-case keys and no rel on associations."""
    doc = to_ninjs(full_article(), version="2.2")
    assert "firstcreated" in doc
    assert "firstCreated" not in doc
    assert doc["bodies"][0]["charcount"] == 21
    assert all("rel" not in a for a in doc["associations"])
    assert errors(doc, "2.2") == []
    assert errors(to_ninjs(full_article()), "2.2")  # a 3.1 document is not 2.2


@pytest.mark.parametrize(
    ("url", "uri", "alt"),
    [
        ("/politique/x", None, "/politique/x"),
        ("https://x.ml/économie", None, "https://x.ml/économie"),
        ("https://x.ml/a%zz", None, "https://x.ml/a%zz"),
        ("https://x.ml/a?b=1#c", "https://x.ml/a?b=1#c", None),
        (None, None, None),
    ],
)
def test_uri_and_url(url: str | None, uri: str | None, alt: str | None) -> None:
    """A URL that is a URI is the uri; any other URL travels in altIds; uri is always valid."""
    a = full_article(url=url)
    doc = to_ninjs(a)
    if uri is None:
        assert doc["uri"].startswith("urn:newsmodel:")
    else:
        assert doc["uri"] == uri
    assert doc.get("altIds") == ([{"role": "url", "value": alt}] if alt else None)
    assert errors(doc, "3.1") == []
    assert from_ninjs(doc).url == url
    assert to_ninjs(a) == doc  # stable identifiers


def test_given_uri_is_used_when_the_url_cannot_be() -> None:
    """uri= names the item when its URL is site-relative or absent."""
    doc = to_ninjs(full_article(url="/a"), uri="urn:example:1")
    assert doc["uri"] == "urn:example:1"
    assert from_ninjs(doc).url == "/a"


@pytest.mark.parametrize("uri", ["not a uri", "", "http://x y", "https://x.ml/é", "urn:%zz",
                                 "http://x:port/", 5])
def test_given_uri_that_is_no_uri_is_refused(uri: Any) -> None:
    """The output must be valid ninjs: a uri= the schema's format refuses is refused first."""
    with pytest.raises(SerialisationError) as excinfo:
        to_ninjs(full_article(url="/a"), uri=uri)
    assert excinfo.value.problems[0][1].startswith("argument uri: expected an absolute URI")


@given(st.sampled_from(["urn:x:1", "tag:example.ml,2023:1", "https://x.ml/a?b#c", "a:",
                        "http://u:p@x.ml:8080/%C3%A9", "mailto:redaction@example.ml"]),
       st.sampled_from(["3.1", "2.2"]))
def test_given_uri_output_is_valid_ninjs(uri: str, version: str) -> None:
    doc = to_ninjs(full_article(url="/a"), version=version, uri=uri)
    assert doc["uri"] == uri
    assert errors(doc, version) == []


@pytest.mark.parametrize("version", ["3.1", "2.2"])
def test_seed_examples_read(version: str) -> None:
    """The IPTC examples of the seed article read into the article they describe."""
    doc = load(f"examples/seed-article.ninjs-{version}.json")
    assert errors(doc, version) == []
    a = from_ninjs(doc)
    assert a.headline.startswith("Mali-Russie : Ce que les présidents")
    assert a.published == PUBLISHED
    assert a.updated == PUBLISHED
    assert len(a.body) == 4
    assert [x.name for x in a.authors] == ["Souleymane SIDIBE"]
    assert [r.teaser is not None for r in a.related] == [True, True]
    assert a.related[0].teaser is not None
    assert a.related[0].teaser.endswith("partenariat fondé.")
    assert a.related[0].published == datetime(2025, 10, 14, 18, 11, tzinfo=UTC)
    assert from_ninjs(json.dumps(doc)) == a
    if version == "3.1":
        assert a.kicker == "Mali-Russie"


MINIMAL: dict[str, Any] = {"uri": "urn:x:1", "headlines": [{"role": "main", "value": "T"}],
                           "firstCreated": "2023-10-11T05:04:00Z"}


@pytest.mark.parametrize(
    ("doc", "path", "words"),
    [
        ([], "$", "expected an object"),
        ({"uri": "urn:x", "firstCreated": "2023-10-11T05:04:00Z"}, "$.headlines", "headline"),
        ({"uri": "urn:x", "headlines": [{"value": "T"}]}, "$.firstCreated", "required"),
        ({"headlines": [{"value": "T"}], "firstCreated": "2023-10-11T05:04"}, "$.firstCreated",
         "offset"),
        ({"headlines": [{"value": "T"}], "firstcreated": "hier"}, "$.firstcreated", "RFC 3339"),
        ({"headlines": "T", "firstCreated": "2023-10-11T05:04:00Z"}, "$.headlines",
         "expected an array"),
        ({"headlines": [{"value": ""}], "firstCreated": "2023-10-11T05:04:00Z"},
         "$.headlines[0].value", "non-empty"),
        ({"headlines": [{"value": "T"}], "firstCreated": "2023-10-11T05:04:00Z",
          "people": [{"name": "A", "uri": "ftp://x"}]}, "$.people[0].uri", "http"),
        # Values the models refuse are named where they are in the item, not by field name.
        ({**MINIMAL, "headlines": [{"role": "kicker", "value": "K"},
                                   {"role": "main", "value": "A\x00B"}]},
         "$.headlines[1].value", "U+0000"),
        ({**MINIMAL, "headlines": [{"value": 10**5000}]}, "$.headlines[0].value",
         "int too large to show"),
        ({**MINIMAL, "headlines": [{"role": "main", "value": "T"}, {"role": "kicker",
                                                                   "value": " "}]},
         "$.headlines[1].value", "non-empty"),
        ({**MINIMAL, "descriptions": [{"role": "summary", "value": "a\u2028b"}]},
         "$.descriptions[0].value", "U+2028"),
        ({**MINIMAL, "bodies": [{"role": "main", "value": "a\rb"}]}, "$.bodies[0].value",
         "U+000D"),
        ({**MINIMAL, "versionCreated": "2020-01-01T00:00:00Z"}, "$.versionCreated",
         "not before"),
        ({**MINIMAL, "altIds": [{"role": "url", "value": "javascript:x"}]},
         "$.altIds[0].value", "http"),
        ({**MINIMAL, "subjects": [{"rel": "tag", "name": "a"}, {"rel": "section", "name": "S"},
                                  {"rel": "tag", "name": " "}]}, "$.subjects[2].name",
         "non-empty"),
        ({**MINIMAL, "subjects": [{"rel": "section", "name": "a\x85b"}]}, "$.subjects[0].name",
         "U+0085"),
        ({**MINIMAL, "language": "français"}, "$.language", "BCP 47"),
        ({**MINIMAL, "people": [{"name": "A", "contactInfo": [{"type": "web", "value": "x"}]}]},
         "$.people[0].contactInfo[0].value", "http"),
        ({**MINIMAL, "people": [{"name": "A"}], "infoSources": [{"name": "A", "role": ""}]},
         "$.infoSources[0].role", "non-empty"),
        ({**MINIMAL, "associations": [{"name": "r", "headlines": [{"value": "\x07"}]}]},
         "$.associations[0].headlines[0].value", "U+0007"),
        ({**MINIMAL, "associations": [{"name": "r", "uri": "urn:x", "headlines": [{"value": "T"}],
                                       "descriptions": [{"role": "label", "value": " "}]}]},
         "$.associations[0].descriptions[0].value", "non-empty"),
        ({**MINIMAL, "associations": [{"name": "r", "headlines": [{"value": "T"}],
                                       "altIds": [{"role": "url", "value": "data:x"}]}]},
         "$.associations[0].altIds[0].value", "http"),
        ({"headlines": [{"value": "T"}], "firstCreated": "2023-10-11T05:04:00Z",
          "associations": [{"name": "r", "uri": "urn:x", "firstCreated": 3}]},
         "$.associations[0].firstCreated", "RFC 3339"),
        ("{", "$", "invalid JSON"),
    ],
)
def test_errors(doc: Any, path: str, words: str) -> None:
    """What cannot be read is a SerialisationError with its path."""
    with pytest.raises(SerialisationError) as excinfo:
        from_ninjs(doc)
    problems = excinfo.value.problems
    assert any(where == path and words in message for where, message in problems), problems
    assert len(set(problems)) == len(problems), "each problem once"


def test_bad_arguments() -> None:
    """Unknown versions and non-articles are refused."""
    with pytest.raises(SerialisationError):
        to_ninjs(full_article(), version="1.6")
    with pytest.raises(SerialisationError):
        to_ninjs("article")  # type: ignore[arg-type]


def test_by_without_people() -> None:
    """Third-party items with only a byline get one author of that name."""
    a = from_ninjs({"uri": "http://x.ml/1", "headlines": [{"value": "T"}], "by": "AFP",
                    "firstCreated": "2023-10-11T05:04:00Z"})
    assert [x.name for x in a.authors] == ["AFP"]
    assert a.url == "http://x.ml/1"


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10),
              st.just("2023-10-11T05:04:00Z"), st.just("main")),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["headlines", "value", "role", "firstCreated", "people",
                                         "name", "associations", "bodies", "altIds", "uri",
                                         "infoSources", "subjects", "rel"]),
                        inner, max_size=5),
    ),
    max_leaves=15,
)


@given(json_values)
def test_any_json_gives_an_article_or_our_error(data: Any) -> None:
    """Arbitrary JSON never escapes as another exception."""
    with contextlib.suppress(SerialisationError):
        from_ninjs(data)


@pytest.mark.parametrize("version", ["3.1", "2.2"])
def test_unwritable_datetime_is_named_by_its_path(version: str) -> None:
    """An offset with seconds in year 1: no RFC 3339 text for that instant in UTC; the error
    names each such datetime ninjs writes (a related link's date is an association's)."""
    early = datetime(1, 1, 1, 0, 0, 10, tzinfo=timezone(timedelta(seconds=30)))
    a = Article(headline="Titre", published=early,
                related=[RelatedLink(title="L", url="/l", published=early)])
    with pytest.raises(SerialisationError) as excinfo:
        to_ninjs(a, version=version)
    assert [path for path, _ in excinfo.value.problems] == ["$.published",
                                                           "$.related[0].published"]
    assert to_ninjs(attrs.evolve(a, published=PUBLISHED, related=()), version=version)
