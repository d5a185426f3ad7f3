"""`monitor run`: the long-running service in the foreground.

Every `poll_interval` seconds it ingests; a digest is written when the digest
schedule has a slot between the end of the last digest and now. The ledger in
the database, not this process's memory, decides what is due, so a service
that was down at 08:00 writes that digest once when it comes back. SIGINT and
SIGTERM stop it between two steps: a step in flight finishes first.
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import UTC, datetime
from types import FrameType

from monitor.pipeline import digest, ingest
from monitor.settings import Settings
from monitor.store import Store
from monitor.topics import TopicSet

logger = logging.getLogger(__name__)

DIGEST_NAME = "daily"


def digest_due(settings: Settings, store: Store, now: datetime) -> bool:
    """True when a scheduled slot lies in (end of the last digest, now]."""
    from apscheduler.triggers.cron import CronTrigger

    last = store.last_digest(DIGEST_NAME)
    if last is None:
        return True
    trigger = CronTrigger.from_crontab(settings.digest_cron, timezone=settings.tz)
    slot = trigger.get_next_fire_time(None, last.period_end)
    return slot is not None and slot <= now


def run_service(settings: Settings, topics: TopicSet, store: Store) -> int:
    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        logger.info("received %s: stopping after the current step", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    logger.info("monitor service started: inbox %s, poll every %ss, digests on %r (%s)",
                settings.inbox, settings.poll_interval, settings.digest_cron, settings.timezone)
    try:
        while not stop.is_set():
            try:
                report = ingest(settings, topics, store, datetime.now(UTC))
                if report.documents_new:
                    logger.info("ingested %d document(s), %d article(s)", report.documents_new, report.articles_new)
                if not stop.is_set() and digest_due(settings, store, datetime.now(UTC)):
                    digest(settings, topics, store, datetime.now(UTC), name=DIGEST_NAME)
            except Exception:  # the service outlives one bad cycle; the next one retries
                logger.exception("cycle failed; retrying in %ss", settings.poll_interval)
            stop.wait(settings.poll_interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    logger.info("monitor service stopped")
    return 0
