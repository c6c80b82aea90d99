"""The store's read queries: what the exports, the report, the explorer and the CLI show.

Every value a user typed reaches SQL as a bound parameter, never as text of the statement; the
few pieces of SQL built here are fixed strings chosen by code.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from storytrail.model import Finding, Quote, Stance
from storytrail.store.rows import finding_of, quote_of, stance_of

SOURCE = "coalesce(nullif(a.outlet, ''), nullif(a.title, ''), a.id)"  # what names an article's source when no outlet is known
ARTICLE_COLUMNS = "id, title, title_start, title_end, outlet, author, url, published, updated, source, hash, words, text"
SEARCH_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # marks that cannot occur in stored text, split out before escaping


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query of quoted words: no operator or syntax error can come from input."""
    tokens = SEARCH_WORD.findall(text)
    return " ".join(f'"{t}"' for t in tokens[:16]) or None


@dataclass(slots=True)
class QuoteQuery:
    """Which quotes a reader asks for; empty fields ask nothing."""

    text: str = ""
    outlet: str = ""
    speaker: str = ""  # entity id of the speaker
    entity: str = ""  # entity id mentioned in the quote's article
    date_from: str = ""
    date_to: str = ""
    trail: str = ""
    kind: str = ""  # direct, indirect, mixed, block
    cue_type: str = ""  # speech or thought

    def active(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k)}


class Reads:
    """Read queries, mixed into ``Store``, which opens ``db``."""

    db: sqlite3.Connection

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[sqlite3.Row]:
        # a plain loop, not ``yield from``: a reader that stops early (an export piped into `head`)
        # must not have the cursor closed after the store is
        for row in self.db.execute(sql, params):  # noqa: UP028 - see above
            yield row

    def count(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        return self.db.execute(sql, params).fetchone()[0]

    def counts(self) -> dict[str, int]:
        """What the store holds, counted as the exports count it: stance per article, actor (the
        corpus entity, which may combine mention clusters) and voice."""
        tables = ("articles", "quotes", "mentions", "entities", "trails", "findings")
        counts = {t: self.count(f"SELECT count(*) FROM {t}") for t in tables}  # noqa: S608 - fixed names
        counts["stance"] = self.count(
            "SELECT count(*) FROM (SELECT DISTINCT doc, coalesce(entity, cluster), voice, coalesce(holder, '') FROM stance)"
        )
        return {t: counts[t] for t in ("articles", "quotes", "mentions", "entities", "stance", "trails", "findings")}

    # ------------------------------------------------------------ articles

    def article_rows(self, limit: int = -1, offset: int = 0) -> Iterator[sqlite3.Row]:
        """Articles with their metadata and text, by id (``limit`` -1: all)."""
        return self.rows(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY id LIMIT ? OFFSET ?", (limit, offset))  # noqa: S608 - fixed names

    def article_count(self) -> int:
        return self.count("SELECT count(*) FROM articles")

    def article_ids(self) -> list[str]:
        return [r["id"] for r in self.rows("SELECT id FROM articles ORDER BY id")]

    def article_texts(self) -> dict[str, str]:
        return {r["id"]: r["text"] for r in self.rows("SELECT id, text FROM articles")}

    def source_labels(self) -> dict[str, str]:
        """Article id → the name of its source, as every view shows it."""
        return {r[0]: r[1] for r in self.rows(f"SELECT a.id, {SOURCE} FROM articles a")}  # noqa: S608 - fixed names

    def sources(self) -> list[str]:
        return [r[0] for r in self.rows(f"SELECT DISTINCT {SOURCE} FROM articles a ORDER BY 1")]  # noqa: S608 - fixed names

    def article_overview(self) -> list[dict[str, Any]]:
        """Every article's metadata with its number of quotes and speakers, by date."""
        return [
            dict(row)
            for row in self.rows(
                f"""SELECT a.id, a.title, a.outlet, a.author, a.url, a.published, a.words, {SOURCE} AS source_label,
                          (SELECT count(*) FROM quotes q WHERE q.doc = a.id) AS quotes,
                          (SELECT count(DISTINCT coalesce(q.speaker_entity, q.speaker_cluster)) FROM quotes q
                            WHERE q.doc = a.id AND q.speaker_cluster IS NOT NULL) AS speakers
                   FROM articles a ORDER BY a.published IS NULL, a.published, a.id"""  # noqa: S608 - fixed names
            )
        ]

    def article(self, article_id: str) -> sqlite3.Row | None:
        return self.db.execute(f"SELECT a.*, {SOURCE} AS source_label FROM articles a WHERE a.id = ?", (article_id,)).fetchone()  # noqa: S608

    def article_hits(self, query: str, limit: int) -> Iterator[sqlite3.Row]:
        """Articles matching an ``fts_query``, best first, with a marked snippet."""
        return self.rows(
            f"""SELECT a.id, a.title, a.published, {SOURCE} AS source_label,
                       snippet(articles_fts, 1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', 24) AS snippet
                FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
                WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""",  # noqa: S608 - fixed names
            (query, limit),
        )

    # ------------------------------------------------------------ quotes and speakers

    def quotes(self) -> Iterator[Quote]:
        """Every quote, by article and position."""
        for row in self.rows('SELECT * FROM quotes ORDER BY doc, start, "end", id'):
            yield quote_of(row)

    def article_quotes(self, article_id: str) -> list[tuple[Quote, str | None]]:
        """One article's quotes with the name their speaker is shown under."""
        return [
            (quote_of(r), r["speaker_label"])
            for r in self.rows(
                """SELECT q.*, coalesce(e.name, q.speaker_name) AS speaker_label FROM quotes q
                   LEFT JOIN entities e ON e.id = q.speaker_entity WHERE q.doc = ? ORDER BY q.start""",
                (article_id,),
            )
        ]

    def quote_page(self, query: QuoteQuery, limit: int, offset: int) -> tuple[int, list[tuple[Quote, sqlite3.Row]]]:
        """The quotes a query asks for, by date, with their article's title, date and source, the
        speaker's shown name and (for a text query) a marked snippet; and how many there are."""
        joins, where, params = [], [], []
        select_snippet = "NULL AS snippet"
        words = fts_query(query.text)
        if words:
            joins.append("JOIN quotes_fts f ON f.rowid = q.rowid")
            where.append("quotes_fts MATCH ?")
            params.append(words)
            select_snippet = f"snippet(quotes_fts, 0, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', 24) AS snippet"
        elif query.text:
            where.append("0")  # words only of punctuation match nothing
        conditions = (
            (query.outlet, f"{SOURCE} = ?"),
            (query.speaker, "q.speaker_entity = ?"),
            (query.entity, "q.doc IN (SELECT doc FROM mentions WHERE entity = ?)"),
            (query.trail, "q.trail = ?"),
            (query.kind, "q.kind = ?"),
            (query.cue_type, "coalesce(q.cue_type, 'speech') = ?"),
            (query.date_from, "a.published >= ?"),
            (query.date_to and query.date_to + "~", "a.published < ?"),  # a bare date bounds every time on that day
        )
        for value, condition in conditions:
            if value:
                where.append(condition)
                params.append(value)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        base = f"FROM quotes q JOIN articles a ON a.id = q.doc LEFT JOIN entities e ON e.id = q.speaker_entity {' '.join(joins)} {clause}"
        total = self.count(f"SELECT count(*) {base}", tuple(params))  # noqa: S608 - fixed pieces, values bound
        rows = self.rows(
            f"""SELECT q.*, a.title, a.published, {SOURCE} AS source_label, coalesce(e.name, q.speaker_name) AS speaker_label, {select_snippet}
                {base}
                ORDER BY a.published IS NULL, a.published, q.doc, q.start LIMIT ? OFFSET ?""",  # noqa: S608
            (*params, limit, offset),
        )
        return total, [(quote_of(r), r) for r in rows]

    def speaker_counts(self, outlet: str = "") -> Iterator[sqlite3.Row]:
        """Quotes and articles per speaker (an entity, or a mention cluster without one) and source."""
        where, params = "WHERE q.speaker_cluster IS NOT NULL", []
        if outlet:
            where += f" AND {SOURCE} = ?"
            params.append(outlet)
        return self.rows(
            f"""SELECT coalesce(q.speaker_entity, q.speaker_cluster) AS speaker, q.speaker_entity AS entity,
                       coalesce(e.name, q.speaker_name) AS name, {SOURCE} AS source_label, count(*) AS quotes,
                       count(DISTINCT q.doc) AS articles
                FROM quotes q JOIN articles a ON a.id = q.doc LEFT JOIN entities e ON e.id = q.speaker_entity
                {where} GROUP BY speaker, source_label""",  # noqa: S608 - fixed pieces, values bound
            tuple(params),
        )

    def top_speakers(self, limit: int = 10) -> list[tuple[str, int]]:
        """The resolved people and organisations quoted most, counted by entity (all the names one
        person goes by count as one)."""
        return [
            (r[0], r[1])
            for r in self.rows(
                """SELECT e.name, count(*) FROM quotes q JOIN entities e ON e.id = q.speaker_entity
                   WHERE e.type IN ('PERSON', 'ORG') GROUP BY e.id ORDER BY count(*) DESC, e.name LIMIT ?""",
                (limit,),
            )
        ]

    def entity_counts(self, text: str = "") -> list[sqlite3.Row]:
        """Every entity (whose name holds ``text``) with its type and number of mentions, most mentioned first."""
        return list(self.rows(
            """SELECT e.id, e.name, e.type, count(m.id) AS mentions FROM entities e LEFT JOIN mentions m ON m.entity = e.id
               WHERE instr(lower(e.name), lower(?)) > 0 GROUP BY e.id ORDER BY mentions DESC, e.name""",
            (text,),
        ))

    def quote_facets(self) -> dict[str, sqlite3.Row]:
        """Each quote's kind, cue type and speaker entity, by quote id: what the trail filters ask of a member."""
        return {r["id"]: r for r in self.rows("SELECT id, kind, coalesce(cue_type, 'speech') AS cue_type, speaker_entity FROM quotes")}

    def speaking_entities(self) -> list[tuple[str, str]]:
        """(id, name) of every entity that is some quote's speaker, by name."""
        return [
            (r["id"], r["name"])
            for r in self.rows(
                "SELECT e.id, e.name FROM entities e WHERE e.id IN (SELECT speaker_entity FROM quotes WHERE speaker_entity IS NOT NULL) ORDER BY e.name"
            )
        ]

    def quote_links(self) -> list[dict[str, Any]]:
        """Each quote's corpus-level speaker entity and trail."""
        return [dict(r) for r in self.rows("SELECT id AS quote, speaker_entity, trail FROM quotes ORDER BY id")]

    # ------------------------------------------------------------ entities

    def entity_list(self) -> Iterator[sqlite3.Row]:
        """Every entity, by name."""
        return self.rows("SELECT id, name, type FROM entities ORDER BY name, id")

    def entity_mentions(self) -> Iterator[sqlite3.Row]:
        """Every mention with an entity, in document order."""
        return self.rows('SELECT entity, doc, start, "end", text, kind FROM mentions WHERE entity IS NOT NULL ORDER BY doc, start')

    def named_mentions(self) -> Iterator[sqlite3.Row]:
        """Every name mention of a stored entity, with the entity's name; not the descriptions ("the
        London Mayor" is a mention of Boris Johnson, but the name in it is London's)."""
        return self.rows("""SELECT m.doc, m.start, m."end", m.entity, e.name FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.kind = 'name'""")

    def entity_sizes(self) -> Iterator[sqlite3.Row]:
        """Every entity with mentions, with their number and the number of articles, by id."""
        return self.rows(
            """SELECT e.id, e.name, e.type, count(m.id) AS mentions, count(DISTINCT m.doc) AS articles
               FROM entities e JOIN mentions m ON m.entity = e.id GROUP BY e.id ORDER BY e.id"""
        )

    def entities_by_article(self) -> Iterator[sqlite3.Row]:
        return self.rows("SELECT DISTINCT doc, entity FROM mentions WHERE entity IS NOT NULL ORDER BY doc, entity")

    def single_article_entities(self) -> dict[str, tuple[str, int, int]]:
        """Entities named in one article only: their article and first mention's offsets."""
        return {
            r["entity"]: (r["doc"], r["start"], r["end"])
            for r in self.rows(
                # SQLite takes the bare columns (doc, end) from the row holding min(start)
                """SELECT entity, doc, min(start) AS start, "end" FROM mentions WHERE entity IS NOT NULL
                   GROUP BY entity HAVING count(DISTINCT doc) = 1"""
            )
        }

    def entity_page(self, type_: str, text: str, limit: int, offset: int) -> tuple[int, list[sqlite3.Row]]:
        """Entities of a type and/or with a mention containing ``text``, the most covered first,
        with their counts and aliases; and how many there are."""
        where, params = [], []
        if type_:
            where.append("e.type = ?")
            params.append(type_)
        if text:
            where.append("e.id IN (SELECT entity FROM mentions WHERE kind = 'name' AND text LIKE ? ESCAPE '\\')")
            params.append("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        total = self.count(f"SELECT count(*) FROM entities e {clause}", tuple(params))  # noqa: S608 - fixed pieces, values bound
        rows = list(
            self.rows(
                f"""SELECT e.id, e.name, e.type, count(m.id) AS mentions, count(DISTINCT m.doc) AS articles,
                           group_concat(DISTINCT CASE WHEN m.kind = 'name' THEN m.text END) AS aliases
                    FROM entities e JOIN mentions m ON m.entity = e.id {clause}
                    GROUP BY e.id ORDER BY articles DESC, mentions DESC, e.name LIMIT ? OFFSET ?""",  # noqa: S608
                (*params, limit, offset),
            )
        )
        return total, rows

    def entity_types(self) -> list[str]:
        return [r[0] for r in self.rows("SELECT DISTINCT type FROM entities ORDER BY type")]

    def entity(self, entity_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT id, name, type FROM entities WHERE id = ?", (entity_id,)).fetchone()

    def entity_aliases(self, entity_id: str) -> list[tuple[str, int]]:
        """The names the entity's mentions give it, the commonest first (descriptions are no names)."""
        return [
            (r[0], r[1])
            for r in self.rows("SELECT text, count(*) FROM mentions WHERE entity = ? AND kind = 'name' GROUP BY text ORDER BY 2 DESC, 1", (entity_id,))
        ]

    def entity_article_count(self, entity_id: str) -> int:
        return self.count("SELECT count(DISTINCT doc) FROM mentions WHERE entity = ?", (entity_id,))

    def entity_in_context(self, entity_id: str, articles: int, reach: int = 80) -> Iterator[sqlite3.Row]:
        """The entity's mentions in its first ``articles`` articles (by id), each with ``reach``
        characters of text before and after, by date."""
        return self.rows(
            """SELECT m.doc, m.start, m."end", m.text, a.title, """ + SOURCE + """ AS source_label, a.published,
                      substr(a.text, max(1, m.start - ? + 1), min(m.start, ?)) AS before,
                      substr(a.text, m."end" + 1, ?) AS after
               FROM mentions m JOIN articles a ON a.id = m.doc
               WHERE m.entity = ? AND m.doc IN (SELECT DISTINCT doc FROM mentions WHERE entity = ? ORDER BY doc LIMIT ?)
               ORDER BY a.published IS NULL, a.published, m.doc, m.start""",  # noqa: S608 - fixed pieces, values bound
            (reach, reach, reach, entity_id, entity_id, articles),
        )

    def article_mentions(self, article_id: str) -> Iterator[sqlite3.Row]:
        """One article's mentions that have an entity, with its name and type."""
        return self.rows(
            """SELECT m.start, m."end", m.entity, e.name, e.type FROM mentions m JOIN entities e ON e.id = m.entity
               WHERE m.doc = ? ORDER BY m.start""",
            (article_id,),
        )

    # ------------------------------------------------------------ stance, findings

    def stance_rows(self, doc: str | None = None, entities: Sequence[str] | None = None) -> list[tuple[Stance, str | None]]:
        """Stance rows (all, or those of one article or of some entities) with their entity's name."""
        where, params = [], []
        if doc is not None:
            where.append("s.doc = ?")
            params.append(doc)
        if entities is not None:
            where.append(f"s.entity IN ({','.join('?' * len(entities))})")
            params.extend(entities)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return [
            (stance_of(r), r["entity_name"])
            for r in self.rows(f"SELECT s.*, e.name AS entity_name FROM stance s LEFT JOIN entities e ON e.id = s.entity {clause}", tuple(params))  # noqa: S608
        ]

    def top_actors(self, limit: int) -> list[tuple[str, str]]:
        """(entity, name) of the actors the articles' own voice says most about."""
        return [
            (r["entity"], r["name"])
            for r in self.rows(
                """SELECT s.entity, e.name, sum(s.sentences) AS weight FROM stance s JOIN entities e ON e.id = s.entity
                   WHERE s.voice = 'article' GROUP BY s.entity ORDER BY weight DESC, e.name LIMIT ?""",
                (limit,),
            )
        ]

    def findings(self) -> list[Finding]:
        """Every finding, by kind and summary."""
        return [finding_of(r) for r in self.rows("SELECT id, kind, summary, evidence FROM findings ORDER BY kind, summary")]
