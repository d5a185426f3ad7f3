"""SIGKILL `monitor run --once` at random moments while it sends a growing outbox to a loopback
SMTP server: no message is lost, and a message arrives twice only when the kill fell inside the
documented at-least-once window (the server had taken it in, the outbox did not yet say sent)."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from monitor.store import Store, schema
from monitor.store.store import to_db
from tests.delivery_support import SmtpServer, smtp_server  # noqa: F401  (the smtp fixture)
from tests.fault_support import kill_at_random, rows, run_to_end, start
from tests.install_support import install

KILLS = 30
TIME_BUDGET = 420  # seconds for the kills: each run is a new Python process (2-4 s of imports)


def write_config(tmp_path: Path, smtp: SmtpServer, recipients: int) -> Path:
    listed = ", ".join(f'{{address = "r{i:03d}@example.org"}}' for i in range(recipients))
    digest = f'[[digests]]\nname = "daily"\ncron = "0 8 * * *"\nempty = "send"\nrecipients = [{listed}]\n'
    return install(tmp_path, seed="003_34563cb7a2288630.txt", smtp=smtp, extra=digest)


def lease_lapsed(db: Path) -> None:
    """What SEND_LEASE (15 minutes) passing does: messages claimed by a killed sender are due again."""
    store = Store.open(f"sqlite:///{db}")
    try:
        o = schema.outbox
        now = to_db(datetime.now(UTC))
        with store.engine.begin() as conn:
            conn.execute(update(o).where(o.c.status == "pending", o.c.next_attempt_at > now)
                         .values(next_attempt_at=now))
    finally:
        store.close()


def claimed(db: Path) -> set[str]:
    """Message-IDs claimed for sending and not marked sent: what a kill left in flight."""
    return {mid for (mid,) in rows(db, "select message_id from outbox where status = 'pending'"
                                        " and attempts = 0 and next_attempt_at > datetime('now', '+1 minute')")}


@pytest.mark.slow
def test_delivery_killed_30_times_loses_nothing_and_repeats_only_inside_the_window(tmp_path: Path,
                                                                                   smtp: SmtpServer) -> None:
    rng = random.Random(15)
    smtp.recorder.delay = 0.03
    db = tmp_path / "var" / "monitor.db"
    received = smtp.recorder.messages

    def ids() -> Counter[str]:
        return Counter(m["Message-ID"] for m in smtp.recorder.parsed())

    recipients = kills = rounds = 0
    in_window: Counter[str] = Counter()  # times a message was taken in by the server but not marked sent
    began = time.monotonic()
    while kills < KILLS:
        assert time.monotonic() - began < TIME_BUDGET, f"only {kills} kills in {TIME_BUDGET} s"
        recipients += rng.randint(3, 8)  # the outbox grows: each new recipient's first digest is due at once
        config = write_config(tmp_path, smtp, recipients)
        if db.exists():
            lease_lapsed(db)
        log = tmp_path / f"run-{rounds}.log"
        before = len(received)
        process = start(["--config", str(config), "run", "--once"], tmp_path, log)
        rounds += 1
        killed = kill_at_random(process, log, rng, marker="", early=(0.3, 2.5), late=0.5,
                                started=lambda before=before: len(received) > before)
        kills += killed.alive
        if killed.alive and db.exists():
            taken_in = ids()
            in_window.update(mid for mid in claimed(db) if mid in taken_in)
    lease_lapsed(db)
    run_to_end(["--config", str(config), "run", "--once"], tmp_path, "final")

    outbox = rows(db, "select recipient, message_id, status from outbox")
    assert {status for *_, status in outbox} == {"sent"}, outbox
    assert {r for r, _, _ in outbox} == {f"r{i:03d}@example.org" for i in range(recipients)}
    got = ids()
    assert set(got) == {mid for _, mid, _ in outbox}  # nothing lost
    repeated = {mid: count - 1 for mid, count in got.items() if count > 1}
    for mid, extra in repeated.items():
        assert extra <= in_window[mid], f"{mid} arrived {extra + 1} times outside the at-least-once window"
