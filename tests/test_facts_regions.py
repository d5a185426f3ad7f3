"""Regions: spellings folded to canonical names, traps avoided, the main region first."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.facts import article_facts, find_regions
from monitor.models import Article
from tests.test_stories_fold import seed_text


def names(text: str, headline: str | None = None) -> list[str]:
    return [r.name for r in find_regions(text, headline=headline)]


@pytest.mark.parametrize(("text", "expected"), [
    ("광주시는 과학기술정보통신부 공모에 선정됐다.", ["광주"]),
    ("광주광역시가 발표했다.", ["광주"]),
    ("광주의 미래 먹거리는 AI다.", ["광주"]),
    ("전북자치도는 간담회를 열었다.", ["전북"]),
    ("전북특별자치도와 협약을 맺었다.", ["전북"]),
    ("전라북도 시절부터 이어진 사업이다.", ["전북"]),
    ("전주시가 19일 선정됐다.", ["전주", "전북"]),
    ("전주는 수원과 화성을 앞섰다.", ["전주", "수원", "화성", "전북", "경기"]),
    ("광주광역시 북구 첨단3지구", ["광주 북구", "광주"]),
    ("광주 광산구 하남산단", ["광주 광산구", "광주"]),
    ("경기 광주시 오포읍 주민", ["경기 광주", "경기"]),
    ("경기도 광주시와 광주광역시", ["경기 광주", "광주", "경기"]),
    ("강원 고성군 토성면", ["강원 고성", "강원"]),
    ("경남 고성군 회화면", ["경남 고성", "경남"]),
    ("충남 예산군 덕산면", ["예산", "충남"]),
    ("남원시와 남원의료원", ["남원", "전북"]),
])
def test_spellings_fold_to_canonical_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "교향곡의 전주곡이 울렸다.",  # 전주 inside 전주곡
    "내년도 예산이 반영됐다.",  # 예산 = budget, not 예산군
    "이천만원을 지원한다.",  # 이천 = two thousand
    "경기 침체로 투자가 줄었다.",  # 경기 = the economy
    "고양이를 키운다.",  # 고양 inside 고양이
    "상수원 보호구역",  # 수원 inside 상수원
    "지역 역량 강화를 위해",  # 강화 = strengthening, not 강화군
    "고성이 오갔다.",  # 고성 = a loud voice; and 고성군 exists twice
    "중구 일대",  # a 구 without its city is ambiguous
])
def test_traps_are_not_regions(text: str) -> None:
    assert names(text) == []


def test_the_headline_decides_the_main_region() -> None:
    text = "전북특별자치도는 … 전북 도내 … 전주시가 선정됐다."
    assert names(text)[0] == "전북"
    assert names(text, headline="전주, 거점형 스마트시티 선정")[0] == "전주"


@pytest.mark.parametrize(("seed", "main", "also"), [
    ("000", "전북", {"군산", "정읍", "남원"}),
    ("001", "광주", set()),
    ("002", "전주", {"전북"}),
    ("003", "광주", {"광주 북구"}),
    ("004", "광주", {"광주 북구"}),
])
def test_main_region_of_each_seed(seed: str, main: str, also: set[str]) -> None:
    found = names(seed_text(seed))
    assert found[0] == main
    assert also <= set(found)
    assert "경기 광주" not in found  # every 광주 in the seeds is 광주광역시


def test_article_facts_reads_headline_and_body() -> None:
    article = Article("a.txt", 0, "전주, 거점형 스마트시티 선정", "3년간 국비 160억, 도비 16억, 시비 144억 등 "
                      "325억 사업비가 확정됐다. 전북특별자치도는 환영했다.", "", published=date(2025, 6, 20))
    facts = article_facts(article)
    assert facts.main_region is not None and facts.main_region.name == "전주"
    assert [r.name for r in facts.regions] == ["전주", "전북"]
    assert [a.kind for a in facts.amounts] == ["국비", "도비", "시비", "total"]


def test_an_article_asked_again_is_answered_from_memory_with_a_list_of_its_own(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Ingest asks for each new article's regions when it stores it and again when it folds it.
    from monitor.facts import regions

    passes: list[str] = []
    mentions = regions.RegionTable.mentions
    monkeypatch.setattr(regions.RegionTable, "mentions", lambda self, text: passes.append(text) or mentions(self, text))
    text = "전주시는 전북특별자치도와 함께 기억에 남을 사업을 시작했다. (asked again)"  # asked by no other test
    first = find_regions(text, headline="전주, 선정")
    first.clear()  # the caller's list: the next caller still gets the regions
    again = find_regions("".join(list(text)), headline="전주, 선정")  # equal, not the same object
    assert [r.name for r in again] == ["전주", "전북"]
    assert passes == ["전주, 선정", text]  # one pass over the headline and the text, not two
    assert [r.name for r in find_regions(text, headline="군산, 선정")] == ["군산", "전주", "전북"]  # another article
