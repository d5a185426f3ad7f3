"""What the digest's options change: 기타 shown or not, caps per topic, empty pages, the index and its trend."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from monitor.configuration import load_config
from monitor.delivery.compose import compose
from monitor.delivery.preview import preview
from monitor.digest import build_digest, render_digest
from monitor.digests_config import HousekeepingConfig, ServiceConfig
from monitor.pipeline import digest
from monitor.store import Store
from monitor.store.outbox import Outbox
from tests.digest_support import CONFIG, END, RECIPIENT, ROOT, SMTP, fill, topics


def test_other_off_leaves_the_section_out_of_report_and_email(store: Store) -> None:
    topic_set = topics()
    fill(store, topic_set)
    view = build_digest(store, topic_set, END, "Asia/Seoul", other="off")
    assert "기타" not in [s.name for s in view.sections]
    assert 'id="topic-other"' not in render_digest(view)
    assert view.article_count == 7  # the period still counts every article
    composed = compose(store, Outbox(store.engine), topic_set, replace(CONFIG, other="off"), SMTP, RECIPIENT, END)
    assert "여수 밤바다" not in composed.message.data.decode("ascii", "replace")
    assert not any(s.topic_id == "other" for s in composed.view.sections)


def test_other_collapsed_shows_the_first_headlines_and_the_rest_in_the_report(store: Store) -> None:
    topic_set = topics()
    fill(store, topic_set)
    html = render_digest(build_digest(store, topic_set, END, "Asia/Seoul", other="collapsed"))
    other = html.split('id="topic-other"')[1]
    assert other.count("<li>") == 2 and "<details" not in other  # 2 headlines: fewer than the collapsed five
    assert '<article class="item"' not in other  # headlines only, never full cards


def test_caps_count_what_the_email_leaves_out(store: Store) -> None:
    topic_set = topics()
    fill(store, topic_set)
    full = compose(store, Outbox(store.engine), topic_set, replace(CONFIG, max_per_topic=100), SMTP, RECIPIENT, END)
    capped = compose(store, Outbox(store.engine), topic_set, CONFIG, SMTP, RECIPIENT, END)
    assert "외 1건:" not in text_part(full.message.data) and "외 1건:" in text_part(capped.message.data)
    env = next(s for s in capped.view.sections if s.topic_id == "env_subsidies")
    assert len(env.items) == 2  # the view keeps the period; only the rendering is capped
    assert len(capped.message.data) < len(full.message.data)


def text_part(data: bytes) -> str:
    message = message_from_bytes(data, policy=default)
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_no_empty_pages_and_an_index_with_counts_and_a_trend(store: Store, tmp_path: Path) -> None:
    topic_set = topics()
    config = load_config(ROOT / "monitor" / "config", topics=topic_set, inbox=tmp_path / "inbox",
                         reports_dir=tmp_path / "reports")
    fill(store, topic_set)
    first = digest(config, store, END)
    empty = digest(config, store, END + timedelta(days=1))
    assert first.path is not None and empty.path is None
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [first.path.name, "index.html"]
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") == 2  # the heading and the first digest: no row for the empty period
    row = index.split("<tbody>")[1]
    cells = re.findall(r'<td class="n">(\d+|–)</td>', row)
    assert cells == ["7", "1", "1", "2", "2"]  # articles, then stories per topic and 기타
    assert "<svg" in index and index.count("<polyline") == 4  # one line per topic, over both periods
    assert "<script" not in index


def test_preview_shows_the_text_part_decoded(store: Store) -> None:
    topic_set = topics()
    fill(store, topic_set)
    config = ServiceConfig((CONFIG,), SMTP, HousekeepingConfig())
    shown = preview(store, topic_set, config, None, None, END)
    assert "Subject: [monitor] 정책 뉴스 다이제스트 2026-01-06 · 7건" in shown.text
    assert "광주 AI 데이터센터 유치 확정" in shown.text and "보도 2곳: 광주일보(최초), 연합뉴스" in shown.text
    assert "Content-Transfer-Encoding" not in shown.text and "base64" not in shown.text
    [(who, html)] = shown.html
    assert who == RECIPIENT.address and html.startswith("<!DOCTYPE html>") and "광주 AI 데이터센터" in html
    assert shown.mbox.startswith(b"From monitor@example.org ")
    assert Outbox(store.engine).ledger_end(CONFIG.name, RECIPIENT.address) is None  # nothing queued


@pytest.mark.parametrize("mode", ["headlines", "collapsed"])
def test_other_is_headlines_only_in_the_text_part(store: Store, mode: str) -> None:
    topic_set = topics()
    fill(store, topic_set)
    config = ServiceConfig((replace(CONFIG, other=mode, max_per_topic=10),), SMTP, HousekeepingConfig())
    text = preview(store, topic_set, config, None, None, END).text
    other = text.split("■ 기타 (2)")[1].split("\n--")[0]
    assert [line for line in other.strip().splitlines()] == [
        "- 여수 밤바다 불꽃축제 관람객 10만명 몰려", "- 광주시-센다이시 자매도시 20주년 사진전 개막"]
