"""Following a story as it unfolds: poll feeds, analyse what is new, say what changed.

Each poll asks every feed with a conditional request (the ETag and Last-Modified it last
answered, kept in the store), fetches no page of a host faster than the fetcher's interval, and
leaves a host alone for as long as its Retry-After asks. New articles go through the same
pipeline as ``analyze``; the news of a poll is what the store holds afterwards and did not
before: new quotes by speaker, trails that grew, new drift, new findings.

A feed's validators are saved only once its articles are stored, so a poll cut short (Ctrl-C,
SIGTERM) is asked again in full next time; each batch of articles is one transaction, so an
interrupted batch leaves the store as it was.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from storytrail.article.nlp import DEFAULT_MODEL
from storytrail.article.registry import ARTICLE_STAGES, StageFunction
from storytrail.errors import InputError
from storytrail.ingest.readers import Fetcher, IngestOptions, RateLimited
from storytrail.model import Article, Drift
from storytrail.pipeline import RunSummary, run_results
from storytrail.store import Store

INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def interval_seconds(text: str) -> float:
    """ "15m", "30s", "1h", "90" (seconds) as seconds; ValueError for anything else."""
    match = INTERVAL.fullmatch(text.strip().lower())
    if match is None or float(match.group(1)) <= 0:
        raise ValueError(text)
    return float(match.group(1)) * UNIT_SECONDS[match.group(2)]


@dataclass
class Snapshot:
    """What a poll's news is measured against."""

    trails: dict[str, int]  # trail id -> members
    drift: set[tuple[str, str, str, str]]
    findings: set[str]

    @classmethod
    def of(cls, store: Store) -> Snapshot:
        trails = store.trails()
        return cls(
            {t.id: len(t.members) for t in trails},
            {drift_key(t.id, d) for t in trails for d in t.drift},
            {f.id for f in store.findings()},
        )


def drift_key(trail: str, drift: Drift) -> tuple[str, str, str, str]:
    return (trail, drift.source, drift.target, drift.kind)


@dataclass
class PollNews:
    """What one poll added to the store."""

    at: str
    articles: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    trails: list[dict[str, Any]] = field(default_factory=list)
    drift: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    not_modified: int = 0

    def empty(self) -> bool:
        return not (self.articles or self.quotes or self.trails or self.drift or self.findings)

    def events(self) -> Iterator[dict[str, Any]]:
        """One JSON object per item, each with its kind and the poll's time: the JSONL a watch writes."""
        for kind, items in (("article", self.articles), ("quote", self.quotes), ("trail", self.trails),
                            ("drift", self.drift), ("finding", self.findings)):
            for item in items:
                yield {"poll": self.at, "event": kind, **item}
        for problem in self.problems:
            yield {"poll": self.at, "event": "problem", "message": problem}

    def lines(self) -> Iterator[str]:
        """The news as a reader reads it."""
        head = f"[{self.at}] "
        if self.empty():
            skipped = f" ({self.not_modified} feed{'s' if self.not_modified != 1 else ''} not modified)" if self.not_modified else ""
            yield head + "nothing new" + skipped
        else:
            yield head + f"{len(self.articles)} new article{'s' if len(self.articles) != 1 else ''}, {len(self.quotes)} new quotes"
        for article in self.articles:
            yield f"  + {article['title'] or article['id']} ({article['outlet'] or article['id']})"
        by_speaker: dict[str, list[str]] = {}
        for quote in self.quotes:
            by_speaker.setdefault(quote["speaker"] or "no speaker", []).append(quote["text"])
        if by_speaker:
            yield "  New quotes, by speaker:"
            for speaker, texts in sorted(by_speaker.items(), key=lambda item: (-len(item[1]), item[0])):
                yield f"    {speaker} ({len(texts)}): " + " / ".join(f"“{shorten(t)}”" for t in texts[:3])
        if self.trails:
            yield "  Trails that grew:"
            for trail in self.trails:
                grown = "new" if trail["before"] == 0 else f"+{trail['members'] - trail['before']}"
                yield f"    “{shorten(trail['label'])}”: {trail['members']} members in {trail['articles']} articles ({grown})"
        if self.drift:
            yield "  New drift:"
            for drift in self.drift:
                yield f"    {drift['kind']}: {drift['from']} → {drift['to']}: {shorten(drift['detail'])}"
        if self.findings:
            yield "  New findings:"
            for finding in self.findings:
                yield f"    {finding['kind']}: {finding['summary']}"
        for problem in self.problems:
            yield f"  ! {problem}"


def shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Watcher:
    """Polls feeds into a store; ``poll`` returns the news of one poll."""

    def __init__(
        self,
        store: Store,
        feeds: list[str],
        options: IngestOptions | None = None,
        model: str = DEFAULT_MODEL,
        stages: tuple[StageFunction, ...] = ARTICLE_STAGES,
    ) -> None:
        self.store = store
        self.feeds = feeds
        self.options = options or IngestOptions()
        self.model = model
        self.stages = stages
        self.fetcher = Fetcher(self.options.fetch_interval, self.options.fetch_timeout, self.options.max_bytes)
        self.paused_until: dict[str, float] = {}  # feed -> when its host's Retry-After ends (monotonic)

    def read(self, news: PollNews, answered: dict[str, tuple[str | None, str | None]]) -> Iterator[Article | InputError]:
        for url in self.feeds:
            if time.monotonic() < self.paused_until.get(url, 0.0):
                continue
            try:
                fetched = self.fetcher.fetch(url, *self.store.feed_state(url))
            except RateLimited as limited:
                self.paused_until[url] = time.monotonic() + limited.seconds
                yield limited
                continue
            except InputError as error:
                yield error
                continue
            if fetched is None:
                news.not_modified += 1
                continue
            yield from self.fetcher.articles_in(url, fetched.data, fetched.content_type, known=self.holds)
            answered[url] = (fetched.etag, fetched.last_modified)

    def holds(self, doc_id: str) -> bool:
        stored = self.store.stored_article(doc_id)
        return stored is not None and stored.analyzed

    def poll(self) -> PollNews:
        news = PollNews(at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        before = Snapshot.of(self.store)
        answered: dict[str, tuple[str | None, str | None]] = {}
        summary = run_results(self.read(news, answered), self.store, model=self.model, stages=self.stages)
        for url, (etag, last_modified) in answered.items():
            self.store.save_feed_state(url, etag, last_modified)
        self.collect(news, before, summary)
        return news

    def collect(self, news: PollNews, before: Snapshot, summary: RunSummary) -> None:
        news.problems = [str(error) for error in summary.errors + summary.metadata_problems]
        for doc in summary.analyzed_ids:
            row = self.store.article(doc)
            if row is not None:
                news.articles.append({"id": doc, "title": row["title"], "outlet": row["outlet"], "url": row["url"], "published": row["published"]})
            for quote, speaker in self.store.article_quotes(doc):
                news.quotes.append({"doc": doc, "id": quote.id, "start": quote.start, "end": quote.end, "text": quote.text,
                                    "kind": quote.kind, "speaker": speaker})
        for trail in self.store.trails():
            members = len(trail.members)
            if members > before.trails.get(trail.id, 0):
                news.trails.append({"id": trail.id, "label": trail.label, "members": members, "before": before.trails.get(trail.id, 0),
                                    "articles": len({m.doc for m in trail.members})})
            news.drift.extend(dict(d.as_dict(), trail=trail.id) for d in trail.drift if drift_key(trail.id, d) not in before.drift)
        news.findings = [{"id": f.id, "kind": f.kind, "summary": f.summary} for f in self.store.findings() if f.id not in before.findings]
