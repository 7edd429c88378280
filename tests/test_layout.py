"""The house rules of the code base: modules stay short, and stages import only from earlier stages.

Reports flow sources -> extract -> enrich -> stories -> views, with the
pipeline running the flow, the Desk API over it and the CLI and web app as thin
layers on top; the data model and the store are shared by all.  A stage that
imported a later one would tie the flow in a knot, so this test reads every
import (including those inside functions) and checks its direction.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "newsdesk"
MAX_LINES = 500

# Rank of each top-level part of the package: a module may import its own part and parts of lower rank.
RANKS = {
    "model": 0,
    "scripts": 0,  # words in scripts with and without spaces: read by every stage, imports nothing
    "store": 1,
    "sources": 2,
    "extract": 3,
    "enrich": 4,
    "stories": 5,
    "pipeline": 6,
    "executors": 6,
    "memo": 6,
    "_preload": 6,
    "views": 7,
    "monitor": 8,
    "desk": 9,
    "web": 10,
    "cli": 11,
    "__main__": 12,
    "__init__": 12,
}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(rel.parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("newsdesk."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsdesk."):
            found.add(node.module)
    return found


def test_every_part_of_the_package_has_a_rank() -> None:
    parts = {_part(_name(p)) for p in _modules()}
    assert parts <= set(RANKS), f"give these parts a rank in RANKS: {sorted(parts - set(RANKS))}"


def test_no_module_is_longer_than_500_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules by concern: {long}"


def test_no_stage_imports_a_later_stage() -> None:
    wrong = []
    for path in _modules():
        name = _name(path)
        own = RANKS[_part(name)]
        for target in _imports(path):
            if RANKS[_part(target)] > own:
                wrong.append(f"{name} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_the_layout_check_sees_a_backward_import(tmp_path: Path) -> None:
    """The checker itself: an extract module importing the story layer is found."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from newsdesk.stories.assign import assign\n", encoding="utf-8")
    assert _imports(module) == {"newsdesk.stories.assign"}
    assert RANKS[_part("newsdesk.stories.assign")] > RANKS["extract"]
