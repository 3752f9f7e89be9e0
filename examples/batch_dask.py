"""Parse an archive of page dumps on Dask, and check the result against the plain batch path.

Run (from the repository root)::

    uv run python examples/batch_dask.py                      # examples/*.txt, local processes
    uv run python examples/batch_dask.py pages/ out/ --scheduler threads
    uv run python examples/batch_dask.py archive.jsonl out/ --scheduler tcp://10.0.0.5:8786

*IN* is a directory of page dumps (``*.txt``, id = file name) or a JSON Lines file of
``{"id": ..., "text": ...}`` records. ``--scheduler`` is ``processes``, ``threads``, ``sync``,
or the address of a ``dask.distributed`` scheduler (needs ``pip install distributed``).

The ``if __name__ == "__main__":`` guard is required: Dask's process scheduler starts its
workers with "spawn", and each worker imports this file; without the guard, every worker would
start the whole run again.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

from newsmodel import dask as nd
from newsmodel.batch import parse_page_record, read_directory, read_jsonl, run_batch


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", default="examples", help="directory or .jsonl")
    parser.add_argument("out", nargs="?", help="output directory (a temporary one if omitted)")
    parser.add_argument("--scheduler", default="processes")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    compute: dict[str, object] = {}
    client = None
    if "://" in args.scheduler:
        from dask.distributed import Client  # a cluster: its workers must see the files

        client = Client(args.scheduler)
        client.run(nd.warm_up)  # load the tables once per worker, before the clock starts
    else:
        compute = {"scheduler": args.scheduler}
        if args.scheduler != "sync":
            compute["num_workers"] = args.workers

    source = Path(args.input)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out or tmp)
        counts = nd.run_archive(parse_page_record, source, out, **compute)
        where = f"; results in {out}" if args.out else ""
        print(f"Dask: {counts.ok} pages parsed, {counts.failed} failed{where}")

        # The same run without Dask, for comparison: identical lines, in the same order.
        items = read_directory(source) if source.is_dir() else read_jsonl(source)
        plain_out, plain_err = io.StringIO(), io.StringIO()
        plain = run_batch(parse_page_record, items, plain_out, errors=plain_err)
        dask_out = "".join(p.read_text("utf-8") for p in sorted((out / "results").iterdir()))
        dask_err = "".join(p.read_text("utf-8") for p in sorted((out / "errors").iterdir()))
        same = plain == counts and (plain_out.getvalue(), plain_err.getvalue()) == (
            dask_out,
            dask_err,
        )
        print("identical to run_batch:", same)
    if client is not None:
        client.close()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
