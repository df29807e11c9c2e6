"""The layering docs/ARCHITECTURE.md draws, held by the import graph of src/newscast (every
``from .x import`` and ``from . import x``, also inside functions): stage packages in a declared
order, each importing only itself and the packages below it, read from the folders themselves."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "newscast"

#: The packages, lowest first: a module may import its own package and those before it.
#: Modules at the top (cli, __main__, the lazy public API in __init__) may import anything.
ORDER = ("core", "voice", "settings", "read", "sources", "script", "sound", "site", "render")
TOP = {"cli", "__main__", "__init__"}
#: The longest a module and a function may be.
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 70


def modules() -> dict[str, Path]:
    """dotted name (relative to newscast, packages by their own name) -> file."""
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def graph() -> dict[str, set[str]]:
    """module -> the newscast modules it imports."""
    names = modules()
    out: dict[str, set[str]] = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" and name != "__init__" else name.rpartition(".")[0]
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = [p for p in package.split(".") if p]
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newscast"):
                target = node.module[len("newscast."):] if node.module != "newscast" else ""
            else:
                continue
            for alias in node.names:
                full = f"{target}.{alias.name}" if target else alias.name
                if full in names:
                    deps.add(full)
                elif target in names:
                    deps.add(target)
                elif not target:
                    deps.add("__init__")
        out[name] = deps - {name}
    return out


def layer(module: str) -> str:
    return module.split(".")[0]


def test_the_folders_are_the_declared_packages():
    folders = {p.name for p in ROOT.iterdir() if p.is_dir() and p.name != "__pycache__" and p.name != "voices"}
    assert not list((ROOT / "voices").glob("*.py"))  # the bundled voice profiles ship as package data, no code
    assert folders == set(ORDER), folders ^ set(ORDER)
    top = {p.stem for p in ROOT.glob("*.py")}
    assert top == TOP, top - TOP


def test_a_package_imports_only_itself_and_packages_below_it():
    rank = {p: i for i, p in enumerate(ORDER)}
    bad = sorted(f"{m} -> {d}" for m, deps in graph().items() if layer(m) not in TOP for d in deps
                 if layer(d) in TOP or rank[layer(d)] > rank[layer(m)])
    assert not bad, bad


def test_the_order_check_itself_catches_an_upward_import():
    """The test above is not vacuous: the graph sees the imports it judges."""
    edges = graph()
    assert "core.models" in edges["script.segment"]
    assert "voice.engines" in edges["settings.voices"]
    assert "render.pipeline" in edges["cli"]


def test_there_is_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(edges.get(node, ())):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep] if dep in path else [node, dep])
            elif not state.get(dep):
                visit(dep, [*path, dep])
        state[node] = 2

    for node in sorted(edges):
        if not state.get(node):
            visit(node, [node])
    assert not cycles, cycles


def test_modules_stay_readable():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    assert not {n: s for n, s in sizes.items() if s > MAX_MODULE_LINES}


def test_functions_stay_short():
    long = {}
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{name}.{node.name}"] = lines
    assert not long, long
