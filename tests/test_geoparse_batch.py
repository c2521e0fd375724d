"""The batch path (places_from_texts) resolves many articles at once; it must say what the
single path says of each, and no article's places may lend evidence to another's."""

from __future__ import annotations

from pathlib import Path

from geomap.geoparse import places_from_text, places_from_texts

CORPUS = Path(__file__).parent / "corpus"
COLUMNS = ["name", "kind", "admin1", "role", "confidence", "reason", "mentions"]


def _records(g) -> list[dict]:
    return g[COLUMNS].astype(str).to_dict("records")


def test_a_batch_of_real_articles_resolves_as_each_alone():
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:30]]
    batch = places_from_texts(texts)
    assert batch["doc"].nunique() >= 25
    for k, text in enumerate(texts):
        alone = places_from_text(text)
        assert _records(batch[batch["doc"] == k].reset_index(drop=True)) == _records(alone), k


def test_a_village_keeps_its_story_when_batched_with_articles_elsewhere():
    # the sentence about Kamianske puts it in Zaporizhzhia Oblast; the articles around it
    # name places in other oblasts, whose anchors must not reach it
    kamianske = (
        "Russian forces said they had taken Kamianske, a village south of Zaporizhzhia. "
        "Kamianske lies on the road from Vasylivka to Stepnohirsk in the Zaporizhzhia region."
    )
    others = ["Drones hit Kharkiv and Sumy overnight.", "Shelling in Kupiansk and Izium."]
    g = places_from_texts([others[0], kamianske, others[1]] * 40)
    rows = g[g["name"] == "Kamianske"]
    assert len(rows) == 40
    assert set(rows["admin1"]) == {"Zaporizhzhia Oblast"} and set(rows["kind"]) == {"village"}
    assert set(g.loc[g["name"] == "Izium", "admin1"]) == {"Kharkiv Oblast"}


def test_world_namesakes_do_not_anchor_their_own_distance():
    """Namesakes abroad share no oblast: they must not anchor distances to themselves.

    Before the fix, every foreign 'Victoria' had admin1 '', so they looked like namesakes
    in one oblast, the first became an anchor, and the chosen one was '0 km from another
    named place'.
    """
    from geomap import places_from_text

    text = (
        "Debris of a drone fell near the villages of Nufaru and Victoria in Tulcea County, "
        "about 20 km south of Izmail, Romania's defence ministry said."
    )
    gdf = places_from_text(text)
    for reason in gdf.loc[gdf["name"] == "Victoria", "reason"]:
        assert "0 km from another named place" not in reason
