"""The folder source: files still being written wait for the next pass; unreadable files show in health."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from monitor.sources.collect import read_sources
from monitor.sources.folder import scan_folder
from monitor.store import Store
from monitor.store.sources import get_state
from tests.conftest import config_for

KOREAN = "전북특별자치도는 전기굴착기 구매 지원사업을 추진한다고 13일 밝혔다."
T0 = datetime(2025, 6, 20, tzinfo=UTC)


def test_file_growing_between_two_looks_is_left_for_the_next_pass(tmp_path: Path) -> None:
    (tmp_path / "done.txt").write_text(KOREAN, encoding="utf-8")
    growing = tmp_path / "growing.txt"
    growing.write_text("전북", encoding="utf-8")
    stop = threading.Event()

    def writer() -> None:  # a slow copy: appends every 50 ms
        while not stop.is_set():
            with growing.open("a", encoding="utf-8") as handle:
                handle.write("특별자치도")
            time.sleep(0.05)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        scan = scan_folder(tmp_path, settle_seconds=0.5)
    finally:
        stop.set()
        thread.join()
    assert [d.name for d in scan.documents if d.name == "growing.txt"] == []
    assert growing in scan.deferred and scan.failures == []

    time.sleep(0.6)
    later = scan_folder(tmp_path, settle_seconds=0.5)
    assert sorted(d.name for d in later.documents) == ["done.txt", "growing.txt"] and later.deferred == []


def test_fresh_but_finished_file_is_read_in_the_same_pass(tmp_path: Path) -> None:
    (tmp_path / "new.txt").write_text(KOREAN, encoding="utf-8")
    started = time.monotonic()
    scan = scan_folder(tmp_path, settle_seconds=0.3)
    assert [d.name for d in scan.documents] == ["new.txt"]
    assert 0.2 <= time.monotonic() - started < 2  # waited once for it to settle, not a whole poll interval


def test_unreadable_file_is_recorded_in_the_folder_health(tmp_path: Path, store: Store) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ok.txt").write_text(KOREAN, encoding="utf-8")
    (inbox / "bad.txt").write_bytes(b"\x80\x81\xc8\xff\xfe\xff")
    config = config_for(tmp_path, {"sources": {"folder": [{"path": str(inbox), "name": "받은 편지함",
                                                           "settle_seconds": 0}]}}, inbox=inbox)
    batch = read_sources(config, store, T0)
    documents = list(batch.documents())  # read as iterated: the failures are known once it is done
    assert [d.name for d in documents] == ["ok.txt"] and len(batch.failures) == 1
    for doc in documents:
        batch.done(doc, new=True)
    batch.finish()
    state = get_state(store, f"folder:{inbox}")
    assert state is not None and state.name == "받은 편지함" and state.entries_seen == 1
    assert state.consecutive_failures == 1 and "bad.txt" in (state.last_error or "")


def test_missing_folder_is_a_source_failure_not_a_crash(tmp_path: Path, store: Store) -> None:
    config = config_for(tmp_path, {}, inbox=tmp_path / "nowhere")  # gone since start-up
    batch = read_sources(config, store, T0)
    documents = list(batch.documents())
    batch.finish()
    state = get_state(store, f"folder:{tmp_path / 'nowhere'}")
    assert documents == [] and state is not None and "inbox folder does not exist" in (state.last_error or "")
