"""The batch functions on Dask: the same records, results and guarantees, on many cores or machines.

Install the extra (``pip install "newsmodel[dask]"``); Dask is imported inside the functions
here, never by ``import newsmodel``. A run has three steps: read an archive into a
``dask.bag.Bag`` of items, map a record function over it, and write results and errors as one
pair of JSON Lines files per partition::

    from newsmodel import batch, dask as nd

    items = nd.read_jsonl_bag(["archive.jsonl"])
    results = nd.map_records(items, batch.repair_record)
    counts = nd.write_partitioned(results, "out/", scheduler="processes")

``out/results/part-00000.jsonl``, ``part-00001.jsonl``, … concatenated in name order are what
:func:`newsmodel.batch.run_batch` writes for the same input, and likewise ``out/errors/``.

>>> from newsmodel import batch
>>> items = read_directory_bag("examples", files_per_partition=2)
>>> items.npartitions
2
>>> results = map_records(items, batch.repair_record).compute(scheduler="sync")
>>> [r.id for r in results][:1], all(r.ok for r in results)
(['energie-kayes-2024-03-05.txt'], True)
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from newsmodel.batch import (
    Counts,
    Item,
    RecordFunction,
    Result,
    _apply_chunk,
    _dump,
    _read_file,
    _walk,
    read_jsonl,
)

if TYPE_CHECKING:
    import dask.bag

__all__ = [
    "map_records",
    "read_directory_bag",
    "read_jsonl_bag",
    "run_archive",
    "warm_up",
    "write_partitioned",
]

#: Default bytes of a JSON Lines file per partition.
BLOCKSIZE = 16 * 1024 * 1024
_PIECE = 1 << 20
_PART = re.compile(r"part-[0-9]+\.jsonl")


def _dask() -> tuple[Any, Any]:
    """``dask`` and ``dask.bag``, imported on first use (typed loosely: dask is partly typed)."""
    import dask
    import dask.bag

    return dask, dask.bag


def _blocks(path: str, blocksize: int) -> list[tuple[int, int, int]]:
    """``(start, end, first_line)`` byte ranges of about *blocksize*, cut after a "\\n".

    Reads the file once, counting line ends at C speed, holding one piece at a time.
    """
    blocks: list[tuple[int, int, int]] = []
    start, first_line = 0, 1
    with open(path, "rb") as stream:
        while True:
            read = count = 0
            while read < blocksize:
                piece = stream.read(min(_PIECE, blocksize - read))
                if not piece:
                    break
                count += piece.count(b"\n")
                read += len(piece)
            else:  # the block is full: extend it to the end of its last line
                while piece := stream.read(_PIECE):
                    cut = piece.find(b"\n")
                    if cut >= 0:
                        read += cut + 1
                        count += 1
                        stream.seek(start + read)
                        break
                    read += len(piece)
            if read == 0:
                return blocks
            blocks.append((start, start + read, first_line))
            start += read
            first_line += count


def _read_block(path: str, start: int, end: int, first_line: int, prefix: str) -> list[Item]:
    """The items of one block of a JSON Lines file (runs on a worker)."""
    import io

    with open(path, "rb") as stream:
        stream.seek(start)
        data = stream.read(end - start)
    lines = read_jsonl(io.BytesIO(data), first_line=first_line)
    if prefix:
        return [(f"{prefix}:{number}", line) for number, line in lines]
    return list(lines)


def read_jsonl_bag(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    blocksize: int = BLOCKSIZE,
) -> dask.bag.Bag:
    """A bag of ``(default_id, line)`` items from JSON Lines files, in file and line order.

    Each file is cut into partitions of about *blocksize* bytes at line ends. Lines are split
    on ``"\\n"`` alone and numbered from 1 in each file, as :func:`newsmodel.batch.read_jsonl`
    does (``dask.bag.read_text`` would number nothing and split on ``"\\r"`` too). The client
    reads each file once to find the cuts; workers read their own blocks, so the files must be
    on storage that every worker sees.

    Args:
        paths: one file, or several read one after the other.
        blocksize: bytes per partition (a partition holds whole lines; at least one).

    Returns:
        A ``dask.bag.Bag`` of items for :func:`map_records`. The default id of a line is its
        line number for one file, ``"<file name>:<line number>"`` for several (the file's
        path from their common folder when two files share a name: ``"2004/a.jsonl:7"``).

    Raises:
        OSError: when a file cannot be read.
        ValueError: when *blocksize* is below 1.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "a.jsonl"
    ...     _ = path.write_bytes(b'{"text": "a"}\\n\\n{"text": "b"}\\n' * 20)
    ...     bag = read_jsonl_bag(path, blocksize=100)
    ...     items = bag.compute(scheduler="sync")
    >>> bag.npartitions, len(items), items[:2]
    (6, 40, [(1, '{"text": "a"}'), (3, '{"text": "b"}')])
    """
    dk, bags = _dask()
    if blocksize < 1:
        raise ValueError(f"expected blocksize >= 1, got {blocksize}")
    names = [os.fspath(paths)] if isinstance(paths, (str, os.PathLike)) else [
        os.fspath(p) for p in paths
    ]
    parts = []
    for name, prefix in zip(names, _prefixes(names), strict=True):
        for start, end, first_line in _blocks(name, blocksize):
            parts.append(dk.delayed(_read_block)(name, start, end, first_line, prefix))
    bag: dask.bag.Bag = (
        bags.from_delayed(parts) if parts else bags.from_sequence([], npartitions=1)
    )
    return bag


def _prefixes(names: Sequence[str]) -> list[str]:
    """The id prefix of each file: none for one file, else its name, or, when two files share
    a name, its path from the folder the files have in common (``2004/a.jsonl``)."""
    if len(names) < 2:
        return [""] * len(names)
    short = [Path(name).name for name in names]
    if len(set(short)) == len(short):
        return short
    paths = [os.path.abspath(name) for name in names]
    common = os.path.commonpath([os.path.dirname(path) for path in paths])
    return [Path(os.path.relpath(path, common)).as_posix() for path in paths]


def _read_files(groups: Sequence[list[tuple[str, str]]], as_json: bool) -> list[Item]:
    """The items of the file groups of a partition (one group each; runs on a worker)."""
    return [_read_file(name, path, as_json=as_json) for group in groups for name, path in group]


def read_directory_bag(
    directory: str | os.PathLike[str],
    *,
    pattern: str = "*.txt",
    as_json: bool = False,
    files_per_partition: int = 256,
) -> dask.bag.Bag:
    """A bag of ``(file name, record)`` items from the files of a directory, in name order.

    The same items as :func:`newsmodel.batch.read_directory`: the client lists the names
    (sorted, subdirectories included); workers read the files.

    Args:
        directory: the folder to read.
        pattern: a glob pattern the file names must match.
        as_json: False wraps each file's text as ``{"text": ...}`` (page dumps, texts to
            repair); True passes the file as a JSON document (articles to normalise).
        files_per_partition: files read by one task.

    Returns:
        A ``dask.bag.Bag`` of items for :func:`map_records`.

    Raises:
        OSError: when *directory* cannot be listed.
        ValueError: when *files_per_partition* is below 1.

    >>> read_directory_bag("examples", files_per_partition=1).npartitions
    3
    """
    _, bags = _dask()
    if files_per_partition < 1:
        raise ValueError(f"expected files_per_partition >= 1, got {files_per_partition}")
    root = Path(directory)
    if not root.is_dir():
        raise NotADirectoryError(f"not a directory: {str(root)!r}")
    groups: list[list[tuple[str, str]]] = []
    group: list[tuple[str, str]] = []
    for entry in _walk(root, pattern):
        group.append(entry)
        if len(group) == files_per_partition:
            groups.append(group)
            group = []
    if group:
        groups.append(group)
    bag: dask.bag.Bag = bags.from_sequence(groups, partition_size=1).map_partitions(
        _read_files, as_json
    )
    return bag


def _map_partition(items: Sequence[Item], func: RecordFunction) -> list[Result]:
    return _apply_chunk(func, list(items))


def map_records(items: dask.bag.Bag, func: RecordFunction) -> dask.bag.Bag:
    """Run a record function over every item of a bag, lazily, keeping order and partitions.

    Args:
        items: a bag of ``(default_id, record)`` items, such as :func:`read_jsonl_bag` gives.
        func: :func:`~newsmodel.batch.parse_page_record`,
            :func:`~newsmodel.batch.repair_record`, :func:`~newsmodel.batch.normalise_record`,
            or a :func:`functools.partial` of one (with its options).

    Returns:
        A bag of :class:`~newsmodel.batch.Result`, one per item, in the same order; nothing
        runs until it is computed.

    Raises:
        ImportError: dask is not installed (the ``newsmodel[dask]`` extra). A bad record never
            raises: it becomes a failed :class:`~newsmodel.batch.Result`.

    >>> import dask.bag
    >>> from newsmodel.batch import repair_record
    >>> bag = dask.bag.from_sequence([(1, '{"text": "a"}'), (2, "oops")], npartitions=2)
    >>> [r.ok for r in map_records(bag, repair_record).compute(scheduler="sync")]
    [True, False]
    """
    bag: dask.bag.Bag = cast(Any, items).map_partitions(_map_partition, func)
    return bag


def _write_partition(results: Sequence[Result], out_path: str, err_path: str) -> list[Counts]:
    ok = failed = 0
    with open(out_path, "w", encoding="utf-8", newline="\n") as out, open(
        err_path, "w", encoding="utf-8", newline="\n"
    ) as err:
        for result in results:
            if result.value is not None:
                out.write(_dump(result.value) + "\n")
                ok += 1
            else:
                assert result.error is not None
                err.write(_dump(result.error.to_dict()) + "\n")
                failed += 1
    return [Counts(ok, failed)]


def write_partitioned(
    results: dask.bag.Bag, directory: str | os.PathLike[str], **compute: Any
) -> Counts:
    """Compute *results* and write them as JSON Lines, one pair of files per partition.

    Partition *i* writes ``directory/results/part-<i>.jsonl`` (outputs) and
    ``directory/errors/part-<i>.jsonl`` (:meth:`~newsmodel.batch.RecordError.to_dict`
    lines), both always created, *i* zero-padded to at least five digits; concatenated in name
    order they are what :func:`newsmodel.batch.run_batch` writes: part files left there by an
    earlier run with more partitions are removed once this one is written. The directory must
    be on storage that every worker sees.

    Args:
        results: a bag of Results from :func:`map_records`.
        directory: where to write; created if missing.
        **compute: passed to :func:`dask.compute`, such as ``scheduler="processes"``.

    Returns:
        The :class:`~newsmodel.batch.Counts` over all partitions.

    Raises:
        OSError: when a file cannot be written.

    >>> import dask.bag, tempfile
    >>> from newsmodel.batch import repair_record
    >>> bag = dask.bag.from_sequence([(1, '{"text": "a"}'), (2, "[]"), (3, "{}")], npartitions=2)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     counts = write_partitioned(map_records(bag, repair_record), tmp, scheduler="sync")
    ...     names = sorted(os.listdir(Path(tmp) / "errors"))
    >>> counts, names
    (Counts(ok=1, failed=2), ['part-00000.jsonl', 'part-00001.jsonl'])
    """
    import uuid

    from dask.highlevelgraph import HighLevelGraph

    _, bags = _dask()
    root = Path(directory)
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "errors").mkdir(parents=True, exist_ok=True)
    bag = cast(Any, results)
    width = max(5, len(str(bag.npartitions - 1)))
    # As Bag.to_textfiles does: a layer of one write task per partition, so that Dask fuses
    # it with the partition's reading and running.
    name = f"newsmodel-write-{uuid.uuid4().hex}"
    layer: dict[Any, Any] = {
        (name, i): (
            _write_partition,
            (bag.name, i),
            os.fspath(root / "results" / f"part-{i:0{width}d}.jsonl"),
            os.fspath(root / "errors" / f"part-{i:0{width}d}.jsonl"),
        )
        for i in range(bag.npartitions)
    }
    graph = HighLevelGraph.from_collections(name, layer, dependencies=[bag])
    total = Counts()
    for counts in bags.Bag(graph, name, bag.npartitions).compute(**compute):
        total = total + counts
    # Part files of an earlier run into the same directory would be concatenated with ours.
    written = {os.path.basename(task[2]) for task in layer.values()}
    for sub in ("results", "errors"):
        for entry in os.scandir(root / sub):
            if _PART.fullmatch(entry.name) and entry.name not in written and entry.is_file():
                os.remove(entry.path)
    return total


def run_archive(
    func: RecordFunction,
    source: str | os.PathLike[str],
    directory: str | os.PathLike[str],
    *,
    pattern: str = "*.txt",
    as_json: bool = False,
    blocksize: int = BLOCKSIZE,
    files_per_partition: int = 256,
    **compute: Any,
) -> Counts:
    """Read an archive, run *func* over it and write the results: the three steps in one.

    Args:
        func: a record function (see :func:`map_records`).
        source: a JSON Lines file, or a directory of files (see :func:`read_directory_bag`).
        directory: where to write (see :func:`write_partitioned`).
        pattern: file pattern, for a directory.
        as_json: for a directory, read each file as a JSON document (for normalise).
        blocksize: bytes per partition, for a JSON Lines file.
        files_per_partition: files per partition, for a directory.
        **compute: passed to :func:`dask.compute`, such as ``scheduler="threads"``.

    Returns:
        The :class:`~newsmodel.batch.Counts`.

    Raises:
        OSError: when the archive cannot be read or the results cannot be written.

    >>> import tempfile
    >>> from newsmodel.batch import parse_page_record
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     run_archive(parse_page_record, "examples", tmp, scheduler="sync")
    Counts(ok=3, failed=0)
    """
    if Path(source).is_dir():
        items = read_directory_bag(
            source, pattern=pattern, as_json=as_json, files_per_partition=files_per_partition
        )
    else:
        items = read_jsonl_bag(source, blocksize=blocksize)
    return write_partitioned(map_records(items, func), directory, **compute)


def warm_up() -> None:
    """Load the modules and tables the record functions use, once, in this process.

    Not needed for correctness: each worker loads them on its first record anyway. Call it
    on every worker of a cluster before a run (``client.run(warm_up)``) to keep the first
    records' timing out of the measurements.

    Returns:
        None.

    Raises:
        Nothing: the records it runs are valid.

    >>> warm_up()
    """
    from newsmodel.batch import normalise_record, parse_page_record, repair_record

    repair_record({"text": "Une décision fondÃ."})  # the no-context tail loads wordfreq
    parse_page_record({"text": "Titre\nPublié mercredi 11 octobre 2023 à 05:04\nTexte."})
    normalise_record({"headline": "Titre"})
