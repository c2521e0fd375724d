"""tools/check_docstrings.py: what it reports on a small package, and that geomap passes."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def checker():
    spec = importlib.util.spec_from_file_location(
        "check_docstrings", ROOT / "tools" / "check_docstrings.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOOD = '''
    """Add two numbers.

    Parameters
    ----------
    a, b : float
        The numbers.

    Returns
    -------
    float
        Their sum.
    """
'''


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    pkg = tmp_path / "pkg"
    for name, text in files.items():
        path = pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return pkg


def test_reports_each_gap_of_the_public_api(tmp_path, checker):
    pkg = _package(
        tmp_path,
        {
            "__init__.py": '__all__ = ["total", "Thing"]\nfrom ._impl import total, Thing\n',
            "_impl.py": textwrap.dedent(
                '''
                def total(a, b, *, scale=1.0):
                    """Sum of a and b.

                    Parameters
                    ----------
                    a, b : float
                        The numbers.
                    c : float
                        Not a parameter.
                    """
                    return (a + b) * scale

                class Thing:
                    pass

                def hidden(x):
                    return x
            '''
            ),
            "_more.py": "def scaled(x):\n    return 2 * x\n",
            "walk.py": textwrap.dedent(
                '''
                __all__ = ["steps", "add", "LIMIT", "noop", "scaled"]
                from ._more import scaled

                LIMIT = 3

                def steps(n):
                    """Count up to n."""
                    yield from range(n)

                def noop() -> None:
                    """Do nothing."""

                def add(a, b):
            '''
            )
            + GOOD
            + "    return a + b\n",
        },
    )
    found = checker.problems(pkg)
    text = "\n".join(found)
    assert "total: parameters not documented: scale" in text
    assert "total: documented but not parameters: c" in text
    assert "total: no Returns section" in text
    assert "Thing: no docstring" in text
    assert "steps: no Parameters section (parameters: n)" in text
    assert "steps: no Yields section" in text
    # re-exported by a relative import from a module (not a package's __init__)
    assert "_more.py:1: scaled: no docstring" in text
    # documented in full, a constant, a function of no parameters returning None,
    # and a private helper: nothing to report
    assert not [
        line for line in found if any(n in line for n in (" add:", "LIMIT", "noop", "hidden"))
    ]
    assert len(found) == 7
    assert checker.main([str(pkg)]) == 1


def test_sections_split_on_underlined_titles(checker):
    doc = "Summary.\n\nParameters\n----------\nx : int\n    A number.\n\nReturns\n-------\nint\n"
    parts = checker.sections(doc)
    assert parts["Parameters"][0] == "x : int"
    assert parts["Returns"][0] == "int"
    assert parts[""][0] == "Summary."


def test_geomap_public_api_passes(checker):
    assert checker.problems(ROOT / "geomap") == []
