"""Tests for newsmodel.dask: the batch functions on Dask's threaded and process schedulers give
exactly what the plain batch path gives, every input record accounted for once, in order.

These run Dask schedulers; deselect them with ``-k "not dask"`` for a quick run.
"""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import dask.bag
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmodel import dask as nd
from newsmodel.batch import (
    Counts,
    RecordFunction,
    normalise_record,
    parse_page_record,
    read_directory,
    read_jsonl,
    repair_record,
    run_batch,
)
from newsmodel.page import parse_page
from newsmodel.serialise import to_dict

pytestmark = pytest.mark.dask

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PAGES = sorted(EXAMPLES.glob("*.txt"))
SCHEDULERS = [
    pytest.param({"scheduler": "threads", "num_workers": 2}, id="threads"),
    pytest.param({"scheduler": "processes", "num_workers": 2}, id="processes"),
]


def mojibake(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


def repair_archive(n: int) -> str:
    """*n* lines of repair records: clean, mojibake, cut teasers, and broken lines."""
    lines = []
    for i in range(1, n + 1):
        if i % 97 == 0:
            lines.append('{"id": "cut-%d", "text": "Lâ€' % i)  # noqa: UP031 - JSON braces
        elif i % 89 == 0:
            lines.append("[1, 2]")
        elif i % 83 == 0:
            lines.append(json.dumps({"id": [i], "text": "x"}))
        elif i % 79 == 0:
            lines.append("   ")  # blank: no record
        elif i % 5 == 0:
            text = f"Le projet numéro {i} est jugé fondé par la cour."
            lines.append(json.dumps({"id": f"t{i}", "text": text[:-21] + "Ã.", "context": text}))
        elif i % 2 == 0:
            lines.append(json.dumps({"text": mojibake(f"L’accord n°{i} a été signé à Ségou.")}))
        else:
            lines.append(json.dumps({"id": i * 10, "text": f"Texte propre {i}, déjà correct."}))
    return "\n".join(lines) + "\n"


def normalise_archive(n: int) -> str:
    """*n* lines of articles in their JSON form: clean, mojibake in fields, and invalid ones."""
    bases = [to_dict(parse_page(p.read_text(encoding="utf-8")).article) for p in PAGES]
    lines = []
    for i in range(1, n + 1):
        doc: dict[str, Any] = copy.deepcopy(bases[i % len(bases)])
        doc["headline"] = f"{doc['headline']} ({i})"
        if i % 4 == 0:
            doc["headline"] = mojibake(doc["headline"])
            doc["body"] = [mojibake(p) for p in doc["body"]]
        if i % 61 == 0:
            doc["published"] = "hier"
        elif i % 67 == 0:
            del doc["$newsmodel"]
        elif i % 71 == 0:
            lines.append('{"headline": ')
            continue
        if i % 3 == 0:
            doc = {"id": f"a{i}", **doc}
        lines.append(json.dumps(doc, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def plain(func: RecordFunction, items: Any) -> tuple[Counts, str, str]:
    out, err = io.StringIO(), io.StringIO()
    counts = run_batch(func, items, out, errors=err)
    return counts, out.getvalue(), err.getvalue()


def collected(directory: Path) -> tuple[str, str]:
    """The concatenation of the partition files, in name order."""
    def cat(sub: str) -> str:
        files = sorted((directory / sub).iterdir())
        return "".join(f.read_text(encoding="utf-8") for f in files)

    return cat("results"), cat("errors")


def ids_of(text: str) -> list[Any]:
    return [json.loads(line)["id"] for line in text.splitlines()]


@pytest.fixture(scope="module")
def repair_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "repair.jsonl"
    path.write_text(repair_archive(2000), encoding="utf-8")
    return path


@pytest.mark.parametrize("compute", SCHEDULERS)
def test_dask_jsonl_equals_plain_batch(
    repair_file: Path, tmp_path: Path, compute: dict[str, Any]
) -> None:
    """2,000 records on Dask: outputs and errors byte for byte those of run_batch, each
    input record exactly once, in input order."""
    counts, out, err = plain(repair_record, read_jsonl(repair_file))
    bag = nd.read_jsonl_bag(repair_file, blocksize=16 * 1024)
    assert bag.npartitions > 4
    dask_counts = nd.write_partitioned(nd.map_records(bag, repair_record), tmp_path, **compute)
    dask_out, dask_err = collected(tmp_path)
    assert dask_counts == counts
    assert (dask_out, dask_err) == (out, err)
    # every non-blank input line is accounted for exactly once, in order
    assert counts == Counts(2000 - 25 - 66, 20 + 22 + 24)  # 25 blank; cut, list, bad id
    expected = []
    for number, line in read_jsonl(repair_file):
        try:
            own = json.loads(line).get("id")
        except (ValueError, AttributeError):
            own = None
        expected.append(own if isinstance(own, (str, int)) else number)
    position = {record_id: i for i, record_id in enumerate(expected)}
    assert len(position) == len(expected) == counts.total
    assert sorted(ids_of(out) + ids_of(err), key=position.__getitem__) == expected
    assert [position[i] for i in ids_of(out)] == sorted(position[i] for i in ids_of(out))
    assert [position[i] for i in ids_of(err)] == sorted(position[i] for i in ids_of(err))


@pytest.mark.parametrize("compute", SCHEDULERS)
def test_dask_normalise_equals_plain_batch(tmp_path: Path, compute: dict[str, Any]) -> None:
    """Articles to normalise: the same outputs and errors on Dask as in one process."""
    path = tmp_path / "articles.jsonl"
    path.write_text(normalise_archive(400), encoding="utf-8")
    counts, out, err = plain(normalise_record, read_jsonl(path))
    assert counts.failed == 400 // 61 + 400 // 67 + 400 // 71
    results = nd.map_records(nd.read_jsonl_bag(path, blocksize=64 * 1024), normalise_record)
    assert nd.write_partitioned(results, tmp_path / "out", **compute) == counts
    assert collected(tmp_path / "out") == (out, err)
    # mojibake was repaired: every headline reads as the clean page's
    assert all("Ã" not in json.loads(line)["headline"] for line in out.splitlines())


@pytest.fixture(scope="module")
def page_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 page dumps (three nested in a subfolder), every seventh one broken."""
    root = tmp_path_factory.mktemp("pages")
    (root / "2024").mkdir()
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    for i in range(40):
        text = texts[i % len(texts)]
        if i % 7 == 3:
            text = text.replace("Publié", "Imprimé", 1)
        folder = root / "2024" if i >= 37 else root
        (folder / f"page-{i:03d}.txt").write_text(text, encoding="utf-8")
    (root / "notes.md").write_text("not a page", encoding="utf-8")
    return root


@pytest.mark.parametrize("compute", SCHEDULERS)
def test_dask_directory_equals_plain_batch(
    page_dir: Path, tmp_path: Path, compute: dict[str, Any]
) -> None:
    """A directory of page dumps: parsed on Dask as by run_batch, ids the file names, in order."""
    counts, out, err = plain(parse_page_record, read_directory(page_dir))
    assert counts == Counts(34, 6)
    bag = nd.read_directory_bag(page_dir, files_per_partition=6)
    assert bag.npartitions == 7
    assert nd.write_partitioned(nd.map_records(bag, parse_page_record), tmp_path, **compute) == (
        counts
    )
    assert collected(tmp_path) == (out, err)
    # names in order, a folder's entries sorted by name ("2024" before "page-…")
    names = [f"2024/page-{i:03d}.txt" for i in (37, 38, 39)]
    names += [f"page-{i:03d}.txt" for i in range(37)]
    assert sorted(ids_of(out) + ids_of(err), key=names.index) == names
    assert ids_of(err) == [n for n in names if int(n[-7:-4]) % 7 == 3]


def test_run_archive_and_several_files(tmp_path: Path) -> None:
    """run_archive does the three steps; several files number lines as "file:line", in order."""
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"text": "un"}\n{"text": "deux"}\n', encoding="utf-8")
    b.write_text('{"text": "trois"}\n', encoding="utf-8")
    items = nd.read_jsonl_bag([a, b], blocksize=1).compute(scheduler="sync")
    assert [i for i, _ in items] == ["a.jsonl:1", "a.jsonl:2", "b.jsonl:1"]
    counts = nd.run_archive(repair_record, a, tmp_path / "out", scheduler="sync", blocksize=1)
    assert counts == Counts(2, 0)
    assert len(list((tmp_path / "out" / "results").iterdir())) == 2


def test_files_sharing_a_name_get_distinct_ids(tmp_path: Path) -> None:
    """Two files of the same name in different folders: ids carry the folders, so no two
    records share an id (both were "a.jsonl:1")."""
    for year in ("2004", "2005"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "a.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    paths = [tmp_path / "2004" / "a.jsonl", tmp_path / "2005" / "a.jsonl"]
    items = nd.read_jsonl_bag(paths).compute(scheduler="sync")
    assert [i for i, _ in items] == ["2004/a.jsonl:1", "2005/a.jsonl:1"]


def test_rerun_into_the_same_directory_leaves_only_its_own_parts(tmp_path: Path) -> None:
    """A second run with fewer partitions into the same directory: its parts concatenate to
    run_batch's output (the first run's extra parts stayed, their records counted twice);
    other files are left alone."""
    src = tmp_path / "a.jsonl"
    src.write_text("".join(f'{{"text": "t{i}"}}\n[{i}]\n' for i in range(30)), "utf-8")
    out = tmp_path / "out"
    nd.run_archive(repair_record, src, out, blocksize=50, scheduler="sync")
    assert len(list((out / "results").iterdir())) > 5
    (out / "results" / "notes.txt").write_text("mine", encoding="utf-8")
    counts = nd.run_archive(repair_record, src, out, scheduler="sync")
    assert counts == Counts(30, 30)
    assert sorted(p.name for p in (out / "results").iterdir()) == [
        "notes.txt", "part-00000.jsonl"
    ]
    (out / "results" / "notes.txt").unlink()
    assert collected(out) == plain(repair_record, read_jsonl(src))[1:]


def test_empty_archive(tmp_path: Path) -> None:
    """An empty file or directory gives an empty run, not an error."""
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "none").mkdir()
    bag = nd.read_jsonl_bag(tmp_path / "empty.jsonl")
    assert nd.write_partitioned(nd.map_records(bag, repair_record), tmp_path / "o1") == Counts()
    assert nd.run_archive(repair_record, tmp_path / "none", tmp_path / "o2") == Counts()


def test_bad_arguments() -> None:
    """blocksize, files_per_partition below 1 and a missing directory are refused."""
    with pytest.raises(ValueError, match="blocksize"):
        nd.read_jsonl_bag("x.jsonl", blocksize=0)
    with pytest.raises(ValueError, match="files_per_partition"):
        nd.read_directory_bag(EXAMPLES, files_per_partition=0)
    with pytest.raises(NotADirectoryError):
        nd.read_directory_bag(EXAMPLES / "nope")


@given(
    st.lists(st.sampled_from([b"\n", b"\r\n", b"{}", b"x", b"\xc3\xa9", b"\xc2\x85"]), max_size=60),
    st.integers(1, 12),
)
def test_blocks_cut_at_line_ends_and_number_lines(pieces: list[bytes], blocksize: int) -> None:
    """Blocks cover the file in order, each ending after a "\\n" (or at the end), and the bag
    gives exactly read_jsonl's numbered lines."""
    data = b"".join(pieces)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.jsonl"
        path.write_bytes(data)
        blocks = nd._blocks(str(path), blocksize)
        items = nd.read_jsonl_bag(path, blocksize=blocksize).compute(scheduler="sync")
        expected = list(read_jsonl(path))
    assert [s for s, _, _ in blocks] == [0, *(e for _, e, _ in blocks[:-1])][: len(blocks)]
    assert (blocks[-1][1] if blocks else 0) == len(data)
    for start, end, first_line in blocks:
        assert end == len(data) or data[end - 1 : end] == b"\n"
        assert first_line == data[:start].count(b"\n") + 1
    assert items == expected


def test_results_stay_in_partitions_and_order() -> None:
    """map_records keeps each partition's items and their order (a lazy bag of Results)."""
    items = [(i, json.dumps({"text": f"t{i}"})) for i in range(1, 50)]
    bag = dask.bag.from_sequence(items, npartitions=5)
    results = nd.map_records(bag, repair_record)
    assert results.npartitions == 5
    assert [r.id for r in results.compute(scheduler="sync")] == list(range(1, 50))


def test_import_is_cheap_and_warm_up_runs() -> None:
    """`import newsmodel.dask` loads neither dask nor the heavy text libraries; warm_up loads
    them (once per process)."""
    code = (
        "import sys, newsmodel.dask as nd; "
        "heavy = ('dask', 'ftfy', 'babel', 'cattrs', 'wordfreq'); "
        "print(','.join(m for m in heavy if m in sys.modules)); "
        "nd.warm_up(); print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    before, after = out.stdout.splitlines()
    assert before == ""
    assert {"ftfy", "wordfreq"} <= set(after.split(","))


def test_heavy_tables_load_once_per_worker() -> None:
    """On the process scheduler, the French word table (wordfreq) loads once in each worker,
    however many records and partitions it runs."""
    items = [(i, json.dumps({"text": f"Décision {i} jugée fondÃ."})) for i in range(1, 401)]
    results = nd.map_records(dask.bag.from_sequence(items, npartitions=8), repair_record)

    def loads(part: Any) -> list[tuple[int, int, int]]:
        import os

        from newsmodel import _lexicon

        done = sum(r.ok for r in part)
        return [(os.getpid(), _lexicon._table.cache_info().misses, done)]

    per_partition = results.map_partitions(loads).compute(scheduler="processes", num_workers=2)
    assert len(per_partition) == 8
    assert sum(done for _, _, done in per_partition) == 400
    assert {misses for _, misses, _ in per_partition} == {1}
    assert len({pid for pid, _, _ in per_partition}) <= 2
