"""The report and the explorer in a real browser: Debian's Chromium driven by Playwright.

What a person would do: follow a trail, read the wording diff, go from a quote to its place in
the article, search; and what must never happen: a console error, a network request from the
report, or hostile article text running as script.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page that records console errors, uncaught exceptions and every request it makes."""

    def __init__(self, browser) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def xss_ran(self) -> bool:
        return self.page.evaluate("window.__xss !== undefined")


@pytest.fixture(scope="module")
def report_file(story_db, tmp_path_factory) -> Path:
    from storytrail.store import Store
    from storytrail.web.report import build_report

    path = tmp_path_factory.mktemp("browser") / "report.html"
    with Store(story_db, readonly=True) as store:
        build_report(store, path)
    return path


@pytest.fixture(scope="module")
def explorer_url(story_db):
    import uvicorn

    from storytrail.web.explorer import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(story_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_report_follow_a_trail_to_its_diff_and_to_the_article(browser, report_file):
    w = Watched(browser)
    page = w.page
    page.goto(report_file.as_uri())
    expect(page.locator("#overview")).to_be_visible()
    page.get_by_role("link", name="Trails", exact=True).click()
    expect(page.locator("#trails")).to_be_visible()
    expect(page.locator("#overview")).to_be_hidden()
    page.locator("#trails a.trail-link", has_text="prejudiced bone").click()
    trail = page.locator("section.view.shown")
    expect(trail.locator("h1")).to_contain_text("Trail:")
    expect(trail.locator(".diff ins").last).to_have_text("no")
    expect(trail.locator(".diff del").first).to_contain_text("doesn't have a")
    expect(trail.locator(".drift-wording").first).to_be_visible()
    expect(trail.locator(".drift-meaning")).to_have_count(0)  # "doesn't have a" and "no" agree
    trail.locator("a.to-article").nth(1).click()
    shown = page.locator("section.view.shown")
    expect(shown).to_have_id("article-002_71f8b2bdd622bbcf")
    flashed = shown.locator(".flash")
    expect(flashed.first).to_be_in_viewport()
    assert "".join(flashed.all_inner_texts()) == "no prejudiced bone in his body"
    assert not w.errors, w.errors
    assert all(url.startswith(("file:", "data:", "about:")) for url in w.requests), w.requests


def test_report_quote_filter_and_hostile_article(browser, report_file):
    w = Watched(browser)
    page = w.page
    page.goto(report_file.as_uri() + "#quotes")
    expect(page.locator("#quotes")).to_be_visible()
    total = page.locator("#all-quotes tr.quote-row:visible").count()
    page.locator("#quotes input[data-field=text]").fill("prejudiced bone")
    visible = page.locator("#all-quotes tr.quote-row:visible")
    expect(visible).to_have_count(3)
    assert total > 3
    assert all("prejudiced bone" in t for t in visible.all_inner_texts())
    page.goto(report_file.as_uri() + "#article-evil")
    expect(page.locator("#article-evil")).to_be_visible()
    text = page.locator("section.view.shown .text").inner_text()
    assert "<script>window.__xss = 1</script>" in text
    assert "<img src=x onerror=" in text
    assert not w.xss_ran()
    assert page.locator("img").count() == 0
    assert not w.errors, w.errors


def test_report_filters_quotes_and_trails_by_kind_source_and_date(browser, report_file):
    w = Watched(browser)
    page = w.page
    page.goto(report_file.as_uri() + "#quotes")
    form = page.locator("#quotes form.row-filters")
    rows = page.locator("#all-quotes tr.quote-row")
    visible = page.locator("#all-quotes tr.quote-row:visible")
    total = rows.count()
    form.locator("[data-field=kind]").select_option("indirect")
    expect(visible).to_have_count(page.locator("#all-quotes tr.quote-row[data-kind=indirect]").count())
    assert 0 < visible.count() < total
    expect(form.locator(".shown")).to_have_text(f"{visible.count()} shown")
    form.locator("[data-field=cue]").select_option("thought")
    assert visible.count() > 0 and all(r.get_attribute("data-cue") == "thought" for r in visible.all())
    form.locator("[data-field=kind]").select_option("")
    form.locator("[data-field=cue]").select_option("")
    form.locator("[data-field=from]").fill("2012-03-23")
    form.locator("[data-field=to]").fill("2012-03-23")
    dated = visible.count()
    assert dated > 0 and {r.get_attribute("data-dates") for r in visible.all()} == {"2012-03-23"}
    form.locator("[data-field=to]").fill("2012-03-22")
    expect(visible).to_have_count(0)
    form.locator("[data-field=to]").fill("")
    form.locator("[data-field=from]").fill("")
    expect(visible).to_have_count(total)
    page.goto(report_file.as_uri() + "#trails")
    trails = page.locator("#all-trails tr[data-text]")
    shown = page.locator("#all-trails tr[data-text]:visible")
    source = trails.first.get_attribute("data-source").split("|")[0]
    page.locator("#trails form.row-filters").locator("[data-field=source]").select_option(label=source)
    assert shown.count() > 0 and all(source in r.get_attribute("data-source").split("|") for r in shown.all())
    assert not w.errors, w.errors


def test_report_stance_grid_scrolls_instead_of_cutting_off(browser, report_file):
    w = Watched(browser)
    page = w.page
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(report_file.as_uri() + "#stance")
    wrap = page.locator("#stance .grid-wrap")
    expect(wrap).to_be_visible()
    widths = wrap.evaluate("el => [el.scrollWidth, el.clientWidth, getComputedStyle(el).overflowX]")
    assert widths[2] == "auto"
    if widths[0] > widths[1]:  # wider than the page: scrolled to its end, the last actor comes into view
        wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    expect(page.locator("#stance .stance-grid thead th").last).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400  # the page itself never runs off the right edge
    assert not w.errors, w.errors


def test_explorer_trail_diff_quote_to_article_and_search(browser, explorer_url):
    w = Watched(browser)
    page = w.page
    page.goto(explorer_url + "/")
    assert "Ken Turns Off Jewish Leftists" in page.locator("main").inner_text()
    page.get_by_role("link", name="Trails", exact=True).click()
    page.locator("a.trail-link", has_text="prejudiced bone").click()
    expect(page).to_have_url(re.compile("/trails/"))
    expect(page.locator(".diff ins").last).to_have_text("no")
    page.locator("a.to-article").nth(1).click()
    expect(page).to_have_url(re.compile("/articles/002_71f8b2bdd622bbcf#q-"))
    flashed = page.locator(".flash")
    expect(flashed.first).to_be_in_viewport()
    assert "".join(flashed.all_inner_texts()) == "no prejudiced bone in his body"
    page.get_by_role("searchbox", name="Search").fill("Miliband")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search\?q=Miliband"))
    marks = page.locator("main mark").all_inner_texts()
    assert marks and all(m == "Miliband" for m in marks)
    page.locator("ul.hits a", has_text="Ken Turns Off Jewish Leftists").click()
    expect(page).to_have_url(re.compile("/articles/002_71f8b2bdd622bbcf$"))
    assert not w.errors, w.errors


def test_explorer_filters_quotes_by_speaker(browser, explorer_url):
    w = Watched(browser)
    page = w.page
    page.goto(explorer_url + "/quotes")
    page.get_by_label("Speaker").select_option(label="Sadiq Khan")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile("speaker="))
    speakers = page.locator("table.quotes tbody td:nth-child(2) .speaker").all_inner_texts()
    assert speakers and set(speakers) == {"Sadiq Khan"}
    assert not w.errors, w.errors


def test_explorer_renders_hostile_text_inert(browser, explorer_url):
    w = Watched(browser)
    page = w.page
    for path in ("/", "/articles/evil", "/quotes", "/search?q=script+img"):
        page.goto(explorer_url + path)
        assert not w.xss_ran(), path
        assert page.locator("main img").count() == 0, path
    page.goto(explorer_url + "/articles/evil")
    assert "<script>window.__xss = 1</script>" in page.locator(".text").inner_text()
    assert page.locator("a[href^='javascript:']").count() == 0
    page.goto(explorer_url + "/")
    assert page.locator("td", has_text="<script>window.__xss=3</script>Evil title").count() == 1
    assert not w.errors, w.errors
