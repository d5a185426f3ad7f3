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

    Most of the index lives in two sorted numpy arrays, (band key, arrival number), 12 bytes a
    band instead of a dict slot and an int object (about 80): the band keys of all bands share
    one key space (each mixed with its band's number; a collision only adds a candidate), so one
    `searchsorted` finds a query's 42 buckets. Articles since the last merge wait in a dict, and
    are merged in when they reach an eighth of the arrays, so a merge costs O(log n) per article.
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
        self._sorted_bands = np.empty(0, dtype=np.uint64)
        self._sorted_numbers = np.empty(0, dtype=np.int32)  # arrival numbers, ascending within a band key
        # The articles since the last merge (the last len(_recent_bands) of _keys): band key -> arrival numbers.
        self._recent: dict[int, list[int]] = {}
        self._recent_bands: list[np.ndarray] = []

    def _band_array(self, hashvalues: np.ndarray) -> np.ndarray:
        """Each band's values mixed into one integer (one numpy expression, no loop over the bands)."""
        used = self.bands * self.rows
        if len(hashvalues) < used:
            raise ValueError(f"a signature of {len(hashvalues)} values cannot fill {self.bands} bands of {self.rows}")
        values = hashvalues[:used].astype(np.uint64).reshape(self.bands, self.rows)
        mixed = (values * _MIX[: self.rows]).sum(axis=1, dtype=np.uint64)
        return (mixed ^ (mixed >> np.uint64(29))) ^ self._salt

    def insert(self, key: Key, hashvalues: np.ndarray) -> None:
        number = len(self._keys)
        self._keys.append(key)
        bands = self._band_array(hashvalues)
        self._recent_bands.append(bands)
        for band in bands.tolist():
            held = self._recent.get(band)
            if held is None:
                self._recent[band] = [number]
            else:
                held.append(number)
        if len(self._recent_bands) >= max(MERGE_AT_LEAST, len(self._sorted_numbers) // (8 * self.bands)):
            self._merge()

    def _merge(self) -> None:
        if not self._recent_bands:
            return
        first = len(self._keys) - len(self._recent_bands)
        new_bands = np.concatenate(self._recent_bands)
        new_numbers = np.repeat(np.arange(first, len(self._keys), dtype=np.int32), self.bands)
        # Stable: within a band key the new articles keep their arrival order, and go after the
        # older ones (side="right"); np.insert writes one new array, no sort of the whole index.
        order = np.argsort(new_bands, kind="stable")
        new_bands, new_numbers = new_bands[order], new_numbers[order]
        at = np.searchsorted(self._sorted_bands, new_bands, side="right")
        self._sorted_bands = np.insert(self._sorted_bands, at, new_bands)
        self._sorted_numbers = np.insert(self._sorted_numbers, at, new_numbers)
        self._recent.clear()
        self._recent_bands = []

    def query(self, hashvalues: np.ndarray) -> set[Key]:
        """Per band, in band order, its latest `bucket_cap` articles in arrival order."""
        bands = self._band_array(hashvalues)
        band_list = bands.tolist()
        recent = self._recent
        in_recent = recent.keys() & band_list  # nearly always empty: one set operation, not 42 look-ups
        lows = np.searchsorted(self._sorted_bands, bands, side="left").tolist()
        highs = np.searchsorted(self._sorted_bands, bands, side="right").tolist()
        hits = [i for i, (low, high) in enumerate(zip(lows, highs, strict=True)) if high > low]
        if in_recent:
            hits = sorted({*hits, *(i for i, band in enumerate(band_list) if band in in_recent)})
        numbers, keys, cap = self._sorted_numbers, self._keys, self.bucket_cap
        found: set[Key] = set()
        for i in hits:
            held = recent.get(band_list[i], ())
            low, high = lows[i], highs[i]
            if len(held) >= cap or low == high:
                latest = held[-cap:]
            else:
                latest = [*numbers[max(low, high - (cap - len(held))):high].tolist(), *held]
            found.update([keys[n] for n in latest])
        return found

    def rebuild(self, entries: Iterable[tuple[Key, np.ndarray]]) -> None:
        """Index exactly these entries, in this order (after older ones left the window)."""
        self._clear()
        for key, hashvalues in entries:
            self._keys.append(key)
            self._recent_bands.append(self._band_array(hashvalues))
        self._merge()


# Articles waiting in the dict before a merge, at least (an eighth of the index, once it is larger).
MERGE_AT_LEAST = 2048
