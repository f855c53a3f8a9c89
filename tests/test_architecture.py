"""The import graph of the packages, read statically: no cycles, no arrows pointing upwards."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "cli", "clients", "config", "deployments", "emulators", "flows", "ledger", "schemas", "tasks",
)  # fmt: skip


@dataclass(frozen=True)
class Rule:
    """Modules under `importer` may not import anything under `forbidden`, except under `unless`."""

    importer: str
    forbidden: tuple[str, ...]
    why: str
    unless: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.importer}-not-{'+'.join(self.forbidden)}"


# Each row is an upward arrow: the lower layer must not know the higher one.
RULES = (
    Rule("clients", ("cli", "config", "deployments", "emulators", "flows", "schemas", "tasks"),
         "clients are httpx + pydantic only: the bottom layer imports no other project package"),
    Rule("clients", ("prefect", "pandas", "pandera"),
         "clients never import Prefect or pandas, so tests and emulators use them freely"),
    Rule("schemas", ("cli", "config", "deployments", "emulators", "flows", "tasks"),
         "schemas are models and tables: they know the clients' wire models at most"),
    Rule("tasks.engine", ("tasks.people", "tasks.employees", "tasks.absences"),
         "the engine is generic: the pipelines are built on it, never the other way round"),
    Rule("tasks.people", ("tasks",), "the shared people step is built on the engine alone",
         unless=("tasks.engine", "tasks.people")),
    Rule("tasks.employees", ("tasks.absences",), "the two pipelines never import each other"),
    Rule("tasks.absences", ("tasks.employees",), "the two pipelines never import each other"),
    Rule("tasks", ("cli", "config", "deployments", "flows"),
         "tasks are steps: flows wire them (and hand them the tenant's config), deployments "
         "and the CLI run the flows"),
    Rule("flows", ("cli", "deployments"),
         "flows are deployed and run by deployments and the CLI, never the other way round"),
    Rule("config", ("cli", "deployments", "emulators", "flows", "tasks"),
         "config reads tenant files into the schemas' model; everything above may use it"),
    Rule("emulators", ("cli", "config", "deployments", "flows", "tasks"),
         "the emulators stand in for the vendors' APIs and know nothing of the sync"),
    Rule("deployments", ("cli",), "the CLI serves and deploys deployments, not the reverse"),
    Rule("ledger", ("cli", "config", "deployments", "emulators", "flows", "tasks"),
         "the ledger is a store below the tasks: it knows schemas and clients at most"),
    Rule("ledger", ("prefect", "pandas", "pandera"),
         "the ledger is SQLAlchemy + Alembic only, usable from the CLI without a flow run"),
)  # fmt: skip


@dataclass(frozen=True)
class Import:
    """One import statement's target, resolved to a project module where it names one."""

    module: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{module_path(self.module)}:{self.line} imports {self.target}"


def module_path(module: str) -> str:
    """`cli.main` → `cli/main.py` (packages: their `__init__.py`)."""
    path = ROOT.joinpath(*module.split("."))
    return str(
        (path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).relative_to(ROOT)
    )


@cache
def modules() -> dict[str, Path]:
    """Every module of the packages by its dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def resolve(name: str) -> str:
    """The longest known project module `name` starts with; other names stay as written."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules():
            return candidate
    return name


def _base(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = modules()[module].name == "__init__.py"
    package = module.split(".") if is_package else module.split(".")[:-1]
    parts = package[: len(package) - node.level + 1]
    return ".".join([*parts, node.module] if node.module else parts)


def _targets(module: str, node: ast.stmt) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = _base(module, node)
        for alias in node.names:
            # `from schemas import mapping` imports the module `schemas.mapping`.
            submodule = f"{base}.{alias.name}"
            yield submodule if submodule in modules() else base


@cache
def imports() -> tuple[Import, ...]:
    """Every import of every module, at module level, in functions, or under TYPE_CHECKING."""
    found = []
    for module, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found += [Import(module, resolve(t), node.lineno) for t in _targets(module, node)]
    return tuple(found)


def project_graph() -> dict[str, dict[str, int]]:
    """Module → the project modules it imports, each with the line of its first import."""
    graph: dict[str, dict[str, int]] = {module: {} for module in modules()}
    for edge in imports():
        if edge.target in graph and edge.target != edge.module:
            graph[edge.module].setdefault(edge.target, edge.line)
    return graph


def strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's components of more than one module: each holds at least one cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def one_cycle(graph: dict[str, dict[str, int]], component: list[str]) -> str:
    """A shortest cycle through the component's first module, with the line of each import."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node]):
            if nxt == start:
                cycle = [*paths[node], start]
                steps = [f"{a} ({module_path(a)}:{graph[a][b]})" for a, b in pairwise(cycle)]
                return " → ".join([*steps, start])
            if nxt in members and nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return ", ".join(component)


def under(name: str, prefixes: tuple[str, ...]) -> bool:
    """Whether `name` is one of the modules or packages `prefixes`, or inside one."""
    return any(name == p or name.startswith(f"{p}.") for p in prefixes)


def test_the_graph_is_read() -> None:
    # A resolver that lost its way would find no imports, and every rule would pass vacuously.
    graph = project_graph()
    assert len(graph) > 100
    assert "tasks.engine.report" in graph["flows.employee_sync"]
    assert "schemas.mapping" in graph["cli.main"]  # `from schemas import mapping as …`
    assert "flows.employee_sync" in graph["cli.sync_run"]  # an import inside a function


def test_no_import_cycles() -> None:
    graph = project_graph()
    cycles = [
        f"{one_cycle(graph, component)}  (tangled together: {', '.join(component)})"
        for component in strongly_connected(graph)
    ]

    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_no_upward_imports(rule: Rule) -> None:
    broken = [
        str(edge)
        for edge in imports()
        if under(edge.module, (rule.importer,))
        and under(edge.target, rule.forbidden)
        and not under(edge.target, rule.unless)
    ]

    assert not broken, f"{rule.why}:\n" + "\n".join(broken)
