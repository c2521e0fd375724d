"""``geomap places FILE|- [--format json|csv|geojson] [--explain] [-o FILE]``."""

from __future__ import annotations

import argparse
import csv
import io
import json

from ._cli_output import TABLE, add_format, examples, render_table, report_written, resolve_format
from ._io import check_outputs, open_output, read_article
from ._validate import fraction

__all__ = ["explain_text", "register", "write_output"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "places",
        help="list the places an article names",
        description="Geoparse an article (English, Russian or Ukrainian): every place it names, resolved.",
        epilog=examples(
            "geomap places news.txt                     # a table on a terminal",
            "geomap places news.txt --format csv -o places.csv",
            "cat news.txt | geomap places - --format json | jq '.places[].name'",
            "geomap places news.txt --format geojson --min-confidence 0.5 -o places.geojson",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("article", help="article text file, or - for standard input")
    add_format(p, ("json", "csv", "geojson"))
    p.add_argument(
        "-o", "--output", help="write here (atomically) instead of standard output ('-')"
    )
    p.add_argument(
        "--lang", choices=("en", "ru", "uk"), help="language of the text (detected by default)"
    )
    p.add_argument(
        "--worldview", choices=("de_jure", "de_facto"), help="border convention (default de_jure)"
    )
    p.add_argument(
        "--no-metonyms", action="store_true", help="leave out places only named as metonyms"
    )
    p.add_argument(
        "--min-confidence",
        type=fraction,
        default=0.0,
        help="drop places below this confidence, 0..1 (default 0)",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="print, for each candidate span, what was decided and by which rule (instead of the places)",
    )
    p.set_defaults(func=_run)


def write_output(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` atomically, or to standard output (``None`` or ``-``)."""
    with open_output(output, "w", encoding="utf-8") as fh:
        fh.write(text)


def explain_text(gdf) -> str:
    """One line per candidate span: where, what, kept or dropped, and by which rule.

    ``gdf`` is the output of ``places_from_text(..., explain=True)``.
    """
    lines = []
    for row in gdf.itertuples():
        for m in row.mentions:
            what = f"{row.name} ({row.kind}, {row.admin1})"
            role = " as a metonym" if m["role"] == "metonym" else ""
            lines.append((m["start"], m["end"], m["text"], f"kept{role}", f"{what}: {row.reason}"))
    for d in gdf.attrs.get("dropped", []):
        how = "; then ".join(f"{stage}/{rule}: {detail}" for stage, rule, detail in d["trace"])
        lines.append((d["start"], d["end"], d["text"], "dropped", how))
    lines.sort()
    out = [f"{a}-{b}\t{text}\t{verdict}\t{how}" for a, b, text, verdict, how in lines]
    return "\n".join(out) + "\n" if out else "no candidate spans\n"


def _run(args: argparse.Namespace) -> int:
    from .geoparse import places_from_text, records_from_text

    check_outputs({"-o": args.output}, inputs=[args.article])
    text = read_article(args.article)
    fmt = resolve_format(args.format, "json", output=args.output)
    options = {
        "lang": args.lang,
        "worldview": args.worldview,
        "include_metonyms": not args.no_metonyms,
        "min_confidence": args.min_confidence,
    }
    if args.explain:
        gdf = places_from_text(text, explain=True, **options)
        write_output(explain_text(gdf), args.output)
        report_written(args.output, f"{len(gdf)} places explained, text")
        return 0
    if fmt == "geojson":
        gdf = places_from_text(text, **options)
        out = _geojson(gdf)
        n = len(gdf)
    else:  # records only: no GeoDataFrame, geopandas not even imported
        records = records_from_text(text, **options)
        out = _records_text(records, fmt, args.article)
        n = len(records)
    write_output(out if out.endswith("\n") else out + "\n", args.output)
    report_written(args.output, f"{n} places, {fmt}")
    return 0


def _geojson(gdf) -> str:
    """The places as a GeoJSON FeatureCollection (mentions as lists, distances alongside)."""
    fc = json.loads(
        gdf.assign(mentions=[json.dumps(m, ensure_ascii=False) for m in gdf["mentions"]]).to_json(
            drop_id=True
        )
    )
    for feat in fc["features"]:
        feat["properties"]["mentions"] = json.loads(feat["properties"]["mentions"])
    fc["distances"] = gdf.attrs.get("distances", [])
    return json.dumps(fc, ensure_ascii=False)


def _records_text(records, fmt: str, article: str) -> str:
    """The places of :func:`~geomap.geoparse.records_from_text` as a table, JSON or CSV."""
    distances = records.attrs.get("distances", [])
    if fmt == TABLE:
        return _table(records, article, distances)
    if fmt == "json":
        return json.dumps(
            {"places": records, "distances": distances,
             "unresolved": records.attrs.get("unresolved", [])},
            ensure_ascii=False,
            indent=2,
        )  # fmt: skip
    buf = io.StringIO()
    cols = [
        "name",
        "kind",
        "country",
        "admin1",
        "geonameid",
        "confidence",
        "role",
        "lat",
        "lon",
        "n_mentions",
        "first_sentence",
        "reason",
    ]
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for rec in records:
        first = rec["mentions"][0]["sentence"] if rec["mentions"] else ""
        w.writerow({**rec, "first_sentence": first})
    return buf.getvalue()


def _table(records: list[dict], article: str, distances: list) -> str:
    """The places as a human table, with a title line that counts them."""
    shown = "standard input" if article == "-" else article
    noun = "place" if len(records) == 1 else "places"
    notes = [f"distances stated: {', '.join(str(d) for d in distances)}"] if distances else []
    return render_table(
        records,
        {
            "name": "name",
            "kind": "kind",
            "country": "country",
            "admin1": "oblast",
            "confidence": "confidence",
            "role": "role",
            "lat": "lat",
            "lon": "lon",
            "n_mentions": "mentions",
        },
        title=f"{len(records)} {noun} named in {shown}",
        notes=notes,
    )
