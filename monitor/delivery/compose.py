"""Compose each recipient's copy of a digest and put it in the outbox.

Each recipient has their own ledger (the outbox rows of that digest and
address): their period is [end of their last pending/sent/skipped period,
now), filtered to their topics; a new recipient's first period is one
schedule interval. So a 5xx for one recipient neither advances nor holds
back the others, and the failed period is covered again by that recipient's
next digest. `compose` is also what `monitor digest --preview`
shows, so the preview is exactly what would be queued.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.delivery.message import RenderedMessage, build_message
from monitor.digest.build import Digest, PeriodCache, period_digest
from monitor.digests_config import DigestConfig, Recipient, SmtpConfig
from monitor.schedule import check_due, cron_trigger, first_period_start
from monitor.sources.health import Attention
from monitor.store import Store
from monitor.store.outbox import PENDING, SKIPPED, Outbox, OutboxEntry
from monitor.topics import TopicSet

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Composed:
    recipient: Recipient
    view: Digest
    message: RenderedMessage

    def skipped(self, config: DigestConfig) -> bool:
        """True when the period is empty and the digest says not to mail empty ones."""
        return self.message.is_empty and config.empty == "skip"


def compose(store: Store, outbox: Outbox, topics: TopicSet, config: DigestConfig, smtp: SmtpConfig,
            recipient: Recipient, now: datetime, attention: Sequence[Attention] = (),
            periods: PeriodCache | None = None) -> Composed:
    """The message `recipient` would get for `config` at `now`, without storing anything.

    With `periods` (one per run) recipients of the same period share one reading of it.
    """
    start = outbox.ledger_end(config.name, recipient.address)
    if start is None:
        first = outbox.first_entry(config.name, recipient.address)
        if first is not None:  # every period so far failed: cover them all again
            start = first.period_start
        else:  # a new recipient: one schedule interval, not the archive
            start = first_period_start(cron_trigger(config.cron, config.timezone), now)
    view = period_digest(store, topics, name=config.name, start=start, end=now, timezone=config.timezone,
                         topic_filter=recipient.topics, attention=attention, other=config.other, periods=periods)
    history = [d for d in store.list_digests() if d.name == config.name]
    return Composed(recipient, view, build_message(view, config, recipient, smtp, now, history=history))


def due_recipients(outbox: Outbox, config: DigestConfig, now: datetime) -> list[Recipient]:
    """Recipients with a slot in (end of their last attempted period, now].

    A permanently failed period counts as attempted here, so a 5xx is not
    retried on every tick; it is covered again at the next slot instead.
    """
    trigger = cron_trigger(config.cron, config.timezone)
    due: list[Recipient] = []
    for recipient in config.recipients:
        check = check_due(trigger, outbox.last_period_end(config.name, recipient.address), now)
        if check.due:
            if check.missed > 1:
                logger.info("%s digest for %s: %d slots missed since %s; one catch-up digest covers them",
                            config.name, recipient.address, check.missed, check.first_slot)
            due.append(recipient)
    return due


def queue_digest(store: Store, outbox: Outbox, topics: TopicSet, config: DigestConfig, smtp: SmtpConfig,
                 now: datetime, recipients: list[Recipient] | None = None,
                 attention: Sequence[Attention] = (), periods: PeriodCache | None = None) -> list[OutboxEntry]:
    """Store one message per due recipient (or a skipped row for an empty period)."""
    queued: list[OutboxEntry] = []
    for recipient in due_recipients(outbox, config, now) if recipients is None else recipients:
        # An earlier message still undelivered (the server is down) is folded into this one.
        superseded = outbox.supersede_retrying(config.name, recipient.address)
        if superseded:
            logger.info("%s digest for %s: %d undelivered digest(s) replaced by one covering their periods too",
                        config.name, recipient.address, superseded)
        composed = compose(store, outbox, topics, config, smtp, recipient, now, attention, periods)
        message = composed.message
        # An empty period is still recorded, so the ledger moves on and the next tick does not rebuild it.
        skip = composed.skipped(config)
        entry = outbox.enqueue(
            digest=config.name, recipient=recipient.address, period_start=composed.view.period_start,
            period_end=now, message_id=message.message_id, subject=message.subject,
            message=None if skip else message.data, article_count=message.article_count, now=now,
            status=SKIPPED if skip else PENDING,
        )
        logger.info("%s digest for %s: %s (%d article(s))", config.name, recipient.address,
                    "nothing new, skipped" if skip else "queued", message.article_count)
        queued.append(entry)
    return queued
