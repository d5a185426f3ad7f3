"""The money box: one line per announcement, parts inside their total, caps and past money apart.

Made-up texts (inline and tests/data/money/) for each rule, the seeds for what the box shows on real pages.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.delivery.compose import compose
from monitor.delivery.smtp import SmtpSender
from monitor.digests_config import Recipient
from monitor.facts import Facts, article_facts, find_amounts, find_regions
from monitor.facts.summary import Figure, MoneyLine, money_box, story_line
from monitor.models import Article
from monitor.sources.folder import read_document
from monitor.store import Store
from monitor.store.outbox import Outbox
from monitor.text import extract_articles
from tests.delivery_support import (  # noqa: F401  (smtp_server: the smtp fixture)
    SmtpServer,
    add_article,
    digest_config,
    smtp_server,
    topics,
)

DATA = Path(__file__).parent / "data" / "money"
SEEDS = Path(__file__).parent.parent / "seeds"


def facts(text: str) -> Facts:
    return Facts(tuple(find_amounts(text)), tuple(find_regions(text)))


def line_of(*copies: str, headline: str = "발표") -> MoneyLine:
    line = story_line(headline, [facts(text) for text in copies])
    assert line is not None
    return line


def all_parts(figures: tuple[Figure, ...]) -> list[Figure]:
    return [p for f in figures for p in (*f.parts, *all_parts(f.parts))]


def test_parts_that_sum_to_their_total_are_its_breakdown_not_more_money() -> None:
    line = line_of("총사업비 100억원(국비 50억원, 도비 20억원, 시비 30억원)을 들인다.")
    [total] = line.figures
    assert total.complete and [p.amount.krw for p in total.parts] == [5_000_000_000, 2_000_000_000, 3_000_000_000]
    assert line.figures_text == "총 100억 원 (국비 50억 원 + 도비 20억 원 + 시비 30억 원)"


def test_a_figure_that_is_the_sum_of_two_projects_shares_is_shown_as_that_sum() -> None:
    # 국비 90 = 50 + 40, each the 국비 of one project: shown as the breakdown of 90, not as 90 + 50 + 40.
    line = line_of((DATA / "two_projects.txt").read_text(encoding="utf-8"))
    assert line.figures_text.startswith("총 70억 원 (국비 50억 원 + 시비 20억 원) · "
                                        "총 50억 원 (국비 40억 원 + 민자 10억 원) · 국비 90억 원 (50억 원 + 40억 원)")
    top = [f.amount.krw for f in line.figures]
    assert top == [7_000_000_000, 5_000_000_000, 9_000_000_000]
    assert not {id(f.amount) for f in line.figures} & {id(p.amount) for p in all_parts(line.figures)}


def test_caps_and_past_money_are_shown_as_such_and_never_summed() -> None:
    line = line_of((DATA / "two_projects.txt").read_text(encoding="utf-8"))
    assert [c.text() for c in line.caps] == ["1대당 최대 3억 원"]
    assert [c.text() for c in line.context] == ["국비 30억 원"]
    assert line.figures_text.endswith("· 1대당 최대 3억 원 · 참고: 국비 30억 원")
    shown = [p.amount for p in all_parts(line.figures)] + [f.amount for f in line.figures]
    assert all(not a.max and not a.per_unit and not a.past for a in shown)


def test_a_cap_equal_to_a_share_is_not_taken_for_it() -> None:
    line = line_of("총 10억원(국비 5억원, 시비 5억원)을 들이고, 1곳당 최대 5억원을 준다.")
    [total] = line.figures
    assert [p.text() for p in total.parts] == ["국비 5억 원", "시비 5억 원"]
    assert [c.text() for c in line.caps] == ["1곳당 최대 5억 원"]


def test_shares_stated_with_a_total_they_do_not_add_up_to_are_marked_as_included() -> None:
    line = line_of("3년간 국비 160억, 도비 16억, 시비 140억 등 총 325억 사업비가 들어간다.")
    assert line.figures_text == "총 325억 원 (국비 160억 원 · 도비 16억 원 · 시비 140억 원 포함)"


@pytest.mark.parametrize(("text", "shown"), [
    ("시는 국비와 시비 97억5천만원을 들여 센터를 짓는다.", "국비·시비 97억 5,000만 원"),
    ("국·도비 12억원이 확보됐다.", "국비·도비 12억 원"),
    # split where the text splits it, and then the parts of their total
    ("총 10억원(국비와 시비 각 5억원)이 든다.", "총 10억 원 (국비 5억 원 + 시비 5억 원)"),
    # parts of a joint figure
    ("국비와 시비 30억원(국비 20억원, 시비 10억원)이 든다.", "국비·시비 30억 원 (국비 20억 원 + 시비 10억 원)"),
])
def test_joint_funding_is_marked_joint_or_split_never_one_kind(text: str, shown: str) -> None:
    assert line_of(text).figures_text == shown


def test_ranges_and_qualifiers_are_shown_as_written_and_not_summed() -> None:
    line = line_of("총 약 50억원 규모로, 국비 20억~30억 원과 시비 20억원이 들어간다.")
    assert line.figures_text == "총 약 50억 원 (국비 20억~30억 원 · 시비 20억 원 포함)"


def test_a_figure_without_a_kind_is_background_unless_it_is_all_there_is() -> None:
    assert line_of("대선 때 100조 원 투자를 약속했다. 시는 국비 10억원을 받았다.").figures_text == "국비 10억 원"
    assert line_of("이 사업에 300억원이 들어간다. 올해는 20억원이다.").figures_text == "300억 원"
    summed = line_of("국비 40억원과 시비 15억원을 합친 55억원이 든다.")
    assert summed.figures_text == "총 55억 원 (국비 40억 원 + 시비 15억 원)"


def test_prices_and_rates_are_not_programme_money() -> None:
    assert story_line("요금", [facts("요금은 kWh당 2.5원 오르고 기본요금은 3,000원이다.")]) is None


def test_one_line_per_announcement_when_three_copies_state_the_same_figures() -> None:
    first = "한빛시가 총사업비 120억원(국비 60억원, 시비 60억원)을 들여 AI 센터를 짓는다."
    second = "한빛시는 국비 60억원과 시비 60억원 등 120억원을 투입한다. 장비는 1대당 최대 2억원을 지원한다."
    third = "총 120억 원이 드는 AI 센터… 국비 60억 원 확보. 장비 1대당 최대 2억 원."
    [line] = money_box([("한빛시 AI 센터", [facts(first), facts(second), facts(third)])])
    assert line.figures_text == "총 120억 원 (국비 60억 원 + 시비 60억 원) · 1대당 최대 2억 원"
    assert line.text == "지역 미상 · 한빛시 AI 센터: " + line.figures_text


def test_lines_are_grouped_by_region_the_largest_first() -> None:
    lines = money_box([
        ("작은 사업", [Facts(tuple(find_amounts("국비 5억원")), tuple(find_regions("전주시가 발표했다.")))]),
        ("큰 사업", [Facts(tuple(find_amounts("국비 50억원")), tuple(find_regions("광주시가 발표했다.")))]),
        ("전주 둘째", [Facts(tuple(find_amounts("시비 3억원")), tuple(find_regions("전주시가 밝혔다.")))]),
        ("어딘가", [Facts(tuple(find_amounts("국비 90억원")), ())]),
    ])
    assert [(ln.region, ln.what) for ln in lines] == [
        ("광주", "큰 사업"), ("전주", "작은 사업"), ("전주", "전주 둘째"), ("지역 미상", "어딘가")]


def seed_articles(prefix: str) -> list[Article]:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return extract_articles(read_document(path))


@pytest.mark.parametrize(("seed", "index", "expected"), [
    # a PDF page: 62억 of 국비 is 37억 (of a 67억 project) + 25억 (of a 31억 one)
    ("001", 0, "광주 · 광주시 공모 선정 국비 62억 확보: 총 67억 원 (국비 37억 원 포함) · "
               "총 31억 원 (국비 25억 원 + 민자 6억 원) · 국비 62억 원 (37억 원 + 25억 원)"),
    # 160 + 16 + 144 is 320, not the 325 stated: shares included in it, not a breakdown
    ("002", 0, "전주 · 전주, 거점형 스마트시티 선정…AI 선도도시 중추역할 수행: "
               "총 325억 원 (국비 160억 원 · 도비 16억 원 · 시비 144억 원 포함)"),
    # caps only: 1대당 최대 5,000만원 (stated twice), 최대 2,000만원
    ("000", 1, "전북 · 전북자치도, 건설기계도 친환경으로 전환: 1대당 최대 5,000만 원 · 최대 2,000만 원"),
    # the 1단계 money spent 2020 to last year is context; the 100조 campaign promise is background
    ("004", 0, "광주 · 광주 국가AI컴퓨팅센터 구축… 규제 완화해야 대기업 참여: 국비 957억 원 · "
               "참고: 총 4,269억 원 (국비 3,045억 원 · 지방비 850억 원 · 민자 674억 원 포함)"),
])
def test_the_box_on_the_seeds(seed: str, index: int, expected: str) -> None:
    article = seed_articles(seed)[index]
    [line] = money_box([(article.headline or "", [article_facts(article)])])
    assert line.text == expected


NOW = datetime(2026, 1, 5, 23, 0, tzinfo=UTC)


def test_the_email_text_part_and_html_carry_the_same_money_lines(store: Store, smtp: SmtpServer) -> None:
    body = (DATA / "two_projects.txt").read_text(encoding="utf-8")
    add_article(store, NOW - timedelta(hours=3), "한빛시, 스마트도시 공모 2건 선정", ("smart_cities",), body=body)
    recipient = Recipient("kim@example.org", "김민수")
    composed = compose(store, Outbox(store.engine), topics(), digest_config(recipient), smtp.config(), recipient, NOW)
    sender = SmtpSender(smtp.config())
    sender.send(composed.message.data, "monitor@example.org", recipient.address)
    sender.close()
    [message] = smtp.recorder.parsed()
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    figures = ("총 70억 원 (국비 50억 원 + 시비 20억 원) · 총 50억 원 (국비 40억 원 + 민자 10억 원) · "
               "국비 90억 원 (50억 원 + 40억 원) · 1대당 최대 3억 원 · 참고: 국비 30억 원")
    assert f"· 한빛시, 스마트도시 공모 2건 선정: {figures}" in text
    assert figures in html and 'data-money="smart_cities"' in html


def test_a_cap_restated_without_its_maximum_is_the_cap_once() -> None:
    line = line_of("국비 최대 200억원을 지원한다.", "선정되면 국비 200억원을 받는다.")
    assert line.figures_text == "국비 최대 200억 원"
