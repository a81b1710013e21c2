"""Countries and places found in an article's dateline and text, in four languages.

Country names come from pycountry's ISO 3166 names and their translations, with the
Unicode CLDR names Babel carries (the names the site itself prints), and pycountry's
common forms (“South Korea” beside “Korea, Republic of”). Places come from the
gazetteer shipped in ``data/places.json``: every capital and every city of a million
people, with their names in Latin and Chinese script (scripts/build_gazetteer.py).
"""

import gettext
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale

from dateline.text.countries import is_country_code

DATA = Path(__file__).resolve().parent / "data" / "places.json"
# pycountry's catalogue names and CLDR's locale names for each edition.
CATALOGUES = {"it": "it", "es": "es", "zh-hans": "zh_CN"}
CLDR = {"en": "en", "it": "it", "es": "es", "zh-hans": "zh_Hans"}
# Country names that are also common words or first names in running text.
AMBIGUOUS = {"Chad", "Jordan", "Georgia", "Turkey", "Guinea", "Niger", "Man", "Cuba"}
HAN = re.compile(r"^[\u3400-\u9fff]+$")


@dataclass(frozen=True)
class Found:
    countries: list[str]  # ISO codes, in order of first mention
    place_id: int | None  # the dateline's place in the gazetteer
    place_country: str  # its country


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    translations = {
        language: gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[catalogue], fallback=True
        )
        for language, catalogue in CATALOGUES.items()
    }
    for country in pycountry.countries:
        forms = {country.name}
        forms |= {getattr(country, a, "") for a in ("common_name", "official_name")}
        for form in [f for f in forms if f]:
            names[form] = country.alpha_2
            for catalogue in translations.values():
                names[catalogue.gettext(form)] = country.alpha_2
    for locale_name in CLDR.values():
        for code, name in Locale.parse(locale_name).territories.items():
            if len(code) == 2 and is_country_code(code):
                names[name] = code
    return {n: c for n, c in names.items() if len(n) > 1 and n not in AMBIGUOUS}


@cache
def _places() -> tuple[dict[str, tuple[int, str]], re.Pattern, dict[str, str]]:
    by_name: dict[str, tuple[int, str]] = {}
    for place in json.loads(DATA.read_text(encoding="utf-8")):
        for name in place["names"]:
            by_name.setdefault(name, (place["id"], place["country"]))
    countries = _country_names()
    # Longest names first, so "South Korea" wins over "Korea".
    every = sorted({*countries, *by_name}, key=len, reverse=True)
    latin = _alternation([n for n in every if not HAN.match(n)])
    han = _alternation([n for n in every if HAN.match(n)])
    pattern = re.compile(rf"(?<![^\W\d_])(?:{latin})(?![^\W\d_])|(?:{han})")
    return by_name, pattern, countries


def _alternation(names: list[str]) -> str:
    """A pattern for any of ``names``, the longest that matches first, written as a
    tree of their characters: the engine then rules out most names by their first
    letter, where a plain list of thousands makes it try each one at every position
    (5 ms an article, the importer's largest cost)."""
    tree: dict = {}
    for name in names:
        node = tree
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(node[char]) for char in node if char]
        if not branches:
            return ""
        either = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        # Greedy: a longer name is tried before the one that ends here.
        return f"(?:{either})?" if "" in node else either

    return pattern(tree)


def place_of(name: str) -> tuple[int, str] | None:
    """The gazetteer's (id, country) for a place name in any of the four languages."""
    by_name, _pattern, _countries = _places()
    name = name.strip()
    return by_name.get(name) or by_name.get(name.title())


def find(*, text: str, place: str = "") -> Found:
    """The countries an article is about: its dateline's, then those it names."""
    by_name, pattern, countries = _places()
    codes: list[str] = []
    located = place_of(place) if place else None
    if located:
        codes.append(located[1])
    for name in _mentions(pattern, text):
        code = countries.get(name) or by_name.get(name, (None, None))[1]
        if code and code not in codes:
            codes.append(code)
    return Found(
        countries=codes,
        place_id=located[0] if located else None,
        place_country=located[1] if located else "",
    )


# Where a name can begin: a word's first letter (every name begins with a letter,
# not preceded by one), or any Chinese character (names in Han script need no space).
STARTS = re.compile(r"(?<![^\W\d_])[^\W\d_]|[\u3400-\u9fff]")


def _mentions(pattern: re.Pattern, text: str):
    """What ``pattern.finditer(text)`` finds, matched only where a name can begin:
    a few hundred tries an article instead of one at every character."""
    end = 0
    for start in STARTS.finditer(text):
        if start.start() >= end and (match := pattern.match(text, start.start())):
            end = match.end()
            yield match.group(0)


@cache
def _entities() -> dict[str, set[str]]:
    """Every name, case-folded, with all the names of its country or place."""
    by_name, _pattern, countries = _places()
    groups: dict[str | int, set[str]] = {}
    for name, code in countries.items():
        if not re.search(r"[,()]", name):  # “Korea, Republic of” is no reader's word
            groups.setdefault(code, set()).add(name)
    for name, (place_id, _country) in by_name.items():
        if name not in countries:  # “Mexico” is the country, not the city
            groups.setdefault(place_id, set()).add(name)
    entities: dict[str, set[str]] = {}
    for names in groups.values():
        for name in names:
            entities.setdefault(name.casefold(), names)
    return entities


def names_of(name: str) -> set[str]:
    """All the names of the country or place called ``name`` in any of the four
    languages (Beijing → Pechino, Pekín, 北京...), or an empty set."""
    return _entities().get(name.strip().casefold(), set())
