"""The import graph of `edusphere/`: no module imports itself through others, and `core` never
imports a domain (issue 16, point 4). Read from the source with `ast`: every import statement
counts, inside functions and under `if TYPE_CHECKING:` too (a lazy import hides a circle from
the interpreter, not from the reader)."""

from __future__ import annotations

import ast
from pathlib import Path

import edusphere

ROOT = Path(edusphere.__file__).parent
REGISTRY = ("edusphere", "edusphere.domains")


def module_names(root: Path, package: str) -> dict[str, Path]:
    names = {}
    for path in root.rglob("*.py"):
        parts = (package, *path.relative_to(root).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        names[name] = path
    return names


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """module -> the modules of the package it imports (`from pkg import sub` counts as `pkg.sub`)."""
    modules = module_names(root, package)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        base_package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                origin = node.module or ""
                if node.level:
                    anchor = base_package.split(".")[: len(base_package.split(".")) - node.level + 1]
                    origin = ".".join([*anchor, origin] if origin else anchor)
                targets = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                           for alias in node.names]  # fmt: skip
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
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
                    work.append((successor, iter(sorted(graph[successor]))))
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
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_two_modules_import_each_other() -> None:
    assert cycles(import_graph(ROOT, "edusphere")) == []


def test_core_imports_no_domain() -> None:
    graph = import_graph(ROOT, "edusphere")
    wrong = {
        # `edusphere.domains` is the registry of domain names (it imports none), not a domain.
        module: sorted(t for t in targets if not t.startswith("edusphere.core") and t not in REGISTRY)
        for module, targets in graph.items()
        if module.startswith("edusphere.core")
    }
    assert {module: targets for module, targets in wrong.items() if targets} == {}


def test_the_detector_finds_a_loop_through_three_modules(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text("def f():\n    from ..c import thing\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.a\n")
    (package / "d.py").write_text("import pkg.a\n")
    assert cycles(import_graph(package, "pkg")) == [["pkg.a", "pkg.c", "pkg.sub.b"]]
