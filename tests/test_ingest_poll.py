"""A poll skips inbox files unchanged since they were taken in, by name, size and mtime, without reading them."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor import pipeline
from monitor.configuration import Config, config_from_data
from monitor.sources.folder import RACY_NS, FileStamp, FolderScan, iter_folder
from monitor.store import Store
from monitor.store.sources import known_files
from monitor.topics import TopicSet, load_topics
from tests.conftest import CONFIG

T0 = datetime(2025, 6, 20, 0, 0, tzinfo=UTC)
HOUR_NS = 3600 * 10**9


def text(i: int, word: str = "지원한다") -> str:
    return f"전북특별자치도는 전기굴착기 {i:03d}대 구매를 {word}고 13일 밝혔다.\n\n도는 올해 예산을 투입한다."


@pytest.fixture(scope="module")
def topics() -> TopicSet:
    return load_topics(CONFIG / "topics.toml")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def config_for_inbox(tmp_path: Path, inbox: Path, topics: TopicSet) -> Config:
    return config_from_data({"sources": {"folder": [{"path": str(inbox), "name": "inbox", "settle_seconds": 0}]}},
                            tmp_path, topics=topics, inbox=inbox)


def write(path: Path, content: str, mtime_ns: int | None = None) -> int:
    """Write `content`; set its mtime (default: an hour ago, well out of the racy window); return it."""
    path.write_text(content, encoding="utf-8")
    mtime_ns = time.time_ns() - HOUR_NS if mtime_ns is None else mtime_ns
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return mtime_ns


def ingest(tmp_path: Path, inbox: Path, topics: TopicSet, store: Store, hours: int = 0) -> pipeline.IngestReport:
    return pipeline.ingest(config_for_inbox(tmp_path, inbox, topics), store, T0 + timedelta(hours=hours))


def test_unchanged_files_are_not_read_again(tmp_path: Path, inbox: Path, topics: TopicSet, store: Store) -> None:
    stamps = {i: write(inbox / f"{i}.txt", text(i)) for i in range(5)}
    first = ingest(tmp_path, inbox, topics, store)
    assert first.documents_new == 5 and store.count_documents() == 5
    # Same name, size and mtime, other content: a file that was not opened cannot show it.
    write(inbox / "2.txt", text(2, "검토한다"), stamps[2])
    again = ingest(tmp_path, inbox, topics, store, hours=1)
    assert (again.documents_seen, again.documents_new, again.failures) == (5, 0, ())
    assert store.count_documents() == 5
    assert set(known_files(store, f"folder:{inbox}")) == {f"{i}.txt" for i in range(5)}


def test_a_rewritten_file_is_read_and_ingested(tmp_path: Path, inbox: Path, topics: TopicSet, store: Store) -> None:
    stamp = write(inbox / "a.txt", text(1))
    ingest(tmp_path, inbox, topics, store)
    write(inbox / "a.txt", text(2), stamp + 10**9)  # same size, a second later
    report = ingest(tmp_path, inbox, topics, store, hours=1)
    assert report.documents_new == 1 and store.count_documents() == 2


def test_a_rewrite_within_the_timestamp_granule_is_caught(tmp_path: Path, inbox: Path, topics: TopicSet,
                                                          store: Store) -> None:
    # Taken in just after it was written: a rewrite of the same size may keep the mtime, so the
    # record is racy and the next poll hashes the file again.
    stamp = write(inbox / "a.txt", text(1), time.time_ns())
    ingest(tmp_path, inbox, topics, store)
    write(inbox / "a.txt", text(2), stamp)
    report = ingest(tmp_path, inbox, topics, store, hours=1)
    assert report.documents_new == 1 and store.count_documents() == 2


def test_a_touched_file_is_hashed_again_not_duplicated_then_skipped(tmp_path: Path, inbox: Path, topics: TopicSet,
                                                                    store: Store) -> None:
    stamp = write(inbox / "a.txt", text(1))
    ingest(tmp_path, inbox, topics, store)
    os.utime(inbox / "a.txt", ns=(stamp + HOUR_NS // 2, stamp + HOUR_NS // 2))
    touched = ingest(tmp_path, inbox, topics, store, hours=1)
    assert touched.documents_new == 0 and store.count_documents() == 1
    assert known_files(store, f"folder:{inbox}")["a.txt"].mtime_ns == stamp + HOUR_NS // 2  # its new look
    # Known now by its new mtime: the next poll does not open it (other content, same look).
    write(inbox / "a.txt", text(2), stamp + HOUR_NS // 2)
    assert ingest(tmp_path, inbox, topics, store, hours=2).documents_new == 0


def test_a_file_gone_and_back_under_its_name_is_read(tmp_path: Path, inbox: Path, topics: TopicSet,
                                                     store: Store) -> None:
    stamp = write(inbox / "a.txt", text(1))
    ingest(tmp_path, inbox, topics, store)
    (inbox / "a.txt").unlink()
    ingest(tmp_path, inbox, topics, store, hours=1)
    assert known_files(store, f"folder:{inbox}") == {}
    write(inbox / "a.txt", text(2), stamp)
    assert ingest(tmp_path, inbox, topics, store, hours=2).documents_new == 1


@pytest.mark.parametrize(("size", "mtime", "checked", "skipped"), [
    (10, 5 * HOUR_NS, 6 * HOUR_NS, True),  # recorded an hour after the write
    (11, 5 * HOUR_NS, 6 * HOUR_NS, False),  # other size
    (10, 5 * HOUR_NS + 1, 6 * HOUR_NS, False),  # other mtime, by a nanosecond
    (10, 5 * HOUR_NS, 5 * HOUR_NS + RACY_NS, False),  # recorded within the granule: racy
    (10, 5 * HOUR_NS, 5 * HOUR_NS - 1, False),  # an mtime in the future of the record (clock skew)
])
def test_stamp_decides_from_size_mtime_and_when_it_was_taken(size: int, mtime: int, checked: int,
                                                              skipped: bool) -> None:
    assert FileStamp(10, 5 * HOUR_NS, checked).matches(size, mtime) is skipped


def test_a_poll_over_many_unchanged_files_opens_none(tmp_path: Path) -> None:
    for i in range(300):
        write(tmp_path / f"{i:04d}.txt", text(i))
    scan = FolderScan()
    first = list(iter_folder(tmp_path, scan))
    again = FolderScan()
    assert len(first) == 300 and list(iter_folder(tmp_path, again, known=scan.stamps)) == []
    assert again.unchanged == 300 and again.stamps == {} and len(again.names) == 300
