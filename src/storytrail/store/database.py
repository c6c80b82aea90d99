"""The SQLite store: versioned migrations, WAL mode, one transaction per batch, idempotent writes.

``Store`` holds the connection, the per-article writes and the corpus stages' loads and saves;
``Reads`` (store/reads.py) the queries of the exports and front ends.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storytrail.errors import StoreError
from storytrail.model import (
    VECTOR_DTYPE,
    Analysis,
    Correction,
    DocumentMerge,
    Entity,
    EntityChanges,
    Finding,
    Mention,
    Quote,
    Role,
    Trail,
    TrailUpdate,
    quote_of_statement,
)
from storytrail.store.reads import Reads
from storytrail.store.rows import analysis_rows, entity_of, finding_row, mention_of, now, quote_of, role_of, trail_of, trail_row
from storytrail.store.schema import ARTICLE_TABLES, MIGRATIONS, TABLE_COLUMNS, UPSERT_ARTICLE, sql_statements

DEFAULT_DB = "storytrail.db"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    hash: str
    source: str | None
    analyzed: bool


DAMAGED_FIX = "Move the file away and run `storytrail analyze` again to rebuild the store (exports of what is left may still work)"
FULL_DISK_FIX = "Free some space and run again: the store keeps every article stored before"


def is_disk_full(exc: sqlite3.DatabaseError) -> bool:
    return "full" in str(exc)


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection, which one worker thread may open and the next use (the explorer).
    On a read-only file system SQLite cannot make the WAL's shared-memory file beside the store:
    the store is then opened as immutable, which it is while nothing can write there."""
    uri = path.resolve().as_uri()
    db = sqlite3.connect(uri + "?mode=ro", uri=True, check_same_thread=False)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        db.close()
        db = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, check_same_thread=False)
    return db


@functools.cache
def expected_schema() -> dict[str, list[str]]:
    """The tables (not the search index's shadow tables) and columns the migrations make."""
    db = sqlite3.connect(":memory:")
    for script in MIGRATIONS:
        for statement in sql_statements(script):
            db.execute(statement)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'")]
    return {t: [row[1] for row in db.execute(f"PRAGMA table_info({t})")] for t in tables}  # noqa: S608 - our own table names


class Store(Reads):
    def __init__(self, path: str | Path = DEFAULT_DB, readonly: bool = False) -> None:
        self.path = str(path)
        self.lock = threading.Lock()
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(self.path, "no store here", "Run `storytrail analyze PATH --db FILE` first, or pass --db")
                self.db = connect_readonly(Path(self.path))
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
                self.refuse_newer()
                self.migrate()
            else:
                self.check_version()
            self.check_schema()
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc):
                raise StoreError(self.path, "the disk is full", FULL_DISK_FIX) from exc
            raise StoreError(self.path, f"not a readable storytrail store ({exc})", "Pass another --db file, or move this one away") from exc

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One transaction under the lock; a full disk rolls it back, leaving the store as it
        was, and is named."""
        with self.lock:
            try:
                with self.db:
                    yield
            except sqlite3.OperationalError as exc:
                if is_disk_full(exc):
                    raise StoreError(self.path, "the disk is full", FULL_DISK_FIX) from exc
                raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -------------------------------------------------------------- schema

    def schema_version(self) -> int:
        try:
            row = self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        except sqlite3.OperationalError as exc:
            raise StoreError(self.path, "not a storytrail store", "Pass the file `storytrail analyze` wrote") from exc
        return max(row[0] or 0, self.db.execute("PRAGMA user_version").fetchone()[0])

    def refuse_newer(self) -> None:
        """A store that a newer storytrail wrote is neither read nor changed: this version does not
        know what its later migrations mean."""
        has_table = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone()
        user_version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if (has_table or user_version) and self.schema_version() > len(MIGRATIONS):
            raise StoreError(
                self.path,
                f"the store was written by a newer storytrail (schema {self.schema_version()}; this one knows up to {len(MIGRATIONS)})",
                "Upgrade storytrail (pip install -U storytrail), or pass another --db",
            )

    def check_version(self) -> None:
        self.refuse_newer()
        if self.schema_version() < len(MIGRATIONS):
            raise StoreError(self.path, "the store was written by an older storytrail", "Run `storytrail analyze` once to migrate it")

    def check_schema(self) -> None:
        """Every table and column the migrations made is there: a damaged store is named once,
        with what is missing, instead of failing at the first query that needs it."""
        for table, columns in expected_schema().items():
            present = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}  # noqa: S608 - names from our own schema
            if not present:
                raise StoreError(self.path, f"the store is damaged: the table `{table}` is missing", DAMAGED_FIX)
            missing = [c for c in columns if c not in present]
            if missing:
                raise StoreError(self.path, f"the store is damaged: `{table}` lacks the column(s) {', '.join(missing)}", DAMAGED_FIX)

    def migrate(self) -> None:
        """Apply pending migrations, each in the same transaction as the record that it ran."""
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        current = self.db.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
        for version, script in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            with self.db:
                for statement in sql_statements(script):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, now()))
                self.db.execute(f"PRAGMA user_version = {version}")

    # -------------------------------------------------------------- writes

    def stored_article(self, article_id: str) -> StoredArticle | None:
        """What the store holds under an article id: its text's hash, where it came from, and
        whether its analysis was stored."""
        with self.lock:
            row = self.db.execute("SELECT hash, source, analyzed_at FROM articles WHERE id = ?", (article_id,)).fetchone()
        return StoredArticle(row["hash"], row["source"], row["analyzed_at"] is not None) if row else None

    def write_batch(self, analyses: Iterable[Analysis], model: str) -> int:
        """Store a batch of analysed articles in one transaction; an article's old results are replaced."""
        batch = [analysis_rows(analysis, model) for analysis in analyses]
        self.write_rows(batch)
        return len(batch)

    def write_rows(self, batch: Iterable[dict[str, list[tuple]]]) -> None:
        """Store articles given as table rows (``analysis_rows``), in one transaction."""
        with self.writing():
            for rows in batch:
                for (doc,) in {(r[0],) for r in rows["articles"]}:
                    for table in ARTICLE_TABLES:
                        self.db.execute(f"DELETE FROM {table} WHERE doc = ?", (doc,))  # noqa: S608 - fixed names
                self.db.executemany(UPSERT_ARTICLE, rows["articles"])
                for table, columns in TABLE_COLUMNS.items():
                    if table != "articles":
                        names = ", ".join(f'"{c}"' for c in columns)
                        marks = ",".join("?" * len(columns))
                        self.db.executemany(f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})", rows[table])  # noqa: S608 - fixed names

    def update_metadata(self, article: Any) -> None:
        """Metadata changed (a new sidecar) but the text did not: update it without re-analysing."""
        with self.writing():
            self.db.execute(
                "UPDATE articles SET title=?, outlet=?, author=?, url=?, published=?, updated=?, source=? WHERE id=?",
                (article.title, article.outlet, article.author, article.url, article.published, article.updated, article.source, article.id),
            )

    # -------------------------------------------------------------- the corpus stages' loads and saves

    def mentions(self) -> list[Mention]:
        """Every mention, in document order."""
        return [mention_of(r) for r in self.rows('SELECT id, doc, start, "end", text, type, cluster, name, entity, kind FROM mentions ORDER BY doc, start')]

    def save_entities(self, changes: EntityChanges) -> None:
        """Apply the entities stage's decisions: the entities, each mention's entity, and the
        entity and name of every quote speaker and stance row of a resolved mention cluster."""
        with self.writing():
            self.db.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in changes.removed])
            self.db.executemany("INSERT OR REPLACE INTO entities (id, name, type) VALUES (?, ?, ?)", [(e.id, e.name, e.type) for e in changes.entities])
            self.db.executemany("UPDATE mentions SET entity = ? WHERE id = ?", [(entity, mention) for mention, entity in changes.mention_entity])
            self.db.executemany(
                "UPDATE quotes SET speaker_entity = ?, speaker_name = ? WHERE speaker_cluster = ?",
                [(e.id, e.name, cluster) for cluster, e in changes.cluster_entity.items()],
            )
            self.db.executemany("UPDATE stance SET entity = ? WHERE cluster = ?", [(e.id, cluster) for cluster, e in changes.cluster_entity.items()])
            # entities whose every mention left with a re-analysed article
            self.db.execute("DELETE FROM entities WHERE id NOT IN (SELECT entity FROM mentions WHERE entity IS NOT NULL)")

    def quoted_documents(self) -> list[tuple[str, str]]:
        """(trail, document entity) for every quote in a trail whose speaker is a document."""
        return [
            (r["trail"], r["speaker_entity"])
            for r in self.rows(
                """SELECT q.trail, q.speaker_entity FROM quotes q JOIN entities e ON e.id = q.speaker_entity
                   WHERE q.trail IS NOT NULL AND e.type = 'WORK'"""
            )
        ]

    def save_document_merges(self, merges: list[DocumentMerge]) -> None:
        """One document for each merge: its mentions, stance rows and quotes move to ``keep``,
        which takes the merged name, and the others leave."""
        with self.writing():
            for merge in merges:
                for other in merge.others:
                    self.db.execute("UPDATE mentions SET entity = ? WHERE entity = ?", (merge.keep, other))
                    self.db.execute("UPDATE stance SET entity = ? WHERE entity = ?", (merge.keep, other))
                    self.db.execute("DELETE FROM entities WHERE id = ?", (other,))
                self.db.execute("UPDATE entities SET name = ? WHERE id = ?", (merge.name, merge.keep))
                group = [merge.keep, *merge.others]
                self.db.execute(
                    f"UPDATE quotes SET speaker_entity = ?, speaker_name = ? WHERE speaker_entity IN ({','.join('?' * len(group))})",  # noqa: S608 - placeholders only
                    (merge.keep, merge.name, *group),
                )

    def trail_inputs(self) -> tuple[list[Quote], dict[str, str | None], dict[str, np.ndarray | None], dict[str, str]]:
        """What the trails stage matches: every quote in document order, each article's date, the
        vector of each statement (``model.statements_of``) and the groups an earlier run formed."""
        quotes = [quote_of(row) for row in self.rows("SELECT q.* FROM quotes q JOIN articles a ON a.id = q.doc ORDER BY q.doc, q.start")]
        vectors = self.statement_vectors()
        groups = {r["statement"]: r["grp"] for r in self.rows("SELECT statement, grp FROM trail_groups")}
        published = {r["id"]: r["published"] for r in self.rows("SELECT id, published FROM articles")}
        return quotes, published, vectors, groups

    def statement_vectors(self) -> dict[str, np.ndarray | None]:
        """Each statement's stored vector (None where none was stored), a row of one matrix: an
        array of its own per statement costs twice the vectors' memory (an array and a bytes
        object each), the trails stage's largest share at ten times the fnc1 sample."""
        rows = [(r["statement"], r["vector"]) for r in self.rows("SELECT statement, vector FROM quote_vectors")]
        stored = [(statement, blob) for statement, blob in rows if blob is not None]
        matrix = np.frombuffer(b"".join(blob for _, blob in stored), dtype=VECTOR_DTYPE)
        vectors: dict[str, np.ndarray | None] = dict.fromkeys(statement for statement, blob in rows if blob is None)
        if stored:
            vectors.update(zip((statement for statement, _ in stored), matrix.reshape(len(stored), -1), strict=True))
        return vectors

    def save_trails(self, update: TrailUpdate) -> None:
        """Replace the trails, set each quote's trail, and keep every matched quote's group."""
        with self.writing():
            self.db.execute("DELETE FROM trails")
            self.db.execute("UPDATE quotes SET trail = NULL WHERE trail IS NOT NULL")
            self.db.executemany("INSERT INTO trails (id, label, first, members, drift) VALUES (?, ?, ?, ?, ?)", [trail_row(t) for t in update.trails])
            self.db.executemany("UPDATE quotes SET trail = ? WHERE id = ?", [(t.id, m.quote) for t in update.trails for m in t.members])
            self.db.executemany(
                "INSERT OR REPLACE INTO trail_groups (statement, quote, grp) VALUES (?, ?, ?)",
                [(statement, quote_of_statement(statement), group) for statement, group in update.groups.items()],
            )

    def roles(self) -> list[Role]:
        """Every role, in document order."""
        return [role_of(r) for r in self.rows('SELECT id, doc, mention, cluster, start, "end", text, head, modifiers FROM roles ORDER BY doc, start')]

    def entities(self) -> dict[str, Entity]:
        return {r["id"]: entity_of(r) for r in self.rows("SELECT id, name, type FROM entities ORDER BY id")}

    def corrections(self) -> list[Correction]:
        """The reader's corrections to the entities, in the order they were made."""
        return [Correction(r["id"], r["action"], r["name"], r["other"]) for r in self.rows("SELECT id, action, name, other FROM entity_corrections ORDER BY id")]

    def add_correction(self, action: str, name: str, other: str | None = None) -> Correction:
        with self.writing():
            cursor = self.db.execute("INSERT INTO entity_corrections (action, name, other, made_at) VALUES (?, ?, ?, ?)", (action, name, other, now()))
        return Correction(cursor.lastrowid or 0, action, name, other)

    def keep_correction(self, action: str, name: str, other: str | None = None) -> Correction:
        """The correction, added unless the store holds it already (an aliases file given to every run)."""
        found = next((c for c in self.corrections() if (c.action, c.name, c.other) == (action, name, other)), None)
        return found or self.add_correction(action, name, other)

    def remove_correction(self, correction_id: int) -> bool:
        """Forget a correction (the next run of the entities stage no longer applies it); False when there is none of that id."""
        with self.writing():
            cursor = self.db.execute("DELETE FROM entity_corrections WHERE id = ?", (correction_id,))
        return cursor.rowcount > 0

    def feed_state(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified a watched feed last answered (None, None before its first poll)."""
        with self.lock:
            row = self.db.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (url,)).fetchone()
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def save_feed_state(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.writing():
            self.db.execute(
                "INSERT INTO feeds (url, etag, last_modified, polled_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified, polled_at=excluded.polled_at",
                (url, etag, last_modified, now()),
            )

    def trails(self) -> list[Trail]:
        """Every trail, by its first article and label."""
        return [trail_of(r) for r in self.rows("SELECT id, label, first, members, drift FROM trails ORDER BY first, label, id")]

    def trail(self, trail_id: str) -> Trail | None:
        row = self.db.execute("SELECT id, label, first, members, drift FROM trails WHERE id = ?", (trail_id,)).fetchone()
        return trail_of(row) if row else None

    def quotes_in_trails(self) -> dict[str, Quote]:
        return {r["id"]: quote_of(r) for r in self.rows("SELECT * FROM quotes WHERE trail IS NOT NULL")}

    def save_findings(self, findings: list[Finding]) -> None:
        with self.writing():
            self.db.execute("DELETE FROM findings")
            self.db.executemany("INSERT INTO findings (id, kind, summary, evidence) VALUES (?, ?, ?, ?)", [finding_row(f) for f in findings])
