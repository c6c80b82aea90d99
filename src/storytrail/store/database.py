"""The SQLite store: versioned migrations, WAL mode, one transaction per batch, idempotent writes."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storytrail.errors import StoreError
from storytrail.model import Analysis

DEFAULT_DB = "storytrail.db"

MIGRATIONS: list[str] = [
    # 1: articles, quotes, mentions, entities
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        source TEXT,
        title TEXT,
        outlet TEXT,
        author TEXT,
        url TEXT,
        published TEXT,
        updated TEXT,
        text TEXT NOT NULL,
        words INTEGER NOT NULL,
        model TEXT,
        analyzed_at TEXT
    );
    CREATE TABLE quotes (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        spans TEXT NOT NULL,
        cue_start INTEGER, cue_end INTEGER, cue_text TEXT,
        speaker_start INTEGER, speaker_end INTEGER, speaker_text TEXT,
        speaker_cluster TEXT, speaker_name TEXT, speaker_entity TEXT,
        parent TEXT,
        trail TEXT
    );
    CREATE INDEX quotes_doc ON quotes(doc, start);
    CREATE TABLE mentions (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        cluster TEXT NOT NULL,
        name TEXT NOT NULL,
        entity TEXT
    );
    CREATE INDEX mentions_doc ON mentions(doc, start);
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL
    );
    """,
    # 2: the entities stage updates by cluster; without these indexes it scans the tables once per cluster
    """
    CREATE INDEX mentions_cluster ON mentions(cluster);
    CREATE INDEX quotes_speaker_cluster ON quotes(speaker_cluster);
    """,
    # 3: stance of each voice in an article toward each actor
    """
    CREATE TABLE stance (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        cluster TEXT NOT NULL,
        name TEXT NOT NULL,
        voice TEXT NOT NULL,
        holder TEXT,
        label TEXT NOT NULL,
        score REAL NOT NULL,
        sentences INTEGER NOT NULL,
        evidence TEXT NOT NULL
    );
    CREATE INDEX stance_doc ON stance(doc);
    """,
    # 4: the roles articles give people, and the findings that compare them across articles
    """
    CREATE TABLE roles (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        mention TEXT NOT NULL,
        cluster TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        head TEXT NOT NULL,
        modifiers TEXT NOT NULL
    );
    CREATE INDEX roles_head ON roles(head);
    CREATE TABLE findings (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL,
        evidence TEXT NOT NULL
    );
    """,
    # 5: trails of one quote or claim across articles
    """
    CREATE TABLE trails (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        first TEXT NOT NULL,
        members TEXT NOT NULL,
        drift TEXT NOT NULL
    );
    CREATE INDEX quotes_trail ON quotes(trail);
    """,
    # 6: full-text search over quotes and articles for the explorer, kept in step by triggers
    """
    CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')
    """,
    # 7: each quote's vector, encoded with its article, for the trails stage
    """
    CREATE TABLE quote_vectors (
        quote TEXT PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
        vector BLOB NOT NULL
    );
    """,
    # 8: the corpus entity of each stance row, set by the entities stage, so that the stance toward
    # one entity (the explorer's pages) is an index lookup, not a join over every mention
    """
    ALTER TABLE stance ADD COLUMN entity TEXT;
    CREATE INDEX stance_entity ON stance(entity);
    CREATE INDEX stance_cluster ON stance(cluster);
    UPDATE stance SET entity = (SELECT m.entity FROM mentions m WHERE m.cluster = stance.cluster AND m.entity IS NOT NULL LIMIT 1)
    """,
    # 9: every quote the trails stage has matched, with its group (the id of one quote of it), so
    # that a later run matches only the quotes added since; a re-analysed article's quotes leave
    # with it and are matched again
    """
    CREATE TABLE trail_groups (
        quote TEXT PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
        grp TEXT NOT NULL
    );
    """,
]


# Every table the per-article stages fill, with its columns in order; articles first (the others refer to it).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "hash", "source", "title", "outlet", "author", "url", "published", "updated", "text", "words", "model", "analyzed_at"),
    "quotes": ("id", "doc", "start", "end", "text", "kind", "spans", "cue_start", "cue_end", "cue_text", "speaker_start", "speaker_end",
               "speaker_text", "speaker_cluster", "speaker_name", "speaker_entity", "parent", "trail"),
    "quote_vectors": ("quote", "vector"),
    "mentions": ("id", "doc", "start", "end", "text", "type", "cluster", "name", "entity"),
    "roles": ("id", "doc", "mention", "cluster", "start", "end", "text", "head", "modifiers"),
    "stance": ("id", "doc", "cluster", "name", "voice", "holder", "label", "score", "sentences", "evidence", "entity"),
}
ARTICLE_TABLES = ("quotes", "mentions", "stance", "roles")  # keyed by doc; quote_vectors follow their quotes
UPSERT_ARTICLE = f"""INSERT INTO articles ({", ".join(TABLE_COLUMNS["articles"])}) VALUES ({",".join("?" * 13)})
    ON CONFLICT(id) DO UPDATE SET {", ".join(f"{c}=excluded.{c}" for c in TABLE_COLUMNS["articles"][1:])}"""


def analysis_rows(analysis: Analysis, model: str) -> dict[str, list[tuple]]:
    """An analysed article as the rows of each table: what the store writes, and what a
    distributed run's workers write to Parquet for the store to load."""
    a = analysis.article
    return {
        "articles": [(a.id, a.hash, a.source, a.title, a.outlet, a.author, a.url, a.published, a.updated, a.text, len(a.text.split()), model, now())],
        "quotes": [
            (
                q.id, q.doc, q.start, q.end, q.text, q.kind, json.dumps(q.spans),
                q.cue.start if q.cue else None, q.cue.end if q.cue else None, q.cue.text if q.cue else None,
                q.speaker.start if q.speaker else None, q.speaker.end if q.speaker else None, q.speaker.text if q.speaker else None,
                q.speaker_cluster, q.speaker_name, q.speaker_entity, q.parent, q.trail,
            )
            for q in analysis.quotes
        ],
        "quote_vectors": [(q, v.tobytes()) for q, v in analysis.quote_vectors.items()],
        "mentions": [(m.id, m.doc, m.start, m.end, m.text, m.type, m.cluster, m.name, m.entity) for m in analysis.mentions],
        "roles": [(r.id, r.doc, r.mention, r.cluster, r.start, r.end, r.text, r.head, r.modifiers) for r in analysis.roles],
        "stance": [
            (st.id, st.doc, st.cluster, st.name, st.voice, st.holder, st.label, st.score, st.sentences,
             json.dumps([e.as_dict() for e in st.evidence], ensure_ascii=False), None)
            for st in analysis.stance
        ],
    }


def statements_of(script: str) -> Iterator[str]:
    """Split a migration at the semicolons that end statements, not those inside a trigger body."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending.strip()
            pending = ""
    if pending.strip(" \n;"):
        yield pending.strip()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB, readonly: bool = False) -> None:
        self.path = str(path)
        self.lock = threading.Lock()
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(self.path, "no store here", "Run `storytrail analyze PATH --db FILE` first, or pass --db")
                # a read-only connection may be opened by one worker thread and used by the next (the explorer)
                self.db = sqlite3.connect(Path(self.path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            else:
                # a run that parses in a second thread checks and writes from both: ``self.lock`` serialises them
                self.db = sqlite3.connect(self.path, check_same_thread=False)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            # INSERT OR REPLACE must fire the delete triggers that keep the search index in step
            self.db.execute("PRAGMA recursive_triggers=ON")
            self.db.row_factory = sqlite3.Row
            if not readonly:
                self.migrate()
            else:
                self.check_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(self.path, f"not a readable storytrail store ({exc})", "Pass another --db file, or move this one away") from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -------------------------------------------------------------- schema

    def check_version(self) -> None:
        try:
            row = self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        except sqlite3.OperationalError as exc:
            raise StoreError(self.path, "not a storytrail store", "Pass the file `storytrail analyze` wrote") from exc
        if (row[0] or 0) < len(MIGRATIONS):
            raise StoreError(self.path, "the store was written by an older storytrail", "Run `storytrail analyze` once to migrate it")

    def migrate(self) -> None:
        """Apply pending migrations, each in the same transaction as the record that it ran."""
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        current = self.db.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
        for version, script in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            with self.db:
                for statement in statements_of(script):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, now()))

    # -------------------------------------------------------------- writes

    def is_current(self, article_id: str, article_hash: str) -> bool:
        with self.lock:
            row = self.db.execute("SELECT hash, analyzed_at FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None and row["hash"] == article_hash and row["analyzed_at"] is not None

    def write_batch(self, analyses: Iterable[Analysis], model: str) -> int:
        """Store a batch of analysed articles in one transaction; an article's old results are replaced."""
        batch = [analysis_rows(analysis, model) for analysis in analyses]
        self.write_rows(batch)
        return len(batch)

    def write_rows(self, batch: Iterable[dict[str, list[tuple]]]) -> None:
        """Store articles given as table rows (``analysis_rows``), in one transaction."""
        with self.lock, self.db:
            for rows in batch:
                for (doc,) in {(r[0],) for r in rows["articles"]}:
                    for table in ARTICLE_TABLES:
                        self.db.execute(f"DELETE FROM {table} WHERE doc = ?", (doc,))  # noqa: S608 - fixed names
                self.db.executemany(UPSERT_ARTICLE, rows["articles"])
                for table, columns in TABLE_COLUMNS.items():
                    if table != "articles":
                        marks = ",".join("?" * len(columns))
                        self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows[table])  # noqa: S608

    def update_metadata(self, article: Any) -> None:
        """Metadata changed (a new sidecar) but the text did not: update it without re-analysing."""
        with self.lock, self.db:
            self.db.execute(
                "UPDATE articles SET title=?, outlet=?, author=?, url=?, published=?, updated=?, source=? WHERE id=?",
                (article.title, article.outlet, article.author, article.url, article.published, article.updated, article.source, article.id),
            )

    # -------------------------------------------------------------- reads

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[sqlite3.Row]:
        # a plain loop, not ``yield from``: a reader that stops early (an export piped into `head`)
        # must not have the cursor closed after the store is
        for row in self.db.execute(sql, params):
            yield row

    def counts(self) -> dict[str, int]:
        tables = ("articles", "quotes", "mentions", "entities", "stance", "trails", "findings")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608 - fixed names
