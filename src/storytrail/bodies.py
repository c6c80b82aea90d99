"""Parties and public bodies by any name a news article gives them: "the Tories", "the Tory party"
and "the Conservatives" are one party, "the F.B.I." and "the FBI" one bureau, "the GOP" the
Republican Party. The table (``data/bodies.json``) is curated: each body's common name, its other
names and the page that lists them."""

from __future__ import annotations

import functools
import json
from importlib import resources

from storytrail.names import name_key


@functools.lru_cache(maxsize=1)
def body_names() -> dict[str, str]:
    """Every name in the table, as folded by ``name_key``, to the body's common name."""
    table = json.loads(resources.files("storytrail").joinpath("data/bodies.json").read_text(encoding="utf-8"))
    index = {}
    for body in table["bodies"]:
        for name in (body["name"], *body["aliases"]):
            index[name_key(name)] = body["name"]
    return index


def body_name(name: str) -> str | None:
    """The common name of the body a name stands for, or None."""
    return body_names().get(name_key(name))
