"""One run reads its period once: the report and every email are built from the same reading.

`monitor run --once` writes the report (over everything since the last report) and mails each
recipient their own period; a new recipient's first day lies within the report's period, and is
taken from the report's reading rather than from the database again. Counted, not timed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from monitor.digest.period import PeriodCache, load_period
from monitor.digests_config import HousekeepingConfig, Recipient, ServiceConfig
from monitor.service import Service
from monitor.store import Store
from tests.conftest import config_for
from tests.delivery_support import SmtpServer, add_article, digest_config, smtp_server  # noqa: F401  (the smtp fixture)
from tests.digest_support import END, fill, topics

KIM = Recipient("kim@example.org", "김민수")


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo("Asia/Seoul")).astimezone(UTC)  # type: ignore[misc]


def counting(monkeypatch: pytest.MonkeyPatch, store: Store) -> list[Any]:
    """The periods `store.articles_between` is asked for, from now on."""
    asked: list[Any] = []
    read: Callable[..., Any] = store.articles_between

    def counted(start: datetime | None, end: datetime, *args: Any, **kwargs: Any) -> Any:
        asked.append((start, end))
        return read(start, end, *args, **kwargs)

    monkeypatch.setattr(store, "articles_between", counted)
    return asked


@pytest.mark.parametrize("hours", range(1, 11))
def test_a_period_within_one_read_is_prepared_as_if_read_on_its_own(store: Store, hours: int) -> None:
    topic_set = topics()
    fill(store, topic_set)  # a story of two outlets, 9 h and 7 h before END: split by some of these
    start = END - timedelta(hours=hours)
    periods = PeriodCache(store, topic_set)
    periods.get(None, END)
    within, alone = periods.get(start, END), load_period(store, topic_set, start, END)
    assert within == alone
    assert any(item.update for item in alone.items.values()) == (hours in (7, 8))  # the story split


def test_run_once_reads_the_period_once_for_the_report_and_the_email(tmp_path: Path, store: Store,
                                                                    smtp: SmtpServer,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "inbox").mkdir()
    service_config = ServiceConfig((digest_config(KIM),), smtp.config(), HousekeepingConfig())
    config = config_for(tmp_path, {}, inbox=tmp_path / "inbox", database_url=str(store.engine.url),
                        reports_dir=tmp_path / "reports")
    service = Service(replace(config, service=service_config), store)
    add_article(store, kst(2026, 1, 3, 9, 0), "지난주 스마트시티 기사", ("smart_cities",))
    add_article(store, kst(2026, 1, 5, 7, 0), "첫날 스마트시티 기사", ("smart_cities",))
    asked = counting(monkeypatch, store)
    with time_machine.travel(kst(2026, 1, 5, 9, 0), tick=False):
        first = service.run_once()
    # The report takes everything so far; Kim, new, gets the last day, read with it.
    assert [report.article_count for report, _ in first.digests] == [2]
    assert [entry.article_count for _, entries in first.digests for entry in entries] == [1]
    assert asked == [(None, kst(2026, 1, 5, 9, 0))]
    add_article(store, kst(2026, 1, 6, 7, 0), "둘째 날 스마트시티 기사", ("smart_cities",))
    asked.clear()
    with time_machine.travel(kst(2026, 1, 6, 9, 0), tick=False):
        second = service.run_once()
    # The next day the report and Kim's email cover the same period: one reading again.
    assert [entry.article_count for _, entries in second.digests for entry in entries] == [1]
    assert asked == [(kst(2026, 1, 5, 9, 0), kst(2026, 1, 6, 9, 0))]
    assert len(smtp.recorder.messages) == 2


def test_the_collector_paused_for_a_digest_runs_again_after() -> None:
    import gc

    from monitor.gc_pause import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested (a report inside a run): the outer pause resumes it
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("a failed render")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()
