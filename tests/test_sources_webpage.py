"""Saved web pages (*.html, *.htm) in the inbox and in `monitor analyze`: the article, not the page."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from monitor.errors import SourceError
from monitor.sources.folder import list_inbox, read_document
from tests.conftest import RunCli

PAGES = Path(__file__).parent / "data" / "feeds"
EUCKR_PAGE = PAGES / "article_euckr.html"  # EUC-KR, declared in <meta>; footer, related list, tags
UTF8_PAGE = PAGES / "article_utf8.html"
NOT_AN_ARTICLE = PAGES / "not_a_feed.html"  # a site's "page not found"


def test_a_saved_page_reads_as_its_article() -> None:
    doc = read_document(EUCKR_PAGE)
    assert doc.encoding == "cp949"
    assert doc.title == "뿌리 내린 광주 인공지능, 2단계 진입 시급하다"
    assert doc.text.startswith(f"{doc.title}\n\n")
    assert doc.published is not None and doc.published.date().isoformat() == "2022-09-27"
    assert "<" not in doc.text
    for chrome in ("주요뉴스", "복합쇼핑몰", "등록번호", "#AI집적단지"):  # list, footer, tags
        assert chrome not in doc.text


def test_a_page_without_an_article_is_a_one_line_error_naming_it() -> None:
    with pytest.raises(SourceError) as raised:
        read_document(NOT_AN_ARTICLE)
    assert str(NOT_AN_ARTICLE) in str(raised.value) and "no article text" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_the_inbox_lists_saved_pages_with_text_files(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.HTM", "d.pdf", "e.xml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in list_inbox(tmp_path)] == ["a.txt", "b.html", "c.HTM"]


def test_analyze_prints_the_article_of_a_saved_page(run_cli: RunCli, workdir: Path) -> None:
    shutil.copy(UTF8_PAGE, workdir / "page.html")
    result = run_cli("analyze", "page.html", cwd=workdir)
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["source"] == "page.html"
    assert record["headline"] == "전주, 거점형 스마트시티 선정…AI 선도도시 중추역할 수행"
    # The page's metadata dates it, marked as the file's; `published` is only a date its text shows.
    assert (record["date"], record["date_source"]) == ("2025-06-20", "file")
    assert record["text"].startswith("[동아경제신문=김선아 기자] 국회의원 정동영")  # the lead keeps its dateline
    assert "smart_cities" in record["topics"]


def test_ingest_stores_a_saved_page_and_skips_a_page_without_an_article(run_cli: RunCli, workdir: Path) -> None:
    shutil.copy(EUCKR_PAGE, workdir / "seeds" / "zz_page.html")
    shutil.copy(NOT_AN_ARTICLE, workdir / "seeds" / "zz_error.htm")
    result = run_cli("ingest", cwd=workdir)
    assert result.returncode == 1  # the error page needs attention
    assert "1 skipped" in result.stdout and "zz_error.htm" in result.stdout
    with sqlite3.connect(workdir / "var" / "monitor.db") as db:
        headlines = [row[0] for row in db.execute("SELECT headline FROM articles")]
    assert headlines.count("뿌리 내린 광주 인공지능, 2단계 진입 시급하다") == 2  # the seed and the saved page
