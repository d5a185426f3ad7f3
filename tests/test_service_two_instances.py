"""Two `monitor run` on one PostgreSQL database, a loopback SMTP server, several digest slots: one
service sends, the second is refused; after the first one's lock session is terminated, a second
takes over and the first stops sending and says so. No message is sent twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from monitor.store.locks import SERVICE_KEY
from tests.conftest import PG_ADMIN_URL, RunCli
from tests.delivery_support import SmtpServer, smtp_server  # noqa: F401  (the smtp fixture)
from tests.install_support import install

RECIPIENTS = ("kim@example.org", "lee@example.org")


def install_service(tmp_path: Path, url: str, smtp: SmtpServer) -> Path:
    recipients = ", ".join(f'{{address = "{a}"}}' for a in RECIPIENTS)
    # A slot every minute, a mail even for an empty one; polls and housekeeping rare, so that a
    # service looks at its lock at the slots (and between two messages), not in between.
    return install(tmp_path, database_url=url, seed="003_34563cb7a2288630.txt", smtp=smtp, extra=f"""
[schedule]
poll_interval = 3600
[housekeeping]
interval = 3600
[[digests]]
name = "minutely"
cron = "* * * * *"
timezone = "Asia/Seoul"
empty = "send"
recipients = [{recipients}]
""")


def start(config: Path, log: Path) -> tuple[subprocess.Popen[bytes], Path]:
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--config", str(config)],
                                   cwd=config.parent, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONUTF8": "1"})
    return process, log


def wait_for(condition, timeout: float, what: str, logs: list[Path]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            shown = "\n".join(f"--- {p.name}\n{p.read_text(encoding='utf-8')}" for p in logs)
            raise AssertionError(f"timed out waiting for {what}\n{shown}")
        time.sleep(0.2)


def terminate_lock_session(url: str) -> int:
    """What a failover or an operator does: end the session holding the service's advisory lock."""
    database = url.rsplit("/", 1)[1]
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            pid = conn.scalar(text(
                "select l.pid from pg_locks l join pg_database d on d.oid = l.database where d.datname = :db"
                " and l.locktype = 'advisory' and l.classid = 0 and l.objid = :key and l.granted"),
                {"db": database, "key": SERVICE_KEY})
            assert pid is not None, "no session holds the service lock"
            assert conn.scalar(text("select pg_terminate_backend(:pid, 5000)"), {"pid": pid})
            return int(pid)
    finally:
        admin.dispose()


@pytest.mark.slow
def test_two_services_on_postgresql_send_each_digest_once(tmp_path: Path, postgres_url: str, smtp: SmtpServer,
                                                          run_cli: RunCli) -> None:
    config = install_service(tmp_path, postgres_url, smtp)
    received = smtp.recorder.messages
    first, first_log = start(config, tmp_path / "first.log")
    second = None
    logs = [first_log]
    try:
        # 1. The start-up digest, from the first service; a second service is refused meanwhile.
        wait_for(lambda: len(received) >= 2, 120, "the start-up digests", logs)
        refused = run_cli("run", "--config", str(config), cwd=tmp_path, timeout=120)
        assert refused.returncode == 1 and "in use by another monitor run" in refused.stderr, refused.stderr
        # 2. The next slot, still from the first.
        wait_for(lambda: len(received) >= 4, 75, "the next slot", logs)
        # 3. Its lock session ends; a second service starts and takes the lock before the next slot.
        terminate_lock_session(postgres_url)
        second, second_log = start(config, tmp_path / "second.log")
        logs.append(second_log)
        wait_for(lambda: "monitor service started" in second_log.read_text(encoding="utf-8"), 60,
                 "the second service", logs)
        # 4. At the next slot the first finds the lock taken and stops; the second sends.
        wait_for(lambda: first.poll() is not None, 75, "the first service to stop", logs)
        wait_for(lambda: len(received) >= 6, 75, "a slot sent by the second service", logs)
        time.sleep(1)  # a duplicate would come right after
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
    first_output = first_log.read_text(encoding="utf-8")
    assert first.returncode == 1, first_output
    assert "the service lock was lost and is now held by another process" in first_output
    assert "monitor service stopped: another service holds the database now" in first_output
    assert second is not None and second.returncode == 0, second_log.read_text(encoding="utf-8")

    parsed = smtp.recorder.parsed()
    ids = Counter(m["Message-ID"] for m in parsed)
    assert max(ids.values()) == 1, ids  # no message twice
    per_recipient = Counter(rcpt for _, rcpts, _ in received for rcpt in rcpts)
    assert per_recipient == {r: len(received) // 2 for r in RECIPIENTS} and len(received) >= 6
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            periods = conn.execute(text("select recipient, period_end, count(*) from outbox where status = 'sent'"
                                        " group by recipient, period_end")).fetchall()
    finally:
        engine.dispose()
    assert all(count == 1 for *_, count in periods) and len(periods) == len(received)
