import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from storytrail.errors import InputError, MetadataProblem
from storytrail.ingest.readers import IngestOptions, iter_articles, load_metadata, parse_dateline, title_span

ARTICLE_HTML = """<html><head><title>Mayor speaks</title><meta name="author" content="Jane Roe">
<meta property="og:site_name" content="Daily Example"><meta name="date" content="2020-04-10"></head>
<body><nav>Home | World | Sport</nav><article><h1>Mayor speaks</h1>
<p>The mayor of the city said on Tuesday that the new bridge would open next spring, after years of delay.</p>
<p>"We have waited long enough for this bridge," she told reporters at the site of the works.</p>
<p>Critics said the cost had doubled since the plan was first put to the council in 2015.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


def results(paths, **options):
    return list(iter_articles([str(p) for p in paths], IngestOptions(**options)))


def test_text_file_keeps_exact_text_and_dateline(tmp_path):
    text = "Title here\r\n\r\n23/03/2012 12:21 GMT | Updated 23/05/2012 10:12 BST\r\n\r\nHe said “yes”.\r\n"
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    [article] = results([tmp_path / "a.txt"])
    assert article.id == "a"
    assert article.text == text  # CRLF kept, BOM removed: offsets index the file as read with newline=''
    # read by dateparser, with the zone the dateline names: BST is an hour ahead of GMT
    assert article.published == "2012-03-23T12:21+00:00"
    assert article.updated == "2012-05-23T10:12+01:00"
    assert article.title == "Title here"
    assert article.title_span == (0, 10)


def test_dateline_variants():
    # a day-first date is read as one whatever the order; 05/12 reads both ways and follows the order
    assert parse_dateline("x\n23/03/2012\nbody") == ("2012-03-23", None, [])
    assert parse_dateline("x\n05/12/2019\nbody", "DMY") == ("2019-12-05", None, ["05/12/2019"])
    assert parse_dateline("x\n05/12/2019\nbody", "MDY") == ("2019-05-12", None, ["05/12/2019"])
    assert parse_dateline("no date here") == (None, None, [])


def test_an_ambiguous_dateline_is_reported_with_the_order_used(tmp_path):
    (tmp_path / "a.txt").write_text("Council approves plan\n\n05/12/2019\n\nThe council said yes.\n", encoding="utf-8")
    found = results([tmp_path / "a.txt"], date_order="DMY")
    [problem] = [r for r in found if isinstance(r, MetadataProblem)]
    assert "05/12/2019" in problem.problem and "2019-12-05 (DMY)" in problem.problem
    [article] = [r for r in found if not isinstance(r, InputError)]
    assert article.published == "2019-12-05"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # title case over a blank line, even with the full stop some corpora add
        ("Trump Warns Iran Against Restarting Nuclear Program.\n\nPresident Trump warned Iran on Monday.", (0, 52)),
        ("Ken Turns Off Jewish Leftists\nJewish Labor Loyalists Found Livingstone Obnoxious\n\nLabor's Ken wants his job back.", (0, 29)),
        ("Council approves plan\n23/03/2012 12:21 GMT\n\nThe council said yes.", (0, 21)),
        ("\ufeff  Council approves plan\n\nThe council said yes.", (3, 24)),
        # a claim credited to a name before a colon, set as a sentence
        ("Sanders: Clinton needs to get away from the personality stuff.\n\nBernie Sanders spoke on Friday.", (0, 62)),
        # a lead sentence, a quotation, a line running on into the body: no title
        ("Macaulay Culkin is not dead.\n\nThe actor is the latest victim of a hoax.", None),
        ("WASHINGTON: The president signed the bill on Monday.\n\nIt passed the Senate last week.", None),
        ("“We needed the best actor on the board.”\n\nThe studio said so on Monday.", None),
        ("Council approves plan\nafter a long debate on Monday night.", None),
        ("One line only", None),
    ],
)
def test_title_span_of_a_plain_text(text, span):
    assert title_span(text) == span


def test_a_sentence_case_title_is_recognised_when_the_metadata_gives_it():
    text = "Democratic Party alleges Trump-Russia conspiracy in new lawsuit.\n\nThe Democratic National Committee sued."
    assert title_span(text) is None
    assert title_span(text, "Democratic Party alleges Trump-Russia conspiracy in new lawsuit") == (0, 64)


def test_folder_is_recursive_and_ids_disambiguate_collisions(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "story.txt").write_text("First article body.", encoding="utf-8")
    (tmp_path / "two" / "story.txt").write_text("Second article body.", encoding="utf-8")
    (tmp_path / "two" / "other.txt").write_text("Third article body.", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    ids = sorted(a.id for a in results([tmp_path]))
    assert ids == ["one/story", "other", "two/story"]


def test_html_uses_trafilatura_with_metadata(tmp_path):
    (tmp_path / "page.html").write_text(ARTICLE_HTML, encoding="utf-8")
    [article] = results([tmp_path / "page.html"])
    assert "the new bridge would open next spring" in article.text
    assert "Subscribe to our newsletter" not in article.text
    assert article.title == "Mayor speaks"
    assert article.author == "Jane Roe"


def test_jsonl_and_csv_rows(tmp_path):
    rows = [{"id": "r1", "text": "Body one.", "outlet": "Paper", "date": "2020-01-02"}, {"text": "Body two.", "url": "https://x.test/2"}]
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (tmp_path / "rows.csv").write_text('Body ID,articleBody\n7,"A body, with a comma"\n', encoding="utf-8")
    articles = {a.id: a for a in results([tmp_path / "rows.jsonl", tmp_path / "rows.csv"])}
    assert articles["r1"].outlet == "Paper" and articles["r1"].published == "2020-01-02"
    assert articles["https://x.test/2"].text == "Body two."
    assert articles["7"].text == "A body, with a comma"


def test_table_files_read_line_by_line_as_decoded_whole(tmp_path):
    """A table is streamed when it is UTF-8 and decoded whole otherwise: the rows come out the same
    either way, quoted line breaks, CRLF, a byte order mark and characters beyond the BMP kept."""
    body = 'He said “we will build it” 🚧,\r\nthen left.\nThe end.'
    table = 'id,text\r\na,"' + body.replace('"', '""') + '"\r\nb,Second body.\r\n'
    (tmp_path / "plain.csv").write_text(table, encoding="utf-8", newline="")
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + table.encode("utf-8"))
    (tmp_path / "utf16.csv").write_text(table, encoding="utf-16", newline="")
    latin = table.replace("“", '""').replace("”", '""').replace(" 🚧", "") + "c,Caf\u00e9 ferm\u00e9.\r\n"
    (tmp_path / "legacy.csv").write_bytes(latin.encode("cp1252"))
    for name in ("plain", "bom", "utf16"):
        articles = results([tmp_path / f"{name}.csv"])
        assert [(a.id, a.text) for a in articles] == [("a", body), ("b", "Second body.")], name
    legacy = {a.id: a.text for a in results([tmp_path / "legacy.csv"])}
    assert legacy["c"] == "Café fermé." and legacy["a"].startswith('He said "we will build it",')


def test_jsonl_line_holding_a_unicode_line_separator_is_one_row(tmp_path):
    # U+2028 is valid inside a JSON string; only \n, \r and \r\n end a line of JSONL
    row = {"id": "u", "text": "First part\u2028second part, said the mayor."}
    (tmp_path / "rows.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    [article] = results([tmp_path / "rows.jsonl"])
    assert article.text == row["text"]


def test_a_large_table_is_not_held_whole_while_its_rows_are_read(tmp_path):
    import tracemalloc

    body = "The council met on Tuesday and said the bridge would open in spring. " * 60
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write("id,text\n")
        for number in range(4000):
            stream.write(f"n{number},{body} 🚧 {number}\n")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_articles([str(path)], IngestOptions()))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 4000
    assert peak < size / 4, f"reading a {size:,}-byte table peaked at {peak:,} bytes"


def make_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers)
            writer.write_record(record)


def test_warc_reads_html_responses(tmp_path):
    make_warc(tmp_path / "crawl.warc.gz", [("https://x.test/a", ARTICLE_HTML), ("https://x.test/b", ARTICLE_HTML.replace("bridge", "tunnel"))])
    articles = results([tmp_path / "crawl.warc.gz"])
    assert [a.id for a in articles] == ["https://x.test/a", "https://x.test/b"]
    assert "tunnel" in articles[1].text


def test_truncated_warc_keeps_pages_before_the_damage(tmp_path):
    pages = [(f"https://x.test/{i}", ARTICLE_HTML) for i in range(3)]
    make_warc(tmp_path / "full.warc.gz", pages)
    data = (tmp_path / "full.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.8)])
    out = results([tmp_path / "cut.warc.gz"])
    kept = [r for r in out if not isinstance(r, InputError)]
    errors = [r for r in out if isinstance(r, InputError)]
    assert len(kept) >= 1 and len(errors) == 1
    assert "truncated or corrupt" in str(errors[0]) and "cut.warc.gz" in str(errors[0])


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Feed</title>
<item><title>One</title><link>https://x.test/one</link><pubDate>Tue, 10 Mar 2020 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{body}&lt;/p&gt;</description></item></channel></rss>"""


def test_saved_feed(tmp_path):
    body = "The council said the library would stay open. " * 6
    (tmp_path / "feed.rss").write_text(RSS.format(body=body), encoding="utf-8")
    [article] = results([tmp_path / "feed.rss"])
    assert article.id == "https://x.test/one"
    assert article.outlet == "Example Feed"
    assert article.published == "2020-03-10T10:00+00:00"  # feedparser gives dates in UTC
    assert "library would stay open" in article.text


def test_metadata_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text("Some article text.", encoding="utf-8")
    (tmp_path / "meta.csv").write_text("id,outlet,published\na,The Paper,2012-03-23\n", encoding="utf-8")
    [article] = results([tmp_path / "a.txt"], metadata=load_metadata(tmp_path / "meta.csv"))
    assert article.outlet == "The Paper" and article.published == "2012-03-23"


def test_a_sentence_case_title_is_recognised_when_the_url_is_named_after_it():
    """NewsWCL50 dev 1_R and 3_L: a headline set as a sentence, which only the address tells from a lead."""
    text = "Trump tweets that Comey memos \u2018clearly\u2019 show no obstruction, collusion.\n\nComey's memos were released on Thursday."
    url = "http://www.foxnews.com/politics/2018/04/20/trump-tweets-that-comey-memos-clearly-show-no-obstruction-collusion.html"
    assert title_span(text) is None
    assert title_span(text, url=url) == (0, 71)
    lawsuit = "Democratic Party alleges Trump-Russia conspiracy in new lawsuit.\n\nThe Democratic National Committee sued."
    assert title_span(lawsuit, url="https://www.nytimes.com/2018/04/20/us/politics/dnc-russia-trump-lawsuit.html") == (0, 64)
    # a lead sentence under an address named after another headline stays the body's
    lead = "Macaulay Culkin is not dead.\n\nThe actor is the latest victim of a hoax."
    assert title_span(lead, url="https://example.com/2014/11/10/culkin-death-hoax-spreads-on-facebook.html") is None


def test_a_metadata_url_marks_the_headline_the_text_opens_with(tmp_path):
    (tmp_path / "a.txt").write_text("Democratic Party sues Russia, the Trump campaign.\n\nThe party said so on Friday.", encoding="utf-8")
    (tmp_path / "meta.csv").write_text("id,url\na,https://www.usatoday.com/story/news/2018/04/20/democratic-party-sues-russia-trump-campaign/536032002/\n", encoding="utf-8")
    [article] = results([tmp_path / "a.txt"], metadata=load_metadata(tmp_path / "meta.csv"))
    assert article.title_span == (0, 49)


def test_a_metadata_title_marks_the_headline_the_text_opens_with(tmp_path):
    (tmp_path / "a.txt").write_text("Democratic Party sues Russia.\n\nThe party said so on Friday.", encoding="utf-8")
    (tmp_path / "meta.csv").write_text("id,title\na,Democratic Party sues Russia\n", encoding="utf-8")
    [article] = results([tmp_path / "a.txt"], metadata=load_metadata(tmp_path / "meta.csv"))
    assert article.title == "Democratic Party sues Russia" and article.title_span == (0, 29)


def test_bad_inputs_each_get_a_clear_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("Le café était fermé, a dit le maire.".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes("He said “hello”.".encode("utf-16"))
    (tmp_path / "broken.html").write_text("<html><body><div><p>unclosed <b>tags", encoding="utf-8")
    (tmp_path / "big.txt").write_text("word " * 100, encoding="utf-8")
    out = {(r.source if isinstance(r, InputError) else r.source): r for r in results([tmp_path], max_bytes=300)}
    by_name = {Path(k).name: v for k, v in out.items()}
    assert "empty" in str(by_name["empty.txt"])
    assert "binary" in str(by_name["binary.txt"])
    assert by_name["latin1.txt"].text == "Le café était fermé, a dit le maire."
    assert by_name["utf16.txt"].text == "He said “hello”."
    assert isinstance(by_name["broken.html"], InputError) and "no article text" in str(by_name["broken.html"])
    assert isinstance(by_name["big.txt"], InputError) and "size limit" in str(by_name["big.txt"])


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        body = ARTICLE_HTML.encode("utf-8") if self.path == "/article" else b""
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_urls_are_fetched_from_a_local_server_and_errors_are_clear():
    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        out = list(iter_articles([f"{base}/article", f"{base}/missing"], IngestOptions(fetch_interval=0.01)))
    finally:
        server.shutdown()
    assert out[0].id == f"{base}/article" and "new bridge" in out[0].text
    assert isinstance(out[1], InputError) and "HTTP 404" in str(out[1])
    offline = list(iter_articles([f"http://127.0.0.1:{server.server_port}/gone"], IngestOptions(fetch_timeout=2)))
    assert isinstance(offline[0], InputError) and "offline" in str(offline[0])


def test_metadata_rows_and_articles_that_do_not_match_are_reported(tmp_path):
    from storytrail.errors import MetadataProblem
    from storytrail.ingest.readers import IngestOptions, iter_articles, load_metadata

    (tmp_path / "in").mkdir()
    for name in ("3_L", "3_RR"):
        (tmp_path / "in" / f"{name}.txt").write_text(f"The {name} article.\n", encoding="utf-8")
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("id,outlet,published\n3_L,New York Times,2018-04-20\n3_RR.txt,Breitbart,2018-04-20\n", encoding="utf-8")
    options = IngestOptions(metadata=load_metadata(sidecar), metadata_file=str(sidecar))
    results = list(iter_articles([str(tmp_path / "in")], options))
    mismatches = [str(r) for r in results if isinstance(r, MetadataProblem)]
    articles = {r.id: r for r in results if not isinstance(r, MetadataProblem)}
    assert set(articles) == {"3_L", "3_RR"} and articles["3_L"].outlet == "New York Times" and articles["3_RR"].outlet is None
    assert mismatches == [
        f"{tmp_path / 'in' / '3_RR.txt'}: no row of {sidecar} has the id '3_RR'. Add a row with this id to the metadata",
        f"{sidecar} [3_RR.txt]: the row matches no article of this run. Did you mean '3_RR'? Key each row by the article id: the file name without its extension",
    ]
    # a library caller that names no metadata file asks for no check
    assert not any(isinstance(r, MetadataProblem) for r in iter_articles([str(tmp_path / "in")], IngestOptions(metadata=load_metadata(sidecar))))


def test_metadata_dates_become_iso_8601_and_doubtful_ones_are_reported(tmp_path):
    from storytrail.errors import MetadataProblem
    from storytrail.ingest.readers import IngestOptions, iso_date_of, iter_articles, load_metadata

    assert iso_date_of("19/04/2018") == ("2018-04-19", False)
    assert iso_date_of("April 20 2018") == ("2018-04-20", False)
    assert iso_date_of("2018-04-20T13:05:00+02:00") == ("2018-04-20T13:05+02:00", False)
    assert iso_date_of("2018") == ("2018", False)  # a year alone is not filled in with today's day
    assert iso_date_of("04/05/2018") == ("2018-04-05", True) and iso_date_of("04/05/2018", "DMY") == ("2018-05-04", True)
    assert iso_date_of("next to the fountain") == (None, False)
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"The {name} article.\n", encoding="utf-8")
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("id,published\na,19/04/2018\nb,04/05/2018\nc,sometime in spring\n", encoding="utf-8")
    results = list(iter_articles([str(tmp_path / f"{n}.txt") for n in "abc"], IngestOptions(metadata=load_metadata(sidecar), metadata_file=str(sidecar), date_order="DMY")))
    dates = {r.id: r.published for r in results if not isinstance(r, MetadataProblem)}
    assert dates == {"a": "2018-04-19", "b": "2018-05-04", "c": None}  # never stored as text that sorts wrongly
    problems = [r.problem for r in results if isinstance(r, MetadataProblem)]
    assert problems == ["the published date '04/05/2018' was read as 2018-05-04 (DMY)", "the published date 'sometime in spring' could not be read; it was left out"]


@pytest.mark.parametrize(
    ("text", "filed"),
    [
        ("Headline here\n\nWASHINGTON — President Trump spoke on Tuesday.", "WASHINGTON — "),
        ("WASHINGTON (Reuters) - The Democratic Party sued the Russian government.", "WASHINGTON (Reuters) - "),
        ("HEMPSTEAD, N.Y., Sept. 26 (UPI) — Green Party candidate Jill Stein was escorted off.", "HEMPSTEAD, N.Y., Sept. 26 (UPI) — "),
        ("The DNC - the party's governing body - said so.", None),
        ("George Washington was the first president.", None),
    ],
)
def test_a_place_dateline_is_found_before_the_first_sentence(text, filed):
    from storytrail.headlines import place_dateline

    span = place_dateline(text)
    assert (text[span[0] : span[1]] if span else None) == filed


def test_a_metadata_sidecar_kept_in_the_folder_is_no_table_of_articles(tmp_path):
    (tmp_path / "a.txt").write_text("The council approved the plan on Monday.", encoding="utf-8")
    (tmp_path / "meta.csv").write_text("id,outlet\na,The Paper\n", encoding="utf-8")
    options = dict(metadata=load_metadata(tmp_path / "meta.csv"), metadata_file=str(tmp_path / "meta.csv"))
    found = results([tmp_path], **options)
    assert [r.id for r in found if not isinstance(r, InputError)] == ["a"]
    assert not [r for r in found if isinstance(r, InputError)]  # no "no text column" for each row of the sidecar
