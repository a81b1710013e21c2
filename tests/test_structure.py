"""scripts/structure.py: the counts `make lint` holds the code to (issue 28)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "structure.py"
spec = importlib.util.spec_from_file_location("structure", SCRIPT)
structure = importlib.util.module_from_spec(spec)
spec.loader.exec_module(structure)


def test_cycles_are_found_whatever_their_length():
    edges = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["d"], "e": ["a"]}
    found = structure.strongly_connected(list("abcde"), edges)
    assert sorted(found) == [["a", "b", "c"], ["d"]]


def test_the_fewest_dependencies_point_up_and_layers_stack_on_the_rest():
    # core <- articles <- search, and one import from articles back to search.
    arcs = {
        ("articles", "core"),
        ("search", "articles"),
        ("articles", "search"),
        ("search", "core"),
        ("urls", "search"),
    }
    layer, up = structure.layers(["articles", "core", "search", "urls"], arcs)
    assert len(up) == 1 and up <= {("articles", "search"), ("search", "articles")}
    assert layer["core"] == 0
    assert layer["urls"] == max(layer.values())


def test_dateline_meets_its_targets():
    figures = structure.measure()
    assert structure.missed(figures) == []
    assert {"articles", "mail", "pagecache", "worker", "backup", "text"} <= set(
        figures["parts"]
    )
