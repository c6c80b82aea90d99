import sqlite3

import pytest

from storytrail.errors import StoreError
from storytrail.model import Analysis, Article, Quote
from storytrail.store.database import MIGRATIONS, Store


def analysis(doc_id="a", text="He said “hello there my friend”.", quotes=1):
    article = Article(id=doc_id, text=text, source="test")
    found = [Quote(id=f"{doc_id}-q{i}", doc=doc_id, start=9, end=30, text=text[9:30], kind="direct", spans=[(9, 30)]) for i in range(quotes)]
    return Analysis(article=article, quotes=found)


def test_migrations_run_once_and_are_recorded(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT version FROM schema_migrations").fetchall() == [(v,) for v in range(1, len(MIGRATIONS) + 1)]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_rewriting_an_article_replaces_its_results(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.write_batch([analysis(quotes=2)], "m")
        store.write_batch([analysis(quotes=1)], "m")
        assert store.counts()["quotes"] == 1
        assert store.counts()["articles"] == 1
        stored = store.stored_article("a")
        assert stored.hash == analysis().article.hash and stored.analyzed
        assert store.stored_article("b") is None


def test_readonly_store_errors_are_clear(tmp_path):
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "missing.db", readonly=True)
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a readable storytrail store"):
        Store(tmp_path / "junk.db")
