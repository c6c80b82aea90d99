"""Distributed runs on Dask: the per-article stages as partitions on the workers, results as a
Parquet dataset that the store loads and DuckDB queries directly.

The client streams the input: it reads articles, skips those the store already holds unchanged,
and submits partitions of them while at most two per worker are in flight, so memory stays
flat however large the corpus. Each worker loads the spaCy pipeline and the encoders once (they
are cached per process) and writes its partition's rows, one Parquet file per table, under
``OUT/<table>/part-<id>.parquet``; ids depend only on the partition's articles, so a re-run
rewrites the same files. The store then loads the parts and the corpus stages (entities,
trails, findings) run over it as in a single-process run: they read stored vectors and cost a
few seconds where the per-article stages cost minutes. Their results join the dataset
(``entities.parquet``, ``trails.parquet``, ``findings.parquet``, and ``quote_links.parquet``:
each quote's corpus-level speaker entity and trail).

With ``--scheduler`` the workers run elsewhere: ``OUT`` must then be a folder every worker and
the client can reach under the same path (a shared file system).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from storytrail.article.nlp import DEFAULT_BATCH_SIZE, DEFAULT_MODEL
from storytrail.article.registry import ARTICLE_STAGES, StageFunction
from storytrail.errors import InputError
from storytrail.ingest.readers import IngestOptions
from storytrail.model import Article, stable_id
from storytrail.pipeline import RunSummary, analyze_articles, pending_articles, run_corpus_stages
from storytrail.store.database import TABLE_COLUMNS, Store, analysis_rows

log = logging.getLogger(__name__)

PARTITION_ARTICLES = 32  # big enough that task overhead is noise, small enough to balance two workers
IN_FLIGHT_PER_WORKER = 2
INTEGER_COLUMNS = frozenset({"start", "end", "words", "title_start", "title_end", "cue_start", "cue_end", "speaker_start", "speaker_end", "sentences",
                             "negative", "positive", "reports"})
FLOAT_COLUMNS = frozenset({"score", "confidence"})


def arrow_schema(table: str):  # noqa: ANN201 - pyarrow.Schema, imported lazily
    """Fixed column types: a partition where a column is all empty must still match the others."""
    import pyarrow as pa

    def type_of(column: str) -> pa.DataType:
        if column in INTEGER_COLUMNS:
            return pa.int64()
        if column in FLOAT_COLUMNS:
            return pa.float64()
        if column == "vector":
            return pa.binary()
        return pa.string()

    return pa.schema([(c, type_of(c)) for c in TABLE_COLUMNS[table]])


def analyze_partition(articles: list[Article], out: str, model: str, stages: tuple[StageFunction, ...], batch_size: int) -> dict:
    """On a worker: run the per-article stages over one partition and write its Parquet parts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    part = stable_id("partition", *(a.id for a in articles))
    tables: dict[str, list[tuple]] = {t: [] for t in TABLE_COLUMNS}
    quotes = words = 0
    for analysis in analyze_articles(articles, model=model, batch_size=batch_size, stages=stages):
        for table, rows in analysis_rows(analysis, model).items():
            tables[table].extend(rows)
        quotes += len(analysis.quotes)
        words += len(analysis.article.text.split())
    for table, rows in tables.items():
        folder = Path(out) / table
        folder.mkdir(parents=True, exist_ok=True)
        columns = TABLE_COLUMNS[table]
        data = pa.Table.from_pylist([dict(zip(columns, row)) for row in rows], schema=arrow_schema(table))
        pq.write_table(data, folder / f"part-{part}.parquet")
    return {"part": part, "articles": len(articles), "quotes": quotes, "words": words}


def partition_rows(out: Path, part: str) -> dict[str, list[tuple]]:
    import pyarrow.parquet as pq

    rows = {}
    for table, columns in TABLE_COLUMNS.items():
        data = pq.read_table(out / table / f"part-{part}.parquet").to_pydict()
        rows[table] = list(zip(*(data[c] for c in columns)))
    return rows


def load_parts(out: Path, store: Store) -> int:
    """Load every Parquet part of a run into the store, one transaction per part, then run the
    corpus stages. Returns the number of articles loaded."""
    parts = sorted(p.name.removeprefix("part-").removesuffix(".parquet") for p in (out / "articles").glob("part-*.parquet"))
    loaded = 0
    for part in parts:
        rows = partition_rows(out, part)
        store.write_rows([rows])
        loaded += len(rows["articles"])
    run_corpus_stages(store)
    write_corpus_tables(store, out)
    return loaded


@dataclass
class Cluster:
    """A Dask client, on a local cluster of ``workers`` processes or on an existing scheduler."""

    workers: int = 2
    scheduler: str | None = None

    def __enter__(self):  # noqa: ANN204 - distributed.Client
        from distributed import Client, LocalCluster

        # importing distributed sets its loggers to INFO; they follow ours (-v) instead
        logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
        if self.scheduler:
            self.cluster = None
            self.client = Client(self.scheduler)
        else:
            # one thread per worker: spaCy and onnxruntime each keep one core busy
            self.cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
            )
            self.client = Client(self.cluster)
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def run_distributed(
    inputs: Iterable[str],
    store: Store,
    out: Path,
    workers: int = 2,
    scheduler: str | None = None,
    model: str = DEFAULT_MODEL,
    options: IngestOptions | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    partition_size: int = PARTITION_ARTICLES,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
    stages: tuple[StageFunction, ...] = ARTICLE_STAGES,
    replace: bool = False,
) -> RunSummary:
    """The same run as ``pipeline.run``, with the per-article stages on Dask workers."""
    from distributed import as_completed

    summary = RunSummary()
    out.mkdir(parents=True, exist_ok=True)
    pending = pending_articles(inputs, store, summary, options, on_error, on_article, replace)
    with Cluster(workers, scheduler) as client:
        limit = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
        running = as_completed()
        in_flight = 0

        def collect(future) -> None:  # noqa: ANN001 - distributed.Future
            result = future.result()
            store.write_rows([partition_rows(out, result["part"])])  # loaded as parts finish: a killed run keeps them
            summary.analyzed += result["articles"]
            summary.quotes += result["quotes"]
            summary.words += result["words"]
            log.info("stored %d articles", summary.analyzed)

        while partition := list(islice(pending, partition_size)):
            running.add(client.submit(analyze_partition, partition, str(out), model, stages, batch_size, pure=False))
            in_flight += 1
            if in_flight >= limit:
                collect(next(running))
                in_flight -= 1
        for future in running:
            collect(future)
    run_corpus_stages(store)
    write_corpus_tables(store, out)
    return summary


def write_corpus_tables(store: Store, out: Path) -> None:
    """What the corpus stages decided, beside the per-article parts: entities, trails and
    findings as their exports, and each quote's corpus-level speaker and trail."""
    from storytrail.export import write_parquet
    from storytrail.records import RECORDS

    for what in ("entities", "trails", "findings"):
        write_parquet(RECORDS[what](store), out / f"{what}.parquet")
    write_parquet(
        store.quote_links(), out / "quote_links.parquet"
    )
