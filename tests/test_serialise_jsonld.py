"""Tests for schema.org JSON-LD: to_jsonld, jsonld_script, from_jsonld."""

from __future__ import annotations

import contextlib
import json
import time
from datetime import datetime, timedelta, timezone
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmodel import Article, Author, RelatedLink
from newsmodel.errors import SerialisationError
from newsmodel.serialise import from_jsonld, jsonld_script, to_jsonld
from newsmodel.strategies import articles, french_sentences

UTC = timezone.utc
PARIS = ZoneInfo("Europe/Paris")
PUBLISHED = datetime(2023, 10, 11, 5, 4, tzinfo=UTC)
SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "shared" / "schemas"
VOCABULARY = SCHEMAS_DIR / "schemaorg-current-https_30.0.jsonld"


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(superclasses of each class, itself included; domains of each property)."""
    if not VOCABULARY.exists():
        pytest.skip("../shared/schemas/ is absent on this machine")
    graph = json.loads(VOCABULARY.read_text(encoding="utf-8"))["@graph"]

    def ids(value: Any) -> set[str]:
        values = value if isinstance(value, list) else [value] if value else []
        return {v["@id"].removeprefix("schema:") for v in values}

    parents: dict[str, set[str]] = {}
    domains: dict[str, set[str]] = {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in types:
            parents[name] = ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in types:
            domains[name] = ids(node.get("schema:domainIncludes"))
    ancestry: dict[str, set[str]] = {}
    for cls in parents:
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(parents.get(current, ()))
        ancestry[cls] = seen
    return ancestry, domains


def vocabulary_problems(doc: Any, where: str = "$") -> list[str]:
    ancestry, domains = vocabulary()
    found: list[str] = []
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            found += vocabulary_problems(item, f"{where}[{i}]")
    elif isinstance(doc, dict) and "@type" in doc:
        typ = doc["@type"]
        if typ not in ancestry:
            return [f"{where}: unknown type {typ}"]
        for key, value in doc.items():
            if key.startswith("@"):
                continue
            if key not in domains:
                found.append(f"{where}.{key}: no such property")
            elif not domains[key] & ancestry[typ]:
                found.append(f"{where}.{key}: not allowed on {typ}")
            found += vocabulary_problems(value, f"{where}.{key}")
    return found


def test_vocabulary_check_can_fail() -> None:
    """The checker refuses relatedLink on a NewsArticle and unknown names."""
    assert vocabulary_problems({"@type": "NewsArticle", "relatedLink": ["x"]})
    assert vocabulary_problems({"@type": "NewsArticle", "kicker": "x"})
    assert vocabulary_problems({"@type": "NewsStory"})
    assert not vocabulary_problems({"@type": "WebPage", "relatedLink": ["x"]})


@given(articles())
def test_every_type_and_property_exists_where_used(article: Article) -> None:
    """Each @type and property is in schema.org 30.0, on a type in its domain."""
    assert vocabulary_problems(to_jsonld(article)) == []


def test_full_article_mapping() -> None:
    """Every documented property, with authors as Person and related links on the WebPage."""
    a = Article(
        headline="Mali-Russie : un entretien", kicker="Mali-Russie", standfirst="Chapeau.",
        body=["Un.", "Deux."], published=PUBLISHED, updated=PUBLISHED + timedelta(hours=1),
        authors=[Author(name="Souleymane SIDIBE", url="/auteur/sidibe", role="envoyé spécial"),
                 Author(name="La Rédaction")],
        related=[RelatedLink(title="L", url="https://x.ml/l"), RelatedLink(title="Sans URL")],
        url="https://x.ml/a", section="Politique", tags=["Mali", "Russie"], language="fr-ML",
    )
    doc = to_jsonld(a)
    assert doc == {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": "Mali-Russie : un entretien", "alternativeHeadline": "Mali-Russie",
        "description": "Chapeau.", "articleBody": "Un.\n\nDeux.",
        "datePublished": "2023-10-11T05:04:00+00:00", "dateModified": "2023-10-11T06:04:00+00:00",
        "inLanguage": "fr-ML",
        "author": [
            {"@type": "Person", "name": "Souleymane SIDIBE", "url": "/auteur/sidibe",
             "givenName": "Souleymane", "familyName": "SIDIBE", "jobTitle": "envoyé spécial"},
            {"@type": "Person", "name": "La Rédaction"},
        ],
        "url": "https://x.ml/a", "articleSection": "Politique", "keywords": ["Mali", "Russie"],
        "wordCount": 6,
        "mainEntityOfPage": {"@type": "WebPage", "@id": "https://x.ml/a",
                             "relatedLink": ["https://x.ml/l"]},
    }
    back = from_jsonld(doc)
    assert back.related == (RelatedLink(title="https://x.ml/l", url="https://x.ml/l"),)
    assert back.authors == a.authors


@given(articles())
def test_read_back_keeps_what_jsonld_carries(article: Article) -> None:
    """from_jsonld(to_jsonld(a)) keeps every field schema.org carries."""
    back = from_jsonld(to_jsonld(article))
    # Compared as models: datetimes by instant (a ZoneInfo time in a DST fold is never == to
    # a fixed-offset datetime in Python, PEP 495; the models compare instants).
    assert back == attrs.evolve(article, related=back.related, comments=None)
    assert [r.url for r in back.related] == [r.url for r in article.related if r.url]


def test_read_back_time_in_a_dst_fold() -> None:
    """02:00 in Paris on 29 October 2000 happened twice; the first one reads back equal."""
    a = Article(headline="Titre", published=datetime(2000, 10, 29, 2, tzinfo=PARIS))
    assert from_jsonld(to_jsonld(a)) == a


# --- the script element ------------------------------------------------------------------------


class ScriptGrabber(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and ("type", "application/ld+json") in attrs:
            self.inside = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.scripts[-1] += data


hostile = st.lists(
    st.sampled_from(["</script>", "</SCRIPT >", "<!--", "-->", "&", "&amp;", "<", ">", "é",
                     "<script>", "]]>", '"', "\\", "/", " "]),
    min_size=1, max_size=12,
).map("".join)


@given(articles(headline=st.tuples(hostile, french_sentences()).map(" ".join),
                kicker=st.one_of(st.none(), hostile.filter(str.strip).map(lambda s: s + "x"))))
def test_script_survives_html_embedding(article: Article) -> None:
    """Embedded in a page, the script parses back to the same data; nothing breaks out."""
    script = jsonld_script(article)
    assert script.startswith('<script type="application/ld+json">')
    assert script.endswith("</script>")
    inner = script[len('<script type="application/ld+json">'):-len("</script>")]
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in inner
    page = f"<html><head>{script}</head><body><p>fin</p></body></html>"
    grabber = ScriptGrabber()
    grabber.feed(page)
    grabber.close()
    assert len(grabber.scripts) == 1
    assert json.loads(grabber.scripts[0]) == to_jsonld(article)


# --- reading what sites publish ----------------------------------------------------------------

BASE = {"@type": "NewsArticle", "headline": "Titre", "datePublished": "2023-10-11T05:04:00Z"}


def test_seed_example_reads() -> None:
    """The schema.org example of the seed article reads; urn: related links are skipped."""
    path = SCHEMAS_DIR / "examples" / "seed-article.schemaorg.jsonld"
    if not path.exists():
        pytest.skip("../shared/schemas/ is absent on this machine")
    doc = json.loads(path.read_text(encoding="utf-8"))
    a = from_jsonld(doc)
    assert a.headline.startswith("Mali-Russie")
    assert a.published == PUBLISHED
    assert len(a.body) == 4
    assert [x.name for x in a.authors] == ["Souleymane SIDIBE"]
    assert a.url is None
    assert a.related == ()
    assert from_jsonld(json.dumps(doc)) == a


@pytest.mark.parametrize(
    "data",
    [
        BASE,
        [{"@type": "Organization", "name": "Journal"}, BASE],
        {"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, BASE]},
        [{"@graph": [{**BASE, "@type": ["Thing", "schema:NewsArticle"]}]}],
        {**BASE, "@type": "http://schema.org/ReportageNewsArticle"},
    ],
)
def test_containers(data: Any) -> None:
    """One object, a list, an @graph, typed in any common spelling."""
    a = from_jsonld(data)
    assert (a.headline, a.published) == ("Titre", PUBLISHED)


@pytest.mark.parametrize(
    ("author", "names"),
    [
        ("Aminata KONATÉ", ["Aminata KONATÉ"]),
        ({"@type": "Person", "name": "A B"}, ["A B"]),
        ([{"@type": "Person", "givenName": "Léa", "familyName": "DIARRA"}, "X"],
         ["Léa DIARRA", "X"]),
        ({"@type": "Organization", "name": "AFP", "url": "https://afp.com"}, ["AFP"]),
    ],
)
def test_author_forms(author: Any, names: list[str]) -> None:
    """author as a string, an object or a list."""
    assert [a.name for a in from_jsonld({**BASE, "author": author}).authors] == names


def test_dates_without_offset_use_the_zone() -> None:
    """Naive dates take tz; dates with offsets keep theirs; a date alone is midnight."""
    data = {**BASE, "datePublished": "2023-10-11T07:04:00", "dateModified": "2023-10-12"}
    a = from_jsonld(data, tz="Europe/Paris")
    assert a.published == PUBLISHED
    assert a.updated == datetime(2023, 10, 11, 22, 0, tzinfo=UTC)
    assert from_jsonld({**BASE, "datePublished": "2023-10-11T07:04:00+0200"}).published == PUBLISHED
    b = from_jsonld(data, tz=timezone(timedelta(hours=2)))
    assert b.published == PUBLISHED


def test_whitespace_keywords_and_misc() -> None:
    """Line breaks in text collapse, body splits at them, keywords split on commas."""
    a = from_jsonld({**BASE, "headline": " Un\n titre ", "articleBody": "P1\r\n\r\nP2\nP3",
                     "keywords": "a, b,,a", "inLanguage": {"@type": "Language",
                                                           "alternateName": "fr-ML"},
                     "articleSection": ["Politique", "Afrique"],
                     "mainEntityOfPage": "https://x.ml/a",
                     "relatedLink": [{"url": "https://x.ml/b", "name": "B"}]})
    assert (a.headline, a.body, a.tags, a.language) == ("Un  titre", ("P1", "P2", "P3"),
                                                        ("a", "b"), "fr-ML")
    assert a.section == "Politique"
    assert a.url == "https://x.ml/a"
    assert a.related == (RelatedLink(title="B", url="https://x.ml/b"),)


@pytest.mark.parametrize(
    ("data", "kwargs", "path", "words"),
    [
        ({"@type": "WebPage"}, {}, "$", "no schema.org Article"),
        ({"@type": "NewsArticle", "datePublished": "2023-10-11T05:04:00Z"}, {},
         "$.headline", "missing"),
        ({**BASE, "datePublished": None}, {}, "$.datePublished", "missing"),
        ({**BASE, "datePublished": "2023-10-11T05:04"}, {}, "$.datePublished", "tz="),
        ({**BASE, "datePublished": "hier"}, {}, "$.datePublished", "ISO 8601"),
        ({**BASE, "headline": 3}, {}, "$.headline", "expected text"),
        ({**BASE, "dateModified": "2020-01-01T00:00:00Z"}, {}, "$.dateModified", "not before"),
        ({**BASE, "author": [{"@type": "Person"}]}, {}, "$.author[0].name", "non-empty"),
        ({**BASE, "author": [3]}, {}, "$.author[0]", "a name or a Person"),
        ({**BASE, "inLanguage": "français"}, {}, "$.inLanguage", "BCP 47"),
        ([1, [{"@graph": [BASE | {"headline": ""}]}]], {}, '$[1][0]["@graph"][0].headline',
         "non-empty"),
        (BASE, {"tz": "Mars/Olympus"}, "$", "unknown time zone"),
        (BASE, {"tz": "America"}, "$", "unknown time zone"),  # a folder of tzdata
        (BASE, {"tz": "localtime"}, "$", "unknown time zone"),  # the machine's own zone
        (BASE, {"tz": "Europe/" + "x" * 5000}, "$", "unknown time zone"),  # name too long
        ({**BASE, "datePublished": "2023-10-11T05:04+05:99"}, {}, "$.datePublished",
         "offset out of range"),
        ({**BASE, "datePublished": "2023-10-11T05:04-24:00"}, {}, "$.datePublished",
         "offset out of range"),
        ({**BASE, "headline": 10**5000}, {}, "$.headline", "int too large to show"),
        # Refused values are named by the JSON-LD key they came from, not the model field.
        ({**BASE, "author": ["  "]}, {}, "$.author[0]", "non-empty"),
        ({**BASE, "author": {"name": "A B", "jobTitle": "a\x00b"}}, {}, "$.author.jobTitle",
         "U+0000"),
        ({**BASE, "author": {"name": "A B", "url": "http://"}}, {}, "$.author.url", "http"),
        ({"@type": "NewsArticle", "name": "a\x07", "datePublished": "2023-10-11T05:04Z"}, {},
         "$.name", "U+0007"),
        ({**BASE, "mainEntityOfPage": {"@id": "http://a b"}}, {}, '$.mainEntityOfPage["@id"]',
         "URL"),
        ({**BASE, "mainEntityOfPage": {"url": "http://"}}, {}, "$.mainEntityOfPage.url", "URL"),
        ({**BASE, "mainEntityOfPage": "http://"}, {}, "$.mainEntityOfPage", "URL"),
        ("{", {}, "$", "invalid JSON"),
    ],
)
def test_errors(data: Any, kwargs: dict[str, Any], path: str, words: str) -> None:
    """What cannot be mapped is a SerialisationError naming the place in the input."""
    with pytest.raises(SerialisationError) as excinfo:
        from_jsonld(data, **kwargs)
    found = dict(excinfo.value.problems)
    assert path in found, found
    assert words in found[path]


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
              st.sampled_from(["NewsArticle", "2023-10-11T05:04:00Z", "@graph", "Person"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["@type", "@graph", "headline", "datePublished",
                                         "author", "name", "url", "keywords", "articleBody",
                                         "mainEntityOfPage", "relatedLink", "inLanguage"]),
                        inner, max_size=6),
    ),
    max_leaves=20,
)


@given(json_values)
def test_any_json_gives_an_article_or_our_error(data: Any) -> None:
    """Arbitrary JSON never escapes as another exception."""
    with contextlib.suppress(SerialisationError):
        from_jsonld(data, tz="Africa/Bamako")


def test_deep_nesting() -> None:
    """Deeply nested input is searched without recursion."""
    deep: Any = BASE
    for _ in range(50_000):
        deep = [deep]
    assert from_jsonld(deep).headline == "Titre"


def test_unwritable_datetime_is_named_by_its_path() -> None:
    """An offset with seconds in year 9999: no RFC 3339 text for that instant in UTC. Only the
    datetimes JSON-LD writes are named (a related link's date is not written)."""
    late = datetime(9999, 12, 31, 23, 59, 50, tzinfo=timezone(-timedelta(seconds=30)))
    a = Article(headline="Titre", published=PUBLISHED, updated=late,
                related=[RelatedLink(title="L", url="/l", published=late)])
    for write in (to_jsonld, jsonld_script):
        with pytest.raises(SerialisationError) as excinfo:
            write(a)
        assert [path for path, _ in excinfo.value.problems] == ["$.updated"]
    assert to_jsonld(attrs.evolve(a, updated=None))["datePublished"] == PUBLISHED.isoformat()


def test_keywords_read_in_linear_time() -> None:
    """Many distinct keywords: time grows with their number, not its square (the duplicate
    check scanned a list). Sizes 16x apart: linear is ~16x, quadratic ~256x; loose bound."""

    def best_time(count: int) -> float:
        data = {**BASE, "keywords": [f"mot{i}" for i in range(count)]}
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert len(from_jsonld(data).tags) == count
            times.append(time.perf_counter() - start)
        return min(times)

    small, large = best_time(1_000), best_time(16_000)
    assert large / small < 80, (small, large)


def test_blank_optional_text_is_absent() -> None:
    """Sites publish "" for what they do not have: optional text reads as None, not an error."""
    a = from_jsonld({**BASE, "description": "", "alternativeHeadline": " ", "articleSection": "",
                     "author": {"name": "A B", "jobTitle": ""}})
    assert (a.standfirst, a.kicker, a.section, a.authors) == (None, None, None,
                                                              (Author(name="A B"),))


def test_graph_of_one_node() -> None:
    """JSON-LD 1.1 lets @graph hold one node object instead of an array."""
    assert from_jsonld({"@context": "https://schema.org", "@graph": BASE}).headline == "Titre"


def test_author_references_are_read_from_their_node() -> None:
    """WordPress SEO plugins give the author as {"@id": …}, the Person elsewhere in @graph."""
    person = "https://www.example.ml/#/schema/person/42"
    doc = {"@context": "https://schema.org", "@graph": [
        {**BASE, "author": [{"@id": person}, {"@id": person + "b", "name": "Awa DIALLO"}]},
        {"@type": "WebPage", "@id": "https://www.example.ml/a/"},
        {"@type": "Person", "@id": person, "name": "Moussa KONÉ",
         "url": "https://www.example.ml/auteur/moussa-kone/", "jobTitle": "correspondant"},
    ]}
    authors = from_jsonld(doc).authors
    assert [(a.name, a.url, a.role) for a in authors] == [
        ("Moussa KONÉ", "https://www.example.ml/auteur/moussa-kone/", "correspondant"),
        ("Awa DIALLO", None, None),
    ]
    doc["@graph"].pop()  # the Person is gone: the reference names nothing
    with pytest.raises(SerialisationError) as excinfo:
        from_jsonld(doc)
    assert excinfo.value.problems[0][0] == '$["@graph"][0].author[0]'
    assert "names no node" in excinfo.value.problems[0][1]
