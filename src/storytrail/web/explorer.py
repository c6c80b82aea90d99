"""`storytrail serve`: a read-only web explorer over the store, with a JSON API.

Server-rendered pages from the same templates as the report; every request opens the store
read-only. Untrusted text is escaped by the templates, search input only ever reaches SQLite as a
bound parameter of an FTS5 query built from its words, and the only files served are the
package's own three assets.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from storytrail.store import Store
from storytrail.store.reads import QuoteQuery
from storytrail.web import views
from storytrail.web.templating import environment, plotly_js, static_text

log = logging.getLogger(__name__)
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)  # plotly sets inline styles on the nodes it draws; scripts come only from this server
ASSETS = {"style.css": "text/css", "app.js": "text/javascript", "plotly.min.js": "text/javascript"}
MAX_PAGE = 1_000_000  # far past any store's last page, and far below SQLite's integer range
MAX_TEXT = 500  # characters of a search or filter value: a search uses its first 16 words anyway
PerPage = Annotated[int, Query(ge=1, le=views.MAX_PER_PAGE)]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]
PageParam = Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)]
Text = Annotated[str, Query(max_length=MAX_TEXT)]


def open_store(request: Request) -> Iterator[Store]:
    """A read-only connection for one request."""
    opened = Store(request.app.state.db, readonly=True)
    try:
        yield opened
    finally:
        opened.close()


StoreDep = Annotated[Store, Depends(open_store)]


def explorer_href(kind: str, ident: str | None = None, anchor: str | None = None, query: dict | None = None) -> str:
    paths = {"overview": "/", "trail": "/trails", "entity": "/entities", "article": "/articles"}
    path = paths.get(kind, f"/{kind}")
    if ident is not None:
        path += "/" + quote(ident, safe="")
    if query:
        path += "?" + urlencode(query)
    return path + (f"#{quote(anchor, safe='-_.')}" if anchor else "")


def create_app(db: Path) -> FastAPI:
    Store(db, readonly=True).close()  # fail at start, with the store's own message, not on the first request
    app = FastAPI(title="storytrail explorer", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.db = db
    env = environment(explorer_href, report=False)

    def page(view: str, title: str, http_status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template("page.html").render(view=view, title=title, **context)
        return HTMLResponse(html, status_code=http_status)

    def found(value: dict[str, Any] | None, what: str, ident: str) -> dict[str, Any]:
        if value is None:
            raise HTTPException(404, f"No {what} with id {ident!r} in this store")
        return value

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        try:
            response = await call_next(request)
        except Exception:  # noqa: BLE001 - any failure is answered in the error shape, with these headers, and logged
            log.exception("%s %s failed", request.method, request.url.path)
            response = error_response(request, 500, "Internal error: the server could not answer this request")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        response = error_response(request, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})  # a 405's Allow
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return error_response(request, 422, f"Bad request: {problems}")

    def error_response(request: Request, status: int, message: str) -> Response:
        if request.url.path == "/api" or request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
        return page("error", f"Error {status}", http_status=status, status=status, message=message)

    @app.get("/static/{name}")
    def asset(name: str) -> Response:
        if name not in ASSETS:
            raise HTTPException(404, "No such asset")
        body = plotly_js() if name == "plotly.min.js" else static_text(name)
        return Response(body, media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=3600"})

    # ------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse)
    def overview_page(s: StoreDep) -> HTMLResponse:
        return page("overview", "Overview", overview=views.overview(s))

    @app.get("/speakers", response_class=HTMLResponse)
    def speakers_page(s: StoreDep, outlet: Text = "") -> HTMLResponse:
        return page("speakers", "Speakers", speakers=views.speakers(s, outlet=outlet))

    @app.get("/quotes", response_class=HTMLResponse)
    def quotes_page(s: StoreDep, filters: Annotated[QuoteQuery, Depends(quote_query)], page_no: PageParam = 1) -> HTMLResponse:
        return page("quotes", "Quotes", quotes=views.quotes(s, filters, page=page_no), filters=filters, choices=views.filter_choices(s))

    @app.get("/trails", response_class=HTMLResponse)
    def trails_page(s: StoreDep, filters: Annotated[QuoteQuery, Depends(quote_query)]) -> HTMLResponse:
        return page("trails", "Trails", trails=views.trails(s, filters), filters=filters, choices=views.filter_choices(s))

    @app.get("/trails/{trail_id}", response_class=HTMLResponse)
    def trail_page(s: StoreDep, trail_id: str) -> HTMLResponse:
        record = found(views.trail(s, trail_id), "trail", trail_id)
        return page("trail", "Trail", trail=record)

    @app.get("/entities", response_class=HTMLResponse)
    def entities_page(s: StoreDep, type: Text = "", text: Text = "", page_no: PageParam = 1) -> HTMLResponse:  # noqa: A002 - the query parameter's name
        return page("entities", "Entities", entities=views.entities(s, type_=type, text=text, page=page_no), types=views.entity_types(s), filters={"type": type, "text": text})

    @app.get("/entities/{entity_id}", response_class=HTMLResponse)
    def entity_page(s: StoreDep, entity_id: str) -> HTMLResponse:
        record = found(views.entity(s, entity_id), "entity", entity_id)
        return page("entity", record["name"], entity=record)

    @app.get("/stance", response_class=HTMLResponse)
    def stance_page(s: StoreDep, page_no: PageParam = 1) -> HTMLResponse:
        return page("stance", "Stance", stance=views.stance_grid(s, page=page_no))

    @app.get("/findings", response_class=HTMLResponse)
    def findings_page(s: StoreDep) -> HTMLResponse:
        return page("findings", "Findings", findings=views.findings(s))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def article_page(s: StoreDep, article_id: str) -> HTMLResponse:
        record = found(views.article(s, article_id), "article", article_id)
        return page("article", record["article"]["title"] or article_id, article=record)

    @app.get("/search", response_class=HTMLResponse)
    def search_page(s: StoreDep, q: Text = "") -> HTMLResponse:
        return page("search", f"Search: {q}", results=views.search(s, q), query=q)

    # ------------------------------------------------------------ JSON API

    @app.get("/api/articles")
    def api_articles(s: StoreDep, page: PageNo = 1, per_page: PerPage = 50) -> dict[str, Any]:
        return views.articles(s, page=page, per_page=per_page).as_dict()

    @app.get("/api/articles/{article_id:path}")
    def api_article(s: StoreDep, article_id: str) -> dict[str, Any]:
        record = found(views.article(s, article_id), "article", article_id)
        return {"article": record["article"], "quotes": record["quotes"], "stance": record["stance"], "entities": [{"id": i, "name": n} for i, n in record["entities"]]}

    @app.get("/api/quotes")
    def api_quotes(s: StoreDep, filters: Annotated[QuoteQuery, Depends(quote_query)], page: PageNo = 1, per_page: PerPage = 50) -> dict[str, Any]:
        return views.quotes(s, filters, page=page, per_page=per_page).as_dict()

    @app.get("/api/speakers")
    def api_speakers(s: StoreDep, outlet: Text = "") -> dict[str, Any]:
        return views.speakers(s, outlet=outlet)

    @app.get("/api/entities")
    def api_entities(s: StoreDep, type: Text = "", text: Text = "", page: PageNo = 1, per_page: PerPage = 50) -> dict[str, Any]:  # noqa: A002
        return views.entities(s, type_=type, text=text, page=page, per_page=per_page).as_dict()

    @app.get("/api/entities/{entity_id}")
    def api_entity(s: StoreDep, entity_id: str) -> dict[str, Any]:
        return found(views.entity(s, entity_id), "entity", entity_id)

    @app.get("/api/trails")
    def api_trails(s: StoreDep, filters: Annotated[QuoteQuery, Depends(quote_query)], page: PageNo = 1, per_page: PerPage = 50,
                   min_size: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 2) -> dict[str, Any]:
        listed = views.trails(s, filters, min_size=min_size)
        return views.Page(listed[(page - 1) * per_page : page * per_page], len(listed), page, per_page).as_dict()

    @app.get("/api/trails/{trail_id}")
    def api_trail(s: StoreDep, trail_id: str) -> dict[str, Any]:
        return found(views.trail(s, trail_id), "trail", trail_id)

    @app.get("/api/stance")
    def api_stance(s: StoreDep, page: PageNo = 1, per_page: PerPage = 50) -> dict[str, Any]:
        grid = views.stance_grid(s, page=page, per_page=per_page)
        return {**grid, "page": grid["page"].as_dict()}

    @app.get("/api/findings")
    def api_findings(s: StoreDep, page: PageNo = 1, per_page: PerPage = 50) -> dict[str, Any]:
        listed = views.findings(s)
        return views.Page(listed[(page - 1) * per_page : page * per_page], len(listed), page, per_page).as_dict()

    @app.get("/api/search")
    def api_search(s: StoreDep, q: Text = "") -> dict[str, Any]:
        return views.search(s, q)

    return app


def quote_query(
    text: Text = "", outlet: Text = "", speaker: Text = "", entity: Text = "", date_from: Text = "", date_to: Text = "", trail: Text = "",
    kind: Text = "", cue_type: Text = "",
) -> QuoteQuery:
    return QuoteQuery(text=text, outlet=outlet, speaker=speaker, entity=entity, date_from=date_from, date_to=date_to, trail=trail,
                      kind=kind, cue_type=cue_type)
