"""explain_article: the verdict per topic, its evidence, and why a near miss missed."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.models import Article
from monitor.topics import TopicSet, load_topics
from monitor.topics.explain import explain_article

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def topics() -> TopicSet:
    return load_topics(ROOT / "monitor" / "config" / "topics.toml")


def article(headline: str, text: str) -> Article:
    return Article(source="inbox/a.txt", index=2, headline=headline, text=text, summary="")


def test_accepted_topic_lists_keywords_fields_counts_and_snippets(topics: TopicSet) -> None:
    body = "광주시는 AI집적단지 2단계와 AI 데이터센터 확충에 나선다."
    text = explain_article(topics, article("광주 AI집적단지 2단계 착수", body))
    lines = text.splitlines()
    assert lines[0] == "inbox/a.txt#2: 광주 AI집적단지 2단계 착수"
    assert lines[1].startswith("  ai_hubs (AI 집적단지·데이터센터): accepted, score ")
    assert any("+ AI 집적단지  headline  body ×1" in line and "[AI집적단지]" in line for line in lines)
    assert any("+ AI 데이터센터  body ×1  +3" in line for line in lines)


@pytest.mark.parametrize(
    ("headline", "text", "topic_id", "reason"),
    [
        ("판교 AI 데이터센터 화재", "AI 데이터센터에서 불이 났다.", "ai_hubs",
         "vetoed by exclusion '화재' in the headline"),
        # (a city winning a data centre is hub news now: the corpus labels such deals ai_hub)
        ("전력 수요 급증", "AI 데이터센터 전력 수요가 늘었다.", "ai_hubs",
         "needs 1 more points to reach min_score 4"),
        ("AI 반도체 실증 지원", "AI 반도체와 AI 융합 실증을 돕는 AI 전문기업 지원 사업이다.", "ai_hubs",
         "missing required: one of 데이터센터 | 집적단지"),
        ("전주 축제", "행사장에는 스마트도시 홍보관도 마련됐다.", "smart_cities",
         "needs 1 more points to reach min_score 4"),
        ("전기차 충전요금 인상", "전기차 이용자 부담이 커졌다.", "env_subsidies", "missing required: one of 보조금"),
    ],
)
def test_near_miss_says_what_was_missing(topics: TopicSet, headline: str, text: str, topic_id: str,
                                         reason: str) -> None:
    output = explain_article(topics, article(headline, text), topic_id)
    assert f"{topic_id} (" in output
    assert reason in output
    assert len([line for line in output.splitlines() if line.startswith("  ") and "): " in line]) == 1


def test_unmatched_topics_say_so_and_come_last(topics: TopicSet) -> None:
    lines = explain_article(topics, article("스마트시티 선정", "거점형 스마트시티에 선정됐다.")).splitlines()
    verdicts = [line.strip() for line in lines[1:] if not line.startswith("    ")]
    assert verdicts[0].startswith("smart_cities (스마트시티): accepted")
    assert verdicts[-1].endswith("not matched, no keyword found")


def test_unknown_topic_id(topics: TopicSet) -> None:
    with pytest.raises(KeyError, match="known: ai_hubs, smart_cities, env_subsidies"):
        explain_article(topics, article("x", "y"), "nope")


def test_long_require_groups_are_shortened(topics: TopicSet) -> None:
    output = explain_article(topics, article("축제", "축제가 열렸다."), "smart_cities")
    line = next(line for line in output.splitlines() if "missing required" in line)
    assert line.strip().startswith("- missing required: one of 스마트시티 | 스마트도시 |")
    assert line.endswith("more)") and line.count(" | ") == 8
