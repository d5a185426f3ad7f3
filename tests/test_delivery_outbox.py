"""The outbox against a real SMTP server: retried until accepted, 5xx reported, per-recipient ledgers."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from monitor.delivery import Backoff, SmtpSender, flush_outbox, queue_digest
from monitor.delivery.compose import due_recipients
from monitor.delivery.outbox import SEND_LEASE
from monitor.digests_config import Recipient
from monitor.store import Store
from monitor.store.outbox import FAILED, PENDING, SENT, SKIPPED, Outbox
from tests.delivery_support import SmtpServer, add_article, digest_config, smtp_server, topics  # noqa: F401  (the smtp fixture)
from tests.test_store import any_store  # noqa: F401  (the SQLite + PostgreSQL store fixture)

SLOT = datetime(2026, 1, 5, 23, 0, tzinfo=UTC)  # 08:00 Seoul, the daily slot
KIM = Recipient("kim@example.org", "김민수", ("smart_cities",))
LEE = Recipient("lee@example.org", "이영희", ("ai_hubs",))
NO_WAIT = Backoff(base=timedelta(0), cap=timedelta(0), max_attempts=3)


def clock(moment: datetime):  # type: ignore[no-untyped-def]
    return lambda: moment


def seed(store: Store) -> None:
    add_article(store, SLOT - timedelta(hours=5), "전주 스마트시티 챌린지", ("smart_cities",))
    add_article(store, SLOT - timedelta(hours=4), "광주 AI 집적단지 2단계", ("ai_hubs",))
    add_article(store, SLOT - timedelta(hours=3), "전기차 보조금 확대", ("env_subsidies",))


def test_two_subscriptions_get_their_own_topics(store: Store, smtp: SmtpServer) -> None:
    seed(store)
    outbox = Outbox(store.engine)
    queue_digest(store, outbox, topics(), digest_config(KIM, LEE), smtp.config(), SLOT)
    report = flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(SLOT))
    assert len(report.sent) == 2
    [kim] = smtp.recorder.to(KIM.address)
    [lee] = smtp.recorder.to(LEE.address)
    kim_text = kim.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    lee_text = lee.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "스마트시티 챌린지" in kim_text and "AI 집적단지" not in kim_text and "전기차" not in kim_text
    assert "AI 집적단지" in lee_text and "스마트시티 챌린지" not in lee_text and "전기차" not in lee_text
    assert kim["Message-ID"] != lee["Message-ID"]


def test_smtp_down_at_digest_time_is_retried_and_delivered_once(store: Store) -> None:
    seed(store)
    server = SmtpServer()  # not started: connection refused
    outbox = Outbox(store.engine)
    [entry] = queue_digest(store, outbox, topics(), digest_config(KIM), server.config(), SLOT)
    backoff = Backoff(base=timedelta(minutes=1), cap=timedelta(minutes=10), max_attempts=5)

    down = flush_outbox(outbox, SmtpSender(server.config()), "monitor@example.org", clock(SLOT), backoff)
    assert [e.id for e, _ in down.retrying] == [entry.id]
    stored = outbox.get(entry.id)
    assert stored is not None and stored.status == PENDING and stored.attempts == 1
    assert stored.last_error and "Connection" in stored.last_error
    assert stored.next_attempt_at == SLOT + timedelta(minutes=1)
    # The stored message is kept: it is not rebuilt, and the recipient's ledger already moved on.
    assert outbox.ledger_end("daily", KIM.address) == SLOT
    # Not due again before the backoff delay has passed.
    early = flush_outbox(outbox, SmtpSender(server.config()), "monitor@example.org", clock(SLOT), backoff)
    assert not early.sent and not early.retrying

    server.start()
    try:
        later = SLOT + timedelta(minutes=2)
        up = flush_outbox(outbox, SmtpSender(server.config()), "monitor@example.org", clock(later), backoff)
        again = flush_outbox(outbox, SmtpSender(server.config()), "monitor@example.org", clock(later), backoff)
    finally:
        server.stop()
    assert [e.id for e in up.sent] == [entry.id] and not again.sent
    assert len(server.recorder.messages) == 1
    sent = outbox.get(entry.id)
    assert sent is not None and sent.status == SENT and sent.sent_at == later and sent.attempts == 2


def test_permanent_failure_is_reported_and_only_that_recipients_ledger_stays(store: Store,
                                                                            smtp: SmtpServer) -> None:
    seed(store)
    smtp.recorder.refuse[KIM.address] = "550 5.1.1 <kim@example.org>: mailbox unavailable"
    outbox = Outbox(store.engine)
    config = digest_config(KIM, LEE)
    queue_digest(store, outbox, topics(), config, smtp.config(), SLOT)
    report = flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(SLOT), NO_WAIT)

    assert [e.recipient for e in report.sent] == [LEE.address]
    [(failed, reply)] = report.failed
    assert failed.recipient == KIM.address and reply.startswith("550 5.1.1")
    kim = outbox.latest("daily", KIM.address)
    assert kim is not None and kim.status == FAILED and kim.last_error == reply and kim.attempts == 1
    assert outbox.ledger_end("daily", KIM.address) is None  # not advanced for kim ...
    assert outbox.ledger_end("daily", LEE.address) == SLOT  # ... while lee's moved on
    # Not retried on every tick: the next attempt is the next slot.
    assert due_recipients(outbox, config, SLOT + timedelta(hours=3)) == []
    assert flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(SLOT)).failed == []

    # Next day kim's digest covers the failed period again; lee's only the new day.
    del smtp.recorder.refuse[KIM.address]
    add_article(store, SLOT + timedelta(hours=12), "세종 스마트도시 국가시범도시", ("smart_cities", "ai_hubs"))
    tomorrow = SLOT + timedelta(days=1)
    assert due_recipients(outbox, config, tomorrow) == [KIM, LEE]
    queued = queue_digest(store, outbox, topics(), config, smtp.config(), tomorrow)
    # kim's first period (one schedule interval back from the first slot) is covered again.
    assert {e.recipient: e.period_start for e in queued} == {KIM.address: SLOT - timedelta(days=1),
                                                             LEE.address: SLOT}
    flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(tomorrow), NO_WAIT)
    [kim_mail] = smtp.recorder.to(KIM.address)
    kim_text = kim_mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "스마트시티 챌린지" in kim_text and "국가시범도시" in kim_text


def test_transient_failures_give_up_after_max_attempts(store: Store) -> None:
    seed(store)
    server = SmtpServer()  # never started
    outbox = Outbox(store.engine)
    queue_digest(store, outbox, topics(), digest_config(KIM), server.config(), SLOT)
    outcomes = [flush_outbox(outbox, SmtpSender(server.config()), "monitor@example.org", clock(SLOT), NO_WAIT)
                for _ in range(4)]
    assert [(len(o.retrying), len(o.failed)) for o in outcomes] == [(1, 0), (1, 0), (0, 1), (0, 0)]
    assert outbox.ledger_end("daily", KIM.address) is None


def test_crash_between_accepted_and_marked_resends_the_same_message_id(store: Store, smtp: SmtpServer) -> None:
    seed(store)
    outbox = Outbox(store.engine)
    queue_digest(store, outbox, topics(), digest_config(KIM), smtp.config(), SLOT)

    class CrashAfterSend(SmtpSender):
        def send(self, message: bytes, sender: str, recipient: str) -> None:
            super().send(message, sender, recipient)
            raise SystemExit("killed right after the server said 250")

    with pytest.raises(SystemExit):
        flush_outbox(outbox, CrashAfterSend(smtp.config()), "monitor@example.org", clock(SLOT))
    # The crashed sender's claim holds the message until SEND_LEASE has passed, then it goes again.
    assert not flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(SLOT)).sent
    flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(SLOT + SEND_LEASE))
    first, second = smtp.recorder.to(KIM.address)
    assert first["Message-ID"] == second["Message-ID"]  # a duplicate the client can recognise, never a loss
    assert [e.status for e in outbox.entries()] == [SENT]


def test_empty_period_is_skipped_but_recorded(store: Store, smtp: SmtpServer) -> None:
    outbox = Outbox(store.engine)
    [entry] = queue_digest(store, outbox, topics(), digest_config(KIM), smtp.config(), SLOT)
    assert entry.status == SKIPPED and entry.message is None
    assert outbox.ledger_end("daily", KIM.address) == SLOT
    assert not flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(SLOT)).sent
    assert smtp.recorder.messages == []


@pytest.mark.parametrize(("failures", "delay"), [(1, 60), (2, 120), (3, 240), (10, 600)])
def test_backoff_doubles_up_to_the_cap(failures: int, delay: int) -> None:
    backoff = Backoff(base=timedelta(seconds=60), cap=timedelta(seconds=600))
    assert backoff.delay(failures) == timedelta(seconds=delay)


def test_outbox_ledger_on_sqlite_and_postgresql(any_store: Store, smtp: SmtpServer) -> None:  # noqa: F811
    seed(any_store)
    smtp.recorder.refuse[LEE.address] = "550 5.7.1 rejected"
    outbox = Outbox(any_store.engine)
    queue_digest(any_store, outbox, topics(), digest_config(KIM, LEE), smtp.config(), SLOT)
    flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(SLOT), NO_WAIT)
    assert {(e.recipient, e.status, e.period_end) for e in outbox.entries()} == {
        (KIM.address, SENT, SLOT), (LEE.address, FAILED, SLOT)}
    kim = outbox.latest("daily", KIM.address)
    assert kim is not None and kim.message is not None and kim.message.startswith(b"From: ")
    assert outbox.ledger_end("daily", KIM.address) == SLOT and outbox.ledger_end("daily", LEE.address) is None
    # Old sent bodies go, the failed one (reported by `monitor status`) and every row stay.
    assert outbox.prune_sent(SLOT) == 0  # sent at SLOT: not before it
    assert outbox.prune_sent(SLOT + timedelta(days=30)) == 1
    assert outbox.prune_sent(SLOT + timedelta(days=30)) == 0
    kim, lee = (outbox.latest("daily", r.address) for r in (KIM, LEE))
    assert kim is not None and kim.message is None and kim.status == SENT
    assert lee is not None and lee.message is not None
    assert outbox.ledger_end("daily", KIM.address) == SLOT  # the ledger reads the row, not the body


def test_a_message_another_process_is_sending_goes_out_once(store: Store, smtp: SmtpServer) -> None:
    seed(store)
    outbox = Outbox(store.engine)
    [entry] = queue_digest(store, outbox, topics(), digest_config(KIM), smtp.config(), SLOT)
    other = Outbox(store.engine)  # a second process on the same database, mid-send
    assert other.claim(entry.id, SLOT, SLOT + timedelta(minutes=15))
    assert not outbox.claim(entry.id, SLOT, SLOT + timedelta(minutes=15))  # a claim is taken once

    meanwhile = flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(SLOT))
    assert not meanwhile.sent and not meanwhile.retrying and smtp.recorder.messages == []
    stored = outbox.get(entry.id)
    assert stored is not None and stored.status == PENDING and stored.attempts == 0

    # The other process died before the server answered: once its claim lapses, the message goes out once.
    later = SLOT + timedelta(minutes=16)
    report = flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(later))
    again = flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(later))
    assert [e.id for e in report.sent] == [entry.id] and not again.sent
    assert len(smtp.recorder.to(KIM.address)) == 1


def test_racing_claims_have_one_winner_on_sqlite_and_postgresql(any_store: Store, smtp: SmtpServer) -> None:  # noqa: F811
    seed(any_store)
    outbox = Outbox(any_store.engine)
    [entry] = queue_digest(any_store, outbox, topics(), digest_config(KIM), smtp.config(), SLOT)
    start = threading.Barrier(4)

    def claim(_: int) -> bool:
        start.wait()  # all four ask at once, each on its own connection
        return Outbox(any_store.engine).claim(entry.id, SLOT, SLOT + timedelta(minutes=15))

    with ThreadPoolExecutor(4) as pool:
        assert sorted(pool.map(claim, range(4))) == [False, False, False, True]
    outbox.mark_sent(entry.id, SLOT)
    assert not outbox.claim(entry.id, SLOT + timedelta(hours=1), SLOT + timedelta(hours=2))  # sent stays sent


@pytest.mark.parametrize(("cron", "interval"), [("0 8 * * *", timedelta(days=1)), ("0 8 * * mon", timedelta(days=7))])
def test_a_new_recipient_gets_one_schedule_interval_not_the_archive(store: Store, smtp: SmtpServer, cron: str,
                                                                     interval: timedelta) -> None:
    add_article(store, SLOT - timedelta(days=30), "한 달 전 스마트시티 기사", ("smart_cities",))
    add_article(store, SLOT - timedelta(hours=3), "어제 스마트시티 기사", ("smart_cities",))
    outbox = Outbox(store.engine)
    [entry] = queue_digest(store, outbox, topics(), digest_config(KIM, cron=cron), smtp.config(), SLOT)
    assert entry.period_start == SLOT - interval and entry.article_count == 1
    flush_outbox(outbox, SmtpSender(smtp.config()), "monitor@example.org", clock(SLOT))
    [mail] = smtp.recorder.to(KIM.address)
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "어제 스마트시티 기사" in text and "한 달 전" not in text
