"""The one Kiwi (Korean tokenizer) of the process, loaded lazily.

Loading costs 2-3 s and ~530 MB, so nothing imports kiwipiepy at module level:
`monitor --help` and runs over normally spaced text never pay for it.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_kiwi: Kiwi | None = None


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
