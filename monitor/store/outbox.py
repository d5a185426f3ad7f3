"""The outbox: the per-recipient digest ledger and the messages waiting to be sent.

One row per (digest, recipient, period). A row is written *before* the first
attempt to send, with the whole rendered message, and marked sent only after
the server accepted it (rss2email marks entries seen after sending). So:

- a crash before "accepted" leaves a pending row that is sent on restart;
- a crash between "accepted" and "marked" resends the same Message-ID at worst;
- a permanent failure does not advance the recipient's ledger, so the next
  digest for that recipient covers the failed period again: nothing is lost.

Statuses: pending -> sent | failed | superseded; skipped for an empty period not
mailed. A message still undelivered after a failed attempt when the recipient's
next slot comes is superseded by one catch-up message covering both periods, so
a mail-server outage ends in one email, not one per missed slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, insert, select, update

from monitor.store import schema
from monitor.store.store import from_db, to_db

PENDING, SENT, FAILED, SKIPPED, SUPERSEDED = "pending", "sent", "failed", "skipped", "superseded"
# Rows that advance a recipient's ledger: their period is delivered or on its way.
ADVANCING = (PENDING, SENT, SKIPPED)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    digest: str
    recipient: str
    period_start: datetime | None
    period_end: datetime
    message_id: str
    subject: str
    message: bytes | None
    article_count: int
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class Outbox:
    """Reads and writes of the `outbox` table; each call is its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def ledger_end(self, digest: str, recipient: str) -> datetime | None:
        """Where the recipient's next period starts: the end of the last pending, sent or skipped one."""
        return self._max_end(digest, recipient, ADVANCING)

    def last_period_end(self, digest: str, recipient: str) -> datetime | None:
        """End of the last period tried for the recipient, failed ones included (what was scheduled)."""
        return self._max_end(digest, recipient, (PENDING, SENT, SKIPPED, FAILED))

    def first_entry(self, digest: str, recipient: str) -> OutboxEntry | None:
        """The recipient's first row of this digest (its period is where their history starts), or None."""
        o = schema.outbox
        query = select(o).where(o.c.digest == digest, o.c.recipient == recipient).order_by(o.c.id).limit(1)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return _entry(row) if row else None

    def _max_end(self, digest: str, recipient: str, statuses: tuple[str, ...]) -> datetime | None:
        o = schema.outbox
        with self.engine.connect() as conn:
            end = conn.scalar(select(func.max(o.c.period_end)).where(
                o.c.digest == digest, o.c.recipient == recipient, o.c.status.in_(statuses)))
        return from_db(end)

    def supersede_retrying(self, digest: str, recipient: str) -> int:
        """Retire the recipient's pending messages that already failed an attempt; return how many.

        Their periods go back to the ledger, so the message composed next covers them. A
        message never tried yet is left alone: it may be on its way right now.
        """
        o = schema.outbox
        with self.engine.begin() as conn:
            retired = conn.execute(
                update(o)
                .where(o.c.digest == digest, o.c.recipient == recipient, o.c.status == PENDING, o.c.attempts > 0)
                .values(status=SUPERSEDED, next_attempt_at=None)
            )
        return retired.rowcount

    def enqueue(self, *, digest: str, recipient: str, period_start: datetime | None, period_end: datetime,
                message_id: str, subject: str, message: bytes | None, article_count: int, now: datetime,
                status: str = PENDING) -> OutboxEntry:
        """Store a rendered message (or a skipped period) before any attempt to send it."""
        values = dict(
            digest=digest, recipient=recipient, period_start=None if period_start is None else to_db(period_start),
            period_end=to_db(period_end), message_id=message_id, subject=subject, message=message,
            article_count=article_count, status=status, attempts=0,
            next_attempt_at=to_db(now) if status == PENDING else None, created_at=to_db(now),
        )
        with self.engine.begin() as conn:
            entry_id = conn.execute(insert(schema.outbox).values(**values)).inserted_primary_key[0]
        entry = self.get(int(entry_id))
        assert entry is not None
        return entry

    def get(self, entry_id: int) -> OutboxEntry | None:
        o = schema.outbox
        with self.engine.connect() as conn:
            row = conn.execute(select(o).where(o.c.id == entry_id)).mappings().first()
        return _entry(row) if row else None

    def due(self, now: datetime) -> list[OutboxEntry]:
        """Pending messages whose next attempt is due, oldest first (a recipient's periods in order)."""
        o = schema.outbox
        query = select(o).where(o.c.status == PENDING, o.c.next_attempt_at <= to_db(now)).order_by(o.c.id)
        with self.engine.connect() as conn:
            return [_entry(row) for row in conn.execute(query).mappings()]

    def waiting(self, now: datetime) -> set[tuple[str, str]]:
        """(digest, recipient) pairs with a pending message not due yet (in backoff, or being sent).

        Their later messages wait too, so a recipient's digests arrive in period order.
        """
        o = schema.outbox
        query = select(o.c.digest, o.c.recipient).where(o.c.status == PENDING, o.c.next_attempt_at > to_db(now))
        with self.engine.connect() as conn:
            return {(row.digest, row.recipient) for row in conn.execute(query)}

    def claim(self, entry_id: int, now: datetime, until: datetime) -> bool:
        """Take a due pending message for sending until `until`; False when another process holds or sent it.

        One conditional UPDATE: the database lets only one of two processes that read the
        same due row (a service and a `monitor run --once`) move its next attempt on.
        Whoever dies mid-send leaves the message due again once `until` has passed.
        """
        o = schema.outbox
        with self.engine.begin() as conn:
            claimed = conn.execute(
                update(o)
                .where(o.c.id == entry_id, o.c.status == PENDING, o.c.next_attempt_at <= to_db(now))
                .values(next_attempt_at=to_db(until))
            )
        return claimed.rowcount == 1

    def mark_sent(self, entry_id: int, now: datetime) -> None:
        """Called only after the server accepted the message."""
        self._update(entry_id, status=SENT, sent_at=to_db(now), next_attempt_at=None,
                     attempts=schema.outbox.c.attempts + 1)

    def mark_retry(self, entry_id: int, error: str, next_attempt_at: datetime) -> None:
        self._update(entry_id, last_error=error, next_attempt_at=to_db(next_attempt_at),
                     attempts=schema.outbox.c.attempts + 1)

    def mark_failed(self, entry_id: int, error: str) -> None:
        """A permanent failure: reported by `monitor status`, never retried; the ledger stays put."""
        self._update(entry_id, status=FAILED, last_error=error, next_attempt_at=None,
                     attempts=schema.outbox.c.attempts + 1)

    def prune_sent(self, before: datetime) -> int:
        """Drop the bodies of messages sent before `before`; return how many.

        A digest email is some 100 KB and one goes to every recipient every day: kept
        forever, the outbox would outgrow the articles. The rows stay, as the ledgers
        and `monitor status` read them.
        """
        o = schema.outbox
        with self.engine.begin() as conn:
            pruned = conn.execute(
                update(o)
                .where(o.c.status == SENT, o.c.sent_at < to_db(before), o.c.message.is_not(None))
                .values(message=None)
            )
        return pruned.rowcount

    def _update(self, entry_id: int, **values: object) -> None:
        o = schema.outbox
        with self.engine.begin() as conn:
            # Only a pending row changes: a row sent by an earlier run stays sent.
            conn.execute(update(o).where(o.c.id == entry_id, o.c.status == PENDING).values(**values))

    def latest(self, digest: str, recipient: str) -> OutboxEntry | None:
        o = schema.outbox
        query = (select(o).where(o.c.digest == digest, o.c.recipient == recipient)
                 .order_by(o.c.period_end.desc(), o.c.id.desc()).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return _entry(row) if row else None

    def entries(self, status: str | None = None) -> list[OutboxEntry]:
        o = schema.outbox
        query = select(o).order_by(o.c.id)
        if status is not None:
            query = query.where(o.c.status == status)
        with self.engine.connect() as conn:
            return [_entry(row) for row in conn.execute(query).mappings()]


def _entry(row) -> OutboxEntry:  # type: ignore[no-untyped-def]
    end, created = from_db(row["period_end"]), from_db(row["created_at"])
    assert end is not None and created is not None
    return OutboxEntry(
        id=row["id"], digest=row["digest"], recipient=row["recipient"], period_start=from_db(row["period_start"]),
        period_end=end, message_id=row["message_id"], subject=row["subject"], message=row["message"],
        article_count=row["article_count"], status=row["status"], attempts=row["attempts"],
        next_attempt_at=from_db(row["next_attempt_at"]), last_error=row["last_error"], created_at=created,
        sent_at=from_db(row["sent_at"]),
    )
