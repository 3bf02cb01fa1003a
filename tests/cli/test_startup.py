"""Start-up: what the command line imports before it has a page to clean."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("trafilatura", "htmldate", "numpy", "lxml", "re2", "bs4", "newsclean.api")


def _imported_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()[-1].split()


def test_version_imports_nothing_heavy() -> None:
    code = "from newsclean.cli.main import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    assert _imported_after(code) == []


def test_package_import_defers_the_cleaner_until_used() -> None:
    assert _imported_after("import newsclean\nnewsclean.Options()") == []
    assert "newsclean.api" in _imported_after("import newsclean\nnewsclean.clean")
