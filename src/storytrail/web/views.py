"""What the report and the explorer show: read-only queries over the store, as plain records.

Both front ends render these records with the same templates, so a view looks the same in the
static report and in the live explorer; only the links differ.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from storytrail.records import by_spread, finding_records, stance_records, tied_sources
from storytrail.store import Store
from storytrail.store.reads import SNIPPET_CLOSE, SNIPPET_OPEN, QuoteQuery, fts_query

GRID_ACTORS = 16
MAX_PER_PAGE = 200
ENTITY_ARTICLES = 20  # an entity page shows its mentions in context in this many articles, and counts the rest,
ENTITY_QUOTES = 30  # this many of its quotes, linking to all of them,
ENTITY_STANCE = 30  # and the stance of this many article voices, those resting on the most sentences first


@dataclass(slots=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return 1 if self.per_page < 1 else max(1, -(-self.total // self.per_page))

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "page": self.page, "per_page": self.per_page, "pages": self.pages}


def marked(snippet: str) -> list[tuple[str, bool]]:
    """An FTS5 snippet as (text, is_match) pieces, so the template escapes the text itself."""
    pieces: list[tuple[str, bool]] = []
    for part in re.split(f"({SNIPPET_OPEN}.*?{SNIPPET_CLOSE})", snippet, flags=re.S):
        if part.startswith(SNIPPET_OPEN):
            pieces.append((part.strip(SNIPPET_OPEN + SNIPPET_CLOSE), True))
        elif part:
            pieces.append((part, False))
    return pieces


ALL = None  # per_page for every row at once: the report's use, never a web request's


def paged(page: int, per_page: int | None) -> tuple[int, int]:
    """Page and page size as LIMIT/OFFSET wants them; a request asks for at most MAX_PER_PAGE rows."""
    if per_page is ALL:
        return 1, -1  # SQLite: LIMIT -1 is no limit
    return max(1, page), max(1, min(per_page, MAX_PER_PAGE))


# ---------------------------------------------------------------- overview


def overview(store: Store) -> dict[str, Any]:
    counts = store.counts()
    articles = store.article_overview()
    outlets = Counter(a["outlet"] or "unknown outlet" for a in articles)
    dated = [a["published"] for a in articles if a["published"]]
    return {
        "counts": counts,
        "articles": articles,
        "outlets": outlets.most_common(),
        "first_date": min(dated) if dated else None,
        "last_date": max(dated) if dated else None,
        "undated": len(articles) - len(dated),
        "dates": len(set(dated)),
        "timeline": [{"date": a["published"], "source": a["source_label"], "title": a["title"] or a["id"], "id": a["id"]} for a in articles if a["published"]],
    }


def articles(store: Store, page: int = 1, per_page: int | None = 50) -> Page:
    """Articles with their metadata and text, by id: the records ``export --what articles`` writes."""
    page, per_page = paged(page, per_page)
    total = store.article_count()
    rows = store.article_rows(per_page, (page - 1) * per_page)
    return Page([dict(r) for r in rows], total, page, per_page)


# ---------------------------------------------------------------- speakers


def speakers(store: Store, outlet: str = "", limit: int = 200) -> dict[str, Any]:
    """Who is quoted how often, overall and per source."""
    rows = store.speaker_counts(outlet)
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = table.setdefault(row["speaker"], {"speaker": row["speaker"], "entity": row["entity"], "name": row["name"], "quotes": 0, "articles": 0, "by_source": {}})
        entry["quotes"] += row["quotes"]
        entry["articles"] += row["articles"]
        entry["by_source"][row["source_label"]] = row["quotes"]
    ranked = sorted(table.values(), key=lambda e: (-e["quotes"], e["name"] or ""))[:limit]
    return {"speakers": ranked, "sources": store.sources(), "outlet": outlet}


# ---------------------------------------------------------------- quotes


def quotes(store: Store, filters: QuoteQuery, page: int = 1, per_page: int | None = 50) -> Page:
    page, per_page = paged(page, per_page)
    total, found = store.quote_page(filters, per_page, (page - 1) * per_page)
    items = []
    for quote, row in found:
        record = quote.export()
        record.update(title=row["title"], published=row["published"], source=row["source_label"], speaker_label=row["speaker_label"])
        record["snippet"] = marked(row["snippet"]) if row["snippet"] else None
        items.append(record)
    return Page(items, total, page, per_page)


# ---------------------------------------------------------------- trails


QUOTE_KINDS = ("direct", "indirect", "mixed", "block")
CUE_TYPES = ("speech", "thought")


def filter_choices(store: Store) -> dict[str, list[Any]]:
    """Values for the filter menus of the explorer's and the report's quotes and trails."""
    return {"sources": store.sources(), "speakers": store.speaking_entities(), "kinds": list(QUOTE_KINDS), "cue_types": list(CUE_TYPES)}


def trails(store: Store, filters: QuoteQuery | None = None, min_size: int = 2) -> list[dict[str, Any]]:
    """The trails, widest spread first (most outlets, then most members, then earliest), each with
    the facets its members have (sources, speakers, kinds, cue types, dates) for the report's
    filters. A filter keeps a trail when some member has what it asks."""
    filters = filters or QuoteQuery()
    sources = store.source_labels()
    facets = store.quote_facets()
    words = [w.casefold() for w in filters.text.split()]
    out = []
    for trail in by_spread([t for t in store.trails() if len(t.members) >= min_size], sources):
        members = trail.members
        quotes = [facets[m.quote] for m in members if m.quote in facets]
        member_sources = sorted({sources.get(m.doc, m.doc) for m in members})
        record = {
            "id": trail.id,
            "label": members[0].text,
            "size": len(members),
            "articles": len({m.doc for m in members}),
            "outlets": len(member_sources),
            "first": trail.first,
            "first_source": tied_sources(trail, sources) or sources.get(trail.first, trail.first),
            "first_tied": bool(trail.first_tied),
            "first_date": members[0].published,
            "speakers": sorted({m.speaker for m in members if m.speaker}),
            "drift_kinds": sorted({d.kind for d in trail.drift}),
            "facets": {
                "source": member_sources,
                "speaker": sorted({q["speaker_entity"] for q in quotes if q["speaker_entity"]}),
                "kind": sorted({q["kind"] for q in quotes}),
                "cue": sorted({q["cue_type"] for q in quotes}),
                "dates": sorted({m.published for m in members if m.published}),
            },
        }
        if trail_matches(record, filters, words, " ".join(m.text for m in members).casefold()):
            out.append(record)
    return out


def trail_matches(record: dict[str, Any], filters: QuoteQuery, words: list[str], text: str) -> bool:
    facets = record["facets"]
    asked = ((filters.outlet, "source"), (filters.speaker, "speaker"), (filters.kind, "kind"), (filters.cue_type, "cue"))
    if any(value and value not in facets[name] for value, name in asked):
        return False
    if not all(w in text for w in words):
        return False
    # a bare end date takes in the whole day, as the quotes filter does
    return not (filters.date_from or filters.date_to) or any(
        (not filters.date_from or d >= filters.date_from) and (not filters.date_to or d <= filters.date_to + "~") for d in facets["dates"]
    )


def trail(store: Store, trail_id: str) -> dict[str, Any] | None:
    found = store.trail(trail_id)
    if found is None:
        return None
    sources = store.source_labels()
    tied = set(found.first_tied)
    members = [dict(m.as_dict(), source=sources.get(m.doc, m.doc), tied_first=m.doc in tied) for m in found.members]
    drift: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for d in (d.as_dict() for d in found.drift):
        # one entry per article pair, kind and change, however many of its quotes repeat it
        drift.setdefault((d["from"], d["to"], d["kind"], d["detail"]), d)
    return {
        "id": found.id,
        "label": members[0]["text"],
        "first": found.first,
        "first_tied": found.first_tied,
        "members": members,
        "drift": list(drift.values()),
        "dates": len({m["published"] for m in members if m["published"]}),
        "timeline": [{"date": m["published"], "source": m["source"], "text": m["text"], "doc": m["doc"]} for m in members if m["published"]],
    }


# ---------------------------------------------------------------- entities


def entities(store: Store, type_: str = "", text: str = "", page: int = 1, per_page: int | None = 100) -> Page:
    page, per_page = paged(page, per_page)
    total, rows = store.entity_page(type_, text, per_page, (page - 1) * per_page)
    items = [
        {
            "id": r["id"],
            "name": r["name"],
            "type": r["type"],
            "mentions": r["mentions"],
            "articles": r["articles"],
            "aliases": sorted(set((r["aliases"] or "").split(",")) - {r["name"], ""}),
        }
        for r in rows
    ]
    return Page(items, total, page, per_page)


def entity_types(store: Store) -> list[str]:
    return store.entity_types()


def entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    row = store.entity(entity_id)
    if row is None:
        return None
    mentions: dict[str, dict[str, Any]] = {}
    for m in store.entity_in_context(entity_id, ENTITY_ARTICLES):
        article = mentions.setdefault(m["doc"], {"doc": m["doc"], "title": m["title"], "source": m["source_label"], "published": m["published"], "mentions": []})
        article["mentions"].append({"start": m["start"], "end": m["end"], "text": m["text"], "before": m["before"], "after": m["after"]})
    spoken = quotes(store, QuoteQuery(speaker=entity_id), per_page=ENTITY_QUOTES)
    stance = sorted(stance_records_of(store, entity_id), key=lambda r: (-r["sentences"], r["doc"]))
    return {
        "id": row["id"],
        "name": row["name"],
        "type": row["type"],
        "aliases": store.entity_aliases(entity_id),
        "articles": list(mentions.values()),
        "article_total": store.entity_article_count(entity_id),
        "quotes": spoken.items,
        "quote_total": spoken.total,
        "stance": stance[:ENTITY_STANCE],
        "stance_total": len(stance),
    }


def stance_records_of(store: Store, entity_id: str) -> list[dict[str, Any]]:
    sources = store.source_labels()
    records = list(stance_records(store, entities=[entity_id]))
    for r in records:
        r["source"] = sources.get(r["doc"], r["doc"])
    return records


# ---------------------------------------------------------------- stance grid


def stance_grid(store: Store, actors: int = GRID_ACTORS, page: int = 1, per_page: int | None = 50) -> dict[str, Any]:
    """Sources × the most covered actors: the article's own voice toward each, with its evidence;
    then what the quoted people say about those actors."""
    top = store.top_actors(actors)
    sources = store.source_labels()
    cells: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    quoted: list[dict[str, Any]] = []
    for record in stance_records(store, entities=[e for e, _ in top]):
        record["source"] = sources.get(record["doc"], record["doc"])
        if record["voice"] == "article":
            cells[(record["source"], record["entity"])].append(record)
        else:
            quoted.append(record)
    rows = sorted({source for source, _ in cells})
    page_no, size = paged(page, per_page)
    shown = rows if size < 1 else rows[(page_no - 1) * size : page_no * size]
    grid = {source: {e: summarise_cell(cells[(source, e)]) for e, _ in top if cells.get((source, e))} for source in shown}
    return {
        "actors": top,
        "sources": shown,
        "grid": grid,
        "quoted": [q for q in quoted if q["source"] in grid],
        "page": Page([], len(rows), page_no, size),
    }


def summarise_cell(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One source's article voices toward one actor. Where the source has several articles naming
    the actor (several events, perhaps), their sentences pool and the verdict is taken again."""
    from storytrail.article.stance import pooled_score, pooled_verdict

    label, confidence, negative, positive, sentences = pooled_verdict(
        [(r["label"], r["confidence"], r["negative"], r["positive"], r["sentences"]) for r in records], records[0]["voice"]
    )
    return {
        "label": label,
        "confidence": round(confidence, 2),
        "sentences": sentences,
        "negative": negative,
        "positive": positive,
        "score": round(pooled_score([(r["score"], r["sentences"]) for r in records]), 3),
        "evidence": [dict(e, doc=r["doc"]) for r in records for e in r["evidence"]],
        "docs": [r["doc"] for r in records],
    }


# ---------------------------------------------------------------- findings


def findings(store: Store) -> list[dict[str, Any]]:
    sources = store.source_labels()
    out = list(finding_records(store))
    for finding in out:
        for e in finding["evidence"]:
            e["source"] = sources.get(e["doc"], e["doc"])
    return out


# ---------------------------------------------------------------- articles


@dataclass(slots=True, frozen=True)
class Mark:
    """One annotation laid over the article text: a quote, its speaker or cue, or a mention."""

    start: int
    end: int
    kind: str  # evidence, quote, speaker, cue, mention
    ref: str  # the quote or entity id it links to
    anchor: str = ""  # names the mark; the first piece carries it as its element id
    title: str = ""
    first: bool = False


MARK_ORDER = {"evidence": 0, "quote": 1, "speaker": 2, "cue": 2, "mention": 3}


def nested(text: str, marks: list[Mark], anchored: set[str]) -> list[tuple[str, Any]]:
    """The text with its marks as properly nested ("open", mark) / ("text", str) / ("close", mark)
    tokens. Marks that cross (a quote that ends inside an evidence sentence) are cut where the
    enclosing mark closes, and only there; every piece keeps the mark's anchor in ``data-mark``,
    the first in the article (``anchored`` holds those already given) also as its id."""
    unique = {(m.start, m.end, m.kind, m.ref): m for m in marks if m.start < m.end}
    pending = [(m.start, -m.end, MARK_ORDER[m.kind], i, m) for i, m in enumerate(unique.values())]
    heapq.heapify(pending)
    tokens: list[tuple[str, Any]] = []
    stack: list[Mark] = []
    position, counter = 0, len(pending)

    def emit_to(offset: int) -> None:
        nonlocal position
        if offset > position:
            tokens.append(("text", text[position:offset]))
            position = offset

    def close_until(offset: int) -> None:
        while stack and stack[-1].end <= offset:
            emit_to(stack[-1].end)
            tokens.append(("close", stack.pop()))

    while pending:
        start, _, order, _, mark = heapq.heappop(pending)
        close_until(start)
        if stack and mark.end > stack[-1].end:  # crosses the enclosing mark: cut it there
            rest = Mark(stack[-1].end, mark.end, mark.kind, mark.ref, mark.anchor, mark.title)
            heapq.heappush(pending, (rest.start, -rest.end, order, counter, rest))
            counter += 1
            mark = Mark(mark.start, stack[-1].end, mark.kind, mark.ref, mark.anchor, mark.title)
        emit_to(start)
        first = bool(mark.anchor) and mark.anchor not in anchored
        anchored.add(mark.anchor)
        opened = Mark(mark.start, mark.end, mark.kind, mark.ref, mark.anchor, mark.title, first=first)
        tokens.append(("open", opened))
        stack.append(opened)
    close_until(len(text))
    emit_to(len(text))
    return tokens


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    row = store.article(article_id)
    if row is None:
        return None
    text = row["text"]
    marks: list[Mark] = []
    quote_items = []
    for quote, speaker_label in store.article_quotes(article_id):
        record = quote.export()
        record["speaker_label"] = speaker_label
        quote_items.append(record)
        title = f"{quote.kind} quote" + (f" — {speaker_label}" if speaker_label else "")
        for s, e in quote.spans:  # a split quote's parts share one anchor: a link lights up all of them
            marks.append(Mark(s, e, "quote", quote.id, f"q-{quote.id}", title))
        if quote.speaker is not None:
            marks.append(Mark(quote.speaker.start, quote.speaker.end, "speaker", "", "", f"speaker: {speaker_label or ''}"))
        if quote.cue is not None:
            marks.append(Mark(quote.cue.start, quote.cue.end, "cue", "", "", "cue"))
    entity_names: dict[str, str] = {}
    for m in store.article_mentions(article_id):
        marks.append(Mark(m["start"], m["end"], "mention", m["entity"], f"e-{m['start']}-{m['end']}", f"{m['name']} ({m['type']})"))
        entity_names[m["entity"]] = m["name"]
    stance = [dict(r, source=row["source_label"]) for r in stance_records(store, doc=article_id)]
    evidence = [e for s in stance for e in s["evidence"]]
    evidence += [e for f in finding_records(store) for e in f["evidence"] if e["doc"] == article_id]
    marks += [Mark(e["start"], e["end"], "evidence", "", f"e-{e['start']}-{e['end']}") for e in evidence]
    paragraphs = split_paragraphs(text, marks)
    return {
        "article": {k: row[k] for k in row.keys() if k != "text"},
        "paragraphs": paragraphs,
        "quotes": quote_items,
        "entities": sorted(entity_names.items(), key=lambda kv: kv[1]),
        "stance": stance,
    }


def split_paragraphs(text: str, marks: list[Mark]) -> list[list[tuple[str, Any]]]:
    """Nested tokens per paragraph (blank-line separated), so the page keeps the article's layout."""
    paragraphs: list[list[tuple[str, Any]]] = []
    anchored: set[str] = set()
    for match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        start, end = match.span()
        inside = [Mark(max(m.start, start) - start, min(m.end, end) - start, m.kind, m.ref, m.anchor, m.title) for m in marks if m.start < end and m.end > start]
        paragraphs.append(nested(text[start:end], inside, anchored))
    return paragraphs


# ---------------------------------------------------------------- search


def search(store: Store, text: str, limit: int = 50) -> dict[str, Any]:
    query = fts_query(text)
    if not query:
        return {"text": text, "quotes": [], "articles": []}
    quote_hits = quotes(store, QuoteQuery(text=text), per_page=limit)
    article_hits = [
        {"id": r["id"], "title": r["title"], "source": r["source_label"], "published": r["published"], "snippet": marked(r["snippet"])}
        for r in store.article_hits(query, limit)
    ]
    return {"text": text, "quotes": quote_hits.items, "quote_total": quote_hits.total, "articles": article_hits}
