"""`storytrail report`: the whole store as one self-contained HTML file that opens with no network."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from . import views
from .store import Store
from .templating import assets, environment

VIEWS = ("overview", "speakers", "quotes", "trails", "entities", "stance", "findings")


def report_href(kind: str, ident: str | None = None, anchor: str | None = None, query: dict | None = None) -> str:
    """Links inside the one-page report are URL fragments naming a section (and a place in it)."""
    if ident is None:
        return f"#{kind}"
    fragment = f"{kind}-{ident}" + (f"::{anchor}" if anchor else "")
    return "#" + quote(fragment, safe="-_.:~")


def build_report(store: Store, output: Path, title: str = "storytrail report") -> int:
    """Render every view, every trail, entity and article into ``output``; returns its size in bytes."""
    env = environment(report_href, report=True)
    trails = views.trails(store)
    entities = views.entities(store, per_page=views.ALL)
    article_ids = [r["id"] for r in store.rows("SELECT id FROM articles ORDER BY id")]
    html = env.get_template("report.html").render(
        title=title,
        assets=assets(),
        overview=views.overview(store),
        speakers=views.speakers(store),
        quotes=views.quotes(store, views.QuoteFilter(), per_page=views.ALL),
        trails=trails,
        trail_pages=[views.trail(store, t["id"]) for t in trails],
        entities=entities,
        entity_pages=[views.entity(store, e["id"]) for e in entities.items],
        stance=views.stance_grid(store),
        findings=views.findings(store),
        article_pages=[views.article(store, a) for a in article_ids],
    )
    output.write_text(html, encoding="utf-8")
    return output.stat().st_size
