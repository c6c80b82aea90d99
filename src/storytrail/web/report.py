"""`storytrail report`: the whole store as one self-contained HTML file that opens with no network."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from storytrail.store import Store
from storytrail.store.reads import QuoteQuery
from storytrail.web import views
from storytrail.web.templating import assets, environment


class ReportLinks:
    """Links inside the one-page report: URL fragments naming a section (and a place in it).

    An entity named in one article only gets no section of its own (most entities; their pages
    would double the file): its links go to its first mention in that article instead."""

    def __init__(self, first_mention: dict[str, tuple[str, str]]) -> None:
        self.first_mention = first_mention

    def __call__(self, kind: str, ident: str | None = None, anchor: str | None = None, query: dict | None = None) -> str:
        if ident is None:
            return f"#{kind}"
        if kind == "entity" and ident in self.first_mention:
            kind, (ident, anchor) = "article", self.first_mention[ident]
        fragment = f"{kind}-{ident}" + (f"::{anchor}" if anchor else "")
        return "#" + quote(fragment, safe="-_.:~")


def build_report(store: Store, output: Path, title: str = "storytrail report") -> int:
    """Render every view, every trail, article and entity named in more than one article into
    ``output``; returns its size in bytes."""
    single_article = {entity: (doc, f"e-{start}-{end}") for entity, (doc, start, end) in store.single_article_entities().items()}
    env = environment(ReportLinks(single_article), report=True)
    trails = views.trails(store)
    entities = views.entities(store, per_page=views.ALL)
    article_ids = store.article_ids()
    html = env.get_template("report.html").render(
        title=title,
        assets=assets(),
        overview=views.overview(store),
        speakers=views.speakers(store),
        quotes=views.quotes(store, QuoteQuery(), per_page=views.ALL),
        trails=trails,
        trail_pages=[views.trail(store, t["id"]) for t in trails],
        entities=entities,
        entity_pages=[views.entity(store, e["id"]) for e in entities.items if e["id"] not in single_article],
        stance=views.stance_grid(store, per_page=views.ALL),
        findings=views.findings(store),
        choices=views.filter_choices(store),
        filters=None,
        article_pages=[views.article(store, a) for a in article_ids],
    )
    output.write_text(html, encoding="utf-8")
    return output.stat().st_size
