"""The rule language: concept groups, proximity rules, where a term counts, prefix forms."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.models import Article
from monitor.topics import TopicSet, load_topics
from monitor.topics.explain import explain_article
from monitor.topics.model import Concept, Term, Topic
from monitor.topics.rules import SENTENCE_END_RE
from monitor.topics.scoring import TopicResult

HEAD = '''
[synonyms]
ai = ["AI", "인공지능"]

[concepts]
vehicle = ["전기차", "수소차", "전기 이륜차"]
aid = ["보조금", "구매 지원"]
ai_site = ["@ai 거점", "@ai 밸리"]
'''


def topics_from(tmp_path: Path, body: str) -> TopicSet:
    path = tmp_path / "topics.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_topics(path)


def art(text: str, headline: str | None = None) -> Article:
    return Article(source="t.txt", index=0, headline=headline, text=text, summary="")


def accepted(topics: TopicSet, text: str, headline: str | None = None) -> bool:
    return "ev" in topics.accepted_ids(art(text, headline))


EV = '''
[[topic]]
id = "ev"
name = "EV"
min_score = 4.0
rules = [{ name = "차 보조금", all = ["@vehicle", "@aid"]{extra} }]
'''


def ev(tmp_path: Path, extra: str = "") -> TopicSet:
    return topics_from(tmp_path, EV.replace("{extra}", extra))


@pytest.mark.parametrize(("text", "expected"), [
    ("시는 전기차 200대에 보조금을 준다.", True),  # one sentence
    ("시는 수소차를 산다. 보조금은 없다.", False),  # two sentences
    ("시는 전기이륜차\n구매 지원을 늘린다.", True),  # a line break inside a sentence (broadcast scripts)
    ("전기차 3.5대당 보조금이 나온다.", True),  # a decimal point does not end a sentence
    ("전기차 소식.보조금 소식.", False),  # a full stop glued to the next sentence does
])
def test_sentence_window(tmp_path: Path, text: str, expected: bool) -> None:
    assert accepted(ev(tmp_path), text) is expected


def test_unpunctuated_lines_are_sentences_once_the_stretch_is_long(tmp_path: Path) -> None:
    menu = "\n".join(["전기차"] + [f"메뉴 항목 {i}번 바로가기" for i in range(20)] + ["보조금 안내"])
    assert len(menu) > 250
    assert not accepted(ev(tmp_path), menu)


def test_near_counts_characters_within_one_sentence(tmp_path: Path) -> None:
    topics = ev(tmp_path, ", near = 8")
    assert accepted(topics, "전기차 구매 보조금을 준다.")
    assert not accepted(topics, "전기차를 사는 시민 모두에게 넉넉한 보조금을 준다.")


def test_unless_cancels_only_its_sentence(tmp_path: Path) -> None:
    topics = ev(tmp_path, ', unless = ["화재"]')
    assert not accepted(topics, "전기차 화재 뒤 보조금 논란이 일었다.")
    assert accepted(topics, "전기차 화재가 났다. 시는 전기차 보조금을 늘린다.")


def test_rule_scores_like_a_keyword_per_sentence(tmp_path: Path) -> None:
    topics = ev(tmp_path, ", weight = 1.5")
    one = "전기차 보조금을 준다."
    assert not accepted(topics, one)  # 1.5 < 4
    assert not accepted(topics, one + " " + one)  # 3 < 4
    assert accepted(topics, one + " " + one + " " + one)  # 4.5
    assert accepted(topics, one, headline="전기차 보조금 확대")  # headline 1.5 x 2 + body 1.5
    match = next(m for m in topics.classify(art(one + " " + one + " " + one)) if m.topic_id == "ev")
    assert match.keywords == ("차 보조금",)
    assert match.evidence[0].startswith("rule 차 보조금: in one sentence, body ×3 (+4.5) ")


def test_rule_where(tmp_path: Path) -> None:
    headline = ev(tmp_path, ', where = "headline"')
    assert accepted(headline, "관련 소식.", headline="전기차 보조금 확대")
    assert not accepted(headline, "시는 전기차 보조금을 늘린다.", headline="시정 소식")
    lead = ev(tmp_path, ', where = "lead"')
    filler = "다른 소식이 길게 이어진다. " * 30
    assert accepted(lead, "시는 전기차 보조금을 늘린다. " + filler)
    assert not accepted(lead, filler + "시는 전기차 보조금을 늘린다.")


def test_keyword_where(tmp_path: Path) -> None:
    topics = topics_from(tmp_path, '[[topic]]\nid = "ev"\nname = "EV"\nmin_score = 2.0\n'
                                   'keywords = [{ term = "보조금", where = "headline" }]\n')
    assert accepted(topics, "내용.", headline="보조금 확대")
    assert not accepted(topics, "보조금 보조금 보조금.", headline="시정 소식")


def test_prefix_form(tmp_path: Path) -> None:
    body = '[[topic]]\nid = "ev"\nname = "EV"\nmin_score = 1.0\nkeywords = ["{kw}"]\n'
    plain = topics_from(tmp_path, body.replace("{kw}", "수소"))
    prefix = topics_from(tmp_path, body.replace("{kw}", "수소*"))
    assert not accepted(plain, "수소버스가 달린다.")
    assert accepted(prefix, "수소버스가 달린다.")
    assert accepted(plain, "수소를 만든다.") and accepted(prefix, "수소를 만든다.")


def test_concepts_use_synonyms_and_earlier_concepts(tmp_path: Path) -> None:
    topics = topics_from(tmp_path, '[[topic]]\nid = "ev"\nname = "AI"\nmin_score = 1.0\n'
                                   'rules = [{ all = ["@ai_site"] }]\n')
    assert accepted(topics, "인공지능 거점을 만든다.")
    assert accepted(topics, "AI밸리를 만든다.")


def test_explain_shows_fired_rules_and_near_misses(tmp_path: Path) -> None:
    topics = ev(tmp_path)
    fired = explain_article(topics, art("시는 전기차 보조금을 준다."))
    assert "+ rule 차 보조금: in one sentence, body ×1 (+4) 시는[전기차 보조금]을 준다." in fired
    apart = explain_article(topics, art("전기차가 늘었다. 보조금은 없다."))
    assert "~ near-miss rule 차 보조금: found @vehicle, @aid, but not in one sentence" in apart
    lacking = explain_article(topics, art("전기차가 늘었다."))
    assert "~ near-miss rule 차 보조금: found @vehicle; missing @aid" in lacking
    # a rule whose first part (its subject) is absent is not worth a line
    assert "near-miss" not in explain_article(topics, art("보조금이 늘었다."))


# (rules entry, words the message must contain, line of the offending rule)
RULE_ERRORS = {
    "unknown field": ('{ all = ["@vehicle"], neer = 3 }', "unknown field 'neer' in rule #1"),
    "empty all": ("{ all = [] }", "needs 'all'"),
    "bad near": ('{ all = ["@vehicle"], near = "paragraph" }', "'near' of rule #1"),
    "bad where": ('{ all = ["@vehicle"], where = "title" }', "'where' of rule #1"),
    "bad weight": ('{ all = ["@vehicle"], weight = 0 }', "'weight' of rule #1"),
    "too many parts": ('{ all = ["a", "b", "c", "d", "e"] }', "at most 4"),
    "unknown group": ('{ all = ["@vehicles"] }', "unknown synonym group '@vehicles'"),
    "star inside": ('{ all = ["보*조"] }', "'*' may only end a prefix form"),
    "part not a string": ('{ all = [3] }', "each part must be a string"),
    "not a table": ('"전기차"', "rule #1 must be a table"),
}


@pytest.mark.parametrize("case", RULE_ERRORS, ids=list(RULE_ERRORS))
def test_rule_errors_are_one_line_naming_file_line_and_field(tmp_path: Path, case: str) -> None:
    entry, words = RULE_ERRORS[case]
    body = f'[[topic]]\nid = "ev"\nname = "EV"\nkeywords = ["전기차"]\nrules = [\n    {entry},\n]\n'
    with pytest.raises(ConfigError) as info:
        topics_from(tmp_path, body)
    message = str(info.value)
    assert "\n" not in message
    line = HEAD.count("\n") + 6  # the rule's own line
    assert message.startswith(f"{tmp_path / 'topics.toml'}:{line}: topic 'ev', field 'rules': "), message
    assert words in message


def test_same_name_in_synonyms_and_concepts_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "topics.toml"
    path.write_text('[synonyms]\nai = ["AI"]\n[concepts]\nai = ["인공지능"]\n'
                    '[[topic]]\nid = "a"\nname = "A"\nkeywords = ["AI"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="declared under both"):
        load_topics(path)


def test_duplicate_rule_names_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="two rules are named 'x'"):
        topics_from(tmp_path, '[[topic]]\nid = "ev"\nname = "EV"\n'
                              'rules = [{ name = "x", all = ["전기차"] }, { name = "x", all = ["수소차"] }]\n')


def test_a_topic_of_rules_only_is_fine_but_not_an_empty_one(tmp_path: Path) -> None:
    assert ev(tmp_path).get("ev").keywords == ()
    with pytest.raises(ConfigError, match="at least one keyword"):
        topics_from(tmp_path, '[[topic]]\nid = "ev"\nname = "EV"\nrules = []\n')


def test_the_readme_example_is_a_valid_topics_file(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The rule language"):]
    start = section.index("```toml\n") + len("```toml\n")
    example = section[start:section.index("\n```", start)]
    path = tmp_path / "topics.toml"
    path.write_text(example, encoding="utf-8")
    topics = load_topics(path)
    assert topics.accepted_ids(art("군은 전기자동차 277대에 구매보조금을 지원한다.")) == ["env_subsidies"]
    assert topics.accepted_ids(art("전기차 화재로 보조금 논란이 일었다.")) == []


def test_digest_highlights_a_rules_subject_not_its_generic_words(tmp_path: Path) -> None:
    topics = ev(tmp_path)
    text = "전기차 보조금"
    assert [text[s:e] for s, e in topics.highlight_spans(text, ["ev"])] == ["전기차"]


def _sentence_marks(text: str) -> list[int]:
    """Where a rule's sentences end, by definition: `!`, `?`, `。`, or a full stop not inside a number."""
    def digit(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isdecimal()
    return [i for i, ch in enumerate(text)
            if ch in "!?。" or (ch == "." and not (digit(i - 1) and digit(i + 1)))]


@pytest.mark.parametrize("text", ["3.5조 원", "했다.기후부는", "2025.", ".5", "1.2.3", "a.b", "끝!?", "。", "9.9.", ""])
def test_a_rule_sentence_ends_at_a_mark_but_not_at_the_stop_inside_a_number(text: str) -> None:
    assert [m.start() for m in SENTENCE_END_RE.finditer(text)] == _sentence_marks(text)


def test_rule_sentence_ends_in_random_texts() -> None:
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice("12.?!。 가a\n٣") for _ in range(rng.randint(0, 12)))
        assert [m.start() for m in SENTENCE_END_RE.finditer(text)] == _sentence_marks(text), text



def test_a_topic_changed_with_replace_scores_its_new_keywords_rules_and_groups(tmp_path: Path) -> None:
    # `monitor topics suggest` tries changes with dataclasses.replace: the lookups scoring uses
    # (which keywords, rules and require groups a matched form belongs to) must follow the change.
    topic = ev(tmp_path).get("ev")
    truck, charger = (Concept(word, (Term.of(word),)) for word in ("수소트럭", "충전소"))
    text = "시는 수소트럭을 산다. 충전소 보조금을 준다."
    assert result(topic, text).evidence == ()
    changed = replace(topic, keywords=(truck, charger))
    assert [e.concept.canonical for e in result(changed, text).evidence] == ["수소트럭", "충전소"]
    assert result(replace(changed, require=((truck,),)), text).missing == ()
    assert result(replace(changed, require=((truck,), (Concept("버스", (Term.of("버스"),)),))), text).missing == (
        "버스",)
    rule = replace(topic.rules[0], parts=(truck, topic.rules[0].parts[1]))
    assert result(replace(topic, rules=(rule,)), text).fired == ()  # two sentences
    fired = result(replace(topic, rules=(rule,)), "수소트럭 보조금을 준다.").fired
    assert [r.rule.name for r in fired] == ["차 보조금"]


def result(topic: Topic, text: str) -> TopicResult:
    return TopicSet([topic]).analyze(art(text))[0]
