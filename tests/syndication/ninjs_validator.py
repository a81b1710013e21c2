"""Validate a document against IPTC's ninjs 2.2 JSON Schema, offline: the schema's
reference to GeoJSON is served from the copy beside it."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

HERE = Path(__file__).parents[1] / "fixtures" / "schemas" / "ninjs"
SUITE = HERE / "test_suite" / "2.2"


@cache
def validator() -> Draft202012Validator:
    schema = json.loads((HERE / "ninjs-schema_2.2.json").read_text())
    geojson = json.loads((HERE / "GeoJSON-schema.json").read_text())
    registry = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json", Resource.from_contents(geojson)
    )
    return Draft202012Validator(
        schema,
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def errors(document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator().iter_errors(document)
    ]
