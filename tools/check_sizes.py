"""Size limits of the geoparser's code: modules of at most 600 lines, functions of at most 80.

Usage::

    python tools/check_sizes.py [FOLDER ...]   (default: geomap/geoparse geomap/lang)

Prints each module or function over its limit and exits 1 if there is any
(``make lint`` runs it); complexity is ruff's C901 (``pyproject.toml``).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

__all__ = ["MAX_FUNCTION_LINES", "MAX_MODULE_LINES", "main", "oversized"]

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
DEFAULT = ("geomap/geoparse", "geomap/lang")


def oversized(folder: Path) -> list[str]:
    """One line per module or function of ``folder`` over its limit."""
    out = []
    for path in sorted(folder.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        n = text.count("\n")
        if n > MAX_MODULE_LINES:
            out.append(f"{path}: {n} lines (limit {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    out.append(
                        f"{path}:{node.lineno}: {node.name}() is {size} lines "
                        f"(limit {MAX_FUNCTION_LINES})"
                    )
    return out


def main(argv: list[str] | None = None) -> int:
    folders = (argv if argv is not None else sys.argv[1:]) or list(DEFAULT)
    problems = [p for f in folders for p in oversized(Path(f))]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
