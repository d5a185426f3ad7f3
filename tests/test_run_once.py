"""End to end: `monitor run --once` over a copy of the seeds, as a new user runs it."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from tests.conftest import RunCli

TOPICS = ("ai_hubs", "smart_cities", "env_subsidies")


def section(html: str, topic_id: str) -> str:
    match = re.search(rf'<section class="topic" id="topic-{topic_id}".*?</section>', html, re.S)
    assert match, f"no section for {topic_id}"
    return match.group(0)


def article_count(workdir: Path) -> int:
    with sqlite3.connect(workdir / "var" / "monitor.db") as conn:
        return conn.execute("select count(*) from articles").fetchone()[0]


def test_run_once_writes_a_topic_grouped_digest_and_is_idempotent(run_cli: RunCli, workdir: Path) -> None:
    first = run_cli("run", "--once", cwd=workdir)
    assert first.returncode == 0, first.stderr
    reports = sorted((workdir / "reports").glob("digest-*.html"))
    assert len(reports) == 1
    assert str(reports[0].name) in first.stdout  # it says where it wrote the digest
    html = reports[0].read_text(encoding="utf-8")
    for topic in TOPICS:
        section(html, topic)
    assert "002_406841c61750686d.txt" in section(html, "smart_cities")
    assert "003_34563cb7a2288630.txt" in section(html, "ai_hubs")
    assert "거점형 스마트시티" in section(html, "smart_cities")
    assert "<mark>" in html  # matched keywords are highlighted
    stored = article_count(workdir)
    assert stored >= 14

    index = (workdir / "reports" / "index.html").read_text(encoding="utf-8")
    assert reports[0].name in index

    second = run_cli("run", "--once", cwd=workdir)
    assert second.returncode == 0, second.stderr
    assert article_count(workdir) == stored
    assert "0 new article(s)" in second.stdout
    # Nothing new: no empty page, and no empty row in the index (`empty_report = "write"` would write one).
    assert "nothing new, no page written" in second.stdout
    assert sorted((workdir / "reports").glob("digest-*.html")) == reports
    index = (workdir / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") == 1 + 1  # the header row and the first digest's


def test_undecodable_file_is_skipped_counted_and_nothing_is_lost(run_cli: RunCli, workdir: Path) -> None:
    (workdir / "seeds" / "zz_broken.txt").write_bytes(b"\x80\x81\xc8\xff\xfe\xff" * 10)
    result = run_cli("ingest", cwd=workdir)
    assert result.returncode == 1  # something needs attention
    assert "1 skipped" in result.stdout and "zz_broken.txt" in result.stdout
    assert article_count(workdir) >= 14


def test_analyze_prints_the_json_lines_contract(run_cli: RunCli, workdir: Path) -> None:
    result = run_cli("analyze", "seeds/002_406841c61750686d.txt", "seeds/003_34563cb7a2288630.txt", cwd=workdir)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"], r["index"]) for r in records] == [
        ("seeds/002_406841c61750686d.txt", 0), ("seeds/003_34563cb7a2288630.txt", 0)]
    expected = ["source", "index", "headline", "byline", "outlet", "published", "text", "summary", "topics",
                "matched"]
    for record in records:
        assert list(record)[: len(expected)] == expected
        assert set(record["matched"]) == set(record["topics"])
    assert "smart_cities" in records[0]["topics"]
    assert "ai_hubs" in records[1]["topics"]
    assert records[0]["published"] == "2025-06-20"
    assert not (workdir / "var").exists()  # analyze never touches the database
