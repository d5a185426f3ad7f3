"""Hostile text: NUL and control characters never reach the database, a refused document skips alone."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from monitor.errors import DocumentRefused
from monitor.models import Article, RawDocument
from monitor.store import Store
from tests.conftest import RunCli

KOREAN = "전북특별자치도는 전기굴착기 구매 지원사업을 추진한다고 13일 밝혔다."
T0 = datetime(2025, 6, 20, 9, 0, tzinfo=UTC)


def _doc(body: str, name: str = "a.txt") -> RawDocument:
    return RawDocument(source=f"inbox/{name}", name=name, text=body,
                       content_hash=hashlib.sha256(body.encode()).hexdigest(), title="제목\x00", author="김\x07선아")


def test_raw_documents_hold_no_control_characters() -> None:
    doc = _doc("광주\x00시는\x1b[2J 8일\t사업을\r\n시작했다.\x7f")
    assert doc.text == "광주시는[2J 8일\t사업을\r\n시작했다."
    assert doc.title == "제목" and doc.author == "김선아"
    assert RawDocument("a\x00.txt", "a\x00.txt", "x", "h").source == "a.txt"
    assert len(RawDocument("a", "a", "x", "h", title="가" * 5_000_000).title or "") == 1_000


def test_a_nul_in_a_file_is_stored_on_postgresql(run_cli: RunCli, workdir: Path, postgres_url: str) -> None:
    (workdir / "seeds" / "zz_nul.txt").write_text(f"전기차 보조금\n\n{KOREAN}\x00 끝.\n", encoding="utf-8")
    config = workdir / "config" / "monitor.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('url = "sqlite:///../var/monitor.db"',
                                                                  f'url = "{postgres_url}"'), encoding="utf-8")
    done = run_cli("ingest", cwd=workdir)
    assert done.returncode == 0, done.stderr
    store = Store.open(postgres_url)
    try:
        assert store.count_documents() == len(list((workdir / "seeds").glob("*.txt")))
        with store.engine.connect() as conn:
            stored = conn.scalar(text("select text from documents where name = 'zz_nul.txt'"))
        assert stored is not None and "\x00" not in stored and stored.rstrip().endswith("밝혔다. 끝.")
    finally:
        store.close()


def test_a_document_the_database_refuses_is_skipped_alone(postgres_url: str) -> None:
    store = Store.open(postgres_url)
    try:
        too_long = Article(source="inbox/a.txt", index=0, headline="제목", text=KOREAN, summary=KOREAN,
                           outlet="가" * 500, published=date(2025, 6, 20))
        with pytest.raises(DocumentRefused, match=r"^inbox/a.txt: not stored, the database refused its data: ") as e:
            store.add_document(_doc(KOREAN), [too_long], [[]], T0)
        assert "\n" not in str(e.value) and KOREAN not in str(e.value)
        fine = Article(source="inbox/b.txt", index=0, headline="제목", text=KOREAN, summary=KOREAN)
        store.add_document(_doc(KOREAN + " 둘", "b.txt"), [fine], [[]], T0)
        assert store.count_documents() == 1 and store.count_articles() == 1
    finally:
        store.close()
