"""The one Kiwi (Korean tokenizer) of the process, loaded lazily, fed in bounded batches.

Loading costs 2-3 s and ~530 MB, so nothing imports kiwipiepy at module level:
`monitor --help` and runs over normally spaced text never pay for it.

Kiwi's `space()` is linear in its input only up to some tens of thousands of
characters: one 330,000-character string without a space took 54 s where four
of 80,000 take 8. So `space_texts` hands it pieces of at most `MAX_PIECE_CHARS`,
cut after a sentence stop (where the stop spacing rules put the space Kiwi cannot
add across the cut) or at a space, all in one call (one `space()` over many
paragraphs is faster than a call per article, and gives the same output).
`tokenize_words` keeps what Kiwi said of each word: the same names and nouns
recur on every page of a beat.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_kiwi: Kiwi | None = None

MAX_PIECE_CHARS = 8000  # far above a paragraph (corpus and seeds restore none over 300), far below Kiwi's slow sizes
PIECE_STOPS = ".!?"
MAX_CACHED_WORDS = 200_000  # a few MB of (tag, start) tuples; the cache starts over when full
_morphemes: dict[str, tuple[tuple[str, int], ...]] = {}


def get_kiwi() -> Kiwi:
    """Return the process-wide Kiwi, loading it on first use."""
    global _kiwi
    with _lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            logger.info("loading the Kiwi Korean model")
            _kiwi = Kiwi()
        return _kiwi


def is_loaded() -> bool:
    """True once the model is in memory (tests use it to prove laziness)."""
    return _kiwi is not None


def space_texts(texts: Sequence[str]) -> list[str]:
    """Kiwi `space()` of each text (existing spaces kept), in one call over bounded pieces."""
    pieces: list[str] = []
    counts: list[int] = []
    for text in texts:
        cut = split_pieces(text)
        pieces += cut
        counts.append(len(cut))
    spaced = iter(get_kiwi().space(pieces, reset_whitespace=False))
    return ["".join(next(spaced) for _ in range(count)) for count in counts]


def split_pieces(text: str) -> list[str]:
    """The text cut into pieces of at most MAX_PIECE_CHARS: after the last stop, else space, of each window."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > MAX_PIECE_CHARS:
        low, high = start + MAX_PIECE_CHARS // 2, start + MAX_PIECE_CHARS
        cut = max(text.rfind(stop, low, high - 1) for stop in PIECE_STOPS) + 1  # 0 when none
        if cut <= low:
            cut = text.rfind(" ", low, high) + 1
        if cut <= low:
            cut = high  # a run with neither: cut anywhere, as any cut is a guess
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def tokenize_words(words: Sequence[str]) -> list[tuple[tuple[str, int], ...]]:
    """(tag, start) of each word's morphemes; each word goes to Kiwi once per process."""
    found = {word: _morphemes.get(word) for word in words}
    new = sorted(word for word, morphemes in found.items() if morphemes is None)
    if new:
        if len(_morphemes) + len(new) > MAX_CACHED_WORDS:
            _morphemes.clear()
        for word, tokens in zip(new, get_kiwi().tokenize(new), strict=True):
            found[word] = _morphemes[word] = tuple((token.tag, token.start) for token in tokens)
    return [found[word] for word in words]  # type: ignore[misc]
