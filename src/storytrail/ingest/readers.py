"""Ingest: turn files, folders, archives, feeds and URLs into one ``Article`` per document.

Every reader yields ``Article`` or ``InputError``; a bad input never stops the others.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import json
import logging
import os
import re
import stat
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storytrail.errors import InputError, MetadataProblem
from storytrail.headlines import dateline_match, title_span
from storytrail.model import Article

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000
DATE_ORDERS = ("MDY", "DMY", "YMD")
DEFAULT_DATE_ORDER = "MDY"  # the order of US outlets' numeric dates
# Fewer words than this from a page means the markup was broken or held no article.
MIN_HTML_WORDS = 5

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
TABLE_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
WARC_SUFFIXES = {".warc", ".warc.gz"}

TEXT_COLUMNS = ("text", "body", "articleBody", "article_body", "content", "article")
ID_COLUMNS = ("id", "doc", "doc_id", "article_id", "Body ID", "body_id", "uid")
METADATA_FIELDS = ("title", "outlet", "author", "url", "published", "updated")
METADATA_ALIASES = {
    "outlet": ("outlet", "source", "site", "sitename", "publisher"),
    "published": ("published", "date", "publication_date", "published_at", "pubdate"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline"),
    "updated": ("updated", "modified"),
}

ResultStream = Iterator["Article | InputError"]


@dataclass
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    metadata: dict[str, dict[str, str]] = field(default_factory=dict)
    metadata_file: str | None = None  # where the metadata came from: when set, every mismatch with the articles is reported
    date_order: str = DEFAULT_DATE_ORDER  # how a metadata date like 04/05/2018 is read: MDY, DMY or YMD
    fetch_interval: float = 1.0  # seconds between two requests to one host
    fetch_timeout: float = 20.0


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


def is_supported(path: Path) -> bool:
    suffix = suffix_of(path)
    return suffix in TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | TABLE_SUFFIXES | WARC_SUFFIXES


def stem_of(path: Path) -> str:
    suffix = suffix_of(path)
    return path.name[: len(path.name) - len(suffix)] if suffix else path.name


# ---------------------------------------------------------------- decoding


def decode_text(data: bytes, source: str) -> str:
    """Decode bytes to text: BOMs first, then strict UTF-8, then a detected legacy encoding."""
    if not data.strip():
        raise InputError(source, "the file is empty", "Remove it or put the article text in it")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    utf16 = bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if looks_binary(data):
        raise InputError(
            source,
            "this is a binary file, not text",
            "Pass text, HTML, WARC, feed, JSONL or CSV files; convert PDFs and documents to text first",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 (a superset of Latin-1's printable range) is by far the commonest legacy
        # encoding of English news; detectors guess wrong on short texts, so try it first.
        text = data.decode("cp1252")
        log.info("%s: not UTF-8, decoded as cp1252", source)
        return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            source,
            "the text encoding could not be detected",
            "Convert the file to UTF-8 (for example `iconv -f latin1 -t utf-8`)",
        )
    log.info("%s: not UTF-8, decoded as %s", source, best.encoding)
    return str(best)


def bomless_utf16(data: bytes) -> str | None:
    """Text saved as UTF-16 without a byte order mark (Windows tools do it): in English text every
    other byte is zero, on the odd bytes for little-endian, the even ones for big-endian."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    encoding = "utf-16-le" if odd_zeros > 0.6 * half and even_zeros < 0.05 * half else "utf-16-be" if even_zeros > 0.6 * half and odd_zeros < 0.05 * half else None
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if sum(c.isprintable() or c.isspace() for c in text[:2000]) > 0.95 * len(text[:2000]) else None


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > len(sample) * 0.05


STREAM_CHUNK = 1 << 16  # decoded to check it, a chunk takes up to four times its size


def streamable_encoding(path: Path) -> str | None:
    """The encoding a table file is read in line by line ("utf-8", or "utf-8-sig" after a byte
    order mark), or None where ``decode_text`` must decode it whole: UTF-16, a legacy encoding,
    an empty or a binary file (which it names). A corpus in one CSV or JSONL file can be large:
    decoded whole, it was held once as bytes, once as text (four bytes a character where one emoji
    is in it) and once more as lines; ten copies of 168 fnc1 bodies in one CSV took 32 MB."""
    with path.open("rb") as stream:
        head = stream.read(STREAM_CHUNK)
        if not head.strip() or head.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_binary(head) or bomless_utf16(head) is not None:
            return None
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = head
        try:  # the whole file checked a chunk at a time, so that a legacy byte at its end is found before any row is read
            while chunk:
                decoder.decode(chunk)
                chunk = stream.read(STREAM_CHUNK)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"


def file_lines(path: Path, encoding: str) -> Iterator[str]:
    # errors="replace": checked whole by streamable_encoding, a file can change only while it is read
    with path.open(encoding=encoding, errors="replace", newline="") as stream:
        yield from stream


# ---------------------------------------------------------------- plain text

def parse_dateline(text: str, date_order: str = DEFAULT_DATE_ORDER) -> tuple[str | None, str | None, list[str]]:
    """Published and updated dates, in ISO 8601, from a dateline among the first lines of a
    plain-text article; and each dateline date whose day and month read both ways (then read in
    ``date_order``)."""
    match = dateline_match(text)
    if match is None:
        return None, None, []
    dates = [iso_date_of(value, date_order) if value else (None, False) for value in match.groups()]
    ambiguous = [value for value, (_, unsure) in zip(match.groups(), dates, strict=True) if unsure]
    return dates[0][0], dates[1][0], ambiguous


def text_article(text: str, doc_id: str, source: str, date_order: str = DEFAULT_DATE_ORDER) -> ResultStream:
    """A plain-text article, after a notice for each dateline date read in ``date_order``."""
    published, updated, ambiguous = parse_dateline(text, date_order)
    for value in ambiguous:
        yield MetadataProblem(source, f"the dateline date {value!r} was read as {iso_date_of(value, date_order)[0]} ({date_order})", "Pass --date-order to read day and month the other way")
    article = Article(id=doc_id, text=text, source=source, published=published, updated=updated)
    if article.title_span is not None:
        article.title = text[article.title_span[0] : article.title_span[1]]
    yield article


# ---------------------------------------------------------------- HTML


def article_from_html(html: str | bytes, doc_id: str, source: str, url: str | None = None) -> Article:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(source, f"the HTML could not be parsed ({exc.__class__.__name__})", "Check the file is a saved web page") from exc
    if extracted is None or len((extracted.text or "").split()) < MIN_HTML_WORDS:
        raise InputError(
            source,
            "no article text was found in the HTML",
            "Check that the file is a saved article page, not an index page or a broken download",
        )
    return Article(
        id=doc_id,
        text=extracted.text,
        source=source,
        title=extracted.title or None,
        outlet=extracted.sitename or extracted.hostname or None,
        author=extracted.author or None,
        url=extracted.url or url,
        published=extracted.date or None,
    )


# ---------------------------------------------------------------- tables


def first_present(row: dict[str, str], names: Iterable[str]) -> str | None:
    for name in names:
        value = row.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def metadata_from_row(row: dict[str, str]) -> dict[str, str]:
    found = {}
    for key, aliases in METADATA_ALIASES.items():
        value = first_present(row, aliases)
        if value is not None:
            found[key] = value
    return found


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(value: object) -> object:
    """JSON escapes can carry lone surrogates ("\\ud800"), which no encoder accepts: each becomes
    U+FFFD, one character for one, so offsets still index the text."""
    return LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # the line ends csv and open(newline="") know, kept


def text_lines(text: str) -> Iterator[str]:
    """A decoded text's lines, with their ends, one at a time: no second copy of the whole."""
    return (match.group() for match in LINE.finditer(text))


def read_table_rows(path: Path, lines: Iterable[str]) -> Iterator[tuple[int, dict[str, str] | InputError]]:
    """The rows of a CSV or JSONL table, given its lines (each with its line end) as they are read."""
    if suffix_of(path) == ".csv":
        yield from read_csv_rows(path, lines)
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, InputError(f"{path}:{number}", f"invalid JSON ({exc.msg})", "Fix or remove that line")
            continue
        if not isinstance(row, dict):
            yield number, InputError(f"{path}:{number}", "the line is not a JSON object", "Write one object per line")
            continue
        yield number, {key: without_lone_surrogates(value) for key, value in row.items()}


def read_csv_rows(path: Path, lines: Iterable[str]) -> Iterator[tuple[int, dict[str, str] | InputError]]:
    """CSV rows with their number. Quoting is read strictly: a quote left open swallows
    the rows after it, and a lenient reader would store them as one article."""
    csv.field_size_limit(1 << 30)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        yield 1, InputError(f"{path}:1", f"no CSV header ({exc})", "Start the file with a header line naming the columns")
        return
    number = 1  # rows are numbered as if each took one line, blank ones skipped (the header is 1): ids made from it stay as they were
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # the reader goes on from the next line, and stops at the end of the lines
            number += 1
            yield number, InputError(
                f"{path}:{number}", f"broken CSV quoting ({exc})", 'Put fields holding commas, quotes or line breaks in double quotes, inner quotes doubled ("")'
            )
            continue
        if values:
            number += 1
            yield number, dict(zip(header, values))


def wrongly_typed(row: dict) -> str | None:
    """A JSON row's text column that is not a string, or id column that is neither string nor
    number ({"text": 12345}, {"id": {...}}): named, so the row is refused rather than stored as str()."""
    for key in TEXT_COLUMNS + ID_COLUMNS:
        value = row.get(key)
        allowed = (str,) if key in TEXT_COLUMNS else (str, int)
        if value is not None and (not isinstance(value, allowed) or isinstance(value, bool)):
            return f"`{key}` is a JSON {type(value).__name__}"
    return None


def articles_from_table(path: Path, lines: Iterable[str], max_bytes: int) -> ResultStream:
    stem = stem_of(path)
    for number, row in read_table_rows(path, lines):
        if isinstance(row, InputError):
            yield row
            continue
        source = f"{path}:{number}"
        wrong = wrongly_typed(row)
        if wrong:
            yield InputError(source, f"{wrong}: expected a string", "Give the article text and id as JSON strings")
            continue
        body = first_present(row, TEXT_COLUMNS)
        if body is None:
            yield InputError(
                source,
                f"no text column (looked for {', '.join(TEXT_COLUMNS)})",
                "Name the column that holds the article text `text`",
            )
            continue
        if len(body.encode("utf-8")) > max_bytes:
            yield InputError(source, f"the text is over the size limit of {max_bytes} bytes", "Raise --max-bytes or split the text")
            continue
        meta = metadata_from_row(row)
        doc_id = first_present(row, ID_COLUMNS) or meta.get("url") or f"{stem}-{number}"
        yield Article(id=doc_id, text=body, source=source, **meta)


# ---------------------------------------------------------------- WARC


def articles_from_warc(path: Path, max_bytes: int) -> ResultStream:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.recordloader import ArcWarcRecordLoader

    class UriTolerantLoader(ArcWarcRecordLoader):
        # warcio reads the target URI to decide whether HTTP headers follow, and fails on a record
        # without one; such a record is read without them and named below
        def load_http_headers(self, rec_type, uri, stream, length):  # noqa: ANN001, ANN201 - warcio's signature
            return None if uri is None else super().load_http_headers(rec_type, uri, stream, length)

    count = 0
    records = 0
    unnamed = 0
    try:
        with path.open("rb") as stream:
            archive = ArchiveIterator(stream)
            archive.loader = UriTolerantLoader()
            for record in archive:
                records += 1
                if record.rec_type != "response":
                    continue
                if record.rec_headers.get_header("WARC-Target-URI") is None:
                    unnamed += 1
                    yield InputError(f"{path} [record {records}]", "a response record without WARC-Target-URI was skipped", "Write the archive with a tool that records each page's URL")
                    continue
                content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
                if "html" not in content_type.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                payload = record.content_stream().read(max_bytes + 1)
                count += 1
                if len(payload) > max_bytes:
                    yield InputError(f"{path} [{url}]", f"the page is over the size limit of {max_bytes} bytes", "Raise --max-bytes")
                    continue
                try:
                    yield article_from_html(payload, url, f"{path} [{url}]", url=url)
                except InputError as error:
                    yield error
        if path.name.lower().endswith(".gz"):
            gzip_intact(path)
        if count == 0 and unnamed == 0:
            yield InputError(str(path), f"no HTML page among its {records} records", "Pass an archive of web pages (text/html responses)")
    except (ArchiveLoadFailed, EOFError, OSError, gzip.BadGzipFile, ValueError) as exc:
        yield InputError(
            str(path),
            f"the archive is truncated or corrupt after {count} pages ({exc.__class__.__name__})",
            "The pages read before the damage were kept; re-download or repair the archive for the rest",
        )


def gzip_intact(path: Path) -> None:
    """Raise EOFError for a truncated gzip file: warcio stops quietly at a cut member."""
    with gzip.open(path, "rb") as stream:
        while stream.read(1 << 20):
            pass


# ---------------------------------------------------------------- feeds


def looks_like_feed(text: str) -> bool:
    head = text[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def html_to_text(fragment: str) -> str:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(fragment)
    except (lxml.etree.LxmlError, ValueError):  # an empty fragment, or one that declares its own encoding
        return fragment
    blocks = [" ".join(el.text_content().split()) for el in root.iter("p", "blockquote", "li", "h1", "h2", "h3")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else " ".join(root.text_content().split())


def articles_from_feed(data: bytes | str, source: str, fetcher: Fetcher | None = None, known: Callable[[str], bool] | None = None) -> ResultStream:
    import feedparser

    head = (data[:65536] if isinstance(data, bytes) else data[:65536].encode("utf-8", errors="replace")).lower()
    if b"<!entity" in head:
        # feedparser leaves entities it does not know as text ("&lol9;"): a feed that declares its
        # own (the billion-laughs pattern among them) would be stored as junk
        yield InputError(source, "the feed declares its own XML entities, which are not expanded", "Pass a feed without a DOCTYPE that declares entities")
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        yield InputError(source, "the feed holds no entries", "Check that it is an RSS or Atom feed")
        return
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries):
        link = entry.get("link")
        doc_id = link or entry.get("id") or f"{source}#{number}"
        body_html = entry["content"][0].get("value", "") if entry.get("content") else entry.get("summary", "")
        text = html_to_text(body_html) if body_html else ""
        if len(text) < 200 and link and fetcher is not None:
            # Many feeds carry only a teaser: the article itself lives at the link (fetched once:
            # a watch does not fetch again an article it holds).
            if known is not None and known(doc_id):
                continue
            try:
                yield fetcher.article(link, doc_id=doc_id, outlet=outlet)
            except InputError as error:
                yield error
            continue
        if not text.strip():
            yield InputError(f"{source} [{doc_id}]", "the entry has no text", "Pass the article URLs or pages instead")
            continue
        # feedparser gives every date in UTC
        # (dict.get: feedparser's own get answers a missing updated_parsed with published_parsed)
        published, updated = (time.strftime("%Y-%m-%dT%H:%M+00:00", dict.get(entry, key)) if dict.get(entry, key) else None
                              for key in ("published_parsed", "updated_parsed"))
        yield Article(
            id=doc_id,
            text=text,
            source=f"{source} [{doc_id}]",
            title=entry.get("title"),
            outlet=outlet,
            author=entry.get("author"),
            url=link,
            published=published,
            updated=updated,
        )


# ---------------------------------------------------------------- URLs


@dataclass(frozen=True, slots=True)
class Fetched:
    data: bytes
    content_type: str
    etag: str | None  # what a later conditional request sends back
    last_modified: str | None


class RateLimited(InputError):
    """The host asked for a pause (HTTP 429 or 503 with Retry-After)."""

    def __init__(self, url: str, seconds: float) -> None:
        super().__init__(url, f"the host asked to wait {seconds:.0f} s before the next request", "storytrail waits, then asks again")
        self.seconds = seconds


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now: a number of seconds, or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    """Fetches pages politely: one request per host every ``interval`` seconds."""

    def __init__(self, interval: float = 1.0, timeout: float = 20.0, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.interval = interval
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.last_request: dict[str, float] = {}

    def get(self, url: str) -> tuple[bytes, str]:
        fetched = self.fetch(url)
        if fetched is None:  # a server that answers 304 to a request that asked no condition
            raise InputError(url, "the server answered 304 Not Modified to a plain request", "Check the URL")
        return fetched.data, fetched.content_type

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched | None:
        """The page at ``url``; None when a conditional request (``etag``, ``last_modified`` from the
        last answer) is answered 304 Not Modified. A 429 or 503 with Retry-After raises ``RateLimited``."""
        host = urllib.parse.urlsplit(url).netloc
        wait = self.last_request.get(host, 0.0) + self.interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        headers = {"User-Agent": "storytrail/0.1 (+research)"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = response.read(self.max_bytes + 1)
                answer = response.headers
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return None
            retry_after = retry_after_seconds(exc.headers.get("Retry-After")) if exc.headers else None
            if exc.code in (429, 503) and retry_after is not None:
                raise RateLimited(url, retry_after) from exc
            raise InputError(url, f"the server answered HTTP {exc.code}", "Check the URL, or save the page and pass the file") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(
                url,
                f"could not fetch ({reason})",
                "Check the network connection (are you offline?), or save the page and pass the file",
            ) from exc
        finally:
            self.last_request[host] = time.monotonic()
        if len(data) > self.max_bytes:
            raise InputError(url, f"the page is over the size limit of {self.max_bytes} bytes", "Raise --max-bytes")
        return Fetched(data, answer.get("Content-Type", ""), answer.get("ETag"), answer.get("Last-Modified"))

    def article(self, url: str, doc_id: str | None = None, outlet: str | None = None) -> Article:
        data, _ = self.get(url)
        article = article_from_html(data, doc_id or url, url, url=url)
        if outlet and not article.outlet:
            article.outlet = outlet
        return article

    def articles(self, url: str) -> ResultStream:
        try:
            data, content_type = self.get(url)
        except InputError as error:
            yield error
            return
        yield from self.articles_in(url, data, content_type)

    def articles_in(self, url: str, data: bytes, content_type: str, known: Callable[[str], bool] | None = None) -> ResultStream:
        """The articles of a page fetched from ``url``: a feed's entries (but the teasers of articles
        ``known`` holds), or the page's article."""
        head = data[:2000].decode("utf-8", errors="replace")
        if "xml" in content_type or "rss" in content_type or looks_like_feed(head):
            yield from articles_from_feed(data, url, fetcher=self, known=known)
            return
        try:
            yield article_from_html(data, url, url, url=url)
        except InputError as error:
            yield error


# ---------------------------------------------------------------- files and folders


def read_file(path: Path, doc_id: str, options: IngestOptions) -> ResultStream:
    source = str(path)
    suffix = suffix_of(path)
    try:
        status = path.stat()
    except OSError as exc:
        yield InputError(source, f"cannot be read ({exc.strerror})", "Check the path and its permissions")
        return
    if not stat.S_ISREG(status.st_mode):
        # a FIFO waits for a writer forever, /dev/zero never ends: only regular files are read
        yield InputError(source, "not a regular file (a pipe, device or socket)", "Pass the article files themselves")
        return
    size = status.st_size
    if suffix in WARC_SUFFIXES:
        yield from articles_from_warc(path, options.max_bytes)
        return
    if suffix not in TABLE_SUFFIXES and size > options.max_bytes:
        yield InputError(
            source,
            f"the file is {size:,} bytes, over the size limit of {options.max_bytes:,}",
            "Raise the limit with --max-bytes, or split the file",
        )
        return
    try:
        if suffix in TABLE_SUFFIXES and (encoding := streamable_encoding(path)) is not None:
            yield from articles_from_table(path, file_lines(path, encoding), options.max_bytes)
            return
        with path.open("rb") as stream:
            data = stream.read(size + 1)  # no more than stat said: a file still growing is read as it was
        if suffix in HTML_SUFFIXES:
            if not data.strip():
                raise InputError(source, "the file is empty", "Remove it or put the article in it")
            if looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise InputError(source, "this is a binary file, not HTML", "Pass the saved web page itself")
            yield article_from_html(data, doc_id, source)
            return
        text = decode_text(data, source)
        if suffix in FEED_SUFFIXES or (suffix == ".xml" and looks_like_feed(text)):
            yield from articles_from_feed(text, source)
        elif suffix in TABLE_SUFFIXES:
            del data  # the bytes are not needed while the rows stream from the text
            yield from articles_from_table(path, text_lines(text), options.max_bytes)
        else:
            yield from text_article(text, doc_id, source, options.date_order)
    except InputError as error:
        yield error
    except OSError as exc:
        yield InputError(source, f"cannot be read ({exc.strerror})", "Check the path and its permissions")


def collect_files(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """(file, root) pairs for every supported file under the given paths, in a stable order."""
    found: list[tuple[Path, Path]] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            # pipes and devices inside a folder are listed too, so that they are named, not skipped unseen
            files = [f for f in sorted(p for p in path.rglob("*") if not p.is_dir()) if is_supported(f) and not any(part.startswith(".") for part in f.relative_to(path).parts)]
            pairs = [(file, path) for file in files]
        else:
            pairs = [(path, path.parent)]
        for file, root in pairs:
            if file.resolve() not in seen:  # a file given twice, or in a folder also given, is read once
                seen.add(file.resolve())
                found.append((file, root))
    return found


def document_ids(files: list[tuple[Path, Path]]) -> dict[Path, str]:
    """File name without extension; where names collide, the path without extension from the
    folder the colliding files share (``left/article`` and ``right/article``, whether they sit in
    one folder given or in two)."""
    groups: dict[str, list[Path]] = {}
    for file, _ in files:
        groups.setdefault(stem_of(file), []).append(file)
    ids = {}
    for stem, group in groups.items():
        if len(group) == 1:
            ids[group[0]] = stem
            continue
        shared = Path(os.path.commonpath([str(f.resolve().parent) for f in group]))
        for file in group:
            relative = file.resolve().relative_to(shared)
            ids[file] = str(relative.with_name(stem)).replace("\\", "/")
    return ids


def apply_metadata(article: Article, metadata: dict[str, dict[str, str]], date_order: str = DEFAULT_DATE_ORDER) -> Iterator[MetadataProblem]:
    """Set the article's metadata from its row; dates become ISO 8601. A date that cannot be read
    is left out, and one whose day and month could be read either way is read in ``date_order``;
    each is reported."""
    for key, value in metadata.get(article.id, {}).items():
        if key not in METADATA_FIELDS or not value:
            continue
        if key in ("published", "updated"):
            parsed, ambiguous = iso_date_of(value, date_order)
            if parsed is None:
                yield MetadataProblem(article.source, f"the {key} date {value!r} could not be read; it was left out", "Write dates as YYYY-MM-DD")
                continue
            if ambiguous:
                yield MetadataProblem(article.source, f"the {key} date {value!r} was read as {parsed} ({date_order})", "Pass --date-order to read day and month the other way")
            value = parsed
        setattr(article, key, value)
    if article.title_span is None:  # a title or URL may show the first line to be the headline
        article.title_span = title_span(article.text, article.title, article.url)


PARTIAL_ISO_DATE = re.compile(r"\d{4}(?:-\d{2})?")  # a year, or a year and month: kept as they are, not filled in
CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}")
DAY_OR_MONTH = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-]\d{2,4}\b")


def iso_date_of(value: str, date_order: str = DEFAULT_DATE_ORDER) -> tuple[str | None, bool]:
    """A date as typed ("19/04/2018", "April 20 2018", "2018-04-20T13:05+02:00") in ISO 8601,
    with its time and zone when it has them; and whether its day and month could be read either
    way ("04/05/2018"). Parsed by dateparser, never by formats of our own."""
    import dateparser

    text = value.strip()
    if PARTIAL_ISO_DATE.fullmatch(text):
        return text, False
    settings = {"DATE_ORDER": date_order, "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}
    stamp = dateparser.parse(text, settings=settings)  # type: ignore[arg-type]
    if stamp is None:
        return None, False
    numbers = DAY_OR_MONTH.match(text)
    ambiguous = bool(numbers) and numbers.group(1) != numbers.group(2) and max(int(numbers.group(1)), int(numbers.group(2))) <= 12
    if not CLOCK_TIME.search(text):
        return stamp.strftime("%Y-%m-%d"), ambiguous
    return stamp.isoformat(timespec="minutes"), ambiguous


def sidecar_rows(path: Path, option: str) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a file given beside the articles (csv or jsonl) with their numbers; the first
    bad row stops it, named by file and line."""
    try:
        text = decode_text(path.read_bytes(), str(path))
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})", f"Check the {option} path") from exc
    for number, row in read_table_rows(path, text_lines(text)):
        if isinstance(row, InputError):
            raise row
        yield number, row


def load_metadata(path: Path) -> dict[str, dict[str, str]]:
    """A sidecar of article metadata keyed by article id (csv or jsonl)."""
    table: dict[str, dict[str, str]] = {}
    for number, row in sidecar_rows(path, "--metadata"):
        doc_id = first_present(row, ID_COLUMNS)
        if doc_id is None:
            raise InputError(f"{path}:{number}", "the row has no `id` column", "Key each row by the article id (file name without extension)")
        table[doc_id] = metadata_from_row(row)
    return table


def load_aliases(path: Path) -> list[tuple[str, list[str]]]:
    """An aliases file (csv or jsonl): one row per entity, its ``name`` and the ``aliases`` it goes
    by ("|"-separated in a CSV, a list in JSONL): ``Jews,Jewish|Jew|anglo-Jewish``."""
    groups = []
    for number, row in sidecar_rows(path, "--aliases"):
        name, aliases = row.get("name"), row.get("aliases")
        listed = aliases if isinstance(aliases, list) else str(aliases or "").split("|")
        listed = [str(a).strip() for a in listed if str(a).strip()]
        if not name or not str(name).strip() or not listed:
            raise InputError(f"{path}:{number}", "the row needs a name and at least one alias", "Write rows as: name,aliases (aliases separated by |)")
        groups.append((str(name).strip(), listed))
    return groups


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def iter_articles(inputs: Iterable[str], options: IngestOptions | None = None) -> ResultStream:
    """Every article (or the error that stopped it) from files, folders and URLs, in input order."""
    options = options or IngestOptions()
    fetcher: Fetcher | None = None
    local: list[Path] = []
    urls: list[str] = []
    for value in inputs:
        (urls if is_url(value) else local).append(value if is_url(value) else Path(value))  # type: ignore[arg-type]
    files = collect_files(local)
    if options.metadata_file is not None:
        # a sidecar kept in the folder it describes is the metadata, not a table of articles
        sidecar = Path(options.metadata_file).resolve()
        files = [(file, root) for file, root in files if file.resolve() != sidecar]
    ids = document_ids(files)
    seen: list[str] = []

    def with_metadata(results: ResultStream) -> ResultStream:
        for result in results:
            if isinstance(result, Article):
                seen.append(result.id)
                if options.metadata_file is not None and result.id not in options.metadata:
                    yield MetadataProblem(result.source, f"no row of {options.metadata_file} has the id {result.id!r}", "Add a row with this id to the metadata")
                yield from apply_metadata(result, options.metadata, options.date_order)
            yield result

    for file, _ in files:
        yield from with_metadata(read_file(file, ids[file], options))
    for url in urls:
        fetcher = fetcher or Fetcher(options.fetch_interval, options.fetch_timeout, options.max_bytes)
        yield from with_metadata(fetcher.articles(url))
    if options.metadata_file is not None:
        yield from unmatched_metadata(options.metadata, options.metadata_file, seen)


def unmatched_metadata(metadata: dict[str, dict[str, str]], source: str, article_ids: list[str]) -> Iterator[MetadataProblem]:
    """A metadata row whose id no article of the run has: its outlet, title and date would be
    silently lost. The nearest article id is suggested ("3_RR.txt" -> "3_RR")."""
    import difflib

    known = set(article_ids)
    for doc_id in metadata:
        if doc_id not in known:
            near = difflib.get_close_matches(doc_id, article_ids, n=1, cutoff=0.6)
            hint = f"Did you mean {near[0]!r}? " if near else ""
            yield MetadataProblem(f"{source} [{doc_id}]", "the row matches no article of this run", f"{hint}Key each row by the article id: the file name without its extension")
