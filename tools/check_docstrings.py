"""Numpydoc sections of the public API: every parameter documented, returns described.

Usage::

    python tools/check_docstrings.py [PACKAGE]   (default: geomap)

The public API is every name in ``__all__`` of the package's public modules
(no ``_`` in the module path; ``geomap/__init__.py`` included), followed to
the module that defines it. Each public function needs a docstring with a
``Parameters`` section naming every parameter (and nothing else) and, unless
it returns None, a ``Returns`` (or, for a generator, ``Yields``) section;
each public class needs a docstring. Layout is ruff's pydocstyle rules
(``convention = "numpy"`` in ``pyproject.toml``); this checks the content
ruff cannot. Prints one line per problem and exits 1 if there is any
(``make lint`` runs it).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

__all__ = ["main", "problems", "sections"]

_UNDERLINE = re.compile(r"^-{3,}$")


def sections(doc: str) -> dict[str, list[str]]:
    """Split a numpydoc docstring into its sections.

    Parameters
    ----------
    doc : str
        The docstring, dedented (as :func:`ast.get_docstring` returns it).

    Returns
    -------
    dict of str to list of str
        The lines of each section by its title (``"Parameters"`` ...); the
        text before the first section is under ``""``.
    """
    lines = doc.splitlines()
    out: dict[str, list[str]] = {"": []}
    title = ""
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and lines[i].strip() and _UNDERLINE.match(lines[i + 1].strip()):
            title = lines[i].strip()
            out[title] = []
            i += 2
            continue
        out[title].append(lines[i])
        i += 1
    return out


def _documented(lines: list[str]) -> list[str]:
    """Parameter names of a ``Parameters`` section (its unindented entry lines)."""
    names = []
    for line in lines:
        if line.strip() and not line[:1].isspace():
            for name in line.split(" : ", 1)[0].split(","):
                names.append(name.strip().lstrip("*"))
    return names


def _signature(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = fn.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return [n for n in names if n not in ("self", "cls")]


def _returns_value(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    if fn.returns is not None:
        return ast.unparse(fn.returns) not in ("None", "NoReturn", "Never")
    return any(isinstance(node, ast.Return) and node.value is not None for node in ast.walk(fn))


def _is_generator(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(node, ast.Yield | ast.YieldFrom) for node in ast.walk(fn))


def _check_function(fn: ast.FunctionDef | ast.AsyncFunctionDef, where: str) -> list[str]:
    doc = ast.get_docstring(fn)
    if not doc:
        return [f"{where}: no docstring"]
    parts = sections(doc)
    out = []
    params = _signature(fn)
    if params and "Parameters" not in parts:
        out.append(f"{where}: no Parameters section (parameters: {', '.join(params)})")
    elif params:
        documented = _documented(parts["Parameters"])
        missing = [p for p in params if p not in documented]
        extra = [p for p in documented if p not in params]
        if missing:
            out.append(f"{where}: parameters not documented: {', '.join(missing)}")
        if extra:
            out.append(f"{where}: documented but not parameters: {', '.join(extra)}")
    if _is_generator(fn):
        if "Yields" not in parts:
            out.append(f"{where}: no Yields section")
    elif _returns_value(fn) and "Returns" not in parts:
        out.append(f"{where}: no Returns section")
    return out


def _exported(tree: ast.Module) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            try:
                return [n for n in ast.literal_eval(node.value) if isinstance(n, str)]
            except ValueError:
                return []
    return []


def _module_file(pkg_root: Path, module: str) -> Path | None:
    base = pkg_root.parent.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _absolute(path: Path, pkg_root: Path, node: ast.ImportFrom) -> str:
    """The absolute module name of a (relative) ``from ... import`` in ``path``."""
    if not node.level:
        return node.module or ""
    parts = list(path.relative_to(pkg_root.parent).with_suffix("").parts)
    parts = parts[: len(parts) - node.level]  # the package of the module, and up
    return ".".join(parts + ([node.module] if node.module else []))


def _entry_points(tree: ast.Module) -> dict[str, str]:
    """``{name: module}`` of a package ``__init__`` that imports its API lazily."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "_ENTRY_POINTS" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    return {}


def _definition(
    path: Path, name: str, pkg_root: Path, depth: int = 0
) -> tuple[Path, ast.AST] | None:
    """The module file and node defining ``name`` as seen from ``path`` (imports followed)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.name == name
        ):
            return path, node
    if depth > 5:
        return None
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(
            (a.asname or a.name) == name for a in node.names
        ):
            real = next(a.name for a in node.names if (a.asname or a.name) == name)
            target = _module_file(pkg_root, _absolute(path, pkg_root, node))
            if target is not None:
                return _definition(target, real, pkg_root, depth + 1)
    module = _entry_points(tree).get(name)
    target = _module_file(pkg_root, module) if module else None
    return _definition(target, name, pkg_root, depth + 1) if target else None


def problems(pkg_root: Path) -> list[str]:
    """One line per problem in the docstrings of the package's public API.

    Parameters
    ----------
    pkg_root : Path
        The package folder (``geomap``).

    Returns
    -------
    list of str
        ``path:line: name: problem`` lines, empty when the API passes.
    """
    seen: set[tuple[Path, int]] = set()
    out = []
    for path in sorted(pkg_root.rglob("*.py")):
        rel = path.relative_to(pkg_root.parent).with_suffix("").parts
        if any(p.startswith("_") and p != "__init__" for p in rel):
            continue
        for name in _exported(ast.parse(path.read_text(encoding="utf-8"))):
            found = _definition(path, name, pkg_root)
            if found is None:
                continue  # a constant or a module
            where_path, node = found
            if (where_path, node.lineno) in seen:
                continue
            seen.add((where_path, node.lineno))
            where = f"{where_path}:{node.lineno}: {name}"
            if isinstance(node, ast.ClassDef):
                if not ast.get_docstring(node):
                    out.append(f"{where}: no docstring")
            else:
                out.extend(_check_function(node, where))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the problems of the package named in ``argv`` (default geomap).

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments: the package folder; ``sys.argv[1:]`` if None.

    Returns
    -------
    int
        The exit status: 0 when the public API passes, 1 otherwise.
    """
    args = sys.argv[1:] if argv is None else argv
    found = problems(Path(args[0] if args else "geomap"))
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
