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
drops), and a bucket is the key itself until a second article arrives (CappedBuckets).
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
    """Buckets of article keys per band value; `query` returns the keys sharing a band."""

    def __init__(self, bands: int, rows: int, bucket_cap: int) -> None:
        if rows > len(_MIX):
            raise ValueError(f"at most {len(_MIX)} rows per band")
        self.bands, self.rows, self.bucket_cap = bands, rows, bucket_cap
        self._tables = [CappedBuckets(bucket_cap) for _ in range(bands)]

    def band_keys(self, hashvalues: np.ndarray) -> list[int]:
        """Each band's values mixed into one integer (one numpy expression, no loop over the bands)."""
        used = self.bands * self.rows
        if len(hashvalues) < used:
            raise ValueError(f"a signature of {len(hashvalues)} values cannot fill {self.bands} bands of {self.rows}")
        values = hashvalues[:used].astype(np.uint64).reshape(self.bands, self.rows)
        mixed = (values * _MIX[: self.rows]).sum(axis=1, dtype=np.uint64)
        return (mixed ^ (mixed >> np.uint64(29))).tolist()

    def insert(self, key: Key, hashvalues: np.ndarray) -> None:
        for table, band in zip(self._tables, self.band_keys(hashvalues), strict=True):
            table.add(band, key)

    def query(self, hashvalues: np.ndarray) -> set[Key]:
        found: set[Key] = set()
        for table, band in zip(self._tables, self.band_keys(hashvalues), strict=True):
            found.update(table.get(band))
        return found

    def rebuild(self, entries: Iterable[tuple[Key, np.ndarray]]) -> None:
        """Index exactly these entries, in this order (after older ones left the window)."""
        for table in self._tables:
            table.clear()
        for key, hashvalues in entries:
            self.insert(key, hashvalues)
