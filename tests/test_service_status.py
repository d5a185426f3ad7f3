"""`monitor status`: next runs, the last delivery per recipient, and a non-zero exit when attention is needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.configuration import Config
from monitor.delivery import Backoff, SmtpSender, flush_outbox, queue_digest
from monitor.digests_config import HousekeepingConfig, Recipient, ServiceConfig
from monitor.status import service_status
from monitor.store import Store
from monitor.store.outbox import Outbox
from tests.conftest import config_for
from tests.delivery_support import SmtpServer, add_article, digest_config, smtp_server, topics  # noqa: F401  (the smtp fixture)

SLOT = datetime(2026, 1, 5, 23, 0, tzinfo=UTC)  # 08:00 Seoul
KIM, LEE = Recipient("kim@example.org"), Recipient("lee@example.org")


def setup(tmp_path: Path, store: Store, smtp: SmtpServer) -> tuple[Config, ServiceConfig]:
    (tmp_path / "inbox").mkdir(exist_ok=True)
    service = ServiceConfig((digest_config(KIM, LEE),), smtp.config(), HousekeepingConfig())
    config = replace(config_for(tmp_path, {}, inbox=tmp_path / "inbox", database_url=str(store.engine.url)),
                     service=service)
    add_article(store, SLOT - timedelta(hours=2), "전주 스마트시티", ("smart_cities",))
    store.record_digest("daily", None, SLOT, None, 1, SLOT)
    return config, service


def deliver(store: Store, config: ServiceConfig, smtp: SmtpServer, now: datetime) -> None:
    outbox = Outbox(store.engine)
    assert config.smtp is not None
    queue_digest(store, outbox, topics(), config.digests[0], config.smtp, now)
    flush_outbox(outbox, SmtpSender(config.smtp), config.smtp.sender, lambda: now,
                 Backoff(timedelta(minutes=5), timedelta(hours=1), 5))


def test_all_delivered_is_ok_and_shows_next_run(tmp_path: Path, store: Store, smtp: SmtpServer) -> None:
    config, service = setup(tmp_path, store, smtp)
    deliver(store, service, smtp, SLOT)
    report = service_status(config, store, SLOT + timedelta(hours=1), "4242")
    text = report.render()
    assert report.exit_code == 0, text
    assert "service: running (pid 4242)" in text
    assert "next run 2026-01-07 08:00 KST" in text
    assert "kim@example.org: 2026-01-06 08:00 KST sent, 1 article(s)" in text
    assert "outbox: 0 pending, 0 failed" in text


def test_a_refused_recipient_needs_attention_with_the_servers_reply(tmp_path: Path, store: Store,
                                                                   smtp: SmtpServer) -> None:
    config, service = setup(tmp_path, store, smtp)
    smtp.recorder.refuse[LEE.address] = "550 5.1.1 no such user"
    deliver(store, service, smtp, SLOT)
    report = service_status(config, store, SLOT + timedelta(hours=1), None)
    text = report.render()
    assert report.exit_code == 1
    assert "lee@example.org: 2026-01-06 08:00 KST failed" in text and "550 5.1.1 no such user" in text
    assert "kim@example.org: 2026-01-06 08:00 KST sent" in text
    assert any("lee@example.org failed: 550 5.1.1" in line for line in report.attention)


def test_smtp_down_shows_the_retry_and_needs_attention(tmp_path: Path, store: Store, smtp: SmtpServer) -> None:
    config, service = setup(tmp_path, store, smtp)
    smtp.stop()
    deliver(store, service, smtp, SLOT)
    report = service_status(config, store, SLOT + timedelta(minutes=1), None)
    assert report.exit_code == 1
    assert "retrying (attempt 2 at 2026-01-06 08:05 KST)" in report.render()
    assert "outbox: 2 pending" in report.render()


def test_a_digest_long_overdue_needs_attention(tmp_path: Path, store: Store, smtp: SmtpServer) -> None:
    config, service = setup(tmp_path, store, smtp)
    deliver(store, service, smtp, SLOT)
    assert service_status(config, store, SLOT + timedelta(days=1, minutes=5), None).exit_code == 0
    late = service_status(config, store, SLOT + timedelta(days=1, hours=2), None)
    assert late.exit_code == 1
    assert "digest daily: due since 2026-01-07 08:00 KST (1 slot(s)) and not written" in late.attention[0]


def test_sources_are_judged_by_the_configured_thresholds(tmp_path: Path, store: Store, smtp: SmtpServer) -> None:
    from monitor.store.sources import SourceState, save_state

    config, service = setup(tmp_path, store, smtp)
    deliver(store, service, smtp, SLOT)
    now = SLOT + timedelta(hours=1)
    save_state(store, SourceState(key="feed:https://press.example.kr/rss", kind="feed", name="도청 보도자료",
                                  last_attempt=now, last_error="HTTP 500", last_error_at=now,
                                  failing_since=now - timedelta(minutes=30), consecutive_failures=3))
    assert service_status(config, store, now, None).exit_code == 0  # default: 24 h of failing
    strict = replace(config, sources=config_for(tmp_path, {"sources": {"failing_after": 600}}).sources)
    report = service_status(strict, store, now, None)
    assert report.exit_code == 1
    assert "도청 보도자료" in report.render()
