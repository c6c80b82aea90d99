"""The pipeline: ingest → nlp → per-article stages → store, then the corpus stages.

Streams in batches so memory stays flat; each batch is committed on its own, so a killed run
resumes where it stopped and a re-run on the same input changes nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import queue
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from storytrail.article.nlp import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, parse
from storytrail.article.registry import ARTICLE_STAGES, ENCODER_STAGES, StageFunction
from storytrail.corpus.corrections import apply_corrections
from storytrail.corpus.entities import join_quoted_documents, resolve_entities
from storytrail.corpus.findings import find_findings
from storytrail.corpus.trails import build_trails
from storytrail.errors import InputError, MetadataProblem
from storytrail.ingest.readers import METADATA_FIELDS, IngestOptions, iter_articles, without_lone_surrogates
from storytrail.model import Analysis, Article, Correction
from storytrail.store import Store

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    analyzed: int = 0
    unchanged: int = 0
    quotes: int = 0
    words: int = 0
    errors: list[InputError] = field(default_factory=list)
    metadata_problems: list[MetadataProblem] = field(default_factory=list)  # reported, not failures
    analyzed_ids: list[str] = field(default_factory=list)
    corpus_seconds: dict[str, float] = field(default_factory=dict)  # each corpus stage's time in this run

    @property
    def failed(self) -> int:
        return len(self.errors)


def without_surrogates(article: Article) -> Article:
    """Lone surrogates (from JSON escapes, or an Article a library caller built) in the text, the
    id or the metadata become U+FFFD, one character for one, so offsets still index the text."""
    for name in ("id", "text", "source", *METADATA_FIELDS):
        setattr(article, name, without_lone_surrogates(getattr(article, name)))
    return article


def origin_of(source: str) -> str:
    """The file or URL an article came from, without the row or record within it."""
    return re.sub(r":\d+$", "", re.sub(r" \[[^\]]*\]$", "", source))


T = TypeVar("T")
OVERLAP_QUEUE = 16  # analyses parsed ahead of the encoders; bounds the memory the overlap costs
# How long the parse thread may hold the interpreter while the encoder thread waits for it (the
# default is 5 ms). Each encoder call gives the interpreter up and must get it back to go on; with
# the parser holding it that wait came to several seconds over 300 fnc1 bodies. At 1 ms the whole
# run took 27.8 s against 29.2 s (the mean of three and four runs), 0.5 and 0.2 ms no better.
HANDOVER_SWITCH_INTERVAL = 0.001
_DONE = object()


def analyze_articles(
    articles: Iterable[Article],
    model: str = DEFAULT_MODEL,
    batch_size: int = DEFAULT_BATCH_SIZE,
    stages: tuple[StageFunction, ...] = ARTICLE_STAGES,
    overlap: bool = False,
) -> Iterator[Analysis]:
    """Run the per-article stages over articles; a library entry point that needs no store.

    With ``overlap``, parsing and the text stages run in a second thread while this one runs the
    encoder stages (onnxruntime releases the GIL, the parser holds it): the same results, on two
    cores instead of one."""
    analyses = (Analysis(article=without_surrogates(a)) for a in articles)
    cut = next((i for i, stage in enumerate(stages) if stage in ENCODER_STAGES), len(stages))
    text_stages, encoder_stages = stages[:cut], stages[cut:]

    def prepared() -> Iterator[Analysis]:
        for analysis in parse(analyses, model=model, batch_size=batch_size):
            for stage in text_stages:
                analysis = stage(analysis)
            yield analysis

    source = in_thread(prepared()) if overlap and encoder_stages else prepared()
    for analysis in source:
        for stage in encoder_stages:
            analysis = stage(analysis)
        yield analysis


def in_thread(items: Iterator[Analysis]) -> Iterator[Analysis]:
    """Iterate ``items`` in a worker thread, handing them over through a bounded queue; an
    exception there is raised here."""
    handover: queue.Queue = queue.Queue(maxsize=OVERLAP_QUEUE)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                handover.put(item)
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, which raises it
            handover.put(error)
            return
        handover.put(_DONE)

    worker = threading.Thread(target=produce, name="storytrail-parse", daemon=True)
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(HANDOVER_SWITCH_INTERVAL)
    worker.start()
    try:
        while (item := handover.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        sys.setswitchinterval(switch_interval)
        stop.set()
        while worker.is_alive():  # unblock a producer waiting on a full queue, then let it finish
            try:
                handover.get_nowait()
            except queue.Empty:
                worker.join(timeout=0.05)


def batched(items: Iterable[Analysis], size: int) -> Iterator[list[Analysis]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def pending_articles(
    inputs: Iterable[str],
    store: Store,
    summary: RunSummary,
    options: IngestOptions | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
    replace: bool = False,
) -> Iterator[Article]:
    """The articles of the inputs that the store does not hold as they are now (``pending_of``)."""
    return pending_of(iter_articles(inputs, options), store, summary, on_error, on_article, replace)


def pending_of(
    results: Iterable[Article | InputError],
    store: Store,
    summary: RunSummary,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
    replace: bool = False,
) -> Iterator[Article]:
    """The articles read that the store does not hold as they are now. Bad input and repeated
    ids are reported and counted; an unchanged article only has its metadata refreshed. An
    article whose id the store holds for a text from another file or URL is refused, unless
    ``replace``: two folders that each hold ``article.txt`` must not overwrite each other."""
    seen: set[str] = set()

    def report(error: InputError) -> None:
        summary.errors.append(error)
        if on_error:
            on_error(error)

    for result in results:
        if isinstance(result, MetadataProblem):
            summary.metadata_problems.append(result)
            if on_error:
                on_error(result)
            continue
        if isinstance(result, InputError):
            report(result)
            continue
        if result.id in seen:
            report(InputError(result.source, f"a second article with the id {result.id!r}", "Give each article its own id; the first one was kept"))
            continue
        seen.add(result.id)
        result = without_surrogates(result)  # before the hash, so a re-run finds it unchanged
        if on_article:
            on_article(result)
        stored = store.stored_article(result.id)
        if stored is not None and stored.hash == result.hash and stored.analyzed:
            store.update_metadata(result)
            summary.unchanged += 1
            continue
        if stored is not None and not replace and origin_of(stored.source or "") != origin_of(result.source):
            report(InputError(
                result.source,
                f"the store already holds an article with the id {result.id!r}, from {stored.source}",
                "Analyse both folders in one run (their ids then include the folder), pass --replace to replace it, or use another --db",
            ))
            continue
        yield result


# Each corpus stage over a store: load what it needs, decide in the stage's plain function, save.


def run_entities(store: Store) -> list[Correction]:
    """Resolve the new mentions, then apply the reader's corrections; returns the corrections
    that named no entity of the store."""
    store.save_entities(resolve_entities(store.mentions()))
    return run_corrections(store)


def run_corrections(store: Store) -> list[Correction]:
    """Apply the reader's corrections; returns those that named no entity of the store."""
    corrections = store.corrections()
    if not corrections:
        return []
    outcome = apply_corrections(corrections, store.mentions(), store.entities())
    store.save_entities(outcome.changes)
    return outcome.unmatched


def run_trails(store: Store) -> int:
    """Returns how many trails there are."""
    update = build_trails(*store.trail_inputs())
    store.save_trails(update)
    return len(update.trails)


def run_document_joins(store: Store) -> int:
    """Returns how many documents were merged away."""
    merges = join_quoted_documents(store.quoted_documents(), store.mentions())
    store.save_document_merges(merges)
    return sum(len(m.others) for m in merges)


def run_findings(store: Store) -> int:
    """Returns how many findings there are."""
    findings = find_findings(store.roles(), {m.id: m for m in store.mentions()}, store.entities(), store.trails(), store.quotes_in_trails())
    store.save_findings(findings)
    return len(findings)


def run_corpus_stages(store: Store, seconds: dict[str, float] | None = None) -> list[Correction]:
    """Returns the reader's corrections that named no entity; adds each stage's time to ``seconds``."""
    timings = seconds if seconds is not None else {}

    def timed(stage: Callable[[Store], T]) -> T:
        started = time.perf_counter()
        result = stage(store)
        name = stage.__name__.removeprefix("run_")
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        return result

    unmatched = timed(run_entities)
    timed(run_trails)
    if timed(run_document_joins):
        unmatched = timed(run_corrections)  # a joined document takes the reader's name, if they gave one
        timed(run_trails)  # nothing new to match: the trail records take the documents' joined names
    timed(run_findings)
    return unmatched


def run(
    inputs: Iterable[str],
    store: Store,
    model: str = DEFAULT_MODEL,
    options: IngestOptions | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
    stages: tuple[StageFunction, ...] = ARTICLE_STAGES,
    overlap: bool = True,
    replace: bool = False,
) -> RunSummary:
    return run_results(iter_articles(inputs, options), store, model, batch_size, on_error, on_article, stages, overlap, replace)


def run_results(
    results: Iterable[Article | InputError],
    store: Store,
    model: str = DEFAULT_MODEL,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
    stages: tuple[StageFunction, ...] = ARTICLE_STAGES,
    overlap: bool = True,
    replace: bool = False,
) -> RunSummary:
    """``run`` over articles already read (and the errors met reading them): what ``watch`` gives it."""
    summary = RunSummary()
    pending = pending_of(results, store, summary, on_error, on_article, replace)
    analyses = analyze_articles(pending, model=model, batch_size=batch_size, stages=stages, overlap=overlap)
    for batch in batched(analyses, batch_size):
        store.write_batch(batch, model)
        summary.analyzed += len(batch)
        summary.analyzed_ids.extend(a.article.id for a in batch)
        summary.quotes += sum(len(a.quotes) for a in batch)
        summary.words += sum(len(a.article.text.split()) for a in batch)
        log.info("stored %d articles", summary.analyzed)
    give_back_freed_memory()
    run_corpus_stages(store, summary.corpus_seconds)
    return summary


def give_back_freed_memory() -> None:
    """Return the memory the article stages freed to the system before the corpus stages run. The
    parse thread's allocator arena keeps what its last batches freed, and the corpus stages, in
    the main thread, do not reuse it: at ten times the 168-article fnc1 sample the corpus stages
    peaked 25 MB lower with it given back (glibc's ``malloc_trim``; elsewhere nothing to do)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)
