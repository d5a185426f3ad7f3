"""The Store over a real SQLite file and, where it runs, a real PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect, text

from monitor.errors import StoreError
from monitor.models import Article, RawDocument, TopicMatch
from monitor.store import Store
from monitor.store.steps import STEPS

T0 = datetime(2025, 6, 20, 0, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[Store]:
    url = sqlite_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    opened = Store.open(url)
    yield opened
    opened.close()


def make_doc(text_: str = "본문", name: str = "a.txt") -> RawDocument:
    import hashlib

    return RawDocument(source=f"inbox/{name}", name=name, text=text_,
                       content_hash=hashlib.sha256(text_.encode()).hexdigest())


def make_article(index: int, headline: str) -> Article:
    return Article(source="inbox/a.txt", index=index, headline=headline, text=f"{headline} 본문입니다.",
                   summary=f"{headline} 요약.", sentences=(f"{headline} 본문입니다.",), byline="김선아",
                   outlet="동아경제신문", published=date(2025, 6, 20))


def match(topic: str, accepted: bool = True) -> TopicMatch:
    return TopicMatch(topic_id=topic, score=3.0, min_score=2.0, accepted=accepted, keywords=("스마트시티",))


def test_migrations_create_every_table_and_are_recorded_once(any_store: Store) -> None:
    tables = set(inspect(any_store.engine).get_table_names())
    assert {"schema_migrations", "documents", "articles", "topic_matches", "digests"} <= tables
    with any_store.engine.connect() as conn:
        applied = [row[0] for row in conn.execute(text("select id from schema_migrations order by id"))]
    assert applied == sorted(step.number for step in STEPS)


def test_reopening_applies_nothing_new(sqlite_url: str) -> None:
    from monitor.store.migrations import migrate

    Store.open(sqlite_url).close()
    again = Store.open(sqlite_url)
    assert migrate(again.engine) == []


def test_sqlite_runs_in_wal_and_syncs_at_checkpoints_not_every_commit(store: Store) -> None:
    # A commit per batch synced to disk was 7 % of an ingest's CPU (sys time); WAL with NORMAL keeps
    # the database consistent through a power cut, and a killed process loses nothing committed.
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_document_round_trip_with_articles_and_accepted_matches_only(any_store: Store) -> None:
    doc = make_doc()
    articles = [make_article(0, "전주 거점형 스마트시티"), make_article(1, "부안 지진")]
    any_store.add_document(doc, articles, [[match("smart_cities"), match("ai_hubs", accepted=False)], []], T0)
    assert any_store.has_document(doc.content_hash)
    stored = any_store.articles_between(None, T0 + timedelta(seconds=1))
    assert [s.article.headline for s in stored] == ["전주 거점형 스마트시티", "부안 지진"]
    assert stored[0].topics == {"smart_cities": ("스마트시티",)}
    assert stored[1].topics == {}
    assert stored[0].article.published == date(2025, 6, 20)
    assert stored[0].ingested_at == T0


def test_same_content_twice_is_refused_by_the_database(any_store: Store) -> None:
    any_store.add_document(make_doc(), [make_article(0, "a")], [[]], T0)
    with pytest.raises(Exception, match=r"(?i)unique"):
        any_store.add_document(make_doc(), [make_article(0, "a")], [[]], T0)
    assert any_store.count_documents() == 1 and any_store.count_articles() == 1


def test_period_is_half_open(any_store: Store) -> None:
    any_store.add_document(make_doc("하나"), [make_article(0, "one")], [[]], T0)
    any_store.add_document(make_doc("둘"), [make_article(0, "two")], [[]], T0 + timedelta(hours=1))
    assert [s.article.headline for s in any_store.articles_between(None, T0 + timedelta(hours=1))] == ["one"]
    later = any_store.articles_between(T0 + timedelta(hours=1), T0 + timedelta(hours=2))
    assert [s.article.headline for s in later] == ["two"]


def test_digest_ledger_returns_the_latest(any_store: Store) -> None:
    assert any_store.last_digest("daily") is None
    any_store.record_digest("daily", None, T0, "r/1.html", 3, T0)
    any_store.record_digest("daily", T0, T0 + timedelta(days=1), "r/2.html", 0, T0 + timedelta(days=1))
    any_store.record_digest("weekly", None, T0, "r/w.html", 3, T0)
    last = any_store.last_digest("daily")
    assert last is not None and last.period_end == T0 + timedelta(days=1) and last.period_start == T0
    assert [d.path for d in any_store.list_digests()][:1] == ["r/2.html"]


def test_replace_matches_reports_changes(any_store: Store) -> None:
    any_store.add_document(make_doc(), [make_article(0, "a")], [[match("ai_hubs")]], T0)
    (stored,) = any_store.articles_between(None, T0 + timedelta(seconds=1))
    assert any_store.replace_matches(stored.id, [match("ai_hubs")]) is False
    assert any_store.replace_matches(stored.id, [match("smart_cities")]) is True
    (again,) = any_store.articles_between(None, T0 + timedelta(seconds=1))
    assert list(again.topics) == ["smart_cities"]


def test_database_from_a_newer_version_is_refused(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    with store.engine.begin() as conn:
        conn.execute(text("insert into schema_migrations (id, name, applied_at) values (999, 'future', '2030-01-01')"))
    store.close()
    with pytest.raises(StoreError, match="migrations \\[999\\]"):
        Store.open(sqlite_url)


def test_unreachable_database_is_one_line_store_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_migration_numbers_are_unique() -> None:
    numbers = [step.number for step in STEPS]
    assert len(numbers) == len(set(numbers))
