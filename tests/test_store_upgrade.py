"""A database left at any earlier schema version opens upgraded, its articles intact and their text stored once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, insert, select, text

from monitor.store import Store, schema
from monitor.store.migrations import migrate
from monitor.store.steps import STEPS

T0 = datetime(2025, 6, 20, 0, 0)
# Slices of the text, one sentence whose spacing the splitter normalised (not a slice), and an empty one.
TEXT = "광주시는 AI 집적단지를 조성한다.  시는 3년간 예산을 투입한다.\n\n주민   설명회도 연다."
SENTENCES = ["광주시는 AI 집적단지를 조성한다.", "시는 3년간 예산을 투입한다.", "주민 설명회도 연다."]
VERSIONS = [0, *sorted(step.number for step in STEPS)]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[str]:
    yield sqlite_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")


def _old_database(url: str, version: int) -> None:
    """A database at `version`, with one article stored the way that version stored it."""
    if url.startswith("sqlite"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)  # the default serializer: ASCII-escaped JSON, as before migration 7
    migrate(engine, upto=version)
    if version >= 1:
        with engine.begin() as conn:
            doc = conn.execute(insert(schema.documents).values(
                source="inbox/a.txt", name="a.txt", content_hash="h" * 64, encoding="utf-8", text=TEXT,
                ingested_at=T0)).inserted_primary_key[0]
            conn.execute(insert(schema.articles).values(
                document_id=doc, idx=0, headline="AI 집적단지", subheadlines=["부제"], text=TEXT, summary="요약",
                sentences=SENTENCES if version < 7 else [[0, 19], [21, 37], SENTENCES[2]],
                spacing_restored=False, ingested_at=T0, published=date(2025, 6, 20)))
    engine.dispose()


@pytest.mark.parametrize("version", VERSIONS)
def test_every_earlier_version_upgrades_with_its_articles_intact(url: str, version: int) -> None:
    _old_database(url, version)
    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            applied = sorted(conn.scalars(text("select id from schema_migrations")))
            raw = conn.execute(text("select sentences from articles")).scalars().all()
        assert applied == VERSIONS[1:]
        if version == 0:
            assert raw == []
            return
        (stored,) = store.articles_between(None, (T0 + timedelta(days=1)).replace(tzinfo=UTC))
        assert stored.article.sentences == tuple(SENTENCES)
        assert stored.article.subheadlines == ("부제",)
        kept = raw[0] if isinstance(raw[0], list) else json.loads(raw[0])
        # Slices became offsets; the normalised sentence stays a string; nothing is ASCII-escaped.
        assert kept[0] == [0, len(SENTENCES[0])] and isinstance(kept[1], list) and kept[2] == SENTENCES[2]
        assert "\\u" not in json.dumps(kept, ensure_ascii=False)
    finally:
        store.close()


def test_new_articles_store_unescaped_offsets(store: Store) -> None:
    from monitor.models import Article, RawDocument

    doc = RawDocument(source="inbox/b.txt", name="b.txt", text=TEXT, content_hash="b" * 64)
    article = Article(doc.source, 0, "AI 집적단지", TEXT, "요약", sentences=tuple(SENTENCES), subheadlines=("부제",))
    store.add_document(doc, [article], [[]], T0.replace(tzinfo=UTC))
    with store.engine.connect() as conn:
        raw_sentences, raw_subheadlines = conn.execute(text("select sentences, subheadlines from articles")).one()
    assert "\\u" not in raw_sentences + raw_subheadlines and "부제" in raw_subheadlines
    assert json.loads(raw_sentences)[:2] == [[0, len(SENTENCES[0])], [len(SENTENCES[0]) + 2, 37]]
    (stored,) = store.articles_between(None, (T0 + timedelta(days=1)).replace(tzinfo=UTC))
    assert stored.article.sentences == tuple(SENTENCES)
    with store.engine.connect() as conn:
        assert conn.scalar(select(schema.articles.c.headline)) == "AI 집적단지"
