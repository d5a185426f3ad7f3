"""The cyclic garbage collector paused while a digest is built: tens of thousands of objects, no cycles.

A digest reads every article of its period and makes an item of each: a few hundred thousand
small objects, held until the page is written. Each allocation past a threshold runs a
collection, and the full ones walk every live object, so the collector's work grows with the
period: it was 40 % of a digest of 20,000 articles. None of these objects forms a reference
cycle (reference counting frees them), so the collector is paused while they are built and
resumed after; a cycle made meanwhile is collected then.

Process-wide: a thread polling meanwhile runs without collections for the same second or two.
The collector is resumed by whoever paused it, so overlapping pauses always end with it running.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector for the block, unless it was off already."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
