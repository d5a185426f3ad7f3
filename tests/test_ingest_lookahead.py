"""The pass asks the store which documents it holds LOOKAHEAD at a time, not one query per document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from monitor import pipeline
from monitor.models import Article, RawDocument
from monitor.sources.folder import content_hash
from monitor.store import Store

T0 = datetime(2025, 6, 20, tzinfo=UTC)


def doc(text: str, name: str) -> RawDocument:
    return RawDocument(source=f"inbox/{name}", name=name, text=text, content_hash=content_hash(text))


def counting(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"stored_hashes": 0, "has_document": 0}
    for name in calls:
        real = getattr(store, name)

        def wrapped(*args, _real=real, _name=name):  # type: ignore[no-untyped-def]
            calls[_name] += 1
            return _real(*args)

        monkeypatch.setattr(store, name, wrapped)
    return calls


def test_one_query_per_lookahead_not_per_document(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_document(doc("둘째 문서", "1.txt"), [Article("inbox/1.txt", 0, None, "둘째 문서", "")], [[]], T0)
    docs = [doc(f"문서 {i}", f"{i}.txt") if i != 1 else doc("둘째 문서", "1.txt") for i in range(250)]
    calls = counting(store, monkeypatch)
    flags = [stored for _, stored in pipeline._with_stored(iter(docs), store)]
    assert flags == [i == 1 for i in range(250)]
    assert calls == {"stored_hashes": 3, "has_document": 0}  # 250 documents, 100 at a time


def test_a_hash_met_twice_in_a_lookahead_is_asked_again_at_its_turn(store: Store) -> None:
    # The first copy is stored while the lookahead is being walked (its batch was committed):
    # the second must then be found stored, not inserted again.
    first, again = doc("같은 본문", "a.txt"), doc("같은 본문", "b.txt")

    def stream() -> Iterator[RawDocument]:
        yield from (first, again)

    walked = pipeline._with_stored(stream(), store)
    assert next(walked) == (first, False)
    store.add_document(first, [Article("inbox/a.txt", 0, None, "같은 본문", "")], [[]], T0)
    assert next(walked) == (again, True)
