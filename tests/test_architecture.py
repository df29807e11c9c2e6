"""The layering docs/ARCHITECTURE.md draws, held by the import graph of src/newscast (every
``from .x import`` and ``from . import x``, also inside functions)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "newscast"

#: Stages that take data and give data: no files, no network, no audio tools, no orchestration.
PURE = {"clean", "segment", "interview", "speakers", "names", "readings", "normalize", "cast", "master", "htmlblocks", "language",
        "feeds", "dates", "produce", "models", "errors", "sentences", "pagetree", "words", "furniture", "urls"}
#: Modules that read or write the world (and what orchestrates them).
IO = {"library", "package", "tagging", "publish", "page", "synthesize", "fetch", "remote", "batch", "pipeline", "serve", "cli",
      "librarian", "finish", "identity", "ingest", "voicepacks", "cover", "loudness"}
#: The orchestration nobody below it may import.
TOP = {"pipeline", "cli", "librarian"}


def graph() -> dict[str, set[str]]:
    """module -> the newscast modules it imports (engines.x as 'engines.x')."""
    names = {".".join(p.relative_to(ROOT).with_suffix("").parts).replace(".__init__", "") or "__init__"
             for p in ROOT.rglob("*.py")}
    out: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        package = name.rsplit(".", 1)[0] if "." in name else ""
        if name.endswith("__init__"):
            package = name[: -len(".__init__")] if "." in name else ""
            name = package or "__init__"
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = [p for p in package.split(".") if p]
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                full = f"{target}.{alias.name}" if target else alias.name
                if full in names:
                    deps.add(full)
                elif target in names:
                    deps.add(target)
        out[name] = deps - {name}
    return out


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


def test_pure_stages_import_no_io_module():
    edges = graph()
    assert PURE <= set(edges), PURE - set(edges)
    bad = {m: sorted(d & IO) for m, d in edges.items() if m in PURE and d & IO}
    assert not bad, bad


def test_engines_and_stages_never_import_the_orchestration():
    edges = graph()
    bad = {m: sorted(d & TOP) for m, d in edges.items() if m not in TOP | {"__main__"} and d & TOP}
    assert not bad, bad
    assert not any(d & {"pipeline", "finish", "librarian"} for m, d in edges.items() if m.startswith("engines"))


def test_modules_stay_readable():
    """No module much over 400 lines (the orchestration's functions are short: see the test below)."""
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in ROOT.rglob("*.py")}
    assert not {n: s for n, s in sizes.items() if s > 440}, sizes


def test_render_orchestration_functions_are_short():
    tree = ast.parse((ROOT / "pipeline.py").read_text(encoding="utf-8"))
    long = {n.name: n.end_lineno - n.lineno + 1 for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef) and n.end_lineno - n.lineno + 1 > 60}
    assert not long, long
