"""The one Kiwi (Korean tokenizer) of the process, loaded lazily, fed in batches.

Loading costs about 1 s of CPU and 335 MB, so nothing imports kiwipiepy at module level:
`monitor --help` and runs over normally spaced text never pay for it. The multi-word
dictionary (names of several words: films, people abroad) is left out: it cost another
1 s and 190 MB per process, and on the seeds and corpus it changed one restored space,
for the worse (`짐캐리(지하주차장…` read as the actor, `짐 캐리`).

`space_texts` hands Kiwi every text of a document in one `space()` call: one
call over many paragraphs was measured 13 % faster than a call per article, with
the same output (`tests/test_text_linear.py` checks the output).
Kiwi's own cost is close to linear: 2.0 s of CPU for 80,000 glued characters,
11.2 s for 333,000 (cut into pieces of 8,000 it took 12.4 s, so texts are not cut).
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

MAX_CACHED_WORDS = 200_000  # a few MB of (tag, start) tuples; the cache starts over when full
_morphemes: dict[str, tuple[tuple[str, int], ...]] = {}


def get_kiwi() -> Kiwi:
    """Return the process-wide Kiwi, loading it on first use."""
    global _kiwi
    with _lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            logger.info("loading the Kiwi Korean model")
            _kiwi = Kiwi(load_multi_dict=False)
        return _kiwi


def is_loaded() -> bool:
    """True once the model is in memory (tests use it to prove laziness)."""
    return _kiwi is not None


def space_texts(texts: Sequence[str]) -> list[str]:
    """Kiwi `space()` of each text (existing spaces kept: where the text has one, it is real), in one call."""
    return list(get_kiwi().space(list(texts), reset_whitespace=False))


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
