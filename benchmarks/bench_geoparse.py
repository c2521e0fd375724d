"""Throughput of geomap's geoparser against geotext and flashgeotext.

Usage::

    python benchmarks/bench_geoparse.py [--n 1200] [--seed 0] [--warmup 25] [--rounds 3] [--json]

All systems parse the same ``--n`` synthetic articles from
:func:`_corpus_gen.generate_articles` (English, Russian and Ukrainian mixed) in
one process.  Each gets a warm-up on the first ``--warmup`` articles first, so
one-off costs (loading the gazetteer, building automata) are reported as setup
time and kept out of the timed runs.  Then ``--rounds`` rounds time every
system on the whole corpus, the systems taking turns within each round, and
each system's best round counts: a slow spell of a shared machine then hits
all systems alike instead of one.  The script prints articles per second for
each system and the throughput ratios geomap/flashgeotext and geomap/geotext
(above 1 means geomap is faster).

Warm and unseen rates: the warm rate re-parses the same corpus every round
(caches keyed on words and texts are hot); the unseen rate parses, in each
round, a fresh corpus generated with another seed that no system has seen in
this process, as a news feed would. Both are reported, with their ratios.

Note that the systems do different amounts of work: the baselines only find
English-language city and country names, while geomap also handles Cyrillic
inflection, oblasts and raions, disambiguation and geometry.

When ``geomap.places_from_text`` is missing or fails during warm-up, its row
is skipped with a message and the baselines are still timed.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus_gen import generate_articles

__all__ = ["bench", "main"]


def _geomap() -> Callable[[str], Any]:
    import geomap

    return geomap.places_from_text


def _geotext() -> Callable[[str], Any]:
    from geotext import GeoText

    def parse(text: str) -> Any:
        g = GeoText(text)
        return g.cities, g.countries

    return parse


def _flashgeotext() -> Callable[[str], Any]:
    from flashgeotext.geotext import GeoText

    logging.getLogger("flashgeotext").setLevel(logging.ERROR)
    extractor = GeoText()

    def parse(text: str) -> Any:
        return extractor.extract(input_text=text)

    return parse


def _geomap_batch() -> Callable[[list[str]], Any]:
    import geomap

    return geomap.places_from_texts


_SYSTEMS: dict[str, Callable[[], Callable[[str], Any]]] = {
    "geomap": _geomap,
    "geomap-batch": _geomap_batch,
    "geotext": _geotext,
    "flashgeotext": _flashgeotext,
}


def bench(n: int = 1200, *, seed: int = 0, warmup: int = 25, rounds: int = 3) -> dict[str, Any]:
    """Time every available system on the same ``n`` synthetic articles, best of ``rounds``.

    Returns
    -------
    dict
        ``{"n_articles", "n_words", "seed", "rounds", "systems": {name: {"available",
        "message", "setup_s", "seconds", "articles_per_s", "round_s"}}, "ratios": {...}}``.
    """
    articles = generate_articles(n, seed=seed)
    n_words = sum(len(a.split()) for a in articles)
    result: dict[str, Any] = {
        "n_articles": n,
        "n_words": n_words,
        "seed": seed,
        "rounds": rounds,
        "systems": {},
    }
    parsers: dict[str, Callable[..., Any]] = {}
    for name, factory in _SYSTEMS.items():
        entry: dict[str, Any] = {"available": False, "message": None}
        result["systems"][name] = entry
        t0 = time.perf_counter()
        try:
            parse = factory()
            if name.endswith("-batch"):
                parse(articles[:warmup])
            else:
                for text in articles[:warmup]:
                    parse(text)
        except Exception as exc:
            entry["message"] = f"{name} unavailable ({type(exc).__name__}: {exc}); skipped"
            continue
        entry["setup_s"] = round(time.perf_counter() - t0, 3)
        entry["round_s"] = []
        entry["unseen_round_s"] = []
        parsers[name] = parse
    for r in range(rounds):
        fresh = generate_articles(n, seed=seed + 1000 + r)  # unseen by every system
        for name, parse in parsers.items():
            for key, texts in (("round_s", articles), ("unseen_round_s", fresh)):
                result["systems"][name][key].append(_time(name, parse, texts))
    for name in parsers:
        entry = result["systems"][name]
        seconds, unseen = min(entry["round_s"]), min(entry["unseen_round_s"])
        entry.update(
            available=True,
            seconds=seconds,
            articles_per_s=round(n / seconds, 1) if seconds else None,
            unseen_seconds=unseen,
            unseen_articles_per_s=round(n / unseen, 1) if unseen else None,
        )
    result["ratios"] = _ratios(result, "articles_per_s")
    result["unseen_ratios"] = _ratios(result, "unseen_articles_per_s")
    return result


def _time(name: str, parse: Callable[..., Any], texts: list[str]) -> float:
    t0 = time.perf_counter()
    if name.endswith("-batch"):
        parse(texts)  # one GeoDataFrame for the whole corpus (the corpus path)
    else:
        for text in texts:
            parse(text)
    return round(time.perf_counter() - t0, 3)


def _ratios(result: dict[str, Any], key: str) -> dict[str, float]:
    rates = {k: v[key] for k, v in result["systems"].items() if v.get(key)}
    return {
        f"{mine}/{other}": round(rates[mine] / rates[other], 3)
        for mine in ("geomap", "geomap-batch")
        for other in ("flashgeotext", "geotext")
        if mine in rates and other in rates
    }


def _report(result: dict[str, Any]) -> str:
    lines = [
        f"{result['n_articles']} synthetic articles ({result['n_words']} words), "
        f"seed {result['seed']}; one run, same inputs, warm-up first, "
        f"best of {result['rounds']} interleaved rounds",
        "",
        f"{'system':<14}{'setup s':>10}{'run s':>10}{'articles/s':>13}{'unseen/s':>11}",
    ]
    for name, s in result["systems"].items():
        if s["available"]:
            lines.append(
                f"{name:<14}{s['setup_s']:>10.2f}{s['seconds']:>10.2f}{s['articles_per_s']:>13.1f}"
                f"{s['unseen_articles_per_s']:>11.1f}"
            )
        else:
            lines.append(f"{name:<14}{s['message']}")
    lines.append("")
    if result["ratios"]:
        for key, ratio in result["ratios"].items():
            unseen = result["unseen_ratios"].get(key)
            lines.append(
                f"throughput {key}: warm {ratio:.3f}, unseen {unseen:.3f}  (>1: geomap faster)"
            )
    else:
        lines.append("no ratios: geomap or the baselines did not run")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1200, help="number of articles (default 1200)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--warmup", type=int, default=25, help="warm-up articles per system")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best counts")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.n < 1 or args.warmup < 0 or args.rounds < 1:
        parser.error("--n and --rounds must be >= 1 and --warmup >= 0")
    result = bench(args.n, seed=args.seed, warmup=args.warmup, rounds=args.rounds)
    print(json.dumps(result, indent=1) if args.json else _report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
