"""Memory and output stay linear in the input (issue: hostile input, item 3).

Each mention used to copy its whole sentence, so a 128 KB one-sentence text
took 2.8 GB and 1 MB was killed at 23 GB. Now a mention carries at most
``MAX_SENTENCE_CHARS`` of its sentence and sentences are shared.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from geomap.geoparse import MAX_SENTENCE_CHARS, places_from_text, places_to_records

NAMES = ["Sumy", "Kharkiv", "Kursk", "Belgorod", "Pokrovsk", "Vovchansk", "Sudzha", "Kupiansk"]
WORDS = ["and", "shelling", "near", "the", "village", "of", "troops", "in", "struck"]


def one_sentence(n_bytes: int, seed: int = 1) -> str:
    """A text of about ``n_bytes`` with no sentence break and a place every few words."""
    rnd = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n_bytes:
        w = rnd.choice(NAMES) if rnd.random() < 0.3 else rnd.choice(WORDS)
        out.append(w)
        size += len(w) + 1
    return " ".join(out) + "."


def test_a_mention_carries_a_bounded_window_of_a_long_sentence():
    text = one_sentence(64 * 1024)
    gdf = places_from_text(text)
    mentions = [m for ms in gdf["mentions"] for m in ms]
    assert len(mentions) > 2000
    for m in mentions[:: max(1, len(mentions) // 200)]:
        s, a = m["sentence"], m["sentence_start"]
        assert len(s) <= MAX_SENTENCE_CHARS
        assert text[a : a + len(s)] == s  # the window is the text itself, at its offset
        assert a <= m["start"] and m["end"] <= a + len(s)
    size = len(json.dumps(places_to_records(gdf), ensure_ascii=False))
    assert size < 40 * len(text)  # linear: a 64 KB text made 400 MB of JSON before


def test_short_sentences_are_carried_whole():
    text = "Drones hit Sumy overnight. Shelling went on in Kharkiv and near Vovchansk."
    for row in places_from_text(text).itertuples():
        for m in row.mentions:
            assert m["sentence"] in {"Drones hit Sumy overnight.",
                                     "Shelling went on in Kharkiv and near Vovchansk."}  # fmt: skip


@pytest.mark.slow
def test_a_1_mb_one_sentence_article_parses_in_bounded_memory(tmp_path):
    src = tmp_path / "big.txt"
    src.write_text(one_sentence(1024 * 1024), encoding="utf-8")
    code = (
        "import resource, sys, json, geomap\n"
        "from geomap.geoparse import places_to_records\n"
        "g = geomap.places_from_text(open(sys.argv[1], encoding='utf-8').read())\n"
        "n = len(json.dumps(places_to_records(g)))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, n)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(src)], capture_output=True, text=True,
                         timeout=600, check=True).stdout.split()  # fmt: skip
    peak_mb, json_bytes = int(out[0]) / 1024, int(out[1])
    assert peak_mb < 1536, f"peak {peak_mb:.0f} MB"
    assert json_bytes < 40 * src.stat().st_size
