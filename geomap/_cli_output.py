"""The one output convention every ``geomap`` command follows.

* On a terminal, with no ``--format``, a command prints a human table: a title
  line with the counts, then aligned columns (:func:`render_table`).
* Piped, written with ``-o FILE``, or with ``--format json|csv|geojson``, it
  prints its machine format, byte for byte what it always printed
  (:func:`resolve_format`). ``--format table`` forces the table anywhere.
* ``-o FILE`` always reports one line on standard error,
  ``wrote FILE (N KB, what)`` (:func:`report_written`); ``-q/--quiet``
  silences it where the command has a quiet flag.
* Every ``--help`` ends with examples (:func:`examples`).
* Status reports (``geomap data info``, ``geomap assets status``) print their
  human lines by default and JSON with ``--json`` or ``--format json``
  (:func:`add_report_format`, :func:`print_report`); a command group run
  without its action prints its help and exits 2 (:func:`group_help`).

>>> print(render_table([{"name": "Sumy", "n": 2}, {"name": "Kharkiv", "n": 10}],
...                    ["name", "n"], title="2 places"))
2 places
name      n
-------  --
Sumy      2
Kharkiv  10
>>> resolve_format("csv", "json")
'csv'
>>> resolve_format(None, "json", output="out.json")
'json'
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

__all__ = [
    "TABLE",
    "add_format",
    "add_report_format",
    "examples",
    "group_help",
    "is_terminal",
    "print_report",
    "render_table",
    "report_written",
    "resolve_format",
    "size_text",
]

#: The ``--format`` value of the human table.
TABLE = "table"

#: Widest a table cell gets before it is cut with an ellipsis.
MAX_CELL = 48


def is_terminal(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (default standard output) is an interactive terminal."""
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or replaced streams
        return False


def add_format(parser: argparse.ArgumentParser, machine: Sequence[str], *, what: str = "") -> None:
    """Add ``--format table|<machine...>`` (default: table on a terminal, else ``machine[0]``)."""
    extra = f"; {what}" if what else ""
    parser.add_argument(
        "--format",
        choices=(TABLE, *machine),
        default=None,
        help=(
            f"output format (default: a table on a terminal, {machine[0]} when piped "
            f"or written with -o{extra})"
        ),
    )


def resolve_format(requested: str | None, default: str, *, output: str | None = None) -> str:
    """The format to print: ``requested``, else the table on a terminal, else ``default``.

    Output to a file (``output`` not ``None`` or ``-``) always gets the machine
    format unless a format is requested.
    """
    if requested:
        return requested
    if output not in (None, "-"):
        return default
    return TABLE if is_terminal() else default


def add_report_format(parser: argparse.ArgumentParser) -> None:
    """Add ``--format table|json`` and ``--json`` to a command that prints a status report."""
    parser.add_argument(
        "--format",
        choices=(TABLE, "json"),
        default=None,
        help="the human report (default) or json",
    )
    parser.add_argument("--json", action="store_true", help="print JSON (same as --format json)")


#: the report a status command prints (its own dict type, read by its own lines function)
_Info = TypeVar("_Info", bound=Mapping[str, Any])


def print_report(
    args: argparse.Namespace,
    info: _Info,
    lines: Callable[[_Info], Sequence[str]],
    *,
    ensure_ascii: bool = True,
) -> None:
    """Print a status report on standard output: ``info`` as JSON, or ``lines(info)``.

    JSON (indented by 2) when ``args`` asks for it with ``--json`` or
    ``--format json`` (see :func:`add_report_format`), else the human lines.
    """
    if args.json or args.format == "json":
        sys.stdout.write(json.dumps(info, ensure_ascii=ensure_ascii, indent=2) + "\n")
    else:
        sys.stdout.write("\n".join(lines(info)) + "\n")


def group_help(parser: argparse.ArgumentParser) -> int:
    """Print a command group's help on standard error when no action is given; exit code 2."""
    parser.print_help(sys.stderr)
    return 2


def examples(*lines: str) -> str:
    """An ``Examples:`` epilog for ``--help`` (use ``RawDescriptionHelpFormatter``)."""
    return "Examples:\n" + "\n".join(f"  {line}" for line in lines)


def _decimals(values: Sequence[Any]) -> int:
    """Decimals for a column's floats: 1 from 100 up, else as many as needed (at most 4)."""
    floats = [v for v in values if isinstance(v, float) and v == v]
    if not floats:
        return 0
    if max(abs(v) for v in floats) >= 100:
        return 1
    return max(len(f"{v:.4f}".rstrip("0").split(".")[1]) for v in floats)


def _cell(value: Any, decimals: int = 1, max_cell: int | None = MAX_CELL) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if value != value else f"{value:,.{decimals}f}"  # NaN: blank
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    if max_cell is None:
        return text
    text = " ".join(text.split())
    return text if len(text) <= max_cell else text[: max_cell - 1] + "…"


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def render_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | Mapping[str, str],
    *,
    title: str | None,
    notes: Sequence[str] = (),
    rule: bool = True,
    right: Sequence[str] | None = None,
    max_cell: int | None = MAX_CELL,
) -> str:
    """Rows as an aligned text table: ``title``, header, rule, rows, then ``notes``.

    ``columns`` lists the keys to show, or maps each key to its header. Numbers
    are right-aligned (or the columns ``right`` names); floats are rounded for
    reading (the machine formats keep full precision); cells longer than
    ``max_cell`` are cut with an ellipsis. ``title=None`` and ``rule=False``
    leave out the title line and the rule under the header.
    """
    heads = dict(columns) if isinstance(columns, Mapping) else {c: c for c in columns}
    keys = list(heads)
    decimals = {k: _decimals([row.get(k) for row in rows]) for k in keys}
    cells = [[_cell(row.get(k), decimals[k], max_cell) for k in keys] for row in rows]
    if right is None:
        align = [any(_numeric(row.get(k)) for row in rows) for k in keys]
    else:
        align = [k in right for k in keys]
    widths = [max([len(heads[k])] + [len(r[j]) for r in cells]) for j, k in enumerate(keys)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, align, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [] if title is None else [title]
    out.append(line([heads[k] for k in keys]))
    if rule:
        out.append(line(["-" * w for w in widths]))
    out += [line(r) for r in cells]
    out += list(notes)
    return "\n".join(out) + "\n"


def size_text(nbytes: int) -> str:
    """A file size in KB for the ``wrote`` line (one decimal below 10 KB)."""
    kb = nbytes / 1024
    return f"{kb:.1f} KB" if kb < 10 else f"{kb:,.0f} KB"


def report_written(path: str | Path | None, what: str, *, quiet: bool = False) -> None:
    """Print ``wrote PATH (N KB, what)`` on standard error (not for stdout or ``quiet``)."""
    if quiet or path is None or str(path) == "-":
        return
    try:
        size = size_text(Path(path).stat().st_size)
    except OSError:
        size = "? KB"
    print(f"wrote {path} ({size}, {what})", file=sys.stderr, flush=True)
