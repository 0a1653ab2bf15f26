"""Clusters of near-identical values on real columns (vega_datasets: US airport cities, car
names; see tests/data/realworld/prep/README.md), as a person reviews them before merging."""

import csv
import random
from collections import Counter

import pytest

from support import DATA
from flatspace_desktop.domain.errors import InvalidInput
from flatspace_desktop.domain.prep.clusters import (cologne, fingerprint, key_clusters, merge_edit,
                                                    nearest_clusters, ngram_fingerprint)

PREP = DATA / "realworld" / "prep"


def counts(name: str, field: str, first_word: bool = False) -> Counter:
    with open(PREP / name, newline="", encoding="utf-8") as f:
        return Counter(r[field].split()[0] if first_word else r[field] for r in csv.DictReader(f))


def as_sets(clusters) -> list[set]:
    return [{v for v, _ in c.values} for c in clusters]


def test_new_york_spellings_share_a_fingerprint():
    pairs = [("New York", 120), ("new york ", 3), ("New-York", 2), ("NEW YORK.", 1), ("York, New", 1),
             ("Newark", 40), (None, 9), ("", 4)]
    clusters = key_clusters(pairs)
    assert len(clusters) == 1
    c = clusters[0]
    assert {v for v, _ in c.values} == {"New York", "new york ", "New-York", "NEW YORK.", "York, New"}
    assert c.suggested == "New York" and c.values[0] == ("New York", 120)
    assert c.size == 5 and c.rows == 127


def test_fingerprint_folds_accents_and_drops_punctuation():
    assert fingerprint("  Café  Zürich ") == fingerprint("zurich cafe") == "cafe zurich"
    assert fingerprint("St. Mary's") == "marys st"
    assert ngram_fingerprint("Paris", 2) == ngram_fingerprint("pa ris", 2) == "arispari"  # ar is pa ri


def test_airport_cities_fingerprint_clusters():
    clusters = key_clusters(counts("airports_cities.csv", "city").items())
    found = as_sets(clusters)
    for group in ({"St Paul", "St. Paul"}, {"Lafayette", "LaFayette"}, {"St Marys", "St. Mary's"},
                  {"St George", "St. George"}, {"Abilene", "Abilene."}):
        assert group in found
    by_value = {c.values[0][0]: c for c in clusters}
    assert by_value["Lafayette"].suggested == "Lafayette"  # 3 airports, against 1 "LaFayette"


def test_ngram_fingerprint_joins_words_written_apart():
    found = as_sets(key_clusters(counts("airports_cities.csv", "city").items(), "ngram", n=2))
    assert {"New Castle", "Newcastle"} in found and {"La Grange", "Lagrange"} in found


def test_levenshtein_finds_misspelt_makers():
    assert as_sets(nearest_clusters([("Mercedes", 12), ("Mercedez", 1), ("Mercury", 5)])) == [{"Mercedes", "Mercedez"}]
    makers = counts("cars.csv", "Name", first_word=True)  # chevroelt, toyouta, maxda, vokswagen
    found = as_sets(nearest_clusters(makers.items(), radius=2, block_size=2))
    for group in ({"chevrolet", "chevroelt"}, {"toyota", "toyouta"}, {"mazda", "maxda"},
                  {"volkswagen", "vokswagen"}):
        assert group in found
    # with OpenRefine's default block of 6 characters, "maxda" (5) meets nothing
    assert {"mazda", "maxda"} not in as_sets(nearest_clusters(makers.items(), radius=2))


def test_levenshtein_on_full_car_names_with_default_blocks():
    clusters = nearest_clusters(counts("cars.csv", "Name").items(), radius=1)
    found = as_sets(clusters)
    assert {"volkswagen rabbit", "vokswagen rabbit"} <= next(s for s in found if "vokswagen rabbit" in s)
    assert {"maxda glc deluxe", "mazda glc deluxe"} in found
    sizes = [c.size for c in clusters]
    assert sizes == sorted(sizes, reverse=True)


def test_phonetic_keys():
    makers = counts("cars.csv", "Name", first_word=True)
    assert {"chevrolet", "chevroelt"} in as_sets(key_clusters(makers.items(), "phonetic"))
    german = [("Müller", 5), ("Mueller", 2), ("Miller", 1), ("Meier", 3), ("Meyer", 2), ("Maier", 1)]
    assert as_sets(key_clusters(german, "phonetic", phonetic="cologne")) == [
        {"Müller", "Mueller", "Miller"}, {"Meier", "Meyer", "Maier"}]  # as large; 8 rows before 6
    # the published examples of Kölner Phonetik
    assert cologne("Müller-Lüdenscheidt") == "65752682" and cologne("Wikipedia") == "3412"
    assert cologne("Breschnew") == "17863"


def test_merging_clusters_is_a_mass_edit():
    clusters = key_clusters(counts("airports_cities.csv", "city").items())
    edit = merge_edit(clusters)
    assert edit.apply("St. Paul") == "St Paul" and edit.apply("LaFayette") == "Lafayette"
    assert edit.apply("Denver") == "Denver"
    chosen = merge_edit(clusters, {0: "LAFAYETTE"})
    assert chosen.apply("Lafayette") == "LAFAYETTE"


def test_blocking_keeps_a_large_column_feasible():
    rng = random.Random(5)
    cities = list(counts("airports_cities.csv", "city"))
    values = {f"{rng.randint(1, 9999)} {rng.choice(cities)} Road": rng.randint(1, 30) for _ in range(20_000)}
    typo = next(v for v in values if len(v) > 20)
    values[typo[:12] + typo[13:]] = 1  # one letter dropped
    found = nearest_clusters(values.items())
    assert any(typo in s and typo[:12] + typo[13:] in s for s in as_sets(found))


def test_bad_settings_are_refused():
    with pytest.raises(InvalidInput, match="unknown clustering method"):
        key_clusters([("a", 1)], "soundalike")
    with pytest.raises(InvalidInput, match="phonetic"):
        key_clusters([("a", 1)], "phonetic", phonetic="klingon")
    with pytest.raises(InvalidInput, match="block size"):
        nearest_clusters([("a", 1)], block_size=0)


def test_nearest_neighbours_gather_around_a_value_never_along_a_chain():
    """Found by a new user's trial: Portland / Cortland / Courtland became one cluster though
    Portland and Courtland are two edits apart (each one from Cortland)."""
    chain = nearest_clusters([("big city kitten", 9), ("big city sitten", 3), ("big city sittin", 2),
                              ("big city sitting", 1)])  # each one edit from the next
    assert as_sets(chain) == [{"big city kitten", "big city sitten"}, {"big city sittin", "big city sitting"}]
    cities = nearest_clusters([("Portland", 10), ("Cortland", 2), ("Courtland", 1)], radius=1)
    assert as_sets(cities) == [{"Portland", "Cortland"}]
    assert cities[0].suggested == "Portland"
