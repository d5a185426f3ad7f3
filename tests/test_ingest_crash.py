"""SIGKILL during ingest, batches of documents per transaction: nothing lost, nothing stored twice.

`monitor ingest` is killed at random moments over an inbox that grows between runs; a kill
mid-batch loses only the uncommitted batch, which the next run reads again (its files were
not recorded as taken in). After a run that completes, the database holds every file's
document exactly once, with the same documents and articles as one clean ingest, every
article in one story, and each story's count equal to its members.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from monitor.store import Store, schema
from tests.conftest import CONFIG

ROUND = 60  # files added before each run: one batch (COMMIT_BATCH), a kill loses all of it or none
PARAGRAPHS = [
    "전북특별자치도는 전기굴착기 구매 지원사업을 추진한다고 13일 밝혔다.",
    "광주시는 AI 집적단지 2단계 사업의 예비타당성조사 통과를 위해 국비 확보에 나섰다.",
    "세종시는 스마트시티 국가시범도시 조성 사업의 주민 설명회를 열었다.",
    "군은 단독주택 태양광 설치비의 75%를 지원한다.",
]


def make_config(work: Path, url: str) -> Path:
    config = work / "config"
    config.mkdir()
    (config / "topics.toml").write_bytes((CONFIG / "topics.toml").read_bytes())
    (config / "monitor.toml").write_text(
        f'[inbox]\npath = "{work / "inbox"}"\n[database]\nurl = "{url}"\n[reports]\npath = "{work / "reports"}"\n',
        encoding="utf-8")
    return config


def add_files(inbox: Path, start: int, count: int) -> None:
    inbox.mkdir(exist_ok=True)
    past = time.time() - 3600
    for i in range(start, start + count):
        body = "\n\n".join(f"{PARAGRAPHS[(i + k) % 4]} 사업 번호 {i}-{k}." for k in range(3))
        path = inbox / f"{i:05d}.txt"
        path.write_text(f"{i}번 보도자료\n\n{body}", encoding="utf-8")
        os.utime(path, (past, past))


def ingest(config: Path, kill_after: float | None = None) -> bool:
    """Run `monitor ingest`; SIGKILL it after `kill_after` s. True when it ran to the end."""
    process = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config), "ingest"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=kill_after if kill_after is not None else 300)
        return True
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return False


def contents(url: str) -> tuple[list[tuple[str, str]], list[tuple[str, int, str]], int, int, int]:
    store = Store.open(url)
    d, a, sa, s = schema.documents, schema.articles, schema.story_articles, schema.stories
    try:
        with store.engine.connect() as conn:
            docs = sorted((r.name, r.content_hash) for r in conn.execute(select(d.c.name, d.c.content_hash)))
            arts = sorted((r.name, r.idx, r.text) for r in conn.execute(
                select(d.c.name, a.c.idx, a.c.text).join(d, d.c.id == a.c.document_id)))
            members = int(conn.scalar(select(func.count()).select_from(sa)) or 0)
            counted = int(conn.scalar(select(func.sum(s.c.article_count))) or 0)
            files = int(conn.scalar(select(func.count()).select_from(schema.inbox_files)) or 0)
    finally:
        store.close()
    return docs, arts, members, counted, files


# SQLite is killed 30 times by tests/test_faults_ingest.py; this one checks batches on PostgreSQL.
@pytest.mark.parametrize("backend", ["postgresql"])
def test_random_sigkills_over_a_growing_inbox_lose_and_duplicate_nothing(
        backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    def url_for(name: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / name / 'var' / 'monitor.db'}"
        return request.getfixturevalue("postgres_url") if name == "killed" else _second_postgres(request)

    rng = random.Random(15)
    killed = tmp_path / "killed"
    killed.mkdir()
    config = make_config(killed, url_for("killed"))
    # A clean run first tells how long one takes here, so that kills fall inside runs.
    started = time.monotonic()
    add_files(killed / "inbox", 0, ROUND)
    assert ingest(config)
    span = time.monotonic() - started
    total, kills = ROUND, 0
    while kills < (4 if backend == "sqlite" else 2):
        add_files(killed / "inbox", total, ROUND)
        total += ROUND
        if not ingest(config, kill_after=rng.uniform(0.3, 1.2) * span):
            kills += 1
    while not ingest(config):  # pragma: no cover - one plain run finishes
        pass

    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "inbox").symlink_to(killed / "inbox")
    clean_url = url_for("clean")  # once: on PostgreSQL each call makes a new database
    assert ingest(make_config(clean, clean_url))

    docs, arts, members, counted, files = contents(url_for("killed"))
    assert len(docs) == total == files and len({h for _, h in docs}) == total  # each file once
    assert (docs, arts) == contents(clean_url)[:2]
    assert members == counted == len(arts)  # every article in one story, counts equal to members


def _second_postgres(request: pytest.FixtureRequest) -> str:
    """Another database next to the `postgres_url` one, dropped with the test."""
    import uuid

    from sqlalchemy import create_engine, text

    from tests.conftest import PG_ADMIN_URL

    name = f"monitor_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
