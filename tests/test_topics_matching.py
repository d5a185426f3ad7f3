"""Matching rules: spacing, particles, aliases, Latin boundaries, folding, exclusions, require."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.models import Article
from monitor.topics import TopicSet, load_topics

RULES_TOML = """
[synonyms]
ai = ["AI", "인공지능"]
smart_city = ["스마트시티", "스마트도시"]
jeonbuk = ["전북특별자치도", "전북자치도", "전라북도"]

[[topic]]
id = "kw"
name = "키워드"
min_score = 1
keywords = ["AI 집적단지", "@ai 데이터센터", "@smart_city", "원전", "전기차", "수소", "전주", "AI", "@jeonbuk",
            "GPU", "국가AI컴퓨팅센터"]

[[topic]]
id = "veto"
name = "배제"
min_score = 1
keywords = ["@smart_city"]
exclude = ["스마트폰", { term = "화재", where = "headline" }, { term = "도시락 배달", where = "body" }]

[[topic]]
id = "req"
name = "조건"
min_score = 1
keywords = ["데이터센터"]
require = [["@ai"], ["유치", "건립"]]
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> TopicSet:
    path = tmp_path_factory.mktemp("topics") / "topics.toml"
    path.write_text(RULES_TOML, encoding="utf-8")
    return load_topics(path)


def article(text: str, headline: str | None = None, original: str | None = None) -> Article:
    return Article(source="t", index=0, headline=headline, text=text, summary="", original_text=original)


def found(rules: TopicSet, text: str, topic: str = "kw") -> tuple[str, ...]:
    match = next(m for m in rules.classify(article(text)) if m.topic_id == topic)
    return match.keywords


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        # spacing: with, without, extra, and none at all
        ("광주 AI 집적단지 2단계", "AI 집적단지"),
        ("광주AI집적단지2단계", "AI 집적단지"),
        ("광주 A I 집 적 단 지", "AI 집적단지"),
        ("시는AI데이터센터를짓는다", "AI 데이터센터"),
        ("AI데이터센터", "AI 데이터센터"),
        ("광주국가AI컴퓨팅센터구축", "국가AI컴퓨팅센터"),
        ("국가 AI 컴퓨팅 센터 유치", "국가AI컴퓨팅센터"),
        ("인공 지능 데이터 센터를", "AI 데이터센터"),
        # particles and endings
        ("AI집적단지를 조성", "AI 집적단지"),
        ("AI 집적단지의 성과", "AI 집적단지"),
        ("스마트시티로의 전환", "스마트시티"),
        ("스마트도시에서는", "스마트시티"),
        ("전기차는 친환경", "전기차"),
        ("전주에서 열린", "전주"),
        ("지원받는 전기차를", "전기차"),
        # administrative suffixes
        ("전주시가 선정됐다", "전주"),
        ("전북특별자치도가 밝혔다", "전북특별자치도"),
        # compounds headed by a policy noun
        ("스마트시티조성사업에", "스마트시티"),
        ("스마트 도시조성사업에", "스마트시티"),  # a gap inside: a two-syllable head still ends it
        ("거점형스마트시티선정", "스마트시티"),
        ("원전 건설", "원전"),
        ("수소 경제", "수소"),
        # aliases and shared synonym groups name the concept by its first form
        ("인공지능데이터센터", "AI 데이터센터"),
        # a Latin gloss after a Korean word is another name for it: matched through
        ("인공지능(AI) 데이터센터를 짓는다", "AI 데이터센터"),
        ("인공지능(AI)데이터센터", "AI 데이터센터"),
        ("스마트도시(Smart City) 조성", "스마트시티"),
        ("전라북도는", "전북특별자치도"),
        ("전북자치도, 건설기계", "전북특별자치도"),
        # Latin words: whole words, case-insensitive, next to Hangul is fine
        ("AI 기술", "AI"),
        ("ai 기술", "AI"),
        ("광주AI", "AI"),
        ("AI-based 서비스", "AI"),
        ("(AI)", "AI"),
        ("gpu 5만장", "GPU"),
        # full-width and half-width fold together
        ("ＡＩ 데이터센터", "AI 데이터센터"),
        ("ｇｐｕ", "GPU"),
        ("ＡＩ집적단지", "AI 집적단지"),
    ],
)
def test_keyword_matches(rules: TopicSet, text: str, keyword: str) -> None:
    assert keyword in found(rules, text)


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("스마트도시락을 먹었다", "스마트시티"),
        ("예산 10억원 전액을", "원전"),
        ("군비 50억 원 전액은", "원전"),  # Kiwi's spacing; a gap inside and a one-syllable head
        ("5,000만원지원전북특별자치도가", "원전"),
        ("전기 차단기 교체", "전기차"),
        ("전주곡이 울렸다", "전주"),
        ("수소문 끝에", "수소"),
        ("MAIL", "AI"),
        ("e-mail", "AI"),
        ("TRAIN", "AI"),
        ("FAIR play", "AI"),
        ("AIDS 예방", "AI"),
        ("AI2 모델", "AI"),
        ("SAI 주식회사", "AI"),
        ("GPUS", "GPU"),
    ],
)
def test_trap_does_not_match(rules: TopicSet, text: str, keyword: str) -> None:
    assert keyword not in found(rules, text)


def test_trap_counts_only_real_occurrences(rules: TopicSet) -> None:
    match = next(m for m in rules.classify(article("스마트도시락과 스마트도시를 보았다")) if m.topic_id == "kw")
    assert any("body ×1" in line for line in match.evidence)


def test_original_text_counts_where_restoration_loses_it(rules: TopicSet) -> None:
    # spacing restoration may glue a keyword to a word that breaks its boundary;
    # the original text still has it
    restored = article("스마트도시락 배달", original="스마트도시 락배달")
    assert "스마트시티" in next(m for m in rules.classify(restored) if m.topic_id == "kw").keywords


@pytest.mark.parametrize(
    ("headline", "text", "vetoed_by"),
    [
        ("스마트시티 선정", "스마트폰 교실도 연다", "스마트폰"),
        ("스마트폰 교실", "스마트시티 시민 교육", "스마트폰"),
        ("스마트시티 데이터센터 화재", "스마트시티", "화재"),
        ("스마트시티", "스마트도시락 배달 서비스와 도시락 배달 업체", "도시락 배달"),
        ("스마트시티", "도시락배달", "도시락 배달"),
        ("스마트시티", "화재 예방 스마트시티 솔루션", None),
        ("도시락 배달", "스마트시티 조성", None),
    ],
)
def test_exclusions_veto_where_configured(rules: TopicSet, headline: str, text: str,
                                          vetoed_by: str | None) -> None:
    match = next(m for m in rules.classify(article(text, headline)) if m.topic_id == "veto")
    assert match.vetoed_by == vetoed_by
    assert match.accepted is (vetoed_by is None)


@pytest.mark.parametrize(
    ("text", "accepted", "missing"),
    [
        ("AI 데이터센터 유치", True, ()),
        ("인공지능 데이터센터 건립", True, ()),
        ("데이터센터 유치", False, ("AI | 인공지능",)),
        ("AI 데이터센터 화재", False, ("유치 | 건립",)),
        ("데이터센터 화재", False, ("AI | 인공지능", "유치 | 건립")),
    ],
)
def test_require_groups(rules: TopicSet, text: str, accepted: bool, missing: tuple[str, ...]) -> None:
    match = next(m for m in rules.classify(article(text)) if m.topic_id == "req")
    assert (match.accepted, match.missing) == (accepted, missing)


@pytest.mark.parametrize(
    ("headline", "text", "score"),
    [
        (None, "스마트시티", 1.0),  # body: weight 1 x body_weight 1
        ("스마트시티", "", 2.0),  # headline: counted once x headline_weight 2
        ("스마트시티 스마트도시", "", 2.0),  # aliases are one concept
        ("스마트시티", "스마트시티 스마트시티", 4.0),
        (None, "스마트시티 " * 10, 3.0),  # body repeats capped at max_repeats 3
    ],
)
def test_score_weights(rules: TopicSet, headline: str | None, text: str, score: float) -> None:
    match = next(m for m in rules.classify(article(text, headline)) if m.topic_id == "veto")
    assert match.score == score


def test_classify_returns_one_match_per_topic_in_file_order(rules: TopicSet) -> None:
    matches = rules.classify(article("아무 관련 없는 기사"))
    assert [m.topic_id for m in matches] == ["kw", "veto", "req"]
    assert not any(m.accepted for m in matches)
    assert all(m.score == 0 for m in matches)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("광주 AI집적단지를 보라", [(3, 9)]),
        ("AI 데이터센터와 스마트시티", [(0, 8), (10, 15)]),
        ("스마트도시락", []),
        ("MAIL", []),
        ("ＡＩ 데이터센터", [(0, 8)]),
        ("인공지능(AI) 데이터센터", [(0, 14)]),  # the gloss is inside the highlight
    ],
)
def test_highlight_spans(rules: TopicSet, text: str, spans: list[tuple[int, int]]) -> None:
    assert rules.highlight_spans(text, ["kw"]) == spans


def test_highlight_spans_merges_overlaps_and_filters_topics(rules: TopicSet) -> None:
    text = "AI 데이터센터 스마트시티"
    # `AI` and `AI 데이터센터` overlap: one span
    assert rules.highlight_spans(text, ["kw"]) == [(0, 8), (9, 14)]
    assert rules.highlight_spans(text, ["veto"]) == [(9, 14)]
    assert rules.highlight_spans(text) == [(0, 8), (9, 14)]
    # A stored tag of a topic since removed from topics.toml marks nothing (the digest goes on).
    assert rules.highlight_spans(text, ["nope"]) == []
    assert rules.highlight_spans(text, ["nope", "veto"]) == [(9, 14)]


def test_keywords_lists_every_surface_form_without_spaces(rules: TopicSet) -> None:
    words = rules.keywords()
    assert {"AI집적단지", "인공지능데이터센터", "스마트도시", "전라북도", "스마트폰", "유치"} <= set(words)
    assert all(" " not in w for w in words)


def test_default_topics_have_the_agreed_ids() -> None:
    topics = load_topics(Path(__file__).resolve().parent.parent / "monitor" / "config" / "topics.toml")
    assert [t.id for t in topics.topics] == ["ai_hubs", "smart_cities", "env_subsidies"]
    assert all(t.name and t.description and t.min_score > 0 for t in topics.topics)


GLUED = "광주시는올해예산을확보해지역산업을키우고{}관련사업을추진한다고밝혔다이번사업은삼년간진행된다"


@pytest.mark.parametrize(
    ("keyword_text", "keyword", "matches"),
    [
        # glued text that did not go through the text pipeline has no restored text to take
        # word ends from: the rules of spaced text apply (tests/test_topics_glued.py has the
        # pipeline's path)
        ("인공지능데이터센터광주", "AI 데이터센터", False),
        ("스마트시티광주", "스마트시티", False),
        ("스마트도시락", "스마트시티", False),
        ("스마트시티조성", "스마트시티", True),
        ("전기차단기", "전기차", False),
        ("전기차를", "전기차", True),
        ("수소문", "수소", False),
        ("MAIL", "AI", False),
    ],
)
def test_glued_text_without_restoration_gets_the_spaced_rules(rules: TopicSet, keyword_text: str, keyword: str,
                                                             matches: bool) -> None:
    assert (keyword in found(rules, GLUED.format(keyword_text))) is matches


def test_spaced_text_keeps_the_strict_right_edge(rules: TopicSet) -> None:
    spaced = "광주시는 올해 예산을 확보해 지역 산업을 키우고 스마트도시락 관련 사업을 추진한다고 밝혔다."
    assert "스마트시티" not in found(rules, spaced)
