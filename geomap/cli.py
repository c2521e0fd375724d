"""The ``geomap`` command line.

Each feature registers its own sub-command from a private ``_cli_*`` module;
this module only builds the parser, dispatches, and turns geomap errors into
one-line messages with exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ._errors import GeomapError

__all__ = ["build_parser", "main"]

#: Modules that contribute sub-commands, each with ``register(subparsers)``.
_COMMAND_MODULES = (
    "geomap._cli_lookup",
    "geomap._cli_places",
    "geomap._cli_zone",
    "geomap._cli_map",
    "geomap._cli_frontline",
    "geomap._cli_corpus",
    "geomap._cli_data",
    "geomap._cli_assets",
)


def _version() -> str:
    from . import __version__

    return __version__


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked for (it is slow to read)."""

    def __init__(
        self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None
    ):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"geomap {_version()}")  # on standard output, as argparse's own action
        parser.exit(0)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (exit 2), like geomap's own."""

    def error(self, message: str):  # type: ignore[override]
        """Print ``<prog>: error: <message>`` and where to find the usage; exit 2."""
        line = " ".join(message.split())
        self.exit(2, f"{self.prog}: error: {line} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every available sub-command.

    Returns
    -------
    argparse.ArgumentParser
        The ``geomap`` parser; a sub-command whose module cannot be imported
        (an optional dependency missing) is left out.
    """
    parser = _Parser(
        prog="geomap",
        description="Turn news about the Russia-Ukraine war into accurate maps.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``geomap``; ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        The exit status: 0 ok, 2 bad input or failure, 130 interrupted.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except GeomapError as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("geomap: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
