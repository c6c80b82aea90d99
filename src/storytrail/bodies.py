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
def bodies() -> list[dict]:
    return json.loads(resources.files("storytrail").joinpath("data/bodies.json").read_text(encoding="utf-8"))["bodies"]


@functools.lru_cache(maxsize=1)
def body_names() -> dict[str, str]:
    """Every name in the table, as folded by ``name_key``, to the body's common name."""
    return {name_key(name): body["name"] for body in bodies() for name in (body["name"], *body["aliases"])}


def body_name(name: str) -> str | None:
    """The common name of the body a name stands for, or None."""
    return body_names().get(name_key(name))


@functools.lru_cache(maxsize=8192)  # asked for every pair of speakers the trails stage compares
def speaks_for(name: str) -> str | None:
    """The body whose words a name's body speaks: the party for its national committee ("DNC" ->
    "Democratic Party"), the body itself for any other; None for a name the table does not hold."""
    common = body_name(name)
    part_of = next((body.get("part_of") for body in bodies() if body["name"] == common), None)
    return part_of or common
