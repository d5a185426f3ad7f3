"""A poll skips inbox files unchanged since they were taken in, by name, size and mtime, without reading them."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor import pipeline
from monitor.configuration import Config, config_from_data
from monitor.sources import folder
from monitor.sources.folder import RACY_NS, RETRY_FAILED_NS, FileStamp, FolderScan, iter_folder
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


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the inbox files read (opened and hashed), in order."""
    names: list[str] = []
    real = folder.read_document

    def counting(path: Path, source: str | None = None):  # type: ignore[no-untyped-def]
        names.append(path.name)
        return real(path, source)

    monkeypatch.setattr(folder, "read_document", counting)
    return names


def failing_on(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Make the text pipeline fail on the file `name`; return the names of the documents analysed."""
    analysed: list[str] = []
    real = pipeline.analyze_document

    def flaky(doc, topics):  # type: ignore[no-untyped-def]
        analysed.append(doc.name)
        if doc.name == name:
            raise IndexError("text pipeline bug")
        return real(doc, topics)

    monkeypatch.setattr(pipeline, "analyze_document", flaky)
    return analysed


def test_a_file_the_text_pipeline_failed_on_is_not_read_every_poll(
        tmp_path: Path, inbox: Path, topics: TopicSet, store: Store, opened: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # One bad page among many made every quiet poll read it and run the text pipeline on it again
    # (at 10k files: Kiwi loaded for that page alone, seconds a poll).
    for i in range(5):
        write(inbox / f"{i}.txt", text(i))
    analysed = failing_on(monkeypatch, "3.txt")
    first = ingest(tmp_path, inbox, topics, store)
    assert first.documents_new == 4 and len(first.failures) == 1 and "3.txt" in first.failures[0]
    opened.clear(), analysed.clear()
    again = ingest(tmp_path, inbox, topics, store, hours=1)
    assert (again.documents_seen, again.documents_new, again.failures) == (5, 0, ())
    assert opened == [] and analysed == []
    assert known_files(store, f"folder:{inbox}")["3.txt"].failed
    assert not known_files(store, f"folder:{inbox}")["2.txt"].failed


def test_a_failed_file_is_read_again_when_it_changes_or_its_retry_is_due(
        tmp_path: Path, inbox: Path, topics: TopicSet, store: Store, opened: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    stamp = write(inbox / "a.txt", text(1))
    write(inbox / "b.txt", text(2))
    failing_on(monkeypatch, "a.txt")
    assert len(ingest(tmp_path, inbox, topics, store).failures) == 1
    opened.clear()
    # Retry due (the pipeline may have failed for a passing reason, or been fixed): read again, still failing.
    monkeypatch.setattr(folder, "RETRY_FAILED_NS", 0)
    assert len(ingest(tmp_path, inbox, topics, store, hours=1).failures) == 1 and opened == ["a.txt"]
    # Rewritten, with the pipeline taking it now: read at once and stored.
    monkeypatch.undo()
    write(inbox / "a.txt", text(3), stamp + 10**9)
    report = ingest(tmp_path, inbox, topics, store, hours=2)
    assert report.documents_new == 1 and report.failures == () and store.count_documents() == 2
    assert not known_files(store, f"folder:{inbox}")["a.txt"].failed


@pytest.mark.parametrize(("since", "skipped"), [(RETRY_FAILED_NS - 1, True), (RETRY_FAILED_NS, False)])
def test_a_failed_files_stamp_holds_until_its_retry_is_due(since: int, skipped: bool) -> None:
    stamp = FileStamp(10, 5 * HOUR_NS, 6 * HOUR_NS, failed=True)
    assert stamp.matches(10, 5 * HOUR_NS, now_ns=6 * HOUR_NS + since) is skipped


def test_sources_and_status_name_the_files_not_taken_in(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Skipped while unchanged, a failed file would be said once, in one pass's log, and then never.
    from monitor.cli import main

    monkeypatch.chdir(workdir)
    write(workdir / "seeds" / "zz_bad\x1b[2J.txt", text(1))  # its name is shown escaped
    failing_on(monkeypatch, "zz_bad\x1b[2J.txt")
    assert main(["ingest"]) == 1
    capsys.readouterr()
    assert main(["sources"]) == 1
    listing = capsys.readouterr().out
    assert "NEEDS ATTENTION: 1 file(s) not taken in, the text pipeline failed on them" in listing
    assert "retried every 6 h): zz_bad\\x1b[2J.txt" in listing and "\x1b" not in listing
    assert main(["status"]) == 1
    assert "inbox: 1 file(s) not taken in" in capsys.readouterr().out
    (workdir / "seeds" / "zz_bad\x1b[2J.txt").unlink()  # removed: its record goes with the next pass
    assert main(["ingest"]) == 0
    capsys.readouterr()
    assert main(["sources"]) == 0 and "not taken in" not in capsys.readouterr().out


def test_a_pass_runs_without_cyclic_collections_and_resumes_the_collector(
        tmp_path: Path, inbox: Path, topics: TopicSet, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # The collector's full walks over the story index grew with it (gc_pause): a pass pauses it.
    import gc

    for i in range(40):
        write(inbox / f"{i}.txt", text(i))
    during_pass: list[int] = []  # generations collected while the pass ran
    in_pass = False
    real_pass = pipeline._ingest_pass

    def timed_pass(*args):  # type: ignore[no-untyped-def]
        nonlocal in_pass
        in_pass = True
        try:
            return real_pass(*args)
        finally:
            in_pass = False

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and in_pass:
            during_pass.append(info["generation"])

    monkeypatch.setattr(pipeline, "_ingest_pass", timed_pass)
    config = config_for_inbox(tmp_path, inbox, topics)
    gc.callbacks.append(record)
    try:
        report = pipeline.ingest(config, store, T0)
    finally:
        gc.callbacks.remove(record)
    assert report.documents_new == 40
    assert during_pass == []
    assert gc.isenabled()
