"""The package's modules import one another one way: no import loop, lazy imports included.

A loop (a imports b, b imports a inside a function) works until someone moves an import to
the top, and it says two modules are really one; `ast` finds every import without running it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "monitor"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST, current: str, is_package: bool, known: set[str]) -> set[str]:
    """The package's modules that `tree` imports, anywhere in the file (functions too)."""
    found: set[str] = set()
    package = current if is_package else current.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from monitor.sources import health` imports the module monitor.sources.health
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for name in names:
            # `import monitor.store.schema` depends on the deepest module of the package it names
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != current:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(p) for p in paths}
    return {module_name(p): imported(ast.parse(p.read_text(encoding="utf-8")), module_name(p),
                                     p.name == "__init__.py", known) for p in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop as a list of modules (first == last), or None (a depth-first walk)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_package_has_no_import_loop() -> None:
    graph = import_graph()
    assert len(graph) > 50  # the walk found the package
    cycle = find_cycle(graph)
    assert cycle is None, "import loop: " + " -> ".join(cycle or [])


def test_the_loop_finder_finds_a_loop_through_a_lazy_import() -> None:
    tree = ast.parse("def f():\n    from monitor.b import x\n")
    graph = {"monitor.a": imported(tree, "monitor.a", False, {"monitor.a", "monitor.b"}),
             "monitor.b": {"monitor.a"}}
    assert find_cycle(graph) == ["monitor.a", "monitor.b", "monitor.a"]
