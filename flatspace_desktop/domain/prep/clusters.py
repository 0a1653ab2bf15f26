"""Clusters of near-identical values in a column, as OpenRefine finds them.

Input is (value, count) pairs: a column's distinct values with their counts, as a GROUP BY
gives them, so memory follows the number of distinct values, not of records. Key collision
groups values whose key (fingerprint, n-gram fingerprint, phonetic code) is the same;
nearest neighbour groups values within a Levenshtein distance, comparing only values that
share a block (a substring of block_size characters) so a large column is not compared pair
by pair.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..errors import InvalidInput
from ..values import text_of
from .params import is_empty
from .transforms import MassEdit

METHODS = ("fingerprint", "ngram", "phonetic")
PHONETIC = ("metaphone", "cologne", "soundex", "nysiis")
# A separator inside a word ("New-York", "A/B", "snake_case") becomes a space; other
# punctuation goes ("St. Mary's" -> "st marys"). OpenRefine removes all punctuation, which
# leaves "newyork"; a person reads the hyphenated form as two words.
_JOINERS = re.compile(r"[-‐-―/\\_|·•]+")
_PUNCT_CTRL = re.compile(r"[^\w\s]")  # control characters too; line breaks and tabs are spaces
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th",
                       "ł": "l", "ı": "i", "ŋ": "n", "ħ": "h"})


@dataclass(frozen=True)
class Cluster:
    values: tuple[tuple[str, int], ...]  # most frequent first
    suggested: str  # the value to keep: the most frequent

    @property
    def size(self) -> int:
        return len(self.values)

    @property
    def rows(self) -> int:
        return sum(c for _v, c in self.values)


def ascii_fold(text: str) -> str:
    """Accents dropped (é -> e), and the letters that do not decompose spelt out (ß -> ss)."""
    text = text.translate(_FOLD)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _clean(value: str) -> str:
    s = _JOINERS.sub(" ", value.strip().lower())
    return ascii_fold(_PUNCT_CTRL.sub("", s))


def fingerprint(value: str) -> str:
    """OpenRefine's fingerprint: trimmed, lower case, without punctuation or control
    characters, accents folded, its words unique and sorted."""
    return " ".join(sorted(set(_clean(value).split())))


def ngram_fingerprint(value: str, n: int = 2) -> str:
    """OpenRefine's n-gram fingerprint: the unique sorted n-grams of the cleaned value with
    its spaces removed (so "Paris" and "Pa ris" meet, and so do many transpositions)."""
    s = "".join(_clean(value).split())
    if len(s) <= n:
        return s
    return "".join(sorted({s[i:i + n] for i in range(len(s) - n + 1)}))


_COLOGNE = {**dict.fromkeys("aeijouy", "0"), "b": "1", "f": "3", "v": "3", "w": "3", **dict.fromkeys("gkq", "4"),
            "l": "5", "m": "6", "n": "6", "r": "7", "s": "8", "z": "8"}


def cologne(word: str) -> str:
    """Kölner Phonetik (Postel 1969), the phonetic code for German names: letters to digits by
    their neighbours, repeats collapsed, zeros dropped but for a leading one."""
    s = [c for c in ascii_fold(word.lower()) if "a" <= c <= "z"]
    codes = []
    for i, c in enumerate(s):
        prev, nxt = (s[i - 1] if i else ""), (s[i + 1] if i + 1 < len(s) else "")
        if c == "h":
            code = ""
        elif c == "p":
            code = "3" if nxt == "h" else "1"
        elif c in "dt":
            code = "8" if nxt in ("c", "s", "z") else "2"
        elif c == "c":
            if i == 0:
                code = "4" if nxt and nxt in "ahkloqrux" else "8"
            else:
                code = "4" if nxt and nxt in "ahkoqux" and prev not in ("s", "z") else "8"
        elif c == "x":
            code = "8" if prev in ("c", "k", "q") else "48"
        else:
            code = _COLOGNE[c]
        codes.append(code)
    out = []
    for code in "".join(codes):
        if not out or out[-1] != code:
            out.append(code)
    return (out[0] if out else "") + "".join(c for c in out[1:] if c != "0")


def _phonetic_encoder(algorithm: str) -> Callable[[str], str]:
    if algorithm == "cologne":
        return cologne
    try:
        import jellyfish
    except ImportError:  # pragma: no cover - jellyfish is a dependency
        raise InvalidInput(f'the "{algorithm}" phonetic key needs the jellyfish package') from None
    return {"metaphone": jellyfish.metaphone, "soundex": jellyfish.soundex, "nysiis": jellyfish.nysiis}[algorithm]


def phonetic_keyer(algorithm: str = "metaphone") -> Callable[[str], str]:
    """A key of the value's sounds: each word of its fingerprint encoded, so word order and
    punctuation do not count. metaphone, soundex and nysiis are for English; cologne for German."""
    if algorithm not in PHONETIC:
        raise InvalidInput(f'unknown phonetic key "{algorithm}"; use one of: {", ".join(PHONETIC)}')
    encode = _phonetic_encoder(algorithm)
    return lambda value: " ".join(code for code in (encode(w) for w in fingerprint(value).split()) if code)


def keyer(method: str = "fingerprint", *, n: int = 2, phonetic: str = "metaphone") -> Callable[[str], str]:
    if method == "fingerprint":
        return fingerprint
    if method == "ngram":
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 10:
            raise InvalidInput("the n-gram size must be a whole number from 1 to 10")
        return lambda value: ngram_fingerprint(value, n)
    if method == "phonetic":
        return phonetic_keyer(phonetic)
    raise InvalidInput(f'unknown clustering method "{method}"; use one of: {", ".join(METHODS)}, or nearest')


def _distinct(pairs: Iterable[tuple[object, int]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for value, count in pairs:
        text = text_of(value)
        if not is_empty(text):
            counts[text] += count  # type: ignore[index]
    return counts


def _cluster(members: Iterable[str], counts: Mapping[str, int]) -> Cluster:
    # most frequent first; between equals, a value already trimmed, then the alphabet
    ordered = sorted(members, key=lambda v: (-counts[v], v != " ".join(v.split()), v))
    return Cluster(tuple((v, counts[v]) for v in ordered), ordered[0])


def _sorted(clusters: list[Cluster]) -> list[Cluster]:
    return sorted(clusters, key=lambda c: (-c.size, -c.rows, c.suggested))


def key_clusters(pairs: Iterable[tuple[object, int]], method: str = "fingerprint", *, n: int = 2,
                 phonetic: str = "metaphone") -> list[Cluster]:
    """Clusters of values whose keys collide, largest first. method: fingerprint, ngram (n)
    or phonetic (metaphone, cologne, soundex, nysiis)."""
    key = keyer(method, n=n, phonetic=phonetic)
    counts = _distinct(pairs)
    groups: dict[str, list[str]] = defaultdict(list)
    for value in counts:
        k = key(value)
        if k:
            groups[k].append(value)
    return _sorted([_cluster(vs, counts) for vs in groups.values() if len(vs) > 1])


def nearest_clusters(pairs: Iterable[tuple[object, int]], radius: int = 1, block_size: int = 6, *,
                     max_block: int = 1000) -> list[Cluster]:
    """Clusters of values within `radius` Levenshtein edits (case and surrounding spaces do
    not count) of the cluster's most frequent value, largest first. Never linked on through a
    neighbour's neighbour: Portland, Cortland and Courtland are one edit apart in turn, and a
    chain of such steps would merge a whole column into one value.

    Only values sharing a block are compared: a substring of block_size characters, as in
    OpenRefine. A value shorter than that is its own block, so it meets only values that
    contain it: for short values (car makers, codes) lower block_size. A substring shared by
    more than max_block values ("stree" in a column of addresses) blocks nothing and would
    make the work quadratic, so it is not used."""
    if not isinstance(radius, (int, float)) or isinstance(radius, bool) or radius < 0:
        raise InvalidInput("the radius must be a number of edits, 0 or more")
    if not isinstance(block_size, int) or isinstance(block_size, bool) or block_size < 1:
        raise InvalidInput("the block size must be a whole number of characters, 1 or more")
    radius = int(radius)
    counts = _distinct(pairs)
    values = list(counts)
    norm = [" ".join(v.lower().split()) for v in values]
    # A block is a substring and a length: values more than radius apart in length are never
    # within radius, so splitting blocks by length only drops comparisons that would fail.
    blocks: dict[tuple[str, int], list[int]] = defaultdict(list)
    shared: dict[str, int] = defaultdict(int)  # values holding a substring, of any length
    grams_of: list[tuple[str, ...]] = []
    for i, s in enumerate(norm):
        grams = tuple({s[j:j + block_size] for j in range(len(s) - block_size + 1)} or {s})
        grams_of.append(grams)
        for g in grams:
            blocks[(g, len(s))].append(i)  # indices go in rising, so each block is sorted
            shared[g] += 1
    near: dict[int, set[int]] = defaultdict(set)
    empty: list[int] = []
    for i, s in enumerate(norm):
        lists = []
        grams = [g for g in grams_of[i] if 1 < shared[g] <= max_block]
        for n in range(len(s) - radius, len(s) + radius + 1):
            for g in grams:
                b = blocks.get((g, n), empty)
                if b and b[-1] > i:
                    lists.append(b[bisect_right(b, i):])  # each pair once: the later values
        later = list(set().union(*lists))
        if not later:
            continue
        found = process.extract(s, [norm[j] for j in later], scorer=Levenshtein.distance,
                                score_cutoff=radius, limit=None)
        for _choice, _dist, k in found:
            near[i].add(later[k])
            near[later[k]].add(i)
    # The most frequent value not yet taken gathers its neighbours not yet taken
    taken: set[int] = set()
    clusters = []
    for i in sorted(near, key=lambda i: (-counts[values[i]], norm[i], values[i])):
        if i in taken:
            continue
        members = [i] + sorted(j for j in near[i] if j not in taken)
        if len(members) > 1:
            taken.update(members)
            clusters.append(_cluster([values[j] for j in members], counts))
    return _sorted(clusters)


def merge_edit(clusters: Iterable[Cluster], keep: Mapping[int, str] | None = None) -> MassEdit:
    """The mass edit that merges each cluster into its suggested value, or into keep[i] for
    cluster i (any text, such as a spelling none of the values has)."""
    mapping: dict[str, str] = {}
    for i, cluster in enumerate(clusters):
        target = (keep or {}).get(i, cluster.suggested)
        for value, _count in cluster.values:
            if value != target:
                mapping[value] = target
    return MassEdit(tuple(mapping.items()))
