"""Screenshots of every explorer view and of the report, for docs/screenshots/.

    make demo && .venv/bin/python docs/screenshots.py --db storytrail-demo.db

Needs Debian's chromium at /usr/bin/chromium (driven by Playwright).
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from storytrail.store import Store
from storytrail.web.explorer import create_app
from storytrail.web.report import build_report

HERE = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    with Store(args.db, readonly=True) as store:
        trail = store.db.execute("SELECT id FROM trails ORDER BY length(members) DESC").fetchone()[0]
        entity = store.db.execute("SELECT id FROM entities WHERE name = 'Ken Livingstone'").fetchone()[0]
        article = store.db.execute("SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET 1").fetchone()[0]
        speaker = store.db.execute("SELECT id FROM entities WHERE name = 'Sadiq Khan'").fetchone()[0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    views = {
        "overview": "/", "speakers": "/speakers", "quotes-by-speaker": f"/quotes?speaker={speaker}",
        "quotes-filtered": "/quotes?kind=indirect&cue_type=speech&date_from=2012-03-01&date_to=2012-12-31", "trails": "/trails",
        "trail": f"/trails/{trail}", "entities": "/entities", "entity": f"/entities/{entity}", "stance": "/stance",
        "findings": "/findings", "article": f"/articles/{article}", "search": "/search?q=Miliband",
    }
    HERE.mkdir(exist_ok=True)
    with sync_playwright() as p, tempfile.TemporaryDirectory() as scratch:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        for name, path in views.items():
            page.goto(base + path)
            page.wait_for_timeout(300)
            page.screenshot(path=HERE / f"explorer-{name}.png")
        report = Path(scratch) / "report.html"
        with Store(args.db, readonly=True) as store:
            build_report(store, report)
        for name, fragment in {"overview": "#overview", "trail": f"#trail-{trail}", "stance": "#stance", "trails": "#trails"}.items():
            page.goto(report.as_uri() + fragment)
            page.wait_for_timeout(500)
            page.screenshot(path=HERE / f"report-{name}.png")
        browser.close()
    server.should_exit = True
    print(f"{len(views) + 4} screenshots in {HERE}")


if __name__ == "__main__":
    main()
