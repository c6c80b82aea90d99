"""`storytrail watch` against feeds served on 127.0.0.1 whose content changes between polls:
conditional requests, a host's Retry-After, the news of each poll, and a stop that loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storytrail.watch import interval_seconds

pytestmark = pytest.mark.slow

FIRST = (
    "Springfield's mayor, Jane Doe, said on Monday that \u201cthe new bridge will open in the spring and it will cost less than "
    "we planned.\u201d Council members questioned the figures. Tom Reed, who leads the opposition, said the cost had doubled "
    "since the plan was first put to the council in 2015 and that residents deserved a full account of the overruns."
)
SECOND = (
    "The bridge dispute went on at City Hall on Tuesday. Mayor Jane Doe told reporters that \u201cthe new bridge will open in "
    "the spring and will cost less than planned,\u201d repeating her promise of the day before. Tom Reed said the city had "
    "not published the contractor's invoices and asked the state auditor to review the accounts of the project."
)


def item(number: int, title: str, body: str, day: int) -> str:
    return (f"<item><title>{title}</title><link>http://example.test/story/{number}</link><guid>story-{number}</guid>"
            f"<pubDate>{day:02d} Apr 2018 09:00:00 +0000</pubDate><description><![CDATA[<p>{body}</p>]]></description></item>")


def feed(*items: str) -> bytes:
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Springfield Gazette</title>"
            "<link>http://example.test/</link><description>local news</description>" + "".join(items) + "</channel></rss>").encode()


class FeedServer:
    """One feed on 127.0.0.1 that answers conditional requests with 304, and a 429 with
    Retry-After when told to; it records the conditions each request carried."""

    def __init__(self) -> None:
        self.body = feed(item(1, "Mayor promises bridge", FIRST, 16))
        self.version = 1
        self.limit_next = False
        self.requests: list[dict[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.requests.append({"etag": self.headers.get("If-None-Match"), "since": self.headers.get("If-Modified-Since")})
                if server.limit_next:
                    server.limit_next = False
                    self.send_response(429)
                    self.send_header("Retry-After", "3600")
                    self.end_headers()
                    return
                etag = f'"v{server.version}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.xml"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def publish_second(self) -> None:
        self.body = feed(item(2, "Mayor repeats bridge promise", SECOND, 17), item(1, "Mayor promises bridge", FIRST, 16))
        self.version = 2

    def close(self) -> None:
        self.httpd.shutdown()


@pytest.fixture
def server():
    served = FeedServer()
    yield served
    served.close()


def test_each_poll_says_what_is_new_and_an_unchanged_feed_is_not_fetched_again(server, tmp_path):
    from storytrail.article.registry import FAST_STAGES
    from storytrail.ingest.readers import IngestOptions
    from storytrail.store import Store
    from storytrail.watch import Watcher

    with Store(tmp_path / "story.db") as store:
        watcher = Watcher(store, [server.url], IngestOptions(fetch_interval=0), stages=FAST_STAGES)
        first = watcher.poll()
        assert [a["title"] for a in first.articles] == ["Mayor promises bridge"]
        assert any(q["speaker"] == "Jane Doe" and "new bridge will open" in q["text"] for q in first.quotes)

        unchanged = watcher.poll()
        assert unchanged.empty() and unchanged.not_modified == 1
        assert server.requests[-1]["etag"] == '"v1"'  # asked on condition, answered 304
        assert "nothing new (1 feed not modified)" in next(unchanged.lines())

        server.publish_second()
        second = watcher.poll()
        assert [a["id"] for a in second.articles] == ["http://example.test/story/2"]  # the first is not analysed again
        assert all(q["doc"] == "http://example.test/story/2" for q in second.quotes)
        [grown] = [t for t in second.trails if "bridge" in t["label"]]
        assert grown["members"] == 2 and grown["before"] == 0 and grown["articles"] == 2
        assert {d["kind"] for d in second.drift} >= {"wording"}
        text = "\n".join(second.lines())
        assert "Trails that grew:" in text and "Jane Doe" in text
        assert {e["event"] for e in second.events()} >= {"article", "quote", "trail", "drift"}
        assert store.counts()["articles"] == 2


def test_a_host_that_asks_for_a_pause_is_left_alone_until_it_ends(server, tmp_path):
    from storytrail.article.registry import FAST_STAGES
    from storytrail.ingest.readers import IngestOptions
    from storytrail.store import Store
    from storytrail.watch import Watcher

    server.limit_next = True
    with Store(tmp_path / "story.db") as store:
        watcher = Watcher(store, [server.url], IngestOptions(fetch_interval=0), stages=FAST_STAGES)
        limited = watcher.poll()
        assert limited.empty() and any("asked to wait 3600 s" in p for p in limited.problems)
        asked = len(server.requests)
        assert watcher.poll().empty()
        assert len(server.requests) == asked  # no request while the Retry-After lasts


def test_the_command_follows_a_changing_feed_and_stops_on_sigterm_losing_nothing(server, tmp_path):
    db, news = tmp_path / "story.db", tmp_path / "news.jsonl"
    command = [sys.executable, "-m", "storytrail", "watch", server.url, "--db", str(db), "--every", "1s", "--jsonl", str(news),
               "--no-stance", "--fetch-interval", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()

    def wait_for(text: str) -> None:
        deadline = time.time() + 120
        while not any(text in line for line in lines):
            assert process.poll() is None, process.stderr.read()
            assert time.time() < deadline, lines
            time.sleep(0.2)

    try:
        wait_for("1 new article")
        wait_for("nothing new (1 feed not modified)")
        server.publish_second()
        wait_for("Mayor repeats bridge promise")
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert "stopped after" in stderr and "is kept" in stderr
    events = [json.loads(line) for line in news.read_text(encoding="utf-8").splitlines()]
    assert [e["title"] for e in events if e["event"] == "article"] == ["Mayor promises bridge", "Mayor repeats bridge promise"]
    from storytrail.store import Store

    with Store(db, readonly=True) as store:
        store.check_schema()  # raises on a store a killed write left damaged
        assert store.counts()["articles"] == 2


def test_poll_intervals_read_as_a_person_writes_them():
    assert [interval_seconds(t) for t in ("15m", "30s", "1h", "90", "0.5m")] == [900, 30, 3600, 90, 30]
    for bad in ("", "soon", "-5m", "0", "15 minutes"):
        with pytest.raises(ValueError):
            interval_seconds(bad)
