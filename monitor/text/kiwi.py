"""The one Kiwi (Korean tokenizer) of the process, loaded lazily.

Loading costs 2-3 s and ~530 MB, so nothing imports kiwipiepy at module level:
`monitor --help` and runs over normally spaced text never pay for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_kiwi: Kiwi | None = None
_user_words: set[str] = set()


def get_kiwi() -> Kiwi:
    """Return the process-wide Kiwi, loading it on first use."""
    global _kiwi
    with _lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            logger.info("loading the Kiwi Korean model")
            kiwi = Kiwi()
            for word in sorted(_user_words):
                kiwi.add_user_word(word, "NNP")
            _kiwi = kiwi
        return _kiwi


def add_user_words(words: Iterable[str]) -> None:
    """Teach Kiwi words it must keep whole (configured keywords such as 스마트시티)."""
    with _lock:
        new = {w for w in (w.strip() for w in words) if w and " " not in w} - _user_words
        _user_words.update(new)
        if _kiwi is not None:
            for word in sorted(new):
                _kiwi.add_user_word(word, "NNP")


def is_loaded() -> bool:
    """True once the model is in memory (tests use it to prove laziness)."""
    return _kiwi is not None
