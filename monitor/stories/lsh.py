"""Banded MinHash LSH over the story index's signatures, light enough for millions of articles.

A signature of `bands * rows` values is cut into bands; two articles are candidates when
one band is equal. The chance for a pair of Jaccard s is 1 - (1 - s**rows)**bands. Copies in
the synthetic benchmark go down to Jaccard 0.43: 42 bands of 3 miss 2 % of those, 32 bands of
4 a quarter (8 stories of 10,000 articles split), so 42 x 3 is kept, with datasketch's
recall (its choice for a 0.3 threshold was 37 x 3). No banding of 128 values both keeps
those copies and lets unrelated pairs through much less often (about 1 in 2,500 here), so
what bounds the candidates per query is the time window (index.py: 14 days, older articles
evicted) and, for a band every article shares (chrome, a standard paragraph), the bucket cap:
a bucket keeps its latest `bucket_cap` articles, and older ones fall out of the window first.

Memory decides the layout: an index of 14 days holds millions of articles, each in 42
buckets, nearly all of which hold that one article. So a band is one 64-bit integer (its
values mixed; a rare collision only adds a candidate, which the signature estimate then
drops), kept in sorted arrays (CappedIndex, under BandIndex). The story index's posting terms are
kept the same way (Postings): a dict of lists per term was one more Python object per term and article
for the garbage collector to walk, and one call per term to file or look up.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np

Key = Hashable

# Odd multipliers that mix a band's values into one 64-bit integer (arithmetic wraps mod 2**64).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
                dtype=np.uint64)


class CappedIndex:
    """Bucket (a uint64) -> the keys filed under it in arrival order, of which a lookup sees the latest `cap`.

    Sorted numpy arrays of (bucket, arrival number), 12 bytes an entry instead of a dict slot, a
    list and an int object (about 130), in two levels that keep filing cheap: the main arrays, and
    the recent ones of the keys since the last merge, merged into the main ones when they reach an
    eighth of them (O(log n) copies per entry). Keys are filed in batches (one numpy step each) and
    looked up in batches: one Python step per bucket was most of the cost of both.
    """

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.clear()

    def clear(self) -> None:
        self.keys: list[Key] = []  # arrival number -> key
        self._main, self._recent = _Level(), _Level()
        self._in_main = 0  # keys[:_in_main] are in the main level, the others in the recent one

    def add(self, keys: Sequence[Key], buckets: np.ndarray, counts: np.ndarray | int) -> None:
        """File keys[i] under the next counts[i] values of `buckets` (a flat uint64 array), in this order."""
        first = len(self.keys)
        self.keys.extend(keys)
        numbers = np.repeat(np.arange(first, len(self.keys), dtype=np.int32), counts)
        self._recent = self._recent.merged(buckets, numbers)
        if len(self.keys) - self._in_main >= max(MERGE_AT_LEAST, self._in_main // 8):
            self.merge_recent()

    def merge_recent(self) -> None:
        if len(self._recent):
            self._main = self._main.merged(self._recent.buckets, self._recent.numbers, presorted=True)
            self._recent = _Level()
        self._in_main = len(self.keys)

    def latest(self, buckets: np.ndarray, asking: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each bucket's latest `cap` arrival numbers (int64), with the `asking` value of that bucket for each."""
        # Searched in sorted order, each search starts where the last one ended: a few times faster for
        # the thousands of a batch than random probes into arrays of millions.
        order = np.argsort(buckets)
        buckets, asking = buckets[order], asking[order]
        main, recent, cap = self._main, self._recent, self.cap
        main_low, main_high = main.ranges(buckets)
        recent_low, recent_high = recent.ranges(buckets)
        # A recent key came after every one of the main level: a bucket's latest are its recent ones first.
        recent_start = np.maximum(recent_low, recent_high - cap)
        room = cap - (recent_high - recent_start)
        main_start = np.minimum(main_high, np.maximum(main_low, main_high - room))
        recent_numbers, recent_asking = _spans(recent.numbers, recent_start, recent_high, asking)
        main_numbers, main_asking = _spans(main.numbers, main_start, main_high, asking)
        return np.concatenate([main_asking, recent_asking]), np.concatenate([main_numbers, recent_numbers])

    def grouped(self, asking: np.ndarray, numbers: np.ndarray, queries: int,
                at_least: int = 1) -> tuple[list[Key], list[int], list[int]]:
        """The keys among (asking, number) pairs, query by query (0 .. queries-1), each in arrival order and
        once, with how many times it came (only those that came `at_least` times), and where each query ends."""
        size = max(1, len(self.keys))
        pairs, counts = np.unique(asking.astype(np.int64) * size + numbers, return_counts=True)
        if at_least > 1:
            pairs, counts = pairs[counts >= at_least], counts[counts >= at_least]
        ends = np.searchsorted(pairs, np.arange(1, queries + 1, dtype=np.int64) * size).tolist()
        return [self.keys[n] for n in (pairs % size).tolist()], counts.tolist(), ends


class BandIndex:
    """Buckets of article keys per band value; `query` returns the keys sharing a band.

    A CappedIndex of band keys: the band keys of all bands share one key space (each mixed with
    its band's number; a collision only adds a candidate), so one `searchsorted` finds a query's
    42 buckets. Inserted signatures wait until the next query or rebuild and are filed together.
    """

    def __init__(self, bands: int, rows: int, bucket_cap: int) -> None:
        if rows > len(_MIX):
            raise ValueError(f"at most {len(_MIX)} rows per band")
        self.bands, self.rows, self.bucket_cap = bands, rows, bucket_cap
        # Band b's value v is stored as v ^ _salt[b]: the bands share one key space, each in its own part.
        self._salt = np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        self._index = CappedIndex(bucket_cap)
        self._clear()

    def _clear(self) -> None:
        self._index.clear()
        self._waiting: list[tuple[Key, np.ndarray]] = []  # inserted since the last query, not yet filed

    def _band_array(self, hashvalues: np.ndarray) -> np.ndarray:
        """Each band's values mixed into one integer (one numpy expression, no loop over the bands)."""
        return self._band_matrix(self._used(hashvalues)[None, :])[0]

    def _used(self, hashvalues: np.ndarray) -> np.ndarray:
        used = self.bands * self.rows
        if len(hashvalues) < used:
            raise ValueError(f"a signature of {len(hashvalues)} values cannot fill {self.bands} bands of {self.rows}")
        return hashvalues[:used]

    def _band_matrix(self, signatures: np.ndarray) -> np.ndarray:
        """_band_array of each row of a (signatures x bands * rows) matrix."""
        values = signatures.astype(np.uint64).reshape(len(signatures), self.bands, self.rows)
        mixed = (values * _MIX[: self.rows]).sum(axis=2, dtype=np.uint64)
        return (mixed ^ (mixed >> np.uint64(29))) ^ self._salt

    def insert(self, key: Key, hashvalues: np.ndarray) -> None:
        self._waiting.append((key, self._used(hashvalues)))

    def _file_waiting(self) -> None:
        if self._waiting:
            keys, signatures = zip(*self._waiting, strict=True)
            self._index.add(keys, self._band_matrix(np.stack(signatures)).ravel(), self.bands)
            self._waiting = []

    def query(self, hashvalues: np.ndarray) -> set[Key]:
        """Per band, its latest `bucket_cap` articles: the keys of all of them."""
        return self.query_many(self._used(hashvalues)[None, :])[0]

    def query_many(self, signatures: np.ndarray) -> list[set[Key]]:
        """`query` of each row of a (signatures x values) matrix, in a few numpy steps for all of them.

        An article queried after it was inserted (as `StoryIndex.fold_batch` does) hits all its bands:
        one query at a time, a Python step per bucket cost more than the rest of the index.
        """
        self._file_waiting()
        if not len(signatures):
            return []
        bands = self._band_matrix(np.stack([self._used(row) for row in signatures])).ravel()
        asking, numbers = self._index.latest(bands, np.arange(len(bands), dtype=np.int64) // self.bands)
        keys, _, ends = self._index.grouped(asking, numbers, len(signatures))
        return [set(found) for found in _split(keys, ends)]

    def rebuild(self, entries: Iterable[tuple[Key, np.ndarray]]) -> None:
        """Index exactly these entries, in this order (after older ones left the window)."""
        self._clear()
        for key, hashvalues in entries:
            self.insert(key, hashvalues)
        self._file_waiting()
        self._index.merge_recent()


class Postings:
    """term code -> the keys filed under it, of which a lookup sees the latest `cap` (a CappedIndex of codes).

    Terms come as 64-bit codes (similarity.term_code), which are the buckets themselves: a dict
    from each term's text to a bucket number held a string and an int for nearly every term of
    every article.
    """

    def __init__(self, cap: int) -> None:
        self._index = CappedIndex(cap)
        self.clear()

    def clear(self) -> None:
        self._index.clear()
        self._waiting: list[tuple[Key, np.ndarray]] = []  # filed since the last lookup

    def add(self, key: Key, codes: np.ndarray) -> None:
        self._waiting.append((key, codes))

    def _file_waiting(self) -> None:
        if self._waiting:
            keys, codes = zip(*self._waiting, strict=True)
            self._index.add(keys, np.concatenate(codes).astype(np.uint64, copy=False),
                            np.array(list(map(len, codes)), dtype=np.int64))
            self._waiting = []

    def shared_many(self, code_lists: Sequence[np.ndarray], at_least: int = 1) -> list[list[tuple[Key, int]]]:
        """For each array of term codes, the keys filed under at least `at_least` of them (in arrival order)
        and under how many: per term, its latest `cap` keys count."""
        self._file_waiting()
        if not code_lists:
            return []
        buckets = np.concatenate(code_lists).astype(np.uint64, copy=False)
        asking = np.repeat(np.arange(len(code_lists), dtype=np.int64), list(map(len, code_lists)))
        found_asking, found_numbers = self._index.latest(buckets, asking)
        keys, counts, ends = self._index.grouped(found_asking, found_numbers, len(code_lists), at_least)
        return [list(zip(k, n, strict=True)) for k, n in zip(_split(keys, ends), _split(counts, ends), strict=True)]


def _split(values: list[Any], ends: list[int]) -> list[list[Any]]:
    """values[0:ends[0]], values[ends[0]:ends[1]], ...: one part per end."""
    return [values[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def _spans(values: np.ndarray, starts: np.ndarray, ends: np.ndarray,
           owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """values[starts[i]:ends[i]] for every i, concatenated (as int64), and owners[i] for each value."""
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    # Position j of span i is starts[i] + j: an arange, shifted at each span's start.
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return values[np.arange(total) + shift].astype(np.int64), np.repeat(owners, lengths)


class _Level:
    """Buckets, sorted, and the arrival number of each entry (ascending within a bucket)."""

    def __init__(self, buckets: np.ndarray | None = None, numbers: np.ndarray | None = None) -> None:
        self.buckets = np.empty(0, dtype=np.uint64) if buckets is None else buckets
        self.numbers = np.empty(0, dtype=np.int32) if numbers is None else numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def ranges(self, buckets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each of `buckets` starts and ends in this level."""
        return self.buckets.searchsorted(buckets, side="left"), self.buckets.searchsorted(buckets, side="right")

    def merged(self, buckets: np.ndarray, numbers: np.ndarray, presorted: bool = False) -> _Level:
        """This level with (bucket, number) entries whose numbers all come after its own."""
        if not presorted:
            # Stable: within a bucket the new entries keep their arrival order.
            order = np.argsort(buckets, kind="stable")
            buckets, numbers = buckets[order], numbers[order]
        if not len(self.buckets):
            return _Level(buckets, numbers)
        # After the older ones of their bucket (side="right"); np.insert writes one new array, no sort of all.
        at = self.buckets.searchsorted(buckets, side="right")
        return _Level(np.insert(self.buckets, at, buckets), np.insert(self.numbers, at, numbers))


# Keys in the recent level before a merge, at least (an eighth of the index, once it is larger).
MERGE_AT_LEAST = 2048
