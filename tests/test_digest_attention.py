"""A source failing for too long is listed at the top of the next digest, report and email alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.configuration import load_config
from monitor.pipeline import digest
from monitor.store import Store
from monitor.store.sources import SourceState, save_state

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 6, 23, 0, 0, tzinfo=UTC)


def failing_feed(since: datetime) -> SourceState:
    return SourceState(key="feed:https://press.example.kr/rss", kind="feed", name="도청 보도자료",
                       last_attempt=NOW, last_error="HTTP 500 Internal Server Error", last_error_at=NOW,
                       failing_since=since, consecutive_failures=9)


def render(tmp_path: Path, store: Store) -> str:
    config = load_config(ROOT / "monitor" / "config", inbox=tmp_path / "inbox", reports_dir=tmp_path / "reports")
    # Written even when empty, so the page can be read whether or not a source is listed.
    daily = replace(config.digest("daily"), empty_report="write")
    config = replace(config, service=replace(config.service, digests=(daily,)))
    report = digest(config, store, NOW)
    assert report.path is not None
    return report.path.read_text(encoding="utf-8")


def test_long_failing_source_is_listed(tmp_path: Path, store: Store) -> None:
    save_state(store, failing_feed(NOW - timedelta(days=2)))
    html = render(tmp_path, store)
    assert "점검이 필요한 소스 (1)" in html
    assert "도청 보도자료" in html and "HTTP 500" in html


def test_briefly_failing_source_is_not_listed(tmp_path: Path, store: Store) -> None:
    save_state(store, failing_feed(NOW - timedelta(minutes=30)))
    assert "점검이 필요한 소스" not in render(tmp_path, store)
