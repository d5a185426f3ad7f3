"""Amounts of money: real sentences from the seeds, normalised to won, with kind and 최대."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.facts import find_amounts, parse_amount
from monitor.facts.money import AMOUNT, _amount_matches
from tests.test_stories_fold import seed_text

A = tuple[str, int, str | None, bool]  # (text, krw, kind, max)

CASES: list[tuple[str, str, list[A]]] = [
    # seed 001, a PDF clipping: glued words, a line break between the amount and 원
    ("001", "사업에각각선정돼2023년까지2년간국비62억\n\n원을확보했다고8일밝혔다.",
     [("국비 62억원", 6_200_000_000, "국비", False)]),
    ("001", "광주시공모선정국비62억확보", [("국비 62억", 6_200_000_000, "국비", False)]),
    ("001", "는환경을제공할계획이다. 총사업비는2년간국\n\n비37억원을포함총67억원이투입된다.",
     [("국비 37억원", 3_700_000_000, "국비", False), ("67억원", 6_700_000_000, "total", False)]),
    ("001", "총사업비31억원(국비25억원,민자6억원)을",
     [("총사업비 31억원", 3_100_000_000, "total", False), ("국비 25억원", 2_500_000_000, "국비", False),
      ("민자 6억원", 600_000_000, "민자", False)]),
    ("001", "간 20만원 이내, 일반장애인은 수리비의 50%를", [("20만원", 200_000, None, True)]),
    # seed 002, a web page
    ("002", "3년간 국비 160억, 도비 16억, 시비 144억 등 325억 사업비가 확정된 이번 사업으로",
     [("국비 160억", 16_000_000_000, "국비", False), ("도비 16억", 1_600_000_000, "도비", False),
      ("시비 144억", 14_400_000_000, "시비", False), ("325억", 32_500_000_000, "total", False)]),
    ("002", "3년간 총 사업비 325억…글로벌기업 대거 컨소시엄 참여",
     [("총사업비 325억", 32_500_000_000, "total", False)]),
    # seed 000: 최대 split over a line break; a glued headline
    ("000", "리형은 최대 2,000만원,\ufffd케이블형은 최\n대 5,000만원까지 지원받을 수 있다.",
     [("최대 2,000만원", 20_000_000, None, True), ("최대 5,000만원", 50_000_000, None, True)]),
    ("000", "전기굴착기구매시 1대당최대 5,000만원지원", [("최대 5,000만원", 50_000_000, None, True)]),
    # seed 003: 조 and 억 together, an area that must not be money
    ("003", "지난 2020년부터 2024년까지 첨단 3지구 4만7000㎡ 에서 총 사업비 4조119억원을 들여",
     [("총사업비 4조119억원", 4_011_900_000_000, "total", False)]),
    ("003", "지난 8월 발표된 내년도 정부예산안에는 2단계 용역비 10억원이 미반영됐다.",
     [("10억원", 1_000_000_000, None, False)]),
    # seed 004: 지방/민간 shares; 조 with a space before 원; counts that are not money
    ("004", "해까지총4269억원(국비3045억원, 지방850억\n\n원, 민간 674억원)을투입해",
     [("4269억원", 426_900_000_000, "total", False), ("국비 3045억원", 304_500_000_000, "국비", False),
      ("지방 850억원", 85_000_000_000, "지방비", False), ("민간 674억원", 67_400_000_000, "민자", False)]),
    ("004", "이 대통령은 대선기간 AI 등 첨단전략산업에\n\n100조 원을 집중 투자하겠다고 약속했다.",
     [("100조원", 100_000_000_000_000, None, False)]),
    ("004", "에서국비(957억원)가확보가되지않고", [("국비 957억원", 95_700_000_000, "국비", False)]),
    ("004", "이대통령은후보시절광주집중유세에서도5만\n\n개수준의고성능GPU를확보해", []),
    ("004", "광주는국내유일의완성차생산기지가 2곳(기\n\n아,글로벌모터스)으로연 72만대생산능력을보", []),
]


@pytest.mark.parametrize(("seed", "sentence", "expected"), CASES)
def test_amounts_in_seed_sentences(seed: str, sentence: str, expected: list[A]) -> None:
    # The sentence is quoted from the seed; keep it honest.
    assert re.sub(r"\s+", " ", sentence) in re.sub(r"\s+", " ", seed_text(seed))
    assert [(a.text, a.krw, a.kind, a.max) for a in find_amounts(sentence)] == expected


@pytest.mark.parametrize(("written", "krw"), [
    ("62억", 6_200_000_000), ("4조119억", 4_011_900_000_000), ("5,000만", 50_000_000), ("1천500억", 150_000_000_000),
    ("3천억", 300_000_000_000), ("2.5조", 2_500_000_000_000), ("1조 2,000억", 1_200_000_000_000), ("5000", 5000),
])
def test_parse_amount(written: str, krw: int) -> None:
    assert parse_amount(written) == krw


@pytest.mark.parametrize("text", [
    "2025년 5·18 민주화운동 45주년", "수리비의 50%를 지원", "4만7000㎡ 부지", "1억달러 투자 유치", "72만대 생산",
    "2021~2024년 2091건의 학습모델", "제38주기 추모식",
])
def test_things_that_are_not_money(text: str) -> None:
    assert find_amounts(text) == []


def test_a_figure_repeated_in_headline_and_body_is_listed_once() -> None:
    amounts = find_amounts("국비 160억 지원\n\n국비 160억이 투입되는 이번 사업, 국비 160억원 확보")
    assert [(a.krw, a.kind) for a in amounts] == [(16_000_000_000, "국비")]


def test_every_amount_of_seed_002_is_found() -> None:
    found = {(a.krw, a.kind) for a in find_amounts(seed_text("002"))}
    assert found == {(32_500_000_000, "total"), (16_000_000_000, "국비"), (1_600_000_000, "도비"),
                     (14_400_000_000, "시비")}


# Made-up sentences of the kinds policy articles write: what the words around an amount say about it.
Q = tuple[str, int, str | None, bool, str | None, str | None, int | None, bool]  # + per_unit, approx, upto, past


def q(text: str, krw: int, kind: str | None = None, *, max: bool = False, per_unit: str | None = None,
      approx: str | None = None, upto: int | None = None, past: bool = False) -> Q:
    return (text, krw, kind, max, per_unit, approx, upto, past)


WORDS_AROUND: list[tuple[str, list[Q]]] = [
    # joint funding: one joint kind, never one of the two
    ("시는 국비와 시비 97억5천만원을 들여 짓는다.", [q("국비와시비 97억5천만원", 9_750_000_000, "국비·시비")]),
    ("국·도비 12억원이 확보됐다.", [q("국·도비 12억원", 1_200_000_000, "국비·도비")]),
    ("도비·시비 3억 원을 보탠다.", [q("도비·시비 3억원", 300_000_000, "도비·시비")]),
    ("국도비 8억원을 지원받는다.", [q("국도비 8억원", 800_000_000, "국비·도비")]),
    # ... split where the text splits it
    ("국비와 도비 각 5억원을 받는다.", [q("5억원", 500_000_000, "국비"), q("5억원", 500_000_000, "도비")]),
    ("국비 50억원과 시비 47억5천만원이 들어간다.",
     [q("국비 50억원", 5_000_000_000, "국비"), q("시비 47억5천만원", 4_750_000_000, "시비")]),
    # per-unit amounts keep their unit; 해당 is not a unit
    ("전기굴착기는 1대당 최대 5,000만원을 준다.", [q("최대 5,000만원", 50_000_000, max=True, per_unit="1대당")]),
    ("가구당 300만원, 1인당 20만원씩 준다.",
     [q("300만원", 3_000_000, per_unit="가구당"), q("20만원", 200_000, per_unit="1인당")]),
    ("사업지당 최대 5억 원의 국비가 지원된다.", [q("최대 5억원", 500_000_000, "국비", max=True, per_unit="사업지당")]),
    ("해당 사업비 30억원은 시가 낸다.", [q("사업비 30억원", 3_000_000_000, "total")]),
    ("두 곳에 각각 2억원을 준다.", [q("2억원", 200_000_000, per_unit="각")]),
    ("차량마다 3,350만원씩 준다.", [q("3,350만원", 33_500_000, per_unit="씩")]),
    # qualifiers
    ("약 62억원이 든다.", [q("62억원", 6_200_000_000, approx="약")]),
    ("100억여 원이 들어간다.", [q("100억여원", 10_000_000_000, approx="여")]),
    ("총 1조 원 규모로 추진된다.", [q("1조원", 1_000_000_000_000, "total", approx="규모")]),
    ("500억원 이상을 투자한다.", [q("500억원", 50_000_000_000, approx="이상")]),
    # ranges: one amount, low end and high end
    ("기업마다 10억~20억원을 지원한다.", [q("10억~20억원", 1_000_000_000, upto=2_000_000_000)]),
    ("기업마다 10~20억 원을 지원한다.", [q("10~20억원", 1_000_000_000, upto=2_000_000_000)]),
    # money of the past is not what is announced now
    ("지난해 국비 50억원을 받았고 올해 국비 60억원을 받는다.",
     [q("국비 50억원", 5_000_000_000, "국비", past=True), q("국비 60억원", 6_000_000_000, "국비")]),
    ("지난해보다 늘어난 국비 60억원을 받는다.", [q("국비 60억원", 6_000_000_000, "국비")]),
    ("지금까지 누적 300억 원이 들어갔다.", [q("300억원", 30_000_000_000, past=True)]),
    ("지난 2020년부터 지난해까지 총 400억원(국비 300억원, 시비 100억원)이 들어갔다.",
     [q("400억원", 40_000_000_000, "total", past=True), q("국비 300억원", 30_000_000_000, "국비", past=True),
      q("시비 100억원", 10_000_000_000, "시비", past=True)]),
    # 천 with a space inside a group
    ("국비와 도비를 합쳐 1천 900만원을 받는다.", [q("1천900만원", 19_000_000, "국비·도비")]),
]


@pytest.mark.parametrize(("sentence", "expected"), WORDS_AROUND)
def test_what_the_words_around_an_amount_say(sentence: str, expected: list[Q]) -> None:
    assert [(a.text, a.krw, a.kind, a.max, a.per_unit, a.approx, a.upto, a.past)
            for a in find_amounts(sentence)] == expected


def test_a_repeated_figure_knows_every_place_it_is_stated_and_its_unit() -> None:
    text = "최대 5,000만원 지원\n\n굴착기는 1대당 최대 5,000만원을 받는다."
    [amount] = find_amounts(text)
    assert amount.per_unit == "1대당"
    assert amount.mentions == (text.index("5,000"), text.index("5,000", 10))


# Digits, their separators and the words around amounts: the characters AMOUNT turns on.
AMOUNT_CHARS = st.text(alphabet="0123456789٣,. \n~조억만원천백여각국비약대", max_size=40)


@given(AMOUNT_CHARS)
def test_amounts_are_looked_for_where_digits_start_only_and_found_as_by_the_whole_regex(text: str) -> None:
    expected = [(m.span(), m.groupdict()) for m in AMOUNT.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _amount_matches(text)] == expected
