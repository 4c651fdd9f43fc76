"""The import rules, answered from the repository's import graph: forbidden imports between
path globs, layering, and cycles between packages.

The graph is the index's (``Repo.import_graph``): an edge is an import statement that resolves
to a file of the repository, so these checks are exact as far as import resolution is, and
free. A glob that matches no file is almost always a typo or a folder that moved, so it is a
:class:`RuleError`, not a rule that silently passes.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from ..repo import ImportEdge
from ..repo.globs import compile_glob
from .report import Violation
from .rules import ForbiddenImport, Layers, NoCycles, Rule, RuleError

__all__ = ["check_cycles", "check_forbidden_import", "check_layers", "matcher"]


def matcher(globs: Iterable[str]) -> Callable[[str], bool]:
    """Whether a repo-relative path matches any of ``globs`` (.gitignore style)."""
    tests = [compile_glob(glob) for glob in globs]
    return lambda path: any(test(path) for test in tests)


def _require_matches(rule: Rule, globs: Sequence[str], files: Sequence[str], what: str) -> None:
    for glob in globs:
        if not any(map(compile_glob(glob), files)):
            raise RuleError(f"{rule.source}: rule {rule.name!r}: {what} {glob!r} matches no file")


def check_forbidden_import(rule: ForbiddenImport, edges: list[ImportEdge], files: Sequence[str]) -> list[Violation]:
    _require_matches(rule, rule.sources, files, "from")
    _require_matches(rule, rule.targets, files, "to")
    source, target, exempt = matcher(rule.sources), matcher(rule.targets), matcher(rule.exempt)
    return [
        Violation.of(rule, e.path, e.line, f"{e.path} imports {e.target} ({_written(e)})", (e.target,))
        for e in edges
        if source(e.path) and target(e.target) and not target(e.path) and not exempt(e.path)
    ]


def check_layers(rule: Layers, edges: list[ImportEdge], files: Sequence[str]) -> list[Violation]:
    for globs, label in zip(rule.layers, rule.labels, strict=True):
        _require_matches(rule, globs, files, f"layer {label!r}:")
    tests = [matcher(globs) for globs in rule.layers]
    layer: dict[str, int] = {}
    for path in files:
        inside = [index for index, test in enumerate(tests) if test(path)]
        if len(inside) > 1:
            both = " and ".join(repr(rule.labels[i]) for i in inside[:2])
            raise RuleError(f"{rule.source}: rule {rule.name!r}: {path} is in layers {both}")
        if inside:
            layer[path] = inside[0]
    violations = []
    for edge in edges:
        low, high = layer.get(edge.path), layer.get(edge.target)
        if low is not None and high is not None and high < low:
            finding = (
                f"{edge.path} (layer {rule.labels[low]}) imports {edge.target}"
                f" (layer {rule.labels[high]}), a layer above it"
            )
            violations.append(Violation.of(rule, edge.path, edge.line, finding, (edge.target,)))
    return violations


def check_cycles(
    rule: NoCycles,
    edges: list[ImportEdge],
    files: Sequence[str],
    touched: Callable[[str, int], bool] | None = None,
) -> list[Violation]:
    """One violation per group of packages that import each other in a circle, at the first
    import of one example cycle, naming that cycle's imports; the group is made of every
    import between its members. With ``touched`` (whether a change touched ``path:line``),
    the example cycle goes through the first import the change touched, if any, so the
    report points at the change's own import."""
    unit = _units(rule, files)
    between: dict[tuple[str, str], list[ImportEdge]] = defaultdict(list)
    for edge in edges:
        pair = (unit(edge.path), unit(edge.target))
        if pair[0] and pair[1] and pair[0] != pair[1]:
            between[pair].append(edge)
    successors: dict[str, list[str]] = defaultdict(list)
    for a, b in sorted(between):
        successors[a].append(b)
    violations = []
    for group in _strongly_connected(successors):
        inside = sorted(
            (e for (a, b), found in between.items() if a in group and b in group for e in found),
            key=lambda e: (e.path, e.line, e.target),
        )
        changed = next((e for e in inside if touched is not None and touched(e.path, e.line)), None)
        if changed is None:
            chain = [between[pair][0] for pair in _example_cycle(min(group), group, successors)]
        else:
            first = (unit(changed.path), unit(changed.target))
            chain = [changed, *(between[pair][0] for pair in _example_cycle(first[1], group, successors, end=first[0]))]
        hops = "; ".join(f"{e.path}:{e.line} imports {e.target}" for e in chain)
        names = " -> ".join([*(unit(e.path) for e in chain), unit(chain[0].path)])
        finding = f"import cycle {names} ({hops})"
        if len(group) > len(chain):
            finding += f"; {len(group)} {'packages' if rule.packages else 'files'} import each other in all"
        involved = tuple(sorted({f for e in inside for f in (e.path, e.target)}))
        made_of = tuple((e.path, e.line) for e in inside)
        violations.append(Violation.of(rule, chain[0].path, chain[0].line, finding, involved, made_of))
    return violations


def _units(rule: NoCycles, files: Sequence[str]) -> Callable[[str], str]:
    """The node a file is in: its shallowest folder matching ``packages``, or the file itself."""
    if not rule.packages:
        return lambda path: path
    test = matcher(rule.packages)

    def unit(path: str) -> str:
        parts = path.split("/")[:-1]
        return next((folder for end in range(1, len(parts) + 1) if test(folder := "/".join(parts[:end]))), "")

    if not any(unit(path) for path in files):
        packages = ", ".join(rule.packages)
        raise RuleError(f"{rule.source}: rule {rule.name!r}: packages {packages} matches no folder")
    return unit


def _strongly_connected(successors: dict[str, list[str]]) -> list[set[str]]:
    """The groups of two or more nodes that all reach each other (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for start in sorted(successors):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            following = successors.get(node, [])
            if position < len(following):
                work.append((node, position + 1))
                child = following[position]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(groups, key=min)


def _example_cycle(
    start: str, group: set[str], successors: dict[str, list[str]], *, end: str | None = None
) -> list[tuple[str, str]]:
    """The steps of a shortest path inside ``group`` from ``start`` to ``end`` (breadth first);
    by default back to ``start``: a shortest cycle through it."""
    end = start if end is None else end
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for following in successors.get(node, []):
            if following == end:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                nodes = [*reversed(path), end]
                return list(pairwise(nodes))
            if following in group and following not in came_from:
                came_from[following] = node
                queue.append(following)
    raise AssertionError("a strongly connected group always has a cycle")


def _written(edge: ImportEdge) -> str:
    return f"{edge.module} {edge.name}".strip() if edge.name else edge.module
