"""Flush the outbox: send due messages, mark them only after the server accepted them.

Transient failures are retried with exponential backoff (the delays are data,
injectable in tests); after `max_attempts` they, and any permanent (5xx)
failure, are marked failed with the server's reply and reported by
`monitor status`. A failed row does not advance the recipient's ledger, so the
next digest covers its period again.

Each message is claimed before it is sent (`Outbox.claim`), so two processes
flushing one outbox at once (the service and `monitor run --once`) never send
it twice; a claim lapses after SEND_LEASE, which outlasts any SMTP exchange
under the configured per-operation timeouts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor.delivery.smtp import DeliveryError, Transport
from monitor.digests_config import HousekeepingConfig
from monitor.store.outbox import Outbox, OutboxEntry

logger = logging.getLogger(__name__)

SEND_LEASE = timedelta(minutes=15)  # how long a claimed message is left to its sender


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before attempt n+1 after n failures: base * 2**(n-1), at most `cap`."""

    base: timedelta = timedelta(minutes=1)
    cap: timedelta = timedelta(hours=6)
    max_attempts: int = 10

    @classmethod
    def from_config(cls, config: HousekeepingConfig) -> Backoff:
        return cls(timedelta(seconds=config.retry_base), timedelta(seconds=config.retry_max), config.max_attempts)

    def delay(self, failures: int) -> timedelta:
        return min(self.base * (2 ** max(failures - 1, 0)), self.cap)


@dataclass(slots=True)
class FlushReport:
    sent: list[OutboxEntry] = field(default_factory=list)
    retrying: list[tuple[OutboxEntry, str]] = field(default_factory=list)
    failed: list[tuple[OutboxEntry, str]] = field(default_factory=list)


def flush_outbox(outbox: Outbox, transport: Transport, sender: str, now: Callable[[], datetime],
                 backoff: Backoff | None = None, should_stop: Callable[[], bool] = lambda: False,
                 lease: timedelta = SEND_LEASE) -> FlushReport:
    """Try every pending message that is due; each outcome is committed on its own.

    `should_stop` is checked between messages, so a shutdown abandons the rest
    safely: they stay pending and go out on the next start.
    """
    backoff = backoff or Backoff()
    report = FlushReport()
    # A recipient whose earlier message waits for its retry gets nothing newer before it.
    held_back = outbox.waiting(now())
    try:
        for entry in outbox.due(now()):
            if should_stop():
                logger.info("stopping: %d message(s) left pending", len(outbox.due(now())))
                break
            key = (entry.digest, entry.recipient)
            # Keep a recipient's digests in period order: a later one waits while an earlier one is retried.
            if key in held_back or entry.message is None:
                continue
            claimed_at = now()
            if not outbox.claim(entry.id, claimed_at, claimed_at + lease):
                # Another process is sending it, or has: it sends this recipient's later digests too.
                held_back.add(key)
                logger.info("%s digest to %s is being sent by another process", entry.digest, entry.recipient)
                continue
            try:
                transport.send(entry.message, sender, entry.recipient)
            except DeliveryError as e:
                failures = entry.attempts + 1
                if e.permanent or failures >= backoff.max_attempts:
                    outbox.mark_failed(entry.id, e.reply)
                    report.failed.append((entry, e.reply))
                    logger.error("delivery of %s digest %s to %s failed for good after %d attempt(s): %s",
                                 entry.digest, entry.message_id, entry.recipient, failures, e.reply)
                else:
                    retry_at = now() + backoff.delay(failures)
                    outbox.mark_retry(entry.id, e.reply, retry_at)
                    report.retrying.append((entry, e.reply))
                    held_back.add(key)
                    logger.warning("delivery of %s digest to %s failed (attempt %d), retrying at %s: %s",
                                   entry.digest, entry.recipient, failures, retry_at.isoformat(timespec="seconds"),
                                   e.reply)
                continue
            # Only now, after the server said 250: a crash before this line resends the same Message-ID.
            outbox.mark_sent(entry.id, now())
            report.sent.append(entry)
            logger.info("sent %s digest to %s (%d article(s), %s)", entry.digest, entry.recipient,
                        entry.article_count, entry.message_id)
    finally:
        transport.close()
    return report
