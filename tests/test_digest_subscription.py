"""A subscription to some topics counts and shows only those topics' articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from monitor.digest.build import period_digest
from monitor.store import Store
from tests.delivery_support import add_article, topics

END = datetime(2026, 1, 5, 23, 0, tzinfo=UTC)


def test_subscription_counts_only_its_topics(store: Store) -> None:
    add_article(store, END - timedelta(hours=3), "전주 스마트시티 챌린지", ("smart_cities",))
    add_article(store, END - timedelta(hours=2), "광주 AI 집적단지 2단계", ("ai_hubs",))
    add_article(store, END - timedelta(hours=1), "부안 지진 피해 조사", ())
    everything = period_digest(store, topics(), name="daily", start=None, end=END, timezone="Asia/Seoul")
    assert everything.article_count == 3
    assert [s.topic_id for s in everything.sections][-1] == "other"
    mine = period_digest(store, topics(), name="daily", start=None, end=END, timezone="Asia/Seoul",
                         topic_filter=["smart_cities"])
    assert mine.article_count == 1
    assert [(s.topic_id, len(s.items)) for s in mine.sections] == [("smart_cities", 1)]
