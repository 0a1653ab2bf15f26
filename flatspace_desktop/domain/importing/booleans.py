"""Yes/no words in the languages imports arrive in, matched ignoring case.

"1"/"0" count as yes/no only in a column holding nothing else, with both present: a column
of 0s and 1s is a checkbox, a column of 1s alone (or 0, 1, 2) is a count.
"""

from __future__ import annotations

from typing import Iterable

BOOLEAN_PAIRS: tuple[tuple[str, str], ...] = (
    ("true", "false"), ("yes", "no"), ("y", "n"), ("t", "f"),  # English
    ("ja", "nein"), ("j", "n"), ("wahr", "falsch"),  # German
    ("oui", "non"), ("vrai", "faux"),  # French
    ("si", "no"), ("sí", "no"), ("verdadero", "falso"), ("vero", "falso"),  # Spanish, Italian
    ("ja", "nee"), ("waar", "onwaar"),  # Dutch
    ("1", "0"),
)
DIGIT_WORDS = frozenset({"1", "0"})
WORDS = frozenset(w for pair in BOOLEAN_PAIRS for w in pair)
LONGEST_WORD = max(len(w) for w in WORDS)


def is_boolean_column(seen: set[str] | frozenset[str]) -> bool:
    """Whether a column whose every value is one of WORDS (lower case) `seen` is yes/no."""
    if not seen or not seen <= WORDS:
        return False
    return not seen <= DIGIT_WORDS or seen == DIGIT_WORDS


def words_for(seen: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(true words, false words) of the pairs the seen words belong to ("ja", "nein": ja/nein,
    not ja/nee too; "ja" alone: either); with none seen, all."""
    seen = set(seen)
    pairs = [p for p in BOOLEAN_PAIRS if set(p) <= seen]
    covered = {w for p in pairs for w in p}
    pairs += [p for p in BOOLEAN_PAIRS if p not in pairs and (seen - covered) & set(p)]
    pairs = pairs or list(BOOLEAN_PAIRS)
    return frozenset(t for t, _ in pairs), frozenset(f for _, f in pairs)


def pair_text(true_words: Iterable[str], false_words: Iterable[str]) -> str:
    """"yes/no, ja/nein" for the preview."""
    pairs = [f"{t}/{f}" for t, f in BOOLEAN_PAIRS if t in true_words and f in false_words]
    return ", ".join(pairs)
