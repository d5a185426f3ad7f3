"""The band index of story folding: what a query returns, against the plain dict-of-lists it replaces."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np

from monitor.stories import lsh
from monitor.stories.lsh import BandIndex, Postings
from monitor.stories.similarity import term_code

BANDS, ROWS, CAP = 6, 2, 4


class PlainBands:
    """Per band, a dict from band value to every key in arrival order; a query takes each band's latest CAP."""

    def __init__(self) -> None:
        self.index = BandIndex(BANDS, ROWS, CAP)  # its band values, before they share one key space
        self.tables: list[dict[int, list[int]]] = [{} for _ in range(BANDS)]

    def values(self, hashvalues: np.ndarray) -> list[int]:
        return (self.index._band_array(hashvalues) ^ self.index._salt).tolist()

    def insert(self, key: int, hashvalues: np.ndarray) -> None:
        for table, band in zip(self.tables, self.values(hashvalues), strict=True):
            table.setdefault(band, []).append(key)

    def query(self, hashvalues: np.ndarray) -> set[int]:
        found: set[int] = set()
        for table, band in zip(self.tables, self.values(hashvalues), strict=True):
            found.update(table.get(band, [])[-CAP:])
        return found


def signature(rng: random.Random) -> np.ndarray:
    # Few distinct values, so that bands collide often and buckets overflow their cap.
    return np.array([rng.randrange(4) for _ in range(BANDS * ROWS)], dtype=np.uint64)


def test_queries_match_the_plain_index_across_merges_and_rebuilds(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lsh, "MERGE_AT_LEAST", 7)  # merges every few articles, so both halves are exercised
    rng = random.Random(5)
    compact, plain = BandIndex(BANDS, ROWS, CAP), PlainBands()
    kept: list[tuple[int, np.ndarray]] = []
    for key in range(600):
        probe = signature(rng)
        # The same keys (StoryIndex sorts them: the set's order does not count).
        assert compact.query(probe) == plain.query(probe)
        hashvalues = signature(rng)
        compact.insert(key, hashvalues)
        plain.insert(key, hashvalues)
        kept.append((key, hashvalues))
        if key % 250 == 249:  # the window moves on: only the latest articles stay
            kept = kept[-100:]
            compact.rebuild(kept)
            plain = PlainBands()
            for k, h in kept:
                plain.insert(k, h)
    assert any(len(plain.query(signature(rng))) >= CAP for _ in range(20))  # the cap was reached


def test_an_article_is_found_by_itself_and_not_by_an_unrelated_one() -> None:
    index = BandIndex(42, 3, 64)
    rng = np.random.default_rng(3)
    mine, other = rng.integers(0, 2**32, 128, dtype=np.uint64), rng.integers(0, 2**32, 128, dtype=np.uint64)
    index.insert("mine", mine)
    assert index.query(mine) == {"mine"} and index.query(other) == set()


def test_a_batch_of_queries_answers_as_one_query_each(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lsh, "MERGE_AT_LEAST", 7)
    rng = random.Random(8)
    compact, plain = BandIndex(BANDS, ROWS, CAP), PlainBands()
    inserted = []
    for key in range(300):
        inserted.append(signature(rng))
        compact.insert(key, inserted[-1])
        plain.insert(key, inserted[-1])
        if key % 40 == 39:  # the articles just inserted ask (as fold_batch does), and some new signatures
            probes = inserted[-12:] + [signature(rng) for _ in range(3)]
            assert compact.query_many(np.stack(probes)) == [plain.query(probe) for probe in probes]
    assert compact.query_many(np.empty((0, BANDS * ROWS), dtype=np.uint64)) == []


class PlainPostings:
    """term -> every key filed under it, in arrival order; a lookup counts each term's latest CAP."""

    def __init__(self) -> None:
        self.lists: dict[int, list[int]] = {}

    def add(self, key: int, terms: list[int]) -> None:
        for term in terms:
            self.lists.setdefault(term, []).append(key)

    def shared(self, terms: list[int], at_least: int) -> list[tuple[int, int]]:
        counted = Counter(key for term in terms for key in self.lists.get(term, [])[-CAP:])
        return sorted((key, n) for key, n in counted.items() if n >= at_least)


def test_postings_count_what_a_dict_of_lists_counts(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lsh, "MERGE_AT_LEAST", 5)  # both levels and their merges are exercised
    rng = random.Random(11)
    # Bigram codes and the hashed codes of figures, amounts and places, as the story index files them.
    vocabulary = [term_code(term) for term in [*(f"가{chr(0xAC01 + i)}" for i in range(20)),
                                               *(f"#{i}대" for i in range(5)), "₩62억", "@광주", "@전남"]]
    never_filed = term_code("@울산")

    def codes(terms: list[int]) -> np.ndarray:
        return np.array(terms, dtype=np.uint64)

    compact, plain = Postings(CAP), PlainPostings()
    for key in range(400):
        terms = rng.sample(vocabulary, rng.randrange(0, 6))  # some articles have no terms at all
        compact.add(key, codes(terms))
        plain.add(key, terms)
        if key % 25 == 24:
            asked = [rng.sample([*vocabulary, never_filed], rng.randrange(0, 8)) for _ in range(6)]
            for at_least in (1, 2):
                assert compact.shared_many(list(map(codes, asked)), at_least) == [
                    plain.shared(terms, at_least) for terms in asked]
        if key == 199:  # as after an eviction: filed again from nothing
            compact.clear()
            plain = PlainPostings()
    assert any(len(found) >= CAP for found in compact.shared_many([codes([term]) for term in vocabulary]))
