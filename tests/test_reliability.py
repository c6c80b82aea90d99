"""Bad input, damaged stores and hostile requests, as a careless user brings them: every bad
input named and skipped, no good article lost, no traceback, no hang, no 5xx."""

from __future__ import annotations

import re
import sqlite3
import string
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from storytrail.cli import app
from storytrail.errors import StoreError
from storytrail.model import Analysis, Article
from storytrail.store import Store

from . import nasty_inputs

runner = CliRunner()


def analyze(*args: str):
    return runner.invoke(app, ["analyze", *args, "--no-stance"], catch_exceptions=True)


def stored(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("SELECT id, text FROM articles"))


# ---------------------------------------------------------------- inputs


@pytest.mark.slow
def test_a_folder_of_bad_inputs_beside_good_articles(tmp_path, monkeypatch):
    from storytrail.article import nlp

    # the parser's length limit, lowered so that the "over the limit" text stays small: it is
    # parsed in pieces whose offsets index the whole text, exactly as a 1.1 MB transcript is
    pipeline = nlp.load_pipeline()
    monkeypatch.setattr(pipeline, "max_length", 6_000)
    folder = tmp_path / "in"
    bad = nasty_inputs.make(folder, long_text_chars=20_000)
    result = analyze(str(folder), str(folder / "pipe.txt"), "/dev/zero", "--db", str(tmp_path / "s.db"), "--batch-size", "3")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    articles = stored(tmp_path / "s.db")
    expected = {"good-khan", "good-corbyn", "good-miliband", "long-transcript", "[red]markup", "utf16-nobom", "left/article", "right/article",
                "http://example.org/[/yellow]story", "lone\ufffd"}
    assert set(articles) == expected
    assert "lone surrogate \ufffd in the text" in articles["lone\ufffd"]
    assert articles["utf16-nobom"].startswith("No byte order mark here.")
    for name in bad:
        assert name in result.output, f"{name} is not named"
    assert "/dev/zero: not a regular file" in result.output
    assert result.output.count("pipe.txt: not a regular file") == 1  # given twice, read once
    assert "no-uri.warc [record 1]: a response record without WARC-Target-URI" in result.output
    # every quote of the long text, its pieces joined: offsets index the whole text
    with Store(tmp_path / "s.db", readonly=True) as store:
        long_quotes = [q for q in store.quotes() if q.doc == "long-transcript"]
    text = articles["long-transcript"]
    assert len(long_quotes) == len(re.findall(r'"We are listening,"', text))
    assert all(text[s:e] in q.text for q in long_quotes for s, e in q.spans)


@pytest.mark.slow
def test_an_article_of_another_file_does_not_silently_replace_the_stored_one(tmp_path):
    for side in ("one", "two"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "article.txt").write_text(f'The {side} article. "We stay," the {side} editor said.\n', encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert analyze(str(tmp_path / "one"), "--db", db).exit_code == 0
    second = analyze(str(tmp_path / "two"), "--db", db)
    assert second.exit_code == 1
    assert "already holds an article with the id 'article'" in second.output and "--replace" in second.output
    assert "The one article" in stored(tmp_path / "s.db")["article"]
    assert analyze(str(tmp_path / "two"), "--db", db, "--replace").exit_code == 0
    assert "The two article" in stored(tmp_path / "s.db")["article"]
    both = tmp_path / "both.db"
    assert analyze(str(tmp_path / "one"), str(tmp_path / "two"), "--db", str(both)).exit_code == 0
    assert set(stored(both)) == {"one/article", "two/article"}


def test_a_long_single_line_is_cut_into_pieces_at_sentence_ends():
    from storytrail.article.nlp import pieces

    line = "The council met. " * 50 + "x" * 300
    cut = pieces(line, 100)
    assert "".join(cut) == line and all(len(p) <= 100 for p in cut)
    assert all(p.endswith("met. ") for p in cut[:8])


@pytest.mark.parametrize("size", ["0", "-1"])
def test_a_batch_size_below_one_is_refused(tmp_path, size):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    result = analyze(str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.db"), "--batch-size", size)
    assert result.exit_code == 2 and "--batch-size" in result.output
    assert not (tmp_path / "s.db").exists()


NAMES = st.text(alphabet=string.ascii_letters + string.digits + "[]/_-. ()&'", min_size=1, max_size=20).filter(
    lambda n: "/" not in n and n not in (".", "..") and not n.startswith(".")
)
SUFFIXES = st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".rss", ".xml", ".warc", ".warc.gz"])


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=st.lists(st.tuples(NAMES, SUFFIXES, st.binary(max_size=600)), min_size=1, max_size=4))
def test_the_cli_never_raises_on_arbitrary_names_and_bytes(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    for name, suffix, data in files:
        (folder / f"{name}{suffix}").write_bytes(data)
    (folder / "good.txt").write_text('A good article. "It stays," she said.\n', encoding="utf-8")
    result = analyze(str(folder), "--db", str(folder / "s.db"))
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "good" in stored(folder / "s.db")


# ---------------------------------------------------------------- stores


def made_store(path: Path) -> Path:
    with Store(path) as store:
        store.write_batch([Analysis(article=Article(id="a", text="Kept text.", source="t"))], "m")
    return path


@pytest.mark.parametrize(
    "damage, message",
    [
        ("PRAGMA user_version = 999999", "written by a newer storytrail"),
        ("INSERT INTO schema_migrations VALUES (999, 'later')", "written by a newer storytrail"),
        ("DROP TABLE trails", "the table `trails` is missing"),
        ("DROP INDEX quotes_trail; ALTER TABLE quotes DROP COLUMN trail", "`quotes` lacks the column(s) trail"),
    ],
)
def test_a_newer_or_damaged_store_is_named_and_left_as_it_is(tmp_path, damage, message):
    path = made_store(tmp_path / "s.db")
    with sqlite3.connect(path) as connection:
        connection.executescript(damage)
    before = path.read_bytes()
    for readonly in (False, True):
        with pytest.raises(StoreError, match=re.escape(message)):
            Store(path, readonly=readonly)
    assert path.read_bytes() == before
    result = runner.invoke(app, ["stats", "--db", str(path)])
    assert result.exit_code == 2 and message in result.output


def test_a_full_disk_is_one_clear_error_and_the_store_keeps_its_rows(tmp_path):
    path = made_store(tmp_path / "s.db")
    with Store(path) as store:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk fills up after two more pages
        big = Analysis(article=Article(id="b", text="word " * 100_000, source="t"))
        with pytest.raises(StoreError, match="the disk is full"):
            store.write_batch([big], "m")
        assert [r["id"] for r in store.article_rows()] == ["a"]


# ---------------------------------------------------------------- explorer


@pytest.fixture(scope="module")
def explorer(story_db):

    from storytrail.web.explorer import create_app

    return create_app(story_db)


@pytest.mark.slow
def test_oversized_requests_are_422_and_unknown_methods_405_with_allow(explorer):
    from fastapi.testclient import TestClient

    client = TestClient(explorer)
    for url in ("/api/quotes?page=9223372036854775807", "/api/search?q=" + "a" * 60_000, "/api/entities?text=" + "%" * 5_000):
        response = client.get(url)
        assert response.status_code == 422 and response.json()["error"]["status"] == 422
    assert client.get("/quotes?page=99999999999").status_code == 422
    post = client.post("/api/quotes")
    assert post.status_code == 405 and post.headers["allow"] == "GET"
    assert client.get("/api").json() == {"error": {"status": 404, "message": "Not Found"}}


@pytest.mark.slow
def test_a_failure_inside_a_view_is_a_500_in_the_error_shape_with_the_security_headers(explorer, monkeypatch):
    from fastapi.testclient import TestClient

    from storytrail.web import views

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(views, "findings", broken)
    client = TestClient(explorer, raise_server_exceptions=False)
    api, page = client.get("/api/findings"), client.get("/findings")
    assert api.status_code == 500 and api.json()["error"]["status"] == 500
    assert page.status_code == 500 and "text/html" in page.headers["content-type"]
    assert all("default-src 'none'" in r.headers["content-security-policy"] for r in (api, page))


VALUES = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), st.text(max_size=700), st.sampled_from(["", "0", "-1", "%", "\\", "'", "NULL"]))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_request_the_openapi_describes_gets_a_5xx(explorer, data):
    from fastapi.testclient import TestClient

    client = TestClient(explorer, raise_server_exceptions=False)
    paths = explorer.openapi()["paths"]
    path = data.draw(st.sampled_from(sorted(paths)))
    operation = paths[path]["get"]
    url = path
    params = {}
    for parameter in operation.get("parameters", []):
        value = data.draw(VALUES)
        if parameter["in"] == "path":
            url = url.replace("{" + parameter["name"] + "}", quote(value, safe="") or "x")
        elif data.draw(st.booleans()):
            params[parameter["name"]] = value
    response = client.get(url, params=params)
    assert response.status_code < 500, (url, params, response.text[:200])


def test_a_store_on_a_read_only_file_system_is_read(tmp_path):
    import os
    import shutil
    import subprocess

    path = made_store(tmp_path / "s.db")
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("mounting a read-only file system needs root and mount(8); CI runs as root")
    try:
        shutil.copy(path, mount / "s.db")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        with Store(mount / "s.db", readonly=True) as store:  # SQLite cannot make the WAL's -shm file here
            assert [r["id"] for r in store.article_rows()] == ["a"]
        assert runner.invoke(app, ["stats", "--db", str(mount / "s.db")]).exit_code == 0
    finally:
        subprocess.run(["umount", str(mount)], check=False)
