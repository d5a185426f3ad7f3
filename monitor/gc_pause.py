"""The cyclic garbage collector paused while an ingest pass or a digest runs: many objects, no cycles.

Both hot paths make and hold hundreds of thousands of small objects: an ingest pass its
documents, profiles and the story index it folds into; a digest an item of every article of
its period, held until the page is written. Each allocation past a threshold runs a
collection, and the full ones walk every live object, so the collector's work grows with
what is held: it was 40 % of a digest of 20,000 articles and 11 % of an ingest of 5,000 web
pages. Reference counting frees all of these objects (an ingest of 5,000 pages with the
collector off left 2,763 objects in cycles, SQLAlchemy's and argparse's), so the collector
is paused while they are made and resumed after; a cycle made meanwhile is collected then.

Process-wide: a thread running meanwhile (the digest scheduler beside a poll) runs without
collections until the pause ends. The collector is resumed by whoever paused it, so
overlapping pauses always end with it running.
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
