"""A Dask run (local cluster, two workers) gives the same store as a single-process run."""

from __future__ import annotations

import io
import json

import pytest

from .conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow


def exported(db, what: str) -> list[dict]:
    from storytrail.export import write_jsonl
    from storytrail.records import RECORDS
    from storytrail.store import Store

    stream = io.StringIO()
    with Store(db, readonly=True) as store:
        write_jsonl(RECORDS[what](store), stream)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    from storytrail.distributed import run_distributed
    from storytrail.ingest.readers import IngestOptions, load_metadata
    from storytrail.pipeline import run
    from storytrail.store import Store

    folder = tmp_path_factory.mktemp("dask")
    options = IngestOptions(metadata=load_metadata(ROOT / "examples" / "seeds-metadata.csv"))
    with Store(folder / "single.db") as store:
        run([str(EXAMPLES)], store, options=options)
    with Store(folder / "dask.db") as store:
        # partitions of two articles, so both workers get some and the store loads several parts
        summary = run_distributed([str(EXAMPLES)], store, folder / "out", workers=2, options=options, partition_size=2)
    return folder, summary


def test_dask_run_equals_single_process_run(runs):
    folder, summary = runs
    assert summary.analyzed == 5 and summary.quotes > 50
    for what in ("articles", "quotes", "entities", "trails", "stance", "findings"):
        single, dask = exported(folder / "single.db", what), exported(folder / "dask.db", what)
        assert single, what
        assert dask == single, what


def test_the_parquet_dataset_is_queryable_and_loads_into_a_new_store(runs):
    import duckdb

    from storytrail.distributed import load_parts
    from storytrail.store import Store

    folder, _ = runs
    out = folder / "out"
    assert len(list((out / "quotes").glob("part-*.parquet"))) == 3
    top = duckdb.sql(
        f"""SELECT e.name, count(*) FROM '{out}/quotes/*.parquet' q JOIN '{out}/quote_links.parquet' l ON l.quote = q.id
            JOIN '{out}/entities.parquet' e ON e.id = l.speaker_entity GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 2"""  # noqa: S608 - the test's own folder
    ).fetchall()
    assert [name for name, _ in top] == ["Ken Livingstone", "Sadiq Khan"]
    with Store(folder / "loaded.db") as store:
        assert load_parts(out, store) == 5
    assert exported(folder / "loaded.db", "quotes") == exported(folder / "single.db", "quotes")
    assert exported(folder / "loaded.db", "trails") == exported(folder / "single.db", "trails")


def test_a_second_dask_run_on_the_same_input_changes_nothing(runs):
    from storytrail.distributed import run_distributed
    from storytrail.ingest.readers import IngestOptions, load_metadata
    from storytrail.store import Store

    folder, _ = runs
    before = {what: exported(folder / "dask.db", what) for what in ("articles", "quotes", "trails")}
    options = IngestOptions(metadata=load_metadata(ROOT / "examples" / "seeds-metadata.csv"))
    with Store(folder / "dask.db") as store:
        summary = run_distributed([str(EXAMPLES)], store, folder / "out", workers=2, options=options, partition_size=2)
    assert summary.analyzed == 0 and summary.unchanged == 5
    assert {what: exported(folder / "dask.db", what) for what in before} == before
