"""`monitor analyze` on feed files and URLs, and `monitor sources`, as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.feeds_server import FEEDS, FeedServer, Route

CONTRACT = ["source", "index", "headline", "byline", "outlet", "published", "text", "summary", "topics", "matched"]


def test_analyze_feed_file_and_url_add_link_and_feed(run_cli: RunCli, workdir: Path,
                                                     feed_server: FeedServer) -> None:
    shutil.copy(FEEDS / "rss20.xml", workdir / "press.rss")
    url = feed_server.serve_file("/cb", "euckr_undeclared.xml")
    result = run_cli("analyze", "press.rss", url, "seeds/002_406841c61750686d.txt", cwd=workdir)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    for record in records:
        # the contract's fields first, in order; fields added later come after them
        assert list(record) == [*CONTRACT, "link", "feed", "story", "amounts", "regions",
                                "title", "date", "date_source", "publisher"]
    from_file = [r for r in records if r["feed"] == "press.rss"]
    assert from_file[0]["headline"] == "전북도, 스마트시티 챌린지 공모 선정"
    assert from_file[0]["link"] == from_file[0]["source"] == "http://127.0.0.1/press/1001"
    # The entry's date, marked as the feed's (`published` is only a date the text shows).
    assert (from_file[0]["date"], from_file[0]["date_source"]) == ("2025-06-20", "feed")
    assert "smart_cities" in from_file[0]["topics"]
    assert feed_server.hits["/cb"] == 1
    text_file = records[-1]
    assert text_file["source"] == "seeds/002_406841c61750686d.txt"
    assert text_file["link"] is None and text_file["feed"] is None
    assert not (workdir / "var").exists()


def test_analyze_unreachable_url_fails_with_one_line(run_cli: RunCli, workdir: Path,
                                                     feed_server: FeedServer) -> None:
    feed_server.routes["/gone"] = Route(b"gone", 410)
    result = run_cli("analyze", feed_server.url("/gone"), cwd=workdir)
    assert result.returncode == 1 and result.stdout == ""
    assert "HTTP 410 Gone" in result.stderr


def test_sources_lists_health_after_ingest(run_cli: RunCli, workdir: Path, feed_server: FeedServer) -> None:
    good = feed_server.serve_file("/rss", "rss20.xml")
    feed_server.routes["/down"] = Route(b"", 500)
    config = workdir / "config" / "monitor.toml"
    config.write_text(config.read_text(encoding="utf-8") + f'''
[[sources.folder]]
path = "../seeds"
name = "seeds"

[[sources.feed]]
url = "{good}"
name = "전북도청"

[[sources.feed]]
url = "{feed_server.url('/down')}"
name = "멈춘 피드"
''', encoding="utf-8")
    ingest = run_cli("ingest", cwd=workdir)
    assert ingest.returncode == 1 and "HTTP 500" in ingest.stdout  # a failing source is reported, not fatal
    listing = run_cli("sources", cwd=workdir)
    assert listing.returncode == 1, listing.stderr  # a source failing: for cron and monitoring
    lines = listing.stdout
    assert f"feed   전북도청  {good}" in lines and "entries taken in: 2" in lines
    assert "멈춘 피드" in lines and "failures in a row: 1" in lines and "HTTP 500 Internal Server Error" in lines
    assert f"folder seeds  {workdir / 'seeds'}" in lines


def test_sources_has_help(run_cli: RunCli) -> None:
    result = run_cli("sources", "--help")
    assert result.returncode == 0 and "health" in result.stdout


def test_entries_taken_in_are_counted_from_what_is_stored(workdir: Path, feed_server: FeedServer,
                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A pass that dies after storing its documents, before it writes the sources' health."""
    from datetime import UTC, datetime

    from monitor import pipeline
    from monitor.configuration import load_config
    from monitor.sources import collect
    from monitor.store import Store
    from monitor.store.sources import get_state, taken_in

    good = feed_server.serve_file("/rss", "rss20.xml")
    config = workdir / "config" / "monitor.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"sqlite:///../var/monitor.db"',
                                                                  f'"sqlite:///{workdir}/var/monitor.db"')
                      + f'\n[[sources.folder]]\npath = "{workdir}/seeds"\nname = "seeds"\nsettle_seconds = 0\n'
                      f'\n[[sources.feed]]\nurl = "{good}"\nname = "전북도청"\n', encoding="utf-8")
    config = load_config(workdir / "config")
    store = Store.open(config.settings.database_url)
    real_finish = collect.SourceBatch.finish

    def killed(self) -> None:  # type: ignore[no-untyped-def]
        raise SystemExit("killed")

    monkeypatch.setattr(collect.SourceBatch, "finish", killed)
    with pytest.raises(SystemExit):
        pipeline.ingest(config, store, datetime(2025, 6, 20, tzinfo=UTC))
    monkeypatch.setattr(collect.SourceBatch, "finish", real_finish)
    pipeline.ingest(config, store, datetime(2025, 6, 21, tzinfo=UTC))  # finds everything stored
    seeds = len(list((workdir / "seeds").glob("*.txt")))
    folder = get_state(store, f"folder:{workdir}/seeds")
    feed = get_state(store, f"feed:{good}")
    assert folder is not None and feed is not None
    assert taken_in(store, folder) == seeds == store.count_documents() - 2
    assert taken_in(store, feed) == 2
    store.close()
