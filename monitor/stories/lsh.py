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
drops), kept in sorted arrays (BandIndex). CappedBuckets, a dict whose bucket is the key itself
until a second one arrives, holds the story index's posting terms.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np

Key = Hashable

# Odd multipliers that mix a band's values into one 64-bit integer (arithmetic wraps mod 2**64).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
                dtype=np.uint64)


class CappedBuckets:
    """bucket -> its latest `cap` keys, in arrival order; a bucket of one key is stored as the key."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._buckets: dict[Hashable, Key | list[Key]] = {}

    def __len__(self) -> int:
        return len(self._buckets)

    def add(self, bucket: Hashable, key: Key) -> None:
        held = self._buckets.get(bucket)
        if held is None:
            self._buckets[bucket] = key
        elif type(held) is list:
            held.append(key)
            if len(held) > 2 * self.cap:  # trimmed now and then, not at every add
                del held[: len(held) - self.cap]
        else:
            self._buckets[bucket] = [held, key]

    def get(self, bucket: Hashable) -> list[Key]:
        held = self._buckets.get(bucket)
        if held is None:
            return []
        if type(held) is list:
            return held[-self.cap:]
        return [held]

    def clear(self) -> None:
        self._buckets.clear()


class BandIndex:
    """Buckets of article keys per band value; `query` returns the keys sharing a band.

    The index lives in sorted numpy arrays of (band key, arrival number), 12 bytes a band
    instead of a dict slot, a list and an int object (about 130): the band keys of all bands
    share one key space (each mixed with its band's number; a collision only adds a candidate),
    so one `searchsorted` finds a query's 42 buckets. Two levels keep an insert cheap: the main
    arrays, and the recent ones of the articles since the last merge, which are merged into the
    main ones when they reach an eighth of them (O(log n) copies per article). Inserted
    signatures wait until the next query or rebuild and enter the recent arrays together, one
    numpy step for a whole batch: a Python loop over each article's bands was most of the cost.
    """

    def __init__(self, bands: int, rows: int, bucket_cap: int) -> None:
        if rows > len(_MIX):
            raise ValueError(f"at most {len(_MIX)} rows per band")
        self.bands, self.rows, self.bucket_cap = bands, rows, bucket_cap
        # Band b's value v is stored as v ^ _salt[b]: the bands share one key space, each in its own part.
        self._salt = np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        self._clear()

    def _clear(self) -> None:
        self._keys: list[Key] = []  # arrival number -> article key
        self._main = _Level()
        self._recent = _Level()  # the articles since the last merge into _main
        self._waiting: list[np.ndarray] = []  # signatures of the last len(_waiting) keys, in no level yet

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
        self._waiting.append(self._used(hashvalues))
        self._keys.append(key)

    def _file_waiting(self) -> None:
        """Put the signatures inserted since the last query into the recent level, and merge when due."""
        if not self._waiting:
            return
        first = len(self._keys) - len(self._waiting)
        bands = self._band_matrix(np.stack(self._waiting)).ravel()
        self._waiting = []
        numbers = np.repeat(np.arange(first, len(self._keys), dtype=np.int32), self.bands)
        self._recent = self._recent.merged(bands, numbers)
        if len(self._recent) >= self.bands * max(MERGE_AT_LEAST, len(self._main) // (8 * self.bands)):
            self._merge_recent()

    def _merge_recent(self) -> None:
        if len(self._recent):
            self._main = self._main.merged(self._recent.bands, self._recent.numbers, presorted=True)
            self._recent = _Level()

    def query(self, hashvalues: np.ndarray) -> set[Key]:
        """Per band, its latest `bucket_cap` articles: the keys of all of them."""
        return self.query_many(self._used(hashvalues)[None, :])[0]

    def query_many(self, signatures: np.ndarray) -> list[set[Key]]:
        """`query` of each row of a (signatures x values) matrix, in a few numpy steps for all of them.

        One query at a time, a Python loop over the buckets cost more than the rest of the index:
        an article queried after it was inserted (as `StoryIndex.fold_batch` does) hits all its bands.
        """
        self._file_waiting()
        if not len(signatures):
            return []
        bands = self._band_matrix(np.stack([self._used(row) for row in signatures])).ravel()
        # Searched in sorted order, each search starts where the last one ended: a few times faster for
        # the thousands of a batch than random probes into arrays of millions.
        order = np.argsort(bands)
        bands = bands[order]
        asking = order // self.bands  # the query of each band
        main, recent, cap = self._main, self._recent, self.bucket_cap
        main_low, main_high = main.ranges(bands)
        recent_low, recent_high = recent.ranges(bands)
        # A recent article came after every one of the main level: a bucket's latest are its recent ones first.
        recent_start = np.maximum(recent_low, recent_high - cap)
        room = cap - (recent_high - recent_start)
        main_start = np.minimum(main_high, np.maximum(main_low, main_high - room))
        recent_numbers, recent_asking = _spans(recent.numbers, recent_start, recent_high, asking)
        main_numbers, main_asking = _spans(main.numbers, main_start, main_high, asking)
        # (query, number) pairs, sorted and unique: each query's articles, in arrival order.
        pairs = np.unique(np.concatenate([main_asking, recent_asking]) * len(self._keys) +
                          np.concatenate([main_numbers, recent_numbers]))
        ends = np.searchsorted(pairs, np.arange(1, len(signatures) + 1, dtype=np.int64) * len(self._keys))
        numbers = (pairs % max(1, len(self._keys))).tolist()
        keys = self._keys
        found, start = [], 0
        for end in ends.tolist():
            found.append({keys[n] for n in numbers[start:end]})
            start = end
        return found

    def rebuild(self, entries: Iterable[tuple[Key, np.ndarray]]) -> None:
        """Index exactly these entries, in this order (after older ones left the window)."""
        self._clear()
        for key, hashvalues in entries:
            self.insert(key, hashvalues)
        self._file_waiting()
        self._merge_recent()


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
    """Band keys, sorted, and the arrival number of each (ascending within a band key)."""

    def __init__(self, bands: np.ndarray | None = None, numbers: np.ndarray | None = None) -> None:
        self.bands = np.empty(0, dtype=np.uint64) if bands is None else bands
        self.numbers = np.empty(0, dtype=np.int32) if numbers is None else numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def ranges(self, bands: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each of `bands` starts and ends in this level."""
        return np.searchsorted(self.bands, bands, side="left"), np.searchsorted(self.bands, bands, side="right")

    def merged(self, bands: np.ndarray, numbers: np.ndarray, presorted: bool = False) -> _Level:
        """This level with (band, number) pairs whose numbers all come after its own."""
        if not presorted:
            # Stable: within a band key the new articles keep their arrival order.
            order = np.argsort(bands, kind="stable")
            bands, numbers = bands[order], numbers[order]
        if not len(self.bands):
            return _Level(bands, numbers)
        # After the older ones of their band key (side="right"); np.insert writes one new array, no sort of all.
        at = np.searchsorted(self.bands, bands, side="right")
        return _Level(np.insert(self.bands, at, bands), np.insert(self.numbers, at, numbers))


# Articles in the recent level before a merge, at least (an eighth of the index, once it is larger).
MERGE_AT_LEAST = 2048
