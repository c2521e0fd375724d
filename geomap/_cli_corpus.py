"""``geomap corpus`` (geoparse many articles to GeoParquet) and ``geomap heatmap`` (map them in time).

>>> import tempfile, pathlib
>>> from geomap.cli import main
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "2024-08-06.txt").write_text("Drones hit Sumy.")
>>> main(["corpus", str(d), "-o", str(d / "m.parquet"), "--workers", "1", "--quiet"])
0
>>> main(["heatmap", str(d / "m.parquet"), "-o", str(d / "heat.html"), "--quiet"])
0
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterator

from ._cli_output import examples, report_written
from ._io import check_outputs, open_output
from ._validate import fraction, positive_int

__all__ = ["corpus_command", "heatmap_command", "register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``corpus`` and ``heatmap`` sub-commands."""
    p = subparsers.add_parser(
        "corpus",
        help="geoparse a corpus of articles into a GeoParquet table of place mentions",
        description=(
            "Geoparse every article of the inputs (.txt, .html, .jsonl with 'text' and optional "
            "'date', 'url', 'title') in parallel and write one row per place mention to a "
            "GeoParquet file. Unreadable articles are listed in <output stem>.failures.csv and "
            "the run goes on (exit 0); rerunning an interrupted command resumes it."
        ),
        epilog=examples(
            "geomap corpus news/ -o mentions.parquet",
            "geomap corpus 'feeds/*.jsonl' archive/2024-08-*.html -o m.parquet --workers 2",
            "geomap corpus news/ -o m.parquet --scheduler tcp://10.0.0.5:8786",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs")
    p.add_argument("-o", "--output", required=True, help="GeoParquet file to write")
    p.add_argument(
        "--workers",
        type=positive_int,
        help="local worker processes, at most the CPU count (default: all cores; 1 = in this process)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on this Dask cluster (e.g. tcp://host:8786); workers must see the inputs",
    )
    p.add_argument(
        "--shard-size", type=positive_int, help="articles per shard (default: from corpus size)"
    )
    p.add_argument("--no-resume", action="store_true", help="redo every shard, even finished ones")
    p.add_argument(
        "--keep-parts", action="store_true", help="keep <output>.parts/ after a successful run"
    )
    p.add_argument(
        "--worldview", choices=("de_jure", "de_facto"), help="border convention (default de_jure)"
    )
    p.add_argument("--no-metonyms", action="store_true", help="leave out metonyms ('Kyiv said')")
    p.add_argument(
        "--min-confidence",
        type=fraction,
        default=0.0,
        help="drop places below this confidence, 0..1 (default 0)",
    )
    bar = p.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress", action="store_true", help="show a progress bar (default on a TTY)"
    )
    bar.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar, summary or 'wrote' line"
    )
    p.set_defaults(func=corpus_command)

    h = subparsers.add_parser(
        "heatmap",
        help="map where and when a corpus names places (time-slider heatmap + top places)",
        description=(
            "Draw the mention density of a `geomap corpus` table as a heatmap with a time slider "
            "(one frame per day or ISO week) and a table of the most-named places per period."
        ),
        epilog=examples(
            "geomap heatmap mentions.parquet -o heat.html --by week --top 15",
            "geomap heatmap mentions.parquet -o heat.html --table-csv top.csv --kinds city,town",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    h.add_argument("mentions", help="GeoParquet written by `geomap corpus`")
    h.add_argument("-o", "--output", required=True, help="HTML file to write ('-' for stdout)")
    h.add_argument("--by", choices=("day", "week"), default="day", help="frame length")
    h.add_argument(
        "--top", type=positive_int, default=10, help="places listed per period (default 10)"
    )
    h.add_argument(
        "--include-metonyms", action="store_true", help="count 'Kyiv said'-style mentions too"
    )
    h.add_argument(
        "--kinds",
        help="comma-separated kinds to show (default: oblast,raion,city,town,village)",
    )
    h.add_argument("--table-csv", metavar="FILE", help="also write the top-places table as CSV")
    h.add_argument(
        "--cdn",
        action="store_true",
        help="load Leaflet and plugins from CDNs instead of inlining them (smaller file, needs internet)",
    )
    h.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    h.set_defaults(func=heatmap_command)


def _cpu_count() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class _Warnings(logging.Handler):
    """geomap's warnings (skipped files, unmatched globs) as ``geomap: warning:`` lines."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"geomap: warning: {' '.join(record.getMessage().split())}", file=sys.stderr)


@contextlib.contextmanager
def _warnings_on_stderr() -> Iterator[None]:
    logger = logging.getLogger("geomap")
    handler = _Warnings(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def corpus_command(args: argparse.Namespace) -> int:
    """Run ``geomap corpus``; 0 when the run completes (failed articles included)."""
    from .corpus import corpus_to_parquet

    check_outputs({"-o": args.output}, inputs=args.inputs, stdout=False, regular=("-o",))
    ncpu = _cpu_count()
    if args.workers is not None and args.workers > ncpu and args.scheduler is None:
        print(
            f"geomap: note: --workers {args.workers} is more than the {ncpu} CPUs; using {ncpu}",
            file=sys.stderr,
        )
        args.workers = ncpu
    verbose = not args.quiet and (args.progress or sys.stderr.isatty())
    with _warnings_on_stderr():
        summary = corpus_to_parquet(
            args.inputs,
            args.output,
            workers=args.workers,
            scheduler=args.scheduler,
            shard_size=args.shard_size,
            resume=not args.no_resume,
            keep_parts=args.keep_parts,
            worldview=args.worldview,
            include_metonyms=not args.no_metonyms,
            min_confidence=args.min_confidence,
            verbose=verbose,
        )
    if not args.quiet:
        print(summary, flush=True)
    report_written(
        args.output,
        f"{summary.mentions:,} mentions of {summary.places:,} places, GeoParquet",
        quiet=args.quiet,
    )
    return 0


def heatmap_command(args: argparse.Namespace) -> int:
    """Run ``geomap heatmap``."""
    from .heatmap import heatmap_from_mentions, top_places_from_mentions

    check_outputs({"-o": args.output, "--table-csv": args.table_csv}, inputs=[args.mentions])
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] if args.kinds else None
    opts = {
        "by": args.by,
        "top": args.top,
        "include_metonyms": args.include_metonyms,
        "kinds": kinds,
    }
    fmap = heatmap_from_mentions(args.mentions, **opts)
    page = fmap.get_root().render()
    if not args.cdn:
        from ._assets import inline_assets

        page = inline_assets(page)
    with open_output(args.output, "w", encoding="utf-8") as fh:
        fh.write(page)
    report_written(args.output, f"HTML heatmap by {args.by}", quiet=args.quiet)
    if args.table_csv:
        table = top_places_from_mentions(args.mentions, **opts)
        with open_output(args.table_csv, "w", encoding="utf-8", newline="") as fh:
            table.to_csv(fh, index=False)
        report_written(args.table_csv, f"{len(table)} rows, csv", quiet=args.quiet)
    return 0
