"""The templates both front ends render, and the assets they carry.

Jinja autoescaping is on for every template: article text and metadata are untrusted, and the
only markup that reaches a page unescaped is our own CSS, our own script and plotly.js.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

Href = Callable[..., str]


def safe_url(url: str | None) -> str:
    """The URL if it is a web address; anything else (javascript:, data:, relative paths) is not linked."""
    if not url:
        return ""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return url.strip() if scheme in ("http", "https") else ""


@dataclass(frozen=True, slots=True)
class Assets:
    css: str
    js: str
    plotly: str


def static_text(name: str) -> str:
    return resources.files("storytrail.web").joinpath("static", name).read_text(encoding="utf-8")


@cache
def plotly_js() -> str:
    """plotly.js as the plotly wheel ships it: taken from the package at build time, never a CDN."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


@cache
def assets() -> Assets:
    # a "</script" inside a script body would end it early; plotly.js and ours never contain one
    return Assets(css=static_text("style.css"), js=static_text("app.js"), plotly=plotly_js())


def environment(href: Href, report: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("storytrail.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(href=href, report=report, generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), query="")
    env.filters["safe_url"] = safe_url
    return env
