"""The static report: one file, nothing fetched from anywhere, every view and every item in it."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report_html(story_db, tmp_path_factory) -> str:
    from storytrail.store import Store
    from storytrail.web.report import build_report

    path = tmp_path_factory.mktemp("report") / "report.html"
    with Store(story_db, readonly=True) as store:
        build_report(store, path)
    return path.read_text(encoding="utf-8")


def test_the_report_needs_no_network(report_html):
    assert "default-src 'none'" in report_html  # the page itself forbids fetching anything
    assert not re.search(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["']?(?:https?:)?//""", report_html)
    assert "Plotly" in report_html  # the charting library is inlined from the plotly wheel


def test_every_view_trail_entity_and_article_has_a_section(report_html, story_db):
    from storytrail.store import Store

    with Store(story_db, readonly=True) as store:
        ids = {
            "article": [r[0] for r in store.rows("SELECT id FROM articles")],
            "trail": [r[0] for r in store.rows("SELECT id FROM trails")],
            "entity": [r[0] for r in store.rows("SELECT entity FROM mentions GROUP BY entity HAVING count(DISTINCT doc) > 1")],
        }
    for view in ("overview", "speakers", "quotes", "trails", "entities", "stance", "findings"):
        assert f'<section id="{view}" class="view">' in report_html
    for kind, values in ids.items():
        assert values
        for value in values:
            assert f'<section id="{kind}-{value}" class="view">' in report_html
    # an entity of one article links to its first mention there, not to a section it lacks
    for link in set(re.findall(r'href="#entity-([0-9a-f]+)"', report_html)):
        assert f'<section id="entity-{link}" class="view">' in report_html


def test_hostile_article_is_escaped_in_the_report(report_html):
    assert "<script>window.__xss" not in report_html
    assert "<img src=x" not in report_html
    assert 'href="javascript:' not in report_html
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in report_html


def test_report_command_writes_the_file(story_db, tmp_path):
    from typer.testing import CliRunner

    from storytrail.cli import app

    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", "--db", str(story_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    missing = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.db"), "-o", str(out)])
    assert missing.exit_code == 2 and "storytrail analyze" in missing.output
