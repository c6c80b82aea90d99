"""A folder of the bad inputs real folders hold, beside good articles: what the reliability tests
(and a user trying storytrail out) run the readers and the CLI over."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

GOOD = {
    "good-khan.txt": 'Sadiq Khan defended the mayor\'s plan on Tuesday.\n\n"We will build the homes London needs," Khan said.\n',
    "good-corbyn.txt": 'Jeremy Corbyn spoke in Leeds.\n\n"Labour will win this seat," Mr Corbyn told supporters.\n',
    "good-miliband.txt": 'Ed Miliband said that the party had to change its tone.\n\n"It is time to listen," he said.\n',
}


def warc_bytes(records: list[tuple[str | None, str, bytes]]) -> bytes:
    """A WARC of response records: (target URI or None, content type, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=False)
    for uri, content_type, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri or "http://example.org/x", "response", payload=io.BytesIO(body), http_headers=http)
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    return stream.getvalue()


def make(folder: Path, long_text_chars: int = 1_100_000) -> dict[str, str]:
    """Write the nasty folder; returns {file name: what is wrong with it} for the bad ones."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    bad: dict[str, str] = {}
    paragraph = 'The council met again. "We are listening," the chair said. ' * 20 + "\n\n"
    (folder / "long-transcript.txt").write_text(paragraph * (long_text_chars // len(paragraph) + 1), encoding="utf-8")
    (folder / "surrogates.jsonl").write_text(
        '{"id": "lone\\ud800", "text": "A lone surrogate \\ud800 in the text. \\"We will see,\\" she said."}\n', encoding="utf-8"
    )
    html = b"<html><body><article><p>" + b"Words of a real page about the council vote. " * 10 + b"</p></article></body></html>"
    (folder / "no-uri.warc").write_bytes(warc_bytes([(None, "text/html", html)]))
    (folder / "images-only.warc").write_bytes(warc_bytes([("http://example.org/a.png", "image/png", b"\x89PNG....")]))
    bad["images-only.warc"] = "no HTML page"
    (folder / "[red]markup.txt").write_text('Markup in the name. "It is fine," the editor said.\n', encoding="utf-8")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>x</title>'
        '<link>http://example.org/[/yellow]story</link><description>' + "A feed entry about the council vote. " * 10 +
        "</description></item></channel></rss>"
    )
    (folder / "markup-link.rss").write_text(feed, encoding="utf-8")
    (folder / "utf16-nobom.txt").write_bytes('No byte order mark here. "We will see," the minister said.\n'.encode("utf-16-le"))
    rows = [{"id": "n1", "text": 12345}, {"id": "n2", "text": ["a", "b"]}, {"id": {"x": 1}, "text": "A fine text with an odd id."}]
    (folder / "bad-types.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    bad["bad-types.jsonl"] = "a text or id that is not a string"
    (folder / "broken-quoting.csv").write_text('id,text\nc1,"an unterminated field\nc2,"another text\n', encoding="utf-8")
    bad["broken-quoting.csv"] = "broken CSV quoting"
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol9 "&lol2;&lol2;">]><rss version="2.0"><channel><title>Bomb</title><item><title>&lol9;</title>'
        '<link>http://example.org/bomb</link><description>&lol9;</description></item></channel></rss>'
    )
    (folder / "entity-bomb.rss").write_text(bomb, encoding="utf-8")
    bad["entity-bomb.rss"] = "declares XML entities"
    for sub in ("left", "right"):
        (folder / sub).mkdir(exist_ok=True)
        (folder / sub / "article.txt").write_text(f'The {sub} folder\'s article. "Both are kept," the {sub} editor said.\n', encoding="utf-8")
    fifo = folder / "pipe.txt"
    if not fifo.exists():
        os.mkfifo(fifo)
    bad["pipe.txt"] = "not a regular file"
    (folder / "empty.txt").write_text("", encoding="utf-8")
    bad["empty.txt"] = "empty"
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    bad["binary.txt"] = "binary"
    (folder / "[bold]scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02" * 50)  # read as markup, the tag would vanish from the line
    bad["[bold]scan.txt"] = "binary, named as it is"
    return bad
