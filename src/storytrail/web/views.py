"""What the report and the explorer show: read-only queries over the store, as plain records.

Both front ends render these records with the same templates, so a view looks the same in the
static report and in the live explorer; only the links differ.
"""

from __future__ import annotations

import heapq
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from storytrail.export import ARTICLE_COLUMNS, finding_records, quote_from_row, stance_records
from storytrail.store import Store

SOURCE = "coalesce(nullif(a.outlet, ''), nullif(a.title, ''), a.id)"  # what names an article's source when no outlet is known
SEARCH_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # marks that cannot occur in stored text, split out before escaping
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


@dataclass(slots=True)
class QuoteFilter:
    text: str = ""
    outlet: str = ""
    speaker: str = ""  # entity id of the speaker
    entity: str = ""  # entity id mentioned in the quote's article
    date_from: str = ""
    date_to: str = ""
    trail: str = ""

    def active(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k)}


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query of quoted words: no operator or syntax error can come from input."""
    tokens = SEARCH_WORD.findall(text)
    return " ".join(f'"{t}"' for t in tokens[:16]) or None


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


def source_labels(store: Store) -> dict[str, str]:
    """Article id → the name of its source, as every view shows it."""
    return dict(store.rows(f"SELECT a.id, {SOURCE} FROM articles a"))


def paged(page: int, per_page: int | None) -> tuple[int, int]:
    """Page and page size as LIMIT/OFFSET wants them; a request asks for at most MAX_PER_PAGE rows."""
    if per_page is ALL:
        return 1, -1  # SQLite: LIMIT -1 is no limit
    return max(1, page), max(1, min(per_page, MAX_PER_PAGE))


# ---------------------------------------------------------------- overview


def overview(store: Store) -> dict[str, Any]:
    counts = store.counts()
    articles = [
        dict(row)
        for row in store.rows(
            f"""SELECT a.id, a.title, a.outlet, a.author, a.url, a.published, a.words, {SOURCE} AS source_label,
                      (SELECT count(*) FROM quotes q WHERE q.doc = a.id) AS quotes,
                      (SELECT count(DISTINCT coalesce(q.speaker_entity, q.speaker_cluster)) FROM quotes q
                        WHERE q.doc = a.id AND q.speaker_cluster IS NOT NULL) AS speakers
               FROM articles a ORDER BY a.published IS NULL, a.published, a.id"""
        )
    ]
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
    total = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    rows = store.rows(
        f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY id LIMIT ? OFFSET ?",
        (per_page, (page - 1) * per_page),
    )
    return Page([dict(r) for r in rows], total, page, per_page)


# ---------------------------------------------------------------- speakers


def speakers(store: Store, outlet: str = "", limit: int = 200) -> dict[str, Any]:
    """Who is quoted how often, overall and per source."""
    where, params = ("WHERE q.speaker_cluster IS NOT NULL", [])
    if outlet:
        where += f" AND {SOURCE} = ?"
        params.append(outlet)
    rows = store.rows(
        f"""SELECT coalesce(q.speaker_entity, q.speaker_cluster) AS speaker, q.speaker_entity AS entity,
                   coalesce(e.name, q.speaker_name) AS name, {SOURCE} AS source_label, count(*) AS quotes,
                   count(DISTINCT q.doc) AS articles
            FROM quotes q JOIN articles a ON a.id = q.doc LEFT JOIN entities e ON e.id = q.speaker_entity
            {where} GROUP BY speaker, source_label""",
        tuple(params),
    )
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = table.setdefault(row["speaker"], {"speaker": row["speaker"], "entity": row["entity"], "name": row["name"], "quotes": 0, "articles": 0, "by_source": {}})
        entry["quotes"] += row["quotes"]
        entry["articles"] += row["articles"]
        entry["by_source"][row["source_label"]] = row["quotes"]
    ranked = sorted(table.values(), key=lambda e: (-e["quotes"], e["name"] or ""))[:limit]
    sources = [r["source_label"] for r in store.rows(f"SELECT DISTINCT {SOURCE} AS source_label FROM articles a ORDER BY source_label")]
    return {"speakers": ranked, "sources": sources, "outlet": outlet}


# ---------------------------------------------------------------- quotes


def quotes(store: Store, filters: QuoteFilter, page: int = 1, per_page: int | None = 50) -> Page:
    page, per_page = paged(page, per_page)
    joins, where, params = [], [], []
    select_snippet = "NULL AS snippet"
    query = fts_query(filters.text)
    if query:
        joins.append("JOIN quotes_fts f ON f.rowid = q.rowid")
        where.append("quotes_fts MATCH ?")
        params.append(query)
        select_snippet = f"snippet(quotes_fts, 0, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', 24) AS snippet"
    elif filters.text:
        where.append("0")  # words only of punctuation match nothing
    conditions = (
        (filters.outlet, f"{SOURCE} = ?"),
        (filters.speaker, "q.speaker_entity = ?"),
        (filters.entity, "q.doc IN (SELECT doc FROM mentions WHERE entity = ?)"),
        (filters.trail, "q.trail = ?"),
        (filters.date_from, "a.published >= ?"),
        (filters.date_to and filters.date_to + "~", "a.published < ?"),  # a bare date bounds every time on that day
    )
    for value, condition in conditions:
        if value:
            where.append(condition)
            params.append(value)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    base = f"FROM quotes q JOIN articles a ON a.id = q.doc LEFT JOIN entities e ON e.id = q.speaker_entity {' '.join(joins)} {clause}"
    total = store.db.execute(f"SELECT count(*) {base}", tuple(params)).fetchone()[0]
    rows = store.rows(
        f"""SELECT q.*, a.title, a.published, {SOURCE} AS source_label, coalesce(e.name, q.speaker_name) AS speaker_label, {select_snippet}
            {base}
            ORDER BY a.published IS NULL, a.published, q.doc, q.start LIMIT ? OFFSET ?""",
        (*params, per_page, (page - 1) * per_page),
    )
    items = []
    for row in rows:
        record = quote_from_row(row).export()
        record.update(title=row["title"], published=row["published"], source=row["source_label"], speaker_label=row["speaker_label"])
        record["snippet"] = marked(row["snippet"]) if row["snippet"] else None
        items.append(record)
    return Page(items, total, page, per_page)


def filter_choices(store: Store) -> dict[str, list[Any]]:
    """Values for the explorer's filter menus."""
    return {
        "sources": [r[0] for r in store.rows(f"SELECT DISTINCT {SOURCE} FROM articles a ORDER BY 1")],
        "speakers": [
            (r["id"], r["name"])
            for r in store.rows(
                "SELECT e.id, e.name FROM entities e WHERE e.id IN (SELECT speaker_entity FROM quotes WHERE speaker_entity IS NOT NULL) ORDER BY e.name"
            )
        ],
    }


# ---------------------------------------------------------------- trails


def trails(store: Store, min_size: int = 2) -> list[dict[str, Any]]:
    titles = source_labels(store)
    out = []
    for row in store.rows("SELECT id, label, first, members, drift FROM trails ORDER BY first, label, id"):
        members = json.loads(row["members"])
        if len(members) < min_size:
            continue
        drift = json.loads(row["drift"])
        out.append(
            {
                "id": row["id"],
                "label": members[0]["text"],
                "size": len(members),
                "articles": len({m["doc"] for m in members}),
                "first": row["first"],
                "first_source": titles.get(row["first"], row["first"]),
                "first_date": members[0]["published"],
                "speakers": sorted({m["speaker"] for m in members if m["speaker"]}),
                "drift_kinds": sorted({d["kind"] for d in drift}),
            }
        )
    return out


def trail(store: Store, trail_id: str) -> dict[str, Any] | None:
    row = store.db.execute("SELECT id, label, first, members, drift FROM trails WHERE id = ?", (trail_id,)).fetchone()
    if row is None:
        return None
    sources = source_labels(store)
    members = json.loads(row["members"])
    for member in members:
        member["source"] = sources.get(member["doc"], member["doc"])
    drift = []
    for d in json.loads(row["drift"]):
        if d not in drift:  # one entry per article pair and kind, however many of its quotes repeat it
            drift.append(d)
    return {
        "id": row["id"],
        "label": members[0]["text"],
        "first": row["first"],
        "members": members,
        "drift": drift,
        "dates": len({m["published"] for m in members if m["published"]}),
        "timeline": [{"date": m["published"], "source": m["source"], "text": m["text"], "doc": m["doc"]} for m in members if m["published"]],
    }


# ---------------------------------------------------------------- entities


def entities(store: Store, type_: str = "", text: str = "", page: int = 1, per_page: int | None = 100) -> Page:
    page, per_page = paged(page, per_page)
    where, params = [], []
    if type_:
        where.append("e.type = ?")
        params.append(type_)
    if text:
        where.append("e.id IN (SELECT entity FROM mentions WHERE text LIKE ? ESCAPE '\\')")
        params.append("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = store.db.execute(f"SELECT count(*) FROM entities e {clause}", tuple(params)).fetchone()[0]
    rows = list(
        store.rows(
            f"""SELECT e.id, e.name, e.type, count(m.id) AS mentions, count(DISTINCT m.doc) AS articles,
                       group_concat(DISTINCT m.text) AS aliases
                FROM entities e JOIN mentions m ON m.entity = e.id {clause}
                GROUP BY e.id ORDER BY articles DESC, mentions DESC, e.name LIMIT ? OFFSET ?""",
            (*params, per_page, (page - 1) * per_page),
        )
    )
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
    return [r[0] for r in store.rows("SELECT DISTINCT type FROM entities ORDER BY type")]


def entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    row = store.db.execute("SELECT id, name, type FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    aliases = [(r[0], r[1]) for r in store.rows("SELECT text, count(*) FROM mentions WHERE entity = ? GROUP BY text ORDER BY 2 DESC, 1", (entity_id,))]
    article_total = store.db.execute("SELECT count(DISTINCT doc) FROM mentions WHERE entity = ?", (entity_id,)).fetchone()[0]
    mentions: dict[str, dict[str, Any]] = {}
    for m in store.rows(
        f"""SELECT m.doc, m.start, m."end", m.text, a.title, {SOURCE} AS source_label, a.published,
                   substr(a.text, max(1, m.start - 79), min(m.start, 80)) AS before,
                   substr(a.text, m."end" + 1, 80) AS after
            FROM mentions m JOIN articles a ON a.id = m.doc
            WHERE m.entity = ? AND m.doc IN (SELECT DISTINCT doc FROM mentions WHERE entity = ? ORDER BY doc LIMIT ?)
            ORDER BY a.published IS NULL, a.published, m.doc, m.start""",
        (entity_id, entity_id, ENTITY_ARTICLES),
    ):
        article = mentions.setdefault(m["doc"], {"doc": m["doc"], "title": m["title"], "source": m["source_label"], "published": m["published"], "mentions": []})
        article["mentions"].append({"start": m["start"], "end": m["end"], "text": m["text"], "before": m["before"], "after": m["after"]})
    spoken = quotes(store, QuoteFilter(speaker=entity_id), per_page=ENTITY_QUOTES)
    stance = sorted(stance_records_of(store, entity_id), key=lambda r: (-r["sentences"], r["doc"]))
    return {
        "id": row["id"],
        "name": row["name"],
        "type": row["type"],
        "aliases": aliases,
        "articles": list(mentions.values()),
        "article_total": article_total,
        "quotes": spoken.items,
        "quote_total": spoken.total,
        "stance": stance[:ENTITY_STANCE],
        "stance_total": len(stance),
    }


def stance_records_of(store: Store, entity_id: str) -> list[dict[str, Any]]:
    sources = source_labels(store)
    records = list(stance_records(store, entities=[entity_id]))
    for r in records:
        r["source"] = sources.get(r["doc"], r["doc"])
    return records


# ---------------------------------------------------------------- stance grid


def stance_grid(store: Store, actors: int = GRID_ACTORS, page: int = 1, per_page: int | None = 50) -> dict[str, Any]:
    """Sources × the most covered actors: the article's own voice toward each, with its evidence;
    then what the quoted people say about those actors."""
    top = [
        (r["entity"], r["name"])
        for r in store.rows(
            """SELECT s.entity, e.name, sum(s.sentences) AS weight FROM stance s JOIN entities e ON e.id = s.entity
               WHERE s.voice = 'article' GROUP BY s.entity ORDER BY weight DESC, e.name LIMIT ?""",
            (actors,),
        )
    ]
    sources = source_labels(store)
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
    labels = {r["label"] for r in records}
    label = records[0]["label"] if len(labels) == 1 else "mixed"
    return {
        "label": label,
        "score": round(sum(r["score"] for r in records) / len(records), 3),
        "evidence": [dict(e, doc=r["doc"]) for r in records for e in r["evidence"]],
        "docs": [r["doc"] for r in records],
    }


# ---------------------------------------------------------------- findings


def findings(store: Store) -> list[dict[str, Any]]:
    sources = source_labels(store)
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
    row = store.db.execute(f"SELECT a.*, {SOURCE} AS source_label FROM articles a WHERE a.id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    text = row["text"]
    quote_rows = list(
        store.rows(
            """SELECT q.*, coalesce(e.name, q.speaker_name) AS speaker_label FROM quotes q
               LEFT JOIN entities e ON e.id = q.speaker_entity WHERE q.doc = ? ORDER BY q.start""",
            (article_id,),
        )
    )
    marks: list[Mark] = []
    quote_items = []
    for q in quote_rows:
        record = quote_from_row(q).export()
        record["speaker_label"] = q["speaker_label"]
        quote_items.append(record)
        title = f"{q['kind']} quote" + (f" — {q['speaker_label']}" if q["speaker_label"] else "")
        for s, e in json.loads(q["spans"]):  # a split quote's parts share one anchor: a link lights up all of them
            marks.append(Mark(s, e, "quote", q["id"], f"q-{q['id']}", title))
        if q["speaker_start"] is not None:
            marks.append(Mark(q["speaker_start"], q["speaker_end"], "speaker", "", "", f"speaker: {q['speaker_label'] or ''}"))
        if q["cue_start"] is not None:
            marks.append(Mark(q["cue_start"], q["cue_end"], "cue", "", "", "cue"))
    entity_names: dict[str, str] = {}
    for m in store.rows(
        """SELECT m.start, m."end", m.entity, e.name, e.type FROM mentions m JOIN entities e ON e.id = m.entity
           WHERE m.doc = ? ORDER BY m.start""",
        (article_id,),
    ):
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
    quote_hits = quotes(store, QuoteFilter(text=text), per_page=limit)
    article_hits = [
        {"id": r["id"], "title": r["title"], "source": r["source_label"], "published": r["published"], "snippet": marked(r["snippet"])}
        for r in store.rows(
            f"""SELECT a.id, a.title, a.published, {SOURCE} AS source_label,
                       snippet(articles_fts, 1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', 24) AS snippet
                FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
                WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""",
            (query, limit),
        )
    ]
    return {"text": text, "quotes": quote_hits.items, "quote_total": quote_hits.total, "articles": article_hits}
