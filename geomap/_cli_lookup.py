"""``geomap lookup NAME``: every place a name may refer to, best first.

>>> from geomap.cli import main
>>> main(["lookup", "Kharkov", "--limit", "2"])
#  name            kind    country  oblast          lat      lon      score  reason
1  Kharkiv         city    UA       Kharkiv Oblast  49.9...  36.2...  ...  ...
2  Kharkiv Oblast  oblast  UA       Kharkiv Oblast  49.9...  36.2...  ...  ...
0
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ._cli_output import TABLE, examples, is_terminal, render_table
from ._errors import InputError
from ._io import decode_text
from ._validate import positive_int

__all__ = ["candidates_to_table", "lookup_command", "register"]

#: Most bytes read from standard input for ``geomap lookup -``.
MAX_STDIN_BYTES = 64 * 1024
_EXAMPLE = "pass a name like 'Kharkiv'"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``lookup`` sub-command."""
    p = subparsers.add_parser(
        "lookup",
        help="find every place a name may refer to (city, oblast, raion), best first",
        description=(
            "Look a place name up in the gazetteer (English, Russian or Ukrainian, any "
            "transliteration, old names, admin forms such as 'Sumy region'). Prints all "
            "candidates best first with a score and the reason they matched. "
            "Give '-' to read the name from standard input."
        ),
        epilog=examples(
            "geomap lookup Kharkov                 # a table of candidates, best first",
            "geomap lookup Sumy region --kind oblast",
            "geomap lookup Bakhmut --json | jq '.candidates[0]'",
            "echo 'Артемовск' | geomap lookup - --country UA",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "name", nargs="+", help="place name (several words are joined), or '-' for stdin"
    )
    p.add_argument(
        "--format",
        choices=(TABLE, "json"),
        default=None,
        help="table (with a title and count; the default on a terminal) or json",
    )
    p.add_argument("--json", action="store_true", help="print JSON (same as --format json)")
    p.add_argument(
        "--kind",
        metavar="K",
        help="keep only these kinds, comma-separated: country, oblast, raion, city, town, village",
    )
    p.add_argument(
        "--country", metavar="CC", help="keep only these ISO codes, comma-separated (UA,RU,BY)"
    )
    p.add_argument(
        "--limit", type=positive_int, default=10, metavar="N", help="most candidates (default 10)"
    )
    p.add_argument(
        "--worldview",
        choices=("de_jure", "de_facto"),
        default=None,
        help="border convention (default from settings: de_jure, Crimea in Ukraine)",
    )
    p.set_defaults(func=lookup_command)


def _read_stdin() -> str:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # replaced by a text stream (tests, notebooks)
        raw = sys.stdin.read(MAX_STDIN_BYTES + 1).encode("utf-8", "surrogateescape")
    else:
        raw = stream.read(MAX_STDIN_BYTES + 1)
    if len(raw) > MAX_STDIN_BYTES:
        msg = f"standard input is over {MAX_STDIN_BYTES} bytes; {_EXAMPLE}"
        raise InputError(msg)
    return decode_text(raw, source="<stdin>")


def _query(parts: list[str]) -> str:
    if parts == ["-"]:
        return _read_stdin()
    text = " ".join(parts)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        # bytes that were not UTF-8 on the command line arrive as lone surrogates
        msg = f"place name is not valid UTF-8 text; {_EXAMPLE}"
        raise InputError(msg)
    return text


def _check_filters(kind: str | None, country: str | None) -> None:
    from .gazetteer import KINDS

    if kind is not None:
        bad = [k for k in (x.strip() for x in kind.split(",")) if k not in KINDS]
        if bad or not kind.strip():
            msg = f"unknown --kind {kind!r}; use one or more of {', '.join(KINDS)}"
            raise InputError(msg)
    if country is not None:
        codes = [c.strip() for c in country.split(",")]
        if not all(len(c) == 2 and c.isascii() and c.isalpha() for c in codes):
            msg = f"bad --country {country!r}; give ISO alpha-2 codes such as UA or UA,RU"
            raise InputError(msg)


def _fmt(value: Any) -> str:
    return "" if value is None else str(value)


def candidates_to_table(cands: list) -> str:
    """Render candidates as an aligned text table (``~`` marks approximate positions)."""
    rows = [
        {
            "#": str(i),
            "name": c.name,
            "kind": c.kind,
            "country": c.country,
            "oblast": _fmt(c.admin1),
            "lat": f"{'~' if c.approx else ''}{c.lat:.4f}",
            "lon": f"{'~' if c.approx else ''}{c.lon:.4f}",
            "score": f"{c.score:.3f}",
            "reason": c.reason,
        }
        for i, c in enumerate(cands, 1)
    ]
    columns = ("#", "name", "kind", "country", "oblast", "lat", "lon", "score", "reason")
    notes = (
        ["~ approximate position (the hromada or raion centre)"]
        if any(c.approx for c in cands)
        else []
    )
    text = render_table(
        rows, columns, title=None, notes=notes, rule=False, right=("#",), max_cell=None
    )
    return text.removesuffix("\n")


def lookup_command(args: argparse.Namespace) -> int:
    """Handle ``geomap lookup``; return the exit status."""
    from .gazetteer import get_gazetteer

    name = _query(args.name)
    _check_filters(args.kind, args.country)
    gaz = get_gazetteer(worldview=args.worldview)
    cands = gaz.lookup(name, kind=args.kind, country=args.country, limit=args.limit)
    query = " ".join(name.split())
    fmt = "json" if args.json else args.format
    if fmt == "json":
        doc = {"query": query, "candidates": [c.to_dict() for c in cands]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return 0
    if fmt == TABLE or is_terminal():  # the human table: a title line with the count first
        noun = "candidate" if len(cands) == 1 else "candidates"
        sys.stdout.write(f"{len(cands)} {noun} for {query!r}, best first\n")
    # piped with no --format: the bare table, as geomap always printed it
    sys.stdout.write(candidates_to_table(cands) + "\n")
    return 0
