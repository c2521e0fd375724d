"""The geoparser: article text to resolved places, with evidence.

:func:`places_from_text` finds every oblast, raion, city, town, village and
country an article names, in English, Russian or Ukrainian, resolves each to
one gazetteer entity and keeps the sentences that mention it.

How it works, in three passes over the text:

1. **Recognition**: capitalised word n-grams (up to four words) are looked up
   in the gazetteer's index of normalised names; Cyrillic words are also
   tried in their possible nominative forms ("у Сумах" -> Суми, "Курской
   области" -> Курская область), Latin ones without possessive "'s".  Words
   next to "громада" name the settlement the hromada is named after ("у
   Юнаківській громаді"), adjectives before a front "direction" the city it is
   named after ("на ореховском направлении" -> Orikhiv).
2. **Filtering**: people ("Vladimir Putin", "President Zelensky"),
   organisations ("Kyiv Post"), capitalised common words and sentence-initial
   words are told apart from places with local cues (the next and previous
   words, titles, first names, word frequency).
3. **Resolution**: each surviving mention picks one entity: admin words
   ("region", "Oblast", "district", "city") decide between an oblast and its
   capital; a name already used for an oblast in the article keeps that sense
   ("parts of Kharkov, Sumy and Chernigov" are oblasts); same-name settlements
   are ranked by the oblasts the article names, closeness to the other places,
   closeness to the war zone and population (a place is no evidence for
   itself); one of several same-name villages with nothing in the text for it
   is left out rather than guessed. Capitals followed by a speech verb ("Kyiv
   said", "Moscow denied", "В Киеве не комментируют") are flagged
   ``role="metonym"``.

>>> from geomap.geoparse import places_from_text
>>> gdf = places_from_text("Vladimir Putin visited the Kursk region; drones hit Kharkiv.")
>>> sorted(zip(gdf["name"], gdf["kind"]))
[('Kharkiv', 'city'), ('Kursk Oblast', 'oblast')]
"""

from __future__ import annotations

from .api import places_from_text, places_from_texts, records_from_text
from .doc import MAX_SENTENCE_CHARS, MAX_TEXT_CHARS
from .output import PlaceRecords, places_to_records
from .stated import distances_from_text
from .tokenise import sentences_from_text

__all__ = [
    "MAX_SENTENCE_CHARS",
    "MAX_TEXT_CHARS",
    "PlaceRecords",
    "distances_from_text",
    "places_from_text",
    "places_from_texts",
    "places_to_records",
    "records_from_text",
    "sentences_from_text",
]
