"""The store's schema: versioned migrations, and the columns of every table the per-article stages fill."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

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
    # 10: where a plain text's own headline lies, so that the stages and the reader's views tell it
    # from the body; and whether a quote's cue is speech or thought (the export contract's cue_type)
    """
    ALTER TABLE articles ADD COLUMN title_start INTEGER;
    ALTER TABLE articles ADD COLUMN title_end INTEGER;
    ALTER TABLE quotes ADD COLUMN cue_type TEXT;
    """,
    # 11: what each watched feed last answered, for conditional requests (``storytrail watch``);
    # and a reader's corrections to the entities, applied after every run of the entities stage
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        polled_at TEXT NOT NULL
    );
    CREATE TABLE entity_corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        action TEXT NOT NULL CHECK (action IN ('merge', 'split', 'rename')),
        name TEXT NOT NULL,
        other TEXT,
        made_at TEXT NOT NULL
    );
    """,
    # 12: how many of a stance row's sentences lean each way, so that rows of one actor combine by
    # their sentences, and how strongly the sentences support the label. Rows written before keep
    # their label; their counts are unknown (0) and their confidence is 1 where a verdict stands.
    """
    ALTER TABLE stance ADD COLUMN negative INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stance ADD COLUMN positive INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stance ADD COLUMN confidence REAL NOT NULL DEFAULT 1.0;
    """,
    # 13: whether a mention is a name or a description of a named person ("the president"): a
    # description is one of its entity's mentions, never one of its names or aliases
    """
    ALTER TABLE mentions ADD COLUMN kind TEXT NOT NULL DEFAULT 'name';
    """,
    # 14: vectors and trail groups are kept per statement: a quotation split around its cue is one
    # statement per part, each followed on its own (``model.statements_of``); a statement leaves
    # with its quote
    """
    CREATE TABLE statement_vectors (
        statement TEXT PRIMARY KEY,
        quote TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        vector BLOB NOT NULL
    );
    INSERT INTO statement_vectors (statement, quote, vector) SELECT quote, quote, vector FROM quote_vectors;
    DROP TABLE quote_vectors;
    ALTER TABLE statement_vectors RENAME TO quote_vectors;
    CREATE INDEX quote_vectors_quote ON quote_vectors(quote);
    CREATE TABLE statement_groups (
        statement TEXT PRIMARY KEY,
        quote TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        grp TEXT NOT NULL
    );
    INSERT INTO statement_groups (statement, quote, grp) SELECT quote, quote, grp FROM trail_groups;
    DROP TABLE trail_groups;
    ALTER TABLE statement_groups RENAME TO trail_groups;
    CREATE INDEX trail_groups_quote ON trail_groups(quote);
    """,
    # 15: whether a quote's cue reports words or thoughts rather than an act of its source
    # (``Quote.reports``); the trails stage follows only what is reported. Quotes stored before
    # count as reported until their article is analysed again.
    """
    ALTER TABLE quotes ADD COLUMN reports INTEGER NOT NULL DEFAULT 1;
    """,
]


# Every table the per-article stages fill, with its columns in order; articles first (the others refer to it).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "hash", "source", "title", "outlet", "author", "url", "published", "updated", "text", "words", "model", "analyzed_at",
                 "title_start", "title_end"),
    "quotes": ("id", "doc", "start", "end", "text", "kind", "spans", "cue_start", "cue_end", "cue_text", "speaker_start", "speaker_end",
               "speaker_text", "speaker_cluster", "speaker_name", "speaker_entity", "parent", "trail", "cue_type", "reports"),
    "quote_vectors": ("statement", "quote", "vector"),
    "mentions": ("id", "doc", "start", "end", "text", "type", "cluster", "name", "entity", "kind"),
    "roles": ("id", "doc", "mention", "cluster", "start", "end", "text", "head", "modifiers"),
    "stance": ("id", "doc", "cluster", "name", "voice", "holder", "label", "score", "sentences", "evidence", "entity", "negative", "positive",
               "confidence"),
}
ARTICLE_TABLES = ("quotes", "mentions", "stance", "roles")  # keyed by doc; quote_vectors follow their quotes
UPSERT_ARTICLE = f"""INSERT INTO articles ({", ".join(TABLE_COLUMNS["articles"])}) VALUES ({",".join("?" * len(TABLE_COLUMNS["articles"]))})
    ON CONFLICT(id) DO UPDATE SET {", ".join(f"{c}=excluded.{c}" for c in TABLE_COLUMNS["articles"][1:])}"""  # noqa: S608 - fixed names


def sql_statements(script: str) -> Iterator[str]:
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
