"""The shape of Dateline's code, counted from its own imports (issue 28).

    uv run python scripts/structure.py            # print the figures
    uv run python scripts/structure.py --check    # and fail when a target is missed

Counted as issue 28 counts them: the installed package's modules, migrations left
out (tests, fixtures and benchmarks live outside the package). Every ``import``
statement counts, a deferred one inside a function too: it is a dependency all the
same. The import graph is grimp's (import-linter's engine); what is done with it:

- a *part* is a top-level app or module of ``dateline`` (``articles``, ``cli``...);
- a *cycle* is a strongly connected set of modules (Tarjan); it *crosses apps* when
  its modules belong to more than one part;
- the parts' dependencies are ordered so that the fewest point back up (an exact
  minimum feedback arc set over each cycle of parts), then stacked in layers by their
  longest path to the bottom; a dependency *points up* when it is one of those that
  no order could avoid;
- a file's size is its line count; a function's, from ``def`` to its last line.
"""

import argparse
import ast
import itertools
import sys
from collections import defaultdict
from pathlib import Path

import grimp

PACKAGE = "dateline"
ROOT = Path(__file__).resolve().parents[1] / "src" / PACKAGE
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
MAX_UP_SHARE = 1 / 6


def counted(module):
    return ".migrations" not in module


def part_of(module):
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


def module_graph():
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    modules = sorted(m for m in graph.modules if counted(m))
    edges = {
        m: sorted(t for t in graph.find_modules_directly_imported_by(m) if counted(t))
        for m in modules
    }
    return modules, edges


def strongly_connected(nodes, edges):
    """Tarjan's algorithm, iterative; returns the components of more than one node
    (or with an edge to themselves)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = itertools.count()
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = next(counter)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = next(counter)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in edges.get(node, ()):
                        found.append(sorted(component))
    return found


def best_order(members, arcs):
    """The order of a cycle of parts with the fewest arcs pointing back (exact:
    dynamic programming over subsets, fine for the handful of parts in a cycle).
    Parts earlier in the order sit lower; an arc a -> b points back when a is lower."""
    members = sorted(members)
    position = {m: i for i, m in enumerate(members)}
    # cost[S] = fewest back arcs when the parts in S are placed lowest.
    full = (1 << len(members)) - 1
    cost, choice = {0: 0}, {}
    for mask in range(1, full + 1):
        best = None
        for m in members:
            bit = 1 << position[m]
            if not mask & bit:
                continue
            # m placed highest within mask: arcs from the rest of mask to m point up.
            back = sum(
                1 for o in members if mask & (1 << position[o]) and (o, m) in arcs
            )
            total = cost[mask ^ bit] + back
            if best is None or total < best:
                best, choice[mask] = total, m
        cost[mask] = best
    order, mask = [], full
    while mask:
        m = choice[mask]
        order.append(m)
        mask ^= 1 << position[m]
    return list(reversed(order))


def layers(parts, arcs):
    """Each part's layer (0 = the bottom) and the arcs that point back up."""
    successors = defaultdict(set)
    for a, b in arcs:
        successors[a].add(b)
    up = set()
    for component in strongly_connected(parts, successors):
        order = best_order(component, arcs)
        rank = {m: i for i, m in enumerate(order)}
        up |= {(a, b) for a, b in arcs if a in rank and b in rank and rank[a] < rank[b]}
    kept = defaultdict(set)
    for a, b in arcs:
        if (a, b) not in up:
            kept[a].add(b)
    layer = {}

    def height(part):
        if part not in layer:
            layer[part] = 1 + max((height(b) for b in kept[part]), default=-1)
        return layer[part]

    for part in parts:
        height(part)
    return layer, up


def functions(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            yield node.name, node.lineno, node.end_lineno - start + 1


def sizes():
    files, long_functions = [], []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        lines = len(path.read_text().splitlines())
        name = path.relative_to(ROOT.parent)
        files.append((lines, name))
        for function, line, length in functions(path):
            if length > MAX_FUNCTION_LINES:
                long_functions.append((length, f"{name}:{line} {function}"))
    return sorted(files, reverse=True), sorted(long_functions, reverse=True)


def measure():
    modules, edges = module_graph()
    cycles = strongly_connected(modules, edges)
    crossing = [c for c in cycles if len({part_of(m) for m in c}) > 1]
    inside = [c for c in cycles if len({part_of(m) for m in c}) == 1]
    parts = sorted({part_of(m) for m in modules})
    arcs = {
        (part_of(a), part_of(b))
        for a in modules
        for b in edges[a]
        if part_of(a) != part_of(b)
    }
    layer, up = layers(parts, arcs)
    mutual = sorted({tuple(sorted(arc)) for arc in arcs if arc[::-1] in arcs})
    files, long_functions = sizes()
    return {
        "modules": modules,
        "parts": parts,
        "arcs": arcs,
        "layer": layer,
        "up": up,
        "mutual": mutual,
        "crossing": crossing,
        "inside": inside,
        "files": files,
        "long_functions": long_functions,
    }


def report(figures):
    layer, arcs, up = figures["layer"], figures["arcs"], figures["up"]
    out = []
    out.append(
        f"{len(figures['modules'])} modules in {len(figures['parts'])} parts, "
        f"{max(layer.values()) + 1} layers; {len(arcs)} dependencies between parts, "
        f"{len(up)} pointing back up (at most {int(len(arcs) * MAX_UP_SHARE)} allowed)"
    )
    for level in sorted(set(layer.values()), reverse=True):
        names = sorted(p for p in layer if layer[p] == level)
        out.append(f"  layer {level}: {', '.join(names)}")
    for a, b in sorted(up):
        out.append(f"  up: {a} -> {b}")
    for a, b in figures["mutual"]:
        out.append(f"  each imports the other: {a} <-> {b}")
    out.append(
        f"import cycles: {len(figures['crossing'])} between apps, "
        f"{len(figures['inside'])} inside one"
    )
    for cycle in figures["crossing"] + figures["inside"]:
        out.append(f"  {len(cycle)} modules: {', '.join(cycle)}")
    big = [(n, f) for n, f in figures["files"] if n > MAX_FILE_LINES]
    out.append(
        f"largest file: {figures['files'][0][0]} lines ({figures['files'][0][1]}); "
        f"{len(big)} over {MAX_FILE_LINES}"
    )
    for lines, name in big:
        out.append(f"  {lines} {name}")
    out.append(
        f"functions over {MAX_FUNCTION_LINES} lines: {len(figures['long_functions'])}"
    )
    for length, where in figures["long_functions"]:
        out.append(f"  {length} {where}")
    return "\n".join(out)


def missed(figures):
    problems = []
    if figures["crossing"]:
        problems.append("an import cycle crosses apps")
    if len(figures["inside"]) > 1:
        problems.append("more than one import cycle inside an app")
    if figures["mutual"]:
        problems.append("two apps import each other")
    if len(figures["up"]) > len(figures["arcs"]) * MAX_UP_SHARE:
        problems.append("more than one dependency in six points back up")
    if any(n > MAX_FILE_LINES for n, _ in figures["files"]):
        problems.append(f"a file is over {MAX_FILE_LINES} lines")
    if figures["long_functions"]:
        problems.append(f"a function is over {MAX_FUNCTION_LINES} lines")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on a missed target")
    arguments = parser.parse_args()
    figures = measure()
    print(report(figures))  # noqa: T201
    problems = missed(figures) if arguments.check else []
    for problem in problems:
        print(f"structure: {problem}", file=sys.stderr)  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
