"""The explorer over a real store: pages, search, filters, the JSON API and its error shape,
and the escaping of hostile article text and metadata."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(story_db):
    from fastapi.testclient import TestClient

    from storytrail.web.explorer import create_app

    with TestClient(create_app(story_db)) as c:
        yield c


def test_every_view_renders_what_the_store_holds(client):
    overview = client.get("/")
    assert overview.status_code == 200
    assert "Ken Turns Off Jewish Leftists" in overview.text and "Evil title" in overview.text
    speakers = client.get("/speakers").text
    assert "Sadiq Khan" in speakers and "Ken Livingstone" in speakers
    trails = client.get("/trails").text
    assert "prejudiced bone in his body" in trails
    assert "Ed Miliband" in client.get("/findings").text
    stance = client.get("/stance").text
    assert "stance-negative" in stance or "stance-positive" in stance
    # each cell counts the sentences it rests on and how they lean, outside the folded evidence
    assert re.search(r'</details>\s*<span class="cell-note">\d+ negative, \d+ positive of \d+ sentences?', stance)
    assert "Labour Party" in client.get("/entities").text


def test_a_trail_page_shows_each_member_against_the_first(client):
    trail = client.get("/api/trails").json()["items"]
    bone = next(t for t in trail if "prejudiced bone" in t["label"])
    page = client.get(f"/trails/{bone['id']}").text
    assert "first appearance" in page
    assert "<ins>" in page and "<del>" in page  # "doesn't have a" became "no"
    assert f'/articles/{bone["first"]}#q-' in page
    assert "tied for first appearance" not in page  # 000 is dated, 002 is not: 000 came first
    # the letter's charge, quoted by three undated articles: no outlet order stands in for the dates
    words = next(t for t in trail if "interchangeably" in t["label"])
    assert words["first_tied"] and "(tied)" in client.get("/trails").text
    assert client.get(f"/trails/{words['id']}").text.count("tied for first appearance") == 3


def test_article_page_marks_quotes_speakers_and_entities_in_place(client):
    page = client.get("/articles/003_e8e944f242b7a2a8").text
    quotes = client.get("/api/articles/003_e8e944f242b7a2a8").json()["quotes"]
    assert quotes
    for q in quotes:
        assert f'id="q-{q["id"]}"' in page
    assert 'class="m-speaker"' in page and 'class="m-mention"' in page


def test_search_finds_quotes_and_articles_and_treats_syntax_as_words(client):
    results = client.get("/api/search", params={"q": "Miliband"}).json()
    assert {a["id"] for a in results["articles"]} >= {"001_bbdf86036fbab6a6", "002_71f8b2bdd622bbcf"}
    before = client.get("/api/quotes").json()["total"]
    for hostile in ['"); DROP TABLE quotes;--', "NEAR(a b", "* OR 1=1", '"', "%_\\"]:
        assert client.get("/search", params={"q": hostile}).status_code == 200
        assert client.get("/api/quotes", params={"text": hostile}).status_code == 200
        assert client.get("/api/entities", params={"text": hostile}).status_code == 200
    assert client.get("/api/quotes").json()["total"] == before
    dropped = client.get("/api/quotes", params={"text": "DROP TABLE quotes"}).json()
    assert dropped["total"] == 1 and "DROP TABLE" in dropped["items"][0]["text"]


def test_quote_filters_and_paging(client):
    everything = client.get("/api/quotes", params={"per_page": 200}).json()
    first = client.get("/api/quotes", params={"per_page": 5}).json()
    second = client.get("/api/quotes", params={"per_page": 5, "page": 2}).json()
    assert first["total"] == everything["total"] > 10 and len(first["items"]) == 5
    assert [q["id"] for q in first["items"] + second["items"]] == [q["id"] for q in everything["items"][:10]]
    khan = next(q["speaker"]["entity"] for q in everything["items"] if q["speaker"] and q["speaker"].get("name") == "Sadiq Khan")
    by_khan = client.get("/api/quotes", params={"speaker": khan, "per_page": 200}).json()["items"]
    assert by_khan and all(q["speaker"]["entity"] == khan for q in by_khan)
    dated = client.get("/api/quotes", params={"date_from": "2012-03-23", "date_to": "2012-03-23", "per_page": 200}).json()["items"]
    assert dated and {q["doc"] for q in dated} == {"000_067aad2373a22218"}
    page = client.get("/quotes", params={"speaker": khan}).text
    assert page.count('class="quote-row"') == len(by_khan)


def test_quotes_filter_by_kind_and_cue_type(client):
    total = client.get("/api/quotes").json()["total"]
    by_kind = {k: client.get("/api/quotes", params={"kind": k, "per_page": 200}).json() for k in ("direct", "indirect", "mixed", "block")}
    assert sum(found["total"] for found in by_kind.values()) == total
    assert by_kind["indirect"]["total"] > 0 and all(q["kind"] == "indirect" for q in by_kind["indirect"]["items"])
    thought = client.get("/api/quotes", params={"cue_type": "thought", "per_page": 200}).json()
    speech = client.get("/api/quotes", params={"cue_type": "speech"}).json()
    assert thought["total"] > 0 and thought["total"] + speech["total"] == total
    assert all(q["cue_type"] == "thought" for q in thought["items"])
    assert "believes" in {q["cue"]["text"] for q in thought["items"] if q["cue"]}  # "Ken believes that …"
    page = client.get("/quotes", params={"kind": "indirect", "cue_type": "thought"}).text
    assert '<option value="thought" selected>' in page and '<option value="indirect" selected>' in page


def test_trails_come_widest_first_and_filter_like_quotes(client):
    trails = client.get("/api/trails", params={"per_page": 200}).json()["items"]
    assert trails
    spread = [(t["outlets"], t["size"]) for t in trails]
    assert spread == sorted(spread, reverse=True)
    outlet = trails[0]["facets"]["source"][0]
    kept = client.get("/api/trails", params={"outlet": outlet, "per_page": 200}).json()["items"]
    assert kept and all(outlet in t["facets"]["source"] for t in kept)
    assert len(kept) < len(trails) or all(outlet in t["facets"]["source"] for t in trails)
    assert client.get("/api/trails", params={"date_from": "2031-01-01"}).json()["total"] == 0
    bone = next(t for t in trails if "prejudiced bone" in t["label"])
    assert bone in client.get("/api/trails", params={"text": "prejudiced BONE", "per_page": 200}).json()["items"]
    assert "No trail matches these filters." in client.get("/trails", params={"date_to": "1999-01-01"}).text


def test_errors_share_one_json_shape(client):
    missing = client.get("/api/entities/no-such-id")
    assert missing.status_code == 404
    assert missing.json() == {"error": {"status": 404, "message": "No entity with id 'no-such-id' in this store"}}
    too_many = client.get("/api/quotes", params={"per_page": 1000})
    assert too_many.status_code == 422 and too_many.json()["error"]["status"] == 422
    assert "per_page" in too_many.json()["error"]["message"]
    html_missing = client.get("/trails/nope")
    assert html_missing.status_code == 404 and "text/html" in html_missing.headers["content-type"]


def test_hostile_text_and_metadata_are_inert(client):
    assert client.get("/api/articles/evil").headers["content-type"] == "application/json"  # raw data, never sniffed as HTML
    for path in ("/", "/articles/evil", "/quotes", "/search?q=script", "/entities", "/speakers"):
        response = client.get(path)
        assert response.status_code == 200
        assert "<script>window.__xss" not in response.text
        assert "<img src=x" not in response.text
        assert 'href="javascript:' not in response.text
    article = client.get("/articles/evil").text
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in article
    assert "&#34;&gt;&lt;img src=x onerror=window.__xss=4&gt;Evil Times" in article


def test_security_headers_and_no_files_outside_the_package(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").status_code == 200
    assert "Plotly" in client.get("/static/plotly.min.js").text[:5000]
    for path in ("/static/../pyproject.toml", "/static/..%2F..%2Fpyproject.toml", "/static/%2e%2e/cli.py", "/static/templates/base.html"):
        assert client.get(path).status_code == 404
    assert client.post("/api/quotes").status_code == 405


def test_the_explorer_never_writes_to_the_store(story_db, client):
    before = story_db.read_bytes()
    client.get("/")
    client.get("/search", params={"q": "Ken"})
    assert story_db.read_bytes() == before


def test_serve_binds_localhost_by_default():
    import inspect

    from storytrail.cli import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
