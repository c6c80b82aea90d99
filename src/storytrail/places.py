"""Countries by any name a news article gives them: "U.S.", "United States" and "America" are one
country, named as a reader would name it. ISO 3166 names and codes come from ``pycountry``; the
everyday English names it does not hold are listed here."""

from __future__ import annotations

import functools
import re

from storytrail.names import name_key

# Everyday names, as folded by ``name_key``, and the ISO 3166 alpha-2 code they stand for.
EVERYDAY = {
    "us": "US", "usa": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB",
    "russia": "RU", "south korea": "KR", "north korea": "KP", "iran": "IR", "syria": "SY",
    "vietnam": "VN", "taiwan": "TW", "venezuela": "VE", "bolivia": "BO", "tanzania": "TZ",
    "czech republic": "CZ", "holland": "NL", "the netherlands": "NL", "ivory coast": "CI",
    # ISO's new or formal names left these out: "Türkiye", "Brunei Darussalam", "Myanmar", …
    "turkey": "TR", "brunei": "BN", "burma": "MM", "east timor": "TL", "cape verde": "CV", "swaziland": "SZ",
    "macedonia": "MK", "macau": "MO", "palestine": "PS", "vatican": "VA", "vatican city": "VA", "uae": "AE",
    "drc": "CD", "micronesia": "FM",
}
# The name a reader uses where ISO's is formal ("Russian Federation").
READERS_NAME = {
    "RU": "Russia", "GB": "United Kingdom", "US": "United States", "KR": "South Korea", "KP": "North Korea",
    "TR": "Turkey", "BN": "Brunei", "PS": "Palestine", "VA": "Vatican City",
}


@functools.lru_cache(maxsize=1)
def iso_names() -> dict[str, str]:
    """Every ISO 3166 country name (short, official, common), as folded by ``name_key``, to its alpha-2 code."""
    import pycountry

    index = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")):
            if name:
                index.setdefault(name_key(name), country.alpha_2)
    return index


def country_code(name: str) -> str | None:
    """The ISO 3166 alpha-2 code of the country a name stands for, or None. ISO names match
    whole; a code only as a three-letter capitalised one ("USA"): "IN" or "IT" are words."""
    import pycountry

    key = name_key(name)
    if key in EVERYDAY:
        return EVERYDAY[key]
    stripped = name.strip()
    if len(stripped) == 3 and stripped.isupper():
        found = pycountry.countries.get(alpha_3=stripped)
        return found.alpha_2 if found else None
    return iso_names().get(key)


def country_name(code: str) -> str:
    """The name a reader would use for a country."""
    import pycountry

    if code in READERS_NAME:
        return READERS_NAME[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or uninverted(country.name)


INVERTED = re.compile(r"^(?P<head>[^,]+), (?P<before>\S+|.* of(?: the)?)$")
ALSO_CALLED = re.compile(r"\s*\([^)]*\)$")


def uninverted(iso_name: str) -> str:
    """An ISO short name in the order a reader writes it: "Virgin Islands, British" is the British
    Virgin Islands, "Micronesia, Federated States of" the Federated States of Micronesia, and
    "Falkland Islands (Malvinas)" the Falkland Islands; a list stays as it is ("Bonaire, Sint
    Eustatius and Saba")."""
    name = ALSO_CALLED.sub("", iso_name)
    inverted = INVERTED.match(name)
    return (f"{inverted['before']} {inverted['head']}" if inverted else name).removeprefix("The ")
