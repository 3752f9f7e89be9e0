"""Records per second for the batch paths: the plain loop, --jobs 2, and Dask.

Run: ``uv run --group bench python benchmarks/batch.py [--repair N] [--parse N] [--jobs J]``

Two workloads, each a generated JSON Lines archive with about 2% broken records:
``repair`` (short teasers, half of them mojibake: cheap records, where overheads show) and
``parse`` (whole page dumps from ``examples/``: heavy records, where cores pay off). Each path
reads the file, runs every record and writes outputs and errors; ratios are against the plain
loop (:func:`newsmodel.batch.run_batch` in one process) in the same run. "CPUs busy" is the
CPU time of the run and its worker processes divided by the wall time: on a shared machine it
shows how many cores the parallel paths actually got.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from newsmodel import dask as nd
from newsmodel.batch import (
    Counts,
    RecordFunction,
    parse_page_record,
    read_jsonl,
    repair_record,
    run_batch,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
Runner = Callable[[RecordFunction, Path, Path, int], Counts]


def mojibake(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


def repair_archive(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(1, n + 1):
            text = f"Le conseil régional a voté le {i}e budget d’équipement à Ségou."
            if i % 50 == 0:
                out.write('{"id": "broken", "text": \n')
                continue
            out.write(json.dumps({"id": i, "text": mojibake(text) if i % 2 else text}) + "\n")


def parse_archive(path: Path, n: int) -> None:
    pages = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as out:
        for i in range(1, n + 1):
            text = pages[i % len(pages)]
            if i % 50 == 0:
                text = text.replace("Publié", "Imprimé", 1)
            out.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")


def plain(func: RecordFunction, src: Path, dest: Path, jobs: int) -> Counts:
    with (dest / "out.jsonl").open("w", encoding="utf-8") as out, (dest / "err.jsonl").open(
        "w", encoding="utf-8"
    ) as err:
        return run_batch(func, read_jsonl(src), out, errors=err, jobs=jobs, chunksize=256)


def on_dask(scheduler: str, jobs: int, **compute: Any) -> Runner:
    def run(func: RecordFunction, src: Path, dest: Path, _: int) -> Counts:
        blocksize = max(64 * 1024, src.stat().st_size // (4 * jobs))
        options = compute or {"num_workers": jobs}
        return nd.run_archive(
            func, src, dest / "dask", blocksize=blocksize, scheduler=scheduler, **options
        )

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repair", type=int, default=40_000, help="records in the repair run")
    parser.add_argument("--parse", type=int, default=4_000, help="pages in the parse run")
    parser.add_argument("--jobs", type=int, default=2, help="processes for --jobs and Dask")
    args = parser.parse_args()
    j = args.jobs
    # Dask's process scheduler starts a fresh "spawn" pool for each compute (each worker
    # imports newsmodel and its tables: a fixed cost); a pool started beforehand, with
    # warm_up as its initializer, shows the cost of the work alone.
    pool = ProcessPoolExecutor(j, mp_context=mp.get_context("spawn"), initializer=nd.warm_up)
    list(pool.map(abs, range(j)))
    paths: list[tuple[str, Runner, int]] = [
        ("plain loop (run_batch)", plain, 1),
        (f"run_batch --jobs {j}", plain, j),
        (f"Dask threads ({j} workers)", on_dask("threads", j), j),
        (f"Dask processes ({j} workers)", on_dask("processes", j), j),
        (f"Dask processes, pool started beforehand ({j})", on_dask("processes", j, pool=pool), j),
    ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"# {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}, load average before the run {load}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workloads: list[tuple[str, RecordFunction, Path, int]] = []
        repair_path, parse_path = root / "repair.jsonl", root / "parse.jsonl"
        repair_archive(repair_path, args.repair)
        parse_archive(parse_path, args.parse)
        workloads.append(("repair", repair_record, repair_path, args.repair))
        workloads.append(("parse", parse_page_record, parse_path, args.parse))
        nd.warm_up()
        print()
        print("| workload | path | records | failed | seconds | records/s | vs plain | "
              "CPUs busy |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for name, func, src, n in workloads:
            base = None
            for index, (label, run, jobs) in enumerate(paths):
                dest = root / f"{name}-{index}"
                dest.mkdir()
                cpu_before, start = os.times(), time.perf_counter()
                counts = run(func, src, dest, jobs)
                seconds = time.perf_counter() - start
                cpu_after = os.times()
                # CPU time of this process and of the worker processes that ended (a
                # reused pool's workers are counted only at shutdown, so that row shows "-")
                cpu = sum(cpu_after[k] - cpu_before[k] for k in range(4))
                assert counts.total == n, (label, counts)
                rate = n / seconds
                base = base or rate
                cores = "-" if "beforehand" in label else f"{cpu / seconds:.1f}"
                print(f"| {name} | {label} | {n:,} | {counts.failed} | {seconds:.2f} | "
                      f"{rate:,.0f} | {rate / base:.2f}x | {cores} |")
    pool.shutdown()


if __name__ == "__main__":
    main()
