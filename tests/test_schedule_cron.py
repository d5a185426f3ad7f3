"""Cron slots in a timezone and the due decision, on fixed clocks (DST included)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from monitor.schedule import Jobs, build_scheduler, check_due, cron_trigger, next_slot

SEOUL = ZoneInfo("Asia/Seoul")


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=SEOUL).astimezone(UTC)  # type: ignore[misc]


@pytest.mark.parametrize(("after", "expected"), [
    (kst(2026, 1, 9, 9, 0), kst(2026, 1, 12, 8, 0)),  # Friday after the slot -> Monday
    (kst(2026, 1, 10, 7, 0), kst(2026, 1, 12, 8, 0)),  # Saturday -> Monday
    (kst(2026, 1, 12, 7, 59, 59), kst(2026, 1, 12, 8, 0)),
    (kst(2026, 1, 12, 8, 0), kst(2026, 1, 13, 8, 0)),  # strictly after: the slot itself is not "next"
])
def test_weekday_mornings_in_seoul(after: datetime, expected: datetime) -> None:
    assert next_slot(cron_trigger("0 8 * * mon-fri", "Asia/Seoul"), after) == expected


def test_new_york_mornings_stay_at_eight_across_both_dst_changes() -> None:
    trigger = cron_trigger("0 8 * * *", "America/New_York")
    slots, moment = [], datetime(2026, 3, 6, 14, tzinfo=UTC)
    for _ in range(4):
        moment = next_slot(trigger, moment)  # type: ignore[assignment]
        slots.append(moment)
    assert [s.day for s in slots] == [7, 8, 9, 10]
    assert [s.hour for s in slots] == [13, 12, 12, 12]  # EST (UTC-5) on 7 March, EDT (UTC-4) from the 8th
    assert all(s.astimezone(ZoneInfo("America/New_York")).hour == 8 for s in slots)
    autumn = next_slot(trigger, datetime(2026, 10, 31, 14, tzinfo=UTC))
    assert autumn == datetime(2026, 11, 1, 13, tzinfo=UTC)  # back to EST on 1 November


def test_a_slot_in_the_skipped_spring_hour_runs_once_that_day() -> None:
    trigger = cron_trigger("30 2 * * *", "Europe/Berlin")  # 02:30 does not exist on 29 March 2026
    first = next_slot(trigger, datetime(2026, 3, 28, 12, tzinfo=UTC))
    second = next_slot(trigger, first)  # type: ignore[arg-type]
    third = next_slot(trigger, second)  # type: ignore[arg-type]
    assert first == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST: run once, late, not skipped
    assert second == datetime(2026, 3, 30, 0, 30, tzinfo=UTC)  # 02:30 CEST from then on
    assert third is not None and third - second == timedelta(days=1)


def test_a_slot_in_the_repeated_autumn_hour_runs_once_that_day() -> None:
    trigger = cron_trigger("30 1 * * *", "America/New_York")  # 01:30 happens twice on 1 November 2026
    first = next_slot(trigger, datetime(2026, 10, 31, 12, tzinfo=UTC))
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    assert next_slot(trigger, first) == datetime(2026, 11, 2, 6, 30, tzinfo=UTC)  # not 01:30 EST an hour later
    # The scheduler wakes the service at the second 01:30 too: the ledger says nothing is due.
    assert not check_due(trigger, first, datetime(2026, 11, 1, 6, 30, 1, tzinfo=UTC)).due


def test_never_run_is_due_at_once() -> None:
    check = check_due(cron_trigger("0 8 * * mon-fri", "Asia/Seoul"), None, kst(2026, 1, 10, 12, 0))
    assert check.due and check.missed == 0 and check.next_slot == kst(2026, 1, 12, 8, 0)


def test_an_outage_over_three_slots_is_one_catch_up() -> None:
    trigger = cron_trigger("0 8 * * *", "Asia/Seoul")
    last_end = kst(2026, 1, 5, 8, 0, 2)  # the 5 January digest, written two seconds after its slot
    assert not check_due(trigger, last_end, kst(2026, 1, 6, 7, 59)).due
    back = kst(2026, 1, 8, 9, 30)  # down from the 6th to the 8th, back after the 8th's slot
    check = check_due(trigger, last_end, back)
    assert check.due and check.missed == 3 and check.first_slot == kst(2026, 1, 6, 8, 0)
    # Once the catch-up digest ends at `back`, nothing is due until the next slot.
    assert not check_due(trigger, back, kst(2026, 1, 9, 7, 59)).due
    assert check_due(trigger, back, kst(2026, 1, 9, 8, 0)).due


def test_a_digest_ending_exactly_on_its_slot_is_not_due_again() -> None:
    trigger = cron_trigger("0 8 * * *", "Asia/Seoul")
    assert not check_due(trigger, kst(2026, 1, 5, 8, 0), kst(2026, 1, 5, 8, 0, 30)).due


def test_scheduler_jobs_use_sane_defaults_and_run_the_catch_up_check_at_start() -> None:
    calls: list[str] = []
    jobs = Jobs(poll=lambda: calls.append("poll"), digest=calls.append, housekeeping=lambda: None)
    with time_machine.travel(kst(2026, 1, 5, 7, 0), tick=False):
        now = datetime.now(UTC)
        scheduler = build_scheduler(jobs, {"daily": ("0 8 * * mon-fri", "Asia/Seoul"),
                                           "weekly": ("0 9 * * mon", "Asia/Seoul")}, 300, 60)
    scheduler.start(paused=True)  # job defaults are applied when the scheduler starts
    try:
        by_id = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)
    assert calls == []  # paused: nothing ran
    assert set(by_id) == {"poll", "digest:daily", "digest:weekly", "housekeeping"}
    for job in by_id.values():
        assert job.coalesce and job.max_instances == 1
        assert job.misfire_grace_time >= 60  # never APScheduler's 1 s, which drops late runs silently
    # First the poll, then each digest's start-up ledger check, in that order.
    order = sorted(by_id.values(), key=lambda job: job.next_run_time)
    assert [job.id for job in order[:3]] == ["poll", "digest:daily", "digest:weekly"]
    assert by_id["poll"].next_run_time == now
    daily = by_id["digest:daily"].trigger
    assert daily.get_next_fire_time(None, now + timedelta(seconds=1)) == kst(2026, 1, 5, 8, 0)
