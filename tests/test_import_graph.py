"""The package's import graph, read from the source: no cycles, nothing from the root.

Every ``import`` and ``from ... import`` of every module counts, at module level
and deferred inside functions alike; only those under ``if TYPE_CHECKING:`` are
left out (they never run). ``from package import name`` depends on the
submodule ``package.name`` when there is one, else on ``package`` itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import chaosbench

ROOT = Path(chaosbench.__file__).parent
PACKAGE = "chaosbench"


def _module_files() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _module_files()


def _under_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str, path: Path) -> list[tuple[str, str | None, int]]:
    """``(imported module, imported name or None, line)`` for every import that runs."""
    found: list[tuple[str, str | None, int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _under_type_checking(child):
                for branch in child.orelse:
                    visit_one(branch)
            else:
                visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.extend((alias.name, None, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if path.name != "__init__.py":
                    base.pop()
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.extend((target, alias.name, node.lineno) for alias in node.names)
        visit(node)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    from_root = []
    for module, path in MODULES.items():
        for target, name, line in _imports(module, path):
            if target != PACKAGE and not target.startswith(PACKAGE + "."):
                continue
            if name is not None and f"{target}.{name}" in MODULES:
                edges[module].add(f"{target}.{name}")
            elif target in MODULES:
                edges[module].add(target)
                if target == PACKAGE and module != PACKAGE:
                    from_root.append(f"{path.relative_to(ROOT.parent)}:{line} takes {name!r}")
    return edges, from_root


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(edges[successor]))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
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
                if len(component) > 1 or node in edges[node]:
                    components.append(sorted(component))
    return components


def test_the_reader_sees_the_whole_package():
    edges, _ = _graph()
    assert "chaosbench.integrate.methods" in edges
    assert "chaosbench.integrate.control" in edges["chaosbench.integrate.methods"]
    # a deferred import inside a function counts
    assert "chaosbench.integrate._lyapunov" in edges["chaosbench.analysis.lyapunov"]


def test_no_import_cycle_among_modules():
    cycles = _cycles(_graph()[0])
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_submodule_takes_a_name_from_the_package_root():
    _, offenders = _graph()
    assert offenders == [], "\n".join(offenders)


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_cycle_finder_on_known_graphs(edges, expected):
    assert _cycles(edges) == expected
