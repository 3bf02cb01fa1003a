"""The package's layout stays true: import directions between the wings, one trafilatura import, small modules.

Imports are read with ``ast`` (relative ones resolved against the module's package), including imports
inside functions, so a lazy import cannot hide a wrong direction.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsclean"
WINGS = ("stages", "judge", "byline", "profiles", "cli", "engines")
#: wing (or core module) -> wings it must never import.
FORBIDDEN: dict[str, set[str]] = {
    "stages": {"cli", "engines", "profiles", "byline"},
    "judge": {"stages", "cli", "engines", "profiles", "byline"},
    "byline": {"stages", "judge", "cli", "engines", "profiles"},
    "profiles": {"cli", "engines"},
    "engines": {"cli"},
    "core": set(WINGS),  # models, errors, limits, textutils, schema
    "api": {"cli", "engines", "profiles"},
}
#: Top-level modules that may import wings: the public surface and the entry points.
ENTRY_MODULES = {"__init__", "__main__", "api", "pipeline"}
#: A module longer than this wants splitting by job.
MAX_MODULE_LINES = 420


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _dotted(path: Path, root: Path = PACKAGE) -> list[str]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imports(path: Path, root: Path = PACKAGE) -> list[str]:
    """Every module this file imports, as a dotted name (``newsclean.`` prefix kept for our own)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = ["newsclean", *_dotted(path, root)]
    package = own if path.name == "__init__.py" else own[:-1]
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                if node.module is None:  # from . import x: x may be a module
                    found += [f"{target}.{a.name}" for a in node.names]
                    continue
            else:
                target = node.module or ""
            found.append(target)
    return found


def _room(path: Path) -> str:
    parts = _dotted(path)
    if len(parts) > 1 or (parts and parts[0] in WINGS):
        return parts[0]
    return "entry" if (parts[0] if parts else "__init__") in ENTRY_MODULES - {"api"} else (
        "api" if parts == ["api"] else "core")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_import_directions(path: Path) -> None:
    room = _room(path)
    forbidden = FORBIDDEN.get(room, set())
    wrong = [name for name in _imports(path)
             if name.startswith("newsclean.") and name.split(".")[1] in forbidden]
    assert not wrong, f"{room} must not import {sorted(forbidden)}; found {wrong}"


def test_nothing_imports_the_cli_but_the_cli_and_main() -> None:
    offenders = [p.relative_to(PACKAGE).as_posix() for p in _modules()
                 if _room(p) != "cli" and p.name != "__main__.py"
                 and any(n == "newsclean.cli" or n.startswith("newsclean.cli.") for n in _imports(p))]
    assert not offenders


def test_trafilatura_is_imported_in_one_place() -> None:
    users = sorted(p.relative_to(PACKAGE).as_posix() for p in _modules()
                   if any(n.split(".")[0] in ("trafilatura", "htmldate") for n in _imports(p)))
    assert users == ["stages/extract.py"]


def test_modules_stay_small() -> None:
    long = {p.relative_to(PACKAGE).as_posix(): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"split these by job: {long}"


def test_every_wing_says_what_it_does() -> None:
    for wing in WINGS:
        doc = ast.get_docstring(ast.parse((PACKAGE / wing / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"{wing}/__init__.py must say what the room does and what it may import"


def test_the_checker_sees_a_wrong_direction(tmp_path: Path) -> None:
    """The import reader resolves relative imports: a judge module importing the cli is caught."""
    root = tmp_path / "newsclean"
    (root / "judge").mkdir(parents=True)
    probe = root / "judge" / "probe.py"
    probe.write_text("def f():\n    from ..cli import main\n    from . import rules\n", encoding="utf-8")
    assert _imports(probe, root) == ["newsclean.cli", "newsclean.judge.rules"]
