"""`monitor run`: the long-running service in the foreground, driven by APScheduler.

Jobs (see monitor.schedule): poll the sources on an interval; each configured
digest on its cron in its timezone; housekeeping, which retries the outbox and
re-checks every digest's ledger. The ledger in the database, not the
scheduler's memory, decides what is due, so a service that was down at 08:00
sends that digest once when it comes back, covering the whole gap.

SIGINT and SIGTERM stop the scheduler: the job in flight finishes its current
step (one document, one recipient, one message) and abandons the rest, which
is safe because every step commits on its own; a feed fetch in flight is cut
within half a second (monitor.sources.deadline), and its pass abandoned. A lock next to the SQLite file
(or a PostgreSQL advisory lock) keeps a second service off the same database.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy.engine import make_url

from monitor.configuration import Config
from monitor.delivery import Backoff, FlushReport, SmtpSender, Transport, flush_outbox, queue_digest, read_password
from monitor.digest.build import PeriodCache
from monitor.errors import MonitorError
from monitor.pipeline import DigestReport, IngestReport, digest, ingest
from monitor.schedule import FIRST_POLL_WAIT, Jobs, build_scheduler, check_due, cron_trigger
from monitor.sources.deadline import FetchStopped, stop_on
from monitor.sources.health import attention_for
from monitor.store import Store
from monitor.store.locks import SERVICE_KEY, database_lock, lock_file
from monitor.store.outbox import Outbox, OutboxEntry

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


SERVICE_LOCK_SUFFIX = ".lock"


class ServiceLockedError(MonitorError):
    """Another `monitor run` already holds the database."""


class ServiceLockLost(MonitorError):
    """The service lock was lost (its session terminated, its file deleted) and another service took it."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class CycleReport:
    """What one full cycle did: the poll, each digest with its queued mail, and the send."""

    ingest: IngestReport
    digests: tuple[tuple[DigestReport, list[OutboxEntry]], ...]
    flushed: FlushReport | None  # None when email is not set up


class Service:
    """The work each job does; `monitor run --once` calls the same steps once."""

    def __init__(self, config: Config, store: Store, transport: Transport | None = None, clock: Clock = _utcnow,
                 backoff: Backoff | None = None) -> None:
        self.settings = config.settings
        self.topics = config.topics
        self.store = store
        self.config = config
        self.outbox = Outbox(store.engine)
        self.transport = transport or (SmtpSender(config.smtp) if config.smtp else None)
        self.clock = clock
        self.backoff = backoff or Backoff.from_config(config.housekeeping)
        self.stop = threading.Event()
        self.polled = threading.Event()  # set once the first poll is over, however it ended
        # Raises ServiceLockLost when another service took the database (set by run_service).
        self.check_lock: Callable[[], None] = lambda: None
        self.lost_lock = False

    def poll(self) -> IngestReport:
        """Ingest new documents from the sources; a stop request ends a feed fetch in flight (FetchStopped)."""
        try:
            with stop_on(self.stop):
                report = ingest(self.config, self.store, self.clock())
        finally:
            self.polled.set()
        if report.documents_new or report.failures:
            logger.info("poll: %d new document(s), %d new article(s), %d skipped", report.documents_new,
                        report.articles_new, len(report.failures))
        return report

    def run_once(self) -> CycleReport:
        """`monitor run --once`: poll, then every digest's report and mail whatever the schedule says, then send."""
        polled = self.poll()
        digests: list[tuple[DigestReport, list[OutboxEntry]]] = []
        for config in self.config.digests:
            # One moment and one reading of the period for the report and every email.
            now, periods = self.clock(), PeriodCache(self.store, self.topics)
            written = self.write_report(config.name, force=True, now=now, periods=periods)
            assert written is not None  # forced
            digests.append((written, self.queue(config.name, now=now, periods=periods)))
        return CycleReport(polled, tuple(digests), self.flush())

    def after_first_poll(self, name: str) -> None:
        """The digest job of `monitor run`: the start-up check waits for the start-up poll, up to FIRST_POLL_WAIT."""
        give_up_at = time.monotonic() + FIRST_POLL_WAIT
        while not self.polled.is_set() and not self.stop.is_set():
            left = give_up_at - time.monotonic()
            if left <= 0:
                logger.warning("%s digest: not waiting longer for the first poll (%g s)", name, FIRST_POLL_WAIT)
                break
            self.polled.wait(min(left, 1.0))
        if not self.stop.is_set():
            self.run_digest(name)

    def run_digest(self, name: str) -> None:
        """Write the report and queue each recipient's copy, where the ledger says it is due; then send."""
        # 1. The HTML report: written whether or not email is set up. The emails share its moment and
        #    its reading of the period (a recipient whose period differs reads their own).
        now, periods = self.clock(), PeriodCache(self.store, self.topics)
        self.write_report(name, now=now, periods=periods)
        # 2. Each due recipient's message, stored in the outbox before any attempt to send it.
        if not self.stop.is_set():
            self.queue(name, now=now, periods=periods)
        # 3. Send; each message is marked sent only after the server accepted it.
        self.flush()

    def write_report(self, name: str, force: bool = False, now: datetime | None = None,
                     periods: PeriodCache | None = None) -> DigestReport | None:
        """The report for `name` when a slot passed since the last one (or `force`)."""
        config = self.config.digest(name)
        now = now or self.clock()
        last = self.store.last_digest(name)
        check = check_due(cron_trigger(config.cron, config.timezone), last.period_end if last else None, now)
        if not (force or check.due):
            return None
        if check.missed > 1:
            logger.info("%s digest: catching up %d missed slots since %s in one digest", name, check.missed,
                        check.first_slot)
        return digest(self.config, self.store, now, name=name, periods=periods)

    def queue(self, name: str, now: datetime | None = None, periods: PeriodCache | None = None) -> list[OutboxEntry]:
        config = self.config.digest(name)
        if self.config.smtp is None or not config.recipients:
            return []
        now = now or self.clock()
        return queue_digest(self.store, self.outbox, self.topics, config, self.config.smtp, now,
                            attention=attention_for(self.config.sources, self.store, now), periods=periods)

    def flush(self) -> FlushReport | None:
        if self.transport is None or self.config.smtp is None or self.stop.is_set():
            return None
        return flush_outbox(self.outbox, self.transport, self.config.smtp.sender, self.clock, self.backoff,
                            should_stop=self.must_stop)

    def must_stop(self) -> bool:
        """Asked between two messages: a stop request, or the service lock gone to another service."""
        if not self.stop.is_set():
            try:
                self.check_lock()
            except ServiceLockLost as e:
                self._lose_lock(e)
        return self.stop.is_set()

    def _lose_lock(self, error: ServiceLockLost) -> None:
        logger.error("%s; stopping", error)
        self.lost_lock = True
        self.stop.set()

    def housekeeping(self) -> None:
        """Retry the outbox, drop old sent bodies, then re-check every digest's ledger (a missed cron run)."""
        self.flush()
        keep = timedelta(days=self.config.housekeeping.keep_sent_days)
        pruned = self.outbox.prune_sent(self.clock() - keep)
        if pruned:
            logger.info("outbox: dropped the bodies of %d message(s) sent over %s ago", pruned, keep)
        for config in self.config.digests:
            if self.stop.is_set():
                return
            self.run_digest(config.name)

    def guarded(self, job: Callable[..., None], label: str) -> Callable[..., None]:
        """The per-job error boundary: one log line, and the service lives on to retry next time."""

        def run(*args: Any) -> None:
            if self.must_stop():
                return
            try:
                job(*args)
            except FetchStopped:
                logger.info("%s: stopped while fetching a feed; the rest of the pass is left for the next start",
                            label)
            except MonitorError as e:
                logger.error("%s failed: %s", label, e)
            except Exception:
                logger.exception("%s failed; retrying on its next run", label)

        return run


def load_service(config: Config, store: Store, **kwargs: Any) -> Service:
    """The Service over a validated Config, once the SMTP password (when one is set) can be read.

    What `check-config` refuses stops `run` at the start with one line, not every poll: the
    Config was validated as a whole by `load_config` (and the CLI refuses a missing folder).
    """
    if config.smtp is not None and kwargs.get("transport") is None:
        read_password(config.smtp)
    return Service(config, store, **kwargs)


def run_service(config: Config, store: Store) -> int:
    """Run until SIGINT or SIGTERM; 0 after a clean stop."""
    service = load_service(config, store)
    with ServiceLock(config.settings.database_url, store) as lock:
        service.check_lock = lock.ensure
        return _run(service)


def _run(service: Service) -> int:
    settings, config = service.settings, service.config
    jobs = Jobs(poll=service.guarded(service.poll, "poll"), digest=service.guarded(service.after_first_poll, "digest"),
                housekeeping=service.guarded(service.housekeeping, "housekeeping"))
    scheduler = build_scheduler(jobs, {d.name: (d.cron, d.timezone) for d in config.digests},
                                settings.poll_interval, config.housekeeping.interval)

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        logger.info("received %s: stopping after the current step", signal.Signals(signum).name)
        service.stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    if not logger.isEnabledFor(logging.DEBUG):
        # APScheduler logs every job start and end at INFO; our jobs log what they did instead (-v shows both).
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    try:
        scheduler.start()
        for job in scheduler.get_jobs():
            logger.info("scheduled %s: next run %s", job.name, job.next_run_time.isoformat(timespec="seconds"))
        email = f"email via {config.smtp.host}:{config.smtp.port}" if config.smtp else "no email ([smtp] not set)"
        logger.info("monitor service started: inbox %s, poll every %ss, %d digest(s), %s",
                    settings.inbox, settings.poll_interval, len(config.digests), email)
        while not service.stop.wait(1):
            pass
    finally:
        # wait=True: the job in flight finishes its current step; queued runs see `stop` and return at once.
        if scheduler.running:
            scheduler.shutdown(wait=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if service.lost_lock:
        logger.error("monitor service stopped: another service holds the database now")
        return 1
    logger.info("monitor service stopped")
    return 0


class ServiceLock:
    """One service per database: flock on `<db>.lock` for SQLite, an advisory lock for PostgreSQL."""

    def __init__(self, database_url: str, store: Store) -> None:
        self.lock = database_lock(store.engine, SERVICE_LOCK_SUFFIX, SERVICE_KEY)
        self.path = self.path_for(database_url)

    @staticmethod
    def path_for(database_url: str) -> Path | None:
        return lock_file(make_url(database_url), SERVICE_LOCK_SUFFIX)

    def __enter__(self) -> ServiceLock:
        holder = self.lock.try_acquire() if self.lock is not None else None
        if holder is not None:
            where = f"{self.path}: the database is in use by monitor run" if self.path else (
                "the database is in use by another monitor run")
            raise ServiceLockedError(f"{where} ({holder})",
                                     hint="stop the other service first; two would send digests twice")
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.lock is not None:
            self.lock.release()

    def ensure(self) -> None:
        """Check the lock is still ours; take it again if nobody else did, else ServiceLockLost.

        Checked before every job and between two messages: a service whose lock's session
        was terminated, or whose lock file was deleted, would otherwise run on next to a
        second service that took the lock, and both would send every digest.
        """
        if self.lock is None or self.lock.held():
            return
        self.lock.forget()
        holder = self.lock.try_acquire()
        if holder is not None:
            raise ServiceLockLost(f"the service lock was lost and is now held by another process ({holder})",
                                  hint="this service stops so that digests are not sent twice")
        logger.warning("the service lock was lost (%s); taken again", self.path or "its database session ended")


def service_running(store: Store) -> str | None:
    """The pid holding the service lock (a file for SQLite, a session for PostgreSQL), or None."""
    lock = database_lock(store.engine, SERVICE_LOCK_SUFFIX, SERVICE_KEY)
    return lock.holder() if lock is not None else None
