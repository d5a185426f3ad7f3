"""The service's jobs on a frozen clock: catch-up after an outage, reports with or without email."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from monitor.delivery import Backoff
from monitor.digests_config import HousekeepingConfig, Recipient, ServiceConfig
from monitor.service import Service
from monitor.store import Store
from monitor.store.outbox import SENT, Outbox
from tests.conftest import config_for
from tests.delivery_support import SmtpServer, add_article, digest_config, smtp_server, topics  # noqa: F401  (the smtp fixture)

KIM = Recipient("kim@example.org", "김민수")
NO_WAIT = Backoff(base=timedelta(0), cap=timedelta(0), max_attempts=3)


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo("Asia/Seoul")).astimezone(UTC)  # type: ignore[misc]


def make_service(tmp_path: Path, store: Store, smtp: SmtpServer | None) -> Service:
    recipients = (KIM,) if smtp else ()
    service = ServiceConfig((digest_config(*recipients),), smtp.config() if smtp else None, HousekeepingConfig())
    config = config_for(tmp_path, {}, inbox=tmp_path / "inbox", database_url=str(store.engine.url),
                        reports_dir=tmp_path / "reports")
    return Service(replace(config, service=service), store, backoff=NO_WAIT)


def bodies(smtp: SmtpServer) -> list[str]:
    return [m.get_body(("plain",)).get_content() for m in smtp.recorder.parsed()]  # type: ignore[union-attr]


def test_outage_over_three_daily_slots_sends_one_catch_up_covering_the_gap(tmp_path: Path, store: Store,
                                                                          smtp: SmtpServer) -> None:
    service = make_service(tmp_path, store, smtp)
    add_article(store, kst(2026, 1, 5, 7, 0), "첫날 스마트시티 기사", ("smart_cities",))
    with time_machine.travel(kst(2026, 1, 5, 8, 0, 5), tick=False):
        service.run_digest("daily")  # the cron run of the 5th; the empty ledger makes it due
    add_article(store, kst(2026, 1, 5, 12, 0), "둘째 기사", ("ai_hubs",))
    with time_machine.travel(kst(2026, 1, 6, 8, 0, 3), tick=False):
        service.run_digest("daily")
    # Down from the 6th at noon until the 9th at 09:00: the slots of the 7th, 8th and 9th pass unseen.
    for day, headline in ((6, "셋째 기사"), (7, "넷째 기사"), (8, "다섯째 기사")):
        add_article(store, kst(2026, 1, day, 12, 0), headline, ("smart_cities",))
    with time_machine.travel(kst(2026, 1, 9, 9, 0), tick=False):
        service.housekeeping()  # the first tick after the restart
        service.housekeeping()  # and the next one finds nothing due
        service.run_digest("daily")  # nor does a late cron run

    first, second, catch_up = bodies(smtp)
    assert "첫날 스마트시티 기사" in first and "둘째 기사" in second
    assert all(h in catch_up for h in ("셋째 기사", "넷째 기사", "다섯째 기사"))
    assert "둘째 기사" not in catch_up  # no overlap with the previous period
    entries = Outbox(store.engine).entries()
    assert [(e.status, e.period_start, e.period_end) for e in entries] == [
        (SENT, kst(2026, 1, 4, 8, 0, 5), kst(2026, 1, 5, 8, 0, 5)),  # a new recipient: one day back
        (SENT, kst(2026, 1, 5, 8, 0, 5), kst(2026, 1, 6, 8, 0, 3)),
        (SENT, kst(2026, 1, 6, 8, 0, 3), kst(2026, 1, 9, 9, 0)),  # no gap: one period over the outage
    ]
    reports = [d for d in store.list_digests()]
    assert len(reports) == 3 and reports[0].period_start == kst(2026, 1, 6, 8, 0, 3)
    assert len(list((tmp_path / "reports").glob("digest-daily-*.html"))) == 3


def test_report_is_written_on_schedule_without_any_email_setup(tmp_path: Path, store: Store) -> None:
    service = make_service(tmp_path, store, None)
    add_article(store, kst(2026, 1, 5, 7, 0), "전주 스마트시티", ("smart_cities",))
    with time_machine.travel(kst(2026, 1, 5, 8, 0, 1), tick=False):
        service.run_digest("daily")
        service.housekeeping()
    with time_machine.travel(kst(2026, 1, 6, 8, 0, 1), tick=False):
        service.housekeeping()
    assert len(store.list_digests()) == 2
    assert (tmp_path / "reports" / "index.html").is_file()
    assert Outbox(store.engine).entries() == []


def test_a_stop_request_abandons_the_rest_safely(tmp_path: Path, store: Store, smtp: SmtpServer) -> None:
    service = make_service(tmp_path, store, smtp)
    add_article(store, kst(2026, 1, 5, 7, 0), "전주 스마트시티", ("smart_cities",))
    service.stop.set()
    with time_machine.travel(kst(2026, 1, 5, 8, 0, 1), tick=False):
        service.guarded(service.run_digest, "digest")("daily")
    assert store.list_digests() == [] and smtp.recorder.messages == []


def test_a_failing_job_logs_one_line_and_the_service_lives_on(tmp_path: Path, store: Store,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    service = make_service(tmp_path, store, None)
    service.guarded(service.run_digest, "digest")("no-such-digest")
    assert "digest failed" in caplog.text and "no digest called 'no-such-digest'" in caplog.text


def test_housekeeping_drops_the_bodies_of_old_sent_mail(tmp_path: Path, store: Store, smtp: SmtpServer) -> None:
    service = make_service(tmp_path, store, smtp)
    add_article(store, kst(2026, 1, 5, 7, 0), "전주 스마트시티", ("smart_cities",))
    with time_machine.travel(kst(2026, 1, 5, 8, 0, 5), tick=False):
        service.run_digest("daily")
    with time_machine.travel(kst(2026, 2, 3, 8, 0, 0), tick=False):  # 29 days on: kept
        service.housekeeping()
    first = Outbox(store.engine).entries()[0]
    assert first.status == SENT and first.message is not None
    with time_machine.travel(kst(2026, 2, 5, 8, 0, 0), tick=False):  # past 30 days
        service.housekeeping()
    first = Outbox(store.engine).entries()[0]
    assert first.status == SENT and first.message is None


def test_a_mail_server_down_over_three_slots_gives_one_catch_up_in_order(tmp_path: Path, store: Store,
                                                                          smtp: SmtpServer) -> None:
    service = make_service(tmp_path, store, smtp)
    service.backoff = Backoff(base=timedelta(minutes=30), cap=timedelta(hours=6), max_attempts=20)
    add_article(store, kst(2026, 1, 5, 7, 0), "첫날 기사", ("smart_cities",))
    with time_machine.travel(kst(2026, 1, 5, 8, 0, 5), tick=False):
        service.run_digest("daily")
    smtp.stop()  # the service runs on; only the mail server is down, over the slots of the 6th, 7th and 8th
    for day, headline in ((5, "둘째 기사"), (6, "셋째 기사"), (7, "넷째 기사")):
        add_article(store, kst(2026, 1, day, 12, 0), headline, ("ai_hubs",))
        with time_machine.travel(kst(2026, 1, day + 1, 8, 0, 5), tick=False):
            service.run_digest("daily")
        with time_machine.travel(kst(2026, 1, day + 1, 9, 0), tick=False):
            service.housekeeping()  # retried, in vain
    smtp.start()
    with time_machine.travel(kst(2026, 1, 8, 15, 0), tick=False):
        service.housekeeping()
        service.housekeeping()

    first, catch_up = bodies(smtp)  # two emails: no copy per missed slot
    assert "첫날 기사" in first
    assert all(h in catch_up for h in ("둘째 기사", "셋째 기사", "넷째 기사")) and "첫날 기사" not in catch_up
    sent = [(e.period_start, e.period_end) for e in Outbox(store.engine).entries() if e.status == SENT]
    assert sent == [(kst(2026, 1, 4, 8, 0, 5), kst(2026, 1, 5, 8, 0, 5)),
                    (kst(2026, 1, 5, 8, 0, 5), kst(2026, 1, 8, 8, 0, 5))]


def test_a_later_digest_waits_for_the_earlier_ones_retry(store: Store, smtp: SmtpServer) -> None:
    from monitor.delivery import SmtpSender, flush_outbox

    outbox = Outbox(store.engine)
    start = kst(2026, 1, 5, 8, 0)
    for day in range(2):  # day 0 failed once and waits for its retry; day 1 is new and due
        entry = outbox.enqueue(digest="daily", recipient=KIM.address, period_start=start + timedelta(days=day - 1),
                               period_end=start + timedelta(days=day), message_id=f"<m{day}@example.org>",
                               subject="s", message=b"Subject: s\r\n\r\nx\r\n", article_count=1,
                               now=start + timedelta(days=day))
        if day == 0:
            outbox.mark_retry(entry.id, "421 busy", start + timedelta(days=1, hours=1))
    now = start + timedelta(days=1, minutes=1)
    report = flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", lambda: now, NO_WAIT)
    assert not report.sent and not smtp.recorder.messages  # day 1 does not overtake day 0
    later = start + timedelta(days=1, hours=2)
    report = flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", lambda: later, NO_WAIT)
    assert [e.message_id for e in report.sent] == ["<m0@example.org>", "<m1@example.org>"]
