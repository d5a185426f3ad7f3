"""Event folding: rewrites of one release fold; other events on the same programme do not.

The texts are made up for these tests, in the way Korean outlets write such news: a rewrite
keeps the release's facts (place, programme, figures, day) in other words; the near misses
share the programme and its boilerplate but differ in one fact.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from monitor.models import Article
from monitor.stories import FoldRules, fold_articles
from monitor.stories.event import event_profile
from monitor.stories.similarity import EventRules, veto

BOILERPLATE = ("스마트도시 조성사업은 지자체와 민간기업이 함께 도시문제를 해결하는 서비스를 찾고 만드는 사업이다. "
               "국비 지원을 통해 지역 특성에 맞는 스마트 솔루션을 구축하고 확산을 지원한다.")

RELEASE = ("순천시가 국토교통부의 '강소형 스마트도시 조성사업'에 최종 선정됐다고 16일 "
           "밝혔다. 시는 3년간 국비 80억원을 포함해 총사업비 160억원을 들여 연향동 "
           "일대에 자율주행 셔틀과 스마트 주차 서비스를 구축한다.\n\n" + BOILERPLATE)
REWRITE = ("전남 순천이 강소형 스마트도시로 뽑혔다. 16일 순천시에 따르면 국토부 공모에서 "
           "최종 선정돼 국비 80억원 등 160억원 규모의 사업을 추진하게 됐다. 연향동에는 "
           "자율주행 셔틀, 스마트 주차가 들어선다.\n\n" + BOILERPLATE)
OTHER_YEAR = ("순천시가 국토교통부의 '강소형 스마트도시 조성사업'에 최종 선정됐다고 12일 "
              "밝혔다. 시는 2년간 국비 60억원을 포함해 총사업비 120억원을 들여 조례동 "
              "일대에 스마트 버스정류장을 구축한다.\n\n" + BOILERPLATE)
CALL = ("국토교통부가 '강소형 스마트도시 조성사업' 공모를 시행한다고 16일 밝혔다. "
        "선정된 지자체에는 3년간 국비 80억원이 지원되며, 순천 등 지자체의 신청을 "
        "받는다.\n\n" + BOILERPLATE)
OTHER_CITY = ("여수시가 국토교통부의 '강소형 스마트도시 조성사업'에 최종 선정됐다고 16일 "
              "밝혔다. 시는 3년간 국비 80억원을 포함해 총사업비 160억원을 들여 웅천동 "
              "일대에 자율주행 셔틀과 스마트 주차 서비스를 구축한다.\n\n" + BOILERPLATE)
UNRELATED = ("광주시는 2025년 전기자동차 1200대 구매보조금 신청을 20일부터 받는다고 "
             "밝혔다. 승용차는 대당 최대 1300만원을 지원한다.\n\n친환경차 보급을 늘려 "
             "대기질을 개선하려는 사업이다.")


def article(name: str, text: str, published: date | None = None, headline: str | None = None) -> Article:
    return Article(f"{name}.txt", 0, headline, text, "", published=published)


def stories_of(*articles: Article, rules: FoldRules | None = None) -> list[set[str]]:
    return [{m.source.removesuffix(".txt") for m in s.members} for s in fold_articles(articles, rules)]


def test_a_rewrite_of_the_release_folds_with_it() -> None:
    assert stories_of(article("release", RELEASE), article("rewrite", REWRITE)) == [{"release", "rewrite"}]


def test_a_copy_only_fold_misses_the_rewrite() -> None:
    # Guard: the rewrite shares too few characters to be a copy; the event rules fold it.
    assert len(stories_of(article("release", RELEASE), article("rewrite", REWRITE),
                          rules=FoldRules(rewrites=False))) == 2


@pytest.mark.parametrize(("name", "text", "reason"), [
    ("other_year", OTHER_YEAR, "day"),  # another round: another day, other figures
    ("call", CALL, "stage"),  # the call for the programme vs its result
    ("other_city", OTHER_CITY, "region"),  # the same programme, another winner
])
def test_a_different_event_on_the_programme_stays_apart(name: str, text: str, reason: str) -> None:
    assert veto(event_profile(RELEASE), event_profile(text), EventRules()) == reason
    assert stories_of(article("release", RELEASE), article(name, text)) == [{"release"}, {name}]


def test_conflicting_money_in_the_leads_vetoes() -> None:
    a = event_profile("고흥군은 전기자동차 구매보조금 33억원을 지원한다고 밝혔다.")
    b = event_profile("고흥군은 전기자동차 구매보조금 37억원을 지원한다고 밝혔다.")
    c = event_profile("고흥군이 전기차 보조금으로 33억원을 푼다.")
    assert veto(a, b, EventRules()) == "money"
    assert veto(a, c, EventRules()) is None


def test_published_dates_and_years_veto() -> None:
    rules = EventRules()
    assert veto(event_profile(RELEASE, published=date(2025, 3, 16)),
                event_profile(REWRITE, published=date(2025, 3, 21)), rules) == "published"
    assert veto(event_profile("2023년 전기차 보조금 공고. 2023년 예산."),
                event_profile("2025년 전기차 보조금 공고. 2025년 예산."), rules) == "year"


def test_figures_are_read_with_korean_thousands_and_units() -> None:
    profile = event_profile("승용차 3천500대와 화물차 1,200대, 160억원과 160억 원, 140여대.")
    assert {"3500대", "1200대", "160억", "140대"} <= profile.figures
    assert profile.lead_counts["대"] == frozenset({"3500", "1200", "140"})


def test_the_stories_do_not_depend_on_the_order_of_the_batch() -> None:
    items = [article("release", RELEASE), article("rewrite", REWRITE), article("other_year", OTHER_YEAR),
             article("call", CALL), article("other_city", OTHER_CITY), article("unrelated", UNRELATED)]
    expected = sorted(map(sorted, stories_of(*items)))
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(map(sorted, stories_of(*shuffled))) == expected


def test_a_report_bridging_two_others_brings_them_into_one_story() -> None:
    # The lead-only feed item and the full text both fold with the release, whatever comes first.
    lead_only = RELEASE.split("\n\n")[0]
    assert stories_of(article("lead", lead_only), article("rewrite", REWRITE), article("release", RELEASE)) == [
        {"lead", "rewrite", "release"}]


@pytest.mark.parametrize(("min_related", "merged"), [(EventRules().min_related, False), (0.0, True)])
def test_a_text_holding_two_articles_does_not_bridge_their_stories(min_related: float, merged: bool) -> None:
    # A badly cut newspaper page: two articles in one piece, a copy of each of them; the second names
    # no place, so no veto tells them apart.
    other = ("시는 첨단3지구에 인공지능 데이터센터를 짓는 민간 투자를 유치했다고 밝혔다. 센터는 "
             "내년 착공해 2028년 문을 열 예정이며, 지역 대학과 함께 인공지능 인재를 기른다.\n\n"
             "시는 인공지능 중심도시를 목표로 기업 유치와 실증 사업을 이어 가고 있다. 시는 "
             "데이터센터가 들어서면 지역 기업의 연산 자원 부족이 풀릴 것으로 기대한다.")
    page = RELEASE + "\n\n" + other
    rules = FoldRules(event=EventRules(min_related=min_related))
    stories = stories_of(article("release", RELEASE), article("unrelated", other), article("page", page),
                         rules=rules)
    together = any({"release", "unrelated"} <= story for story in stories)
    assert together is merged  # the guard (no rule) shows the page would bridge them
