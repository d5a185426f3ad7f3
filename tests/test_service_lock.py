"""One service per database, one ingest pass at a time: on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.service import ServiceLock, ServiceLockedError, service_running
from monitor.store import Store
from monitor.store.locks import ingest_lock
from tests.test_store import any_store  # noqa: F401  (the SQLite + PostgreSQL store fixture)

NOW = datetime(2026, 1, 5, 23, 0, tzinfo=UTC)


def test_a_second_service_on_the_same_database_is_refused(any_store: Store) -> None:  # noqa: F811
    url = any_store.engine.url.render_as_string(hide_password=False)
    with ServiceLock(url, any_store):
        with pytest.raises(ServiceLockedError, match="in use by"):
            ServiceLock(url, any_store).__enter__()
        assert service_running(any_store) == str(os.getpid())  # `monitor status`, on either backend
    # Released on exit: the next service starts.
    with ServiceLock(url, any_store):
        pass
    assert service_running(any_store) is None


def test_an_ingest_pass_waits_for_the_one_running(any_store: Store) -> None:  # noqa: F811
    order: list[str] = []

    def second_pass() -> None:
        with ingest_lock(any_store.engine):
            order.append("second")

    with ingest_lock(any_store.engine):
        waiting = threading.Thread(target=second_pass)
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()  # blocked on the lock, not refused
        order.append("first")
    waiting.join(10)
    assert order == ["first", "second"]


def test_two_ingests_at_once_store_each_document_once(workdir: Path) -> None:
    # `monitor ingest` next to a running service: both read the same new files.
    for i in range(6):
        text = f"광주시 새 소식 {i}\n\n광주시는 {i}번째 사업을 시작한다고 밝혔다.\n"
        (workdir / "seeds" / f"zz_{i}.txt").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONUTF8": "1"}
    runs = [subprocess.Popen([sys.executable, "-m", "monitor", "ingest"], cwd=workdir, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    new = sorted(int(out.split("ingest: ")[1].split(" new document")[0]) for out, _ in outputs)
    with sqlite3.connect(workdir / "var" / "monitor.db") as db:
        stored = db.execute("select count(*) from documents").fetchone()[0]
    assert sum(new) == stored == 5 + 6  # the seeds and the new files, each stored by one of the two


def test_processes_opening_a_new_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    code = f"from monitor.store import Store; Store.open({url!r}).close()"
    runs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], errors
    with sqlite3.connect(tmp_path / "new.db") as db:
        applied = [row[0] for row in db.execute("select id from schema_migrations order by id")]
    assert applied == sorted(set(applied)) and applied


def _lose(lock: ServiceLock) -> None:
    """What an operator or a failover does: the lock file deleted, or the lock's session terminated."""
    if lock.path is not None:
        lock.path.unlink()
        return
    from sqlalchemy import create_engine, text

    from tests.conftest import PG_ADMIN_URL

    pid = lock.lock._conn.scalar(text("select pg_backend_pid()"))  # type: ignore[union-attr]
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        assert conn.scalar(text("select pg_terminate_backend(:pid, 5000)"), {"pid": pid})
    admin.dispose()


def test_a_lost_lock_is_taken_again_when_nobody_took_it(any_store: Store) -> None:  # noqa: F811
    url = any_store.engine.url.render_as_string(hide_password=False)
    with ServiceLock(url, any_store) as lock:
        assert lock.lock is not None and lock.lock.held()
        _lose(lock)
        assert not lock.lock.held()
        lock.ensure()
        assert lock.lock.held()
        with pytest.raises(ServiceLockedError):
            ServiceLock(url, any_store).__enter__()


def test_a_service_whose_lock_another_took_stops_before_sending(any_store: Store, tmp_path: Path) -> None:  # noqa: F811
    from monitor.digests_config import HousekeepingConfig, Recipient, ServiceConfig
    from monitor.service import Service, ServiceLockLost
    from tests.conftest import config_for
    from tests.delivery_support import SmtpServer, add_article, digest_config

    url = any_store.engine.url.render_as_string(hide_password=False)
    smtp = SmtpServer().start()
    try:
        service = ServiceConfig((digest_config(Recipient("kim@example.org")),), smtp.config(),
                                HousekeepingConfig())
        config = replace(config_for(tmp_path, {}, inbox=tmp_path / "inbox", database_url=url,
                                    reports_dir=tmp_path / "reports"), service=service)
        first, second = (Service(config, any_store, clock=lambda: NOW) for _ in range(2))
        add_article(any_store, datetime(2026, 1, 5, 22, 0, tzinfo=UTC), "스마트시티 기사", ("smart_cities",))
        with ServiceLock(url, any_store) as held:
            first.check_lock = held.ensure
            _lose(held)
            with ServiceLock(url, any_store) as taken:  # a second `monitor run` starts: the lock is free
                second.check_lock = taken.ensure
                with pytest.raises(ServiceLockLost, match="held by another process"):
                    held.ensure()
                first.guarded(first.run_digest, "digest")("daily")
                second.guarded(second.run_digest, "digest")("daily")
        assert first.lost_lock and first.stop.is_set() and not second.stop.is_set()
        assert len(smtp.recorder.messages) == 1  # the digest went out once, from the service holding the lock
    finally:
        smtp.stop()
