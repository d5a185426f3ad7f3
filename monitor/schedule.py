"""When things run: cron slots in a timezone, the catch-up decision, and the APScheduler jobs.

The scheduler only wakes the service up; the ledger in the database decides
what is due. A digest (or one recipient's copy of it) is due when a cron slot
lies in (end of its last period, now]. After an outage spanning three slots
that is still one digest, covering the whole gap, because the period runs
from the last end to now. A recipient or digest with no ledger yet is due at
once; the report then takes everything stored so far, a recipient's first
email one schedule interval (`first_period_start`).

Slot arithmetic is done on aware UTC datetimes: adding a timedelta to a local
time silently resets `fold` and breaks around DST changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

logger = logging.getLogger(__name__)

# A late digest run is still wanted, but one hours late is better left to the
# ledger check of the next housekeeping tick, which sees the same due slot.
DIGEST_MISFIRE_GRACE = 3600
# Counting missed slots is only for the log line; stop counting at some point.
MAX_COUNTED_SLOTS = 1000
ONE_MICROSECOND = timedelta(microseconds=1)
# The executor polling runs on, apart from the digests ("default").
POLL_EXECUTOR = "poll"
# The start-up digest waits for the start-up poll, whose articles belong in it, but no longer than
# this: a poll stuck on slow feeds must not hold the digests (they catch up on the next slot).
FIRST_POLL_WAIT = 300.0


@dataclass(frozen=True, slots=True)
class DueCheck:
    """Whether a digest is due at `now`, and which slots it makes up for."""

    due: bool
    missed: int  # scheduled slots in (last end, now]; more than one means a catch-up
    first_slot: datetime | None
    next_slot: datetime | None  # the first slot after now


def cron_trigger(expression: str, timezone: str) -> CronTrigger:
    """A CronTrigger for "minute hour day month day-of-week" in an IANA timezone."""
    return CronTrigger.from_crontab(expression, timezone=ZoneInfo(timezone))


def next_slot(trigger: CronTrigger, after: datetime) -> datetime | None:
    """The first slot strictly after `after`, in UTC; a wall-clock time a DST fall-back repeats counts once."""
    # get_next_fire_time is inclusive of its `now`; one microsecond later makes it strict.
    slot = trigger.get_next_fire_time(None, after.astimezone(UTC) + ONE_MICROSECOND)
    while slot is not None and _repeated(slot):
        # `30 1 * * *` meets 01:30 twice on the night clocks go back: the digest is due once.
        slot = trigger.get_next_fire_time(None, slot.astimezone(UTC) + ONE_MICROSECOND)
    return None if slot is None else slot.astimezone(UTC)


def _repeated(local: datetime) -> bool:
    """True for the second occurrence of a wall-clock time that a DST fall-back repeats."""
    return local.fold == 1 and local.replace(fold=0).utcoffset() != local.utcoffset()


def first_period_start(trigger: CronTrigger, now: datetime) -> datetime | None:
    """Where a new recipient's first period starts: one schedule interval before `now`.

    The interval is the gap between the next two slots (a day for `0 8 * * *`, a week
    for `0 9 * * mon`): someone added to a daily digest gets the last day's news, not
    the whole archive. None (everything) for a schedule with fewer than two slots left.
    """
    first = next_slot(trigger, now)
    second = next_slot(trigger, first) if first is not None else None
    if first is None or second is None:
        return None
    return now - (second - first)


def check_due(trigger: CronTrigger, last_end: datetime | None, now: datetime) -> DueCheck:
    """Is a slot in (last_end, now]? `last_end` None (never ran) is always due."""
    upcoming = next_slot(trigger, now)
    if last_end is None:
        return DueCheck(True, 0, None, upcoming)
    first = next_slot(trigger, last_end)
    if first is None or first > now:
        return DueCheck(False, 0, None, upcoming)
    missed, slot = 0, first
    while slot is not None and slot <= now and missed < MAX_COUNTED_SLOTS:
        missed += 1
        slot = next_slot(trigger, slot)
    return DueCheck(True, missed, first, upcoming)


@dataclass(frozen=True, slots=True)
class Jobs:
    """What the scheduler calls; each takes no argument and reads the clock itself."""

    poll: Callable[[], None]
    digest: Callable[[str], None]  # by digest name: checks the ledger, then writes and sends
    housekeeping: Callable[[], None]  # retries the outbox and re-checks every ledger


def build_scheduler(jobs: Jobs, digests: dict[str, tuple[str, str]], poll_interval: int,
                    housekeeping_interval: int, now: datetime | None = None) -> BackgroundScheduler:
    """A BackgroundScheduler with the service's jobs on two workers: polling, and delivery.

    `digests` maps a digest name to (cron expression, timezone). Polling has a
    worker of its own (POLL_EXECUTOR) so that a poll held up by slow feeds never
    delays a digest slot: on one shared worker every digest run queued behind it,
    and the scheduler dropped the later runs ("maximum number of running
    instances reached"). Digests and housekeeping share the other worker, so that
    one recipient's messages are never flushed by two threads at once. Each job
    commits per step, and SQLite's busy timeout lets the two writers take turns.
    """
    now = now or datetime.now(UTC)
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=1), POLL_EXECUTOR: ThreadPoolExecutor(max_workers=1)},
        # Not APScheduler's 1 s default grace, which silently drops a run that starts late.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": DIGEST_MISFIRE_GRACE},
        timezone=UTC,
    )
    # Jitter spreads polls of many services over the interval; at most a tenth of it.
    jitter = max(1, min(60, poll_interval // 10))
    scheduler.add_job(jobs.poll, IntervalTrigger(seconds=poll_interval, jitter=jitter, timezone=UTC),
                      id="poll", name="poll sources", next_run_time=now, misfire_grace_time=poll_interval,
                      executor=POLL_EXECUTOR)
    # The start-up run of each digest job is the catch-up check; the job waits for the first poll (Jobs.digest).
    for offset, (name, (cron, timezone)) in enumerate(sorted(digests.items()), start=1):
        scheduler.add_job(jobs.digest, cron_trigger(cron, timezone), args=[name], id=f"digest:{name}",
                          name=f"digest {name}", next_run_time=now + timedelta(milliseconds=offset))
    scheduler.add_job(jobs.housekeeping, IntervalTrigger(seconds=housekeeping_interval, timezone=UTC),
                      id="housekeeping", name="housekeeping", misfire_grace_time=housekeeping_interval)
    return scheduler
