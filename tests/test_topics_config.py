"""Topic file validation: every problem is one ConfigError line naming file, topic and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.topics import load_topics

GOOD_TOPIC = """
[[topic]]
id = "ai_hubs"
name = "AI 거점"
keywords = ["AI 데이터센터"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    return path


# (toml, words the message must contain, expected line or None)
CASES = {
    "syntax error": ('[[topic]]\nid = "a"\nname = "x\n', ["TOML syntax error"], 3),
    "unknown top-level field": ('colour = "red"\n' + GOOD_TOPIC, ["unknown field 'colour'", "top level"], 1),
    "no topics": ("[synonyms]\nai = ['AI']\n", ["no topics"], None),
    "topic not a table": ("topic = [1]\n", ["topic #1 must be a table"], 1),
    "missing id": ('[[topic]]\nname = "x"\nkeywords = ["a"]\n', ["needs an id"], None),
    "bad id": ('[[topic]]\nid = "AI Hubs"\nname = "x"\nkeywords = ["a"]\n', ["needs an id", "'AI Hubs'"], 2),
    "unknown topic field": (GOOD_TOPIC + "colour = 'red'\n", ["topic 'ai_hubs'", "unknown field 'colour'"], 6),
    "missing name": ('[[topic]]\nid = "t"\nkeywords = ["a"]\n', ["topic 't'", "field 'name'"], 2),
    "name wrong type": ('[[topic]]\nid = "t"\nname = 3\nkeywords = ["a"]\n', ["topic 't'", "field 'name'"], 3),
    "description wrong type": (GOOD_TOPIC + "description = 1\n", ["field 'description'", "string"], 6),
    "min_score wrong type": (GOOD_TOPIC + 'min_score = "high"\n', ["field 'min_score'", "number"], 6),
    "min_score bool": (GOOD_TOPIC + "min_score = true\n", ["field 'min_score'", "number"], 6),
    "min_score negative": (GOOD_TOPIC + "min_score = -1\n", ["field 'min_score'", ">= 0"], 6),
    "headline_weight zero": (GOOD_TOPIC + "headline_weight = 0\n", ["field 'headline_weight'", "> 0"], 6),
    "max_repeats float": (GOOD_TOPIC + "max_repeats = 1.5\n", ["field 'max_repeats'", "integer"], 6),
    "empty keywords": ('[[topic]]\nid = "t"\nname = "x"\nkeywords = []\n', ["topic 't'", "field 'keywords'",
                                                                          "at least one"], 4),
    "no keywords": ('[[topic]]\nid = "t"\nname = "x"\n', ["topic 't'", "field 'keywords'"], 2),
    "keywords not a list": ('[[topic]]\nid = "t"\nname = "x"\nkeywords = "AI"\n', ["field 'keywords'", "list"], 4),
    "keyword wrong type": ('[[topic]]\nid = "t"\nname = "x"\nkeywords = [3]\n', ["field 'keywords'", "3"], 4),
    "keyword empty": ('[[topic]]\nid = "t"\nname = "x"\nkeywords = ["  "]\n', ["field 'keywords'", "term"], 4),
    "keyword punctuation only": ('[[topic]]\nid = "t"\nname = "x"\nkeywords = ["- /"]\n',
                                 ["field 'keywords'", "no letters"], 4),
    "keyword unknown field": ('[[topic]]\nid = "t"\nname = "x"\nkeywords = [{ term = "a", wieght = 2 }]\n',
                              ["field 'keywords'", "unknown field 'wieght'"], 4),
    "keyword weight wrong type": ('[[topic]]\nid = "t"\nname = "x"\nkeywords = [{ term = "a", weight = "2" }]\n',
                                  ["field 'keywords'", "number"], 4),
    "keyword aliases wrong type": ('[[topic]]\nid = "t"\nname = "x"\nkeywords = [{ term = "a", aliases = "b" }]\n',
                                   ["field 'keywords'", "aliases"], 4),
    "duplicate keyword": ('[[topic]]\nid = "t"\nname = "x"\nkeywords = ["AI 센터", "AI센터"]\n',
                          ["field 'keywords'", "listed twice"], 4),
    "duplicate id": (GOOD_TOPIC + GOOD_TOPIC, ["topic 'ai_hubs', field 'id'", "duplicate topic id"], 8),
    "keyword is exclusion": (GOOD_TOPIC + 'exclude = ["AI데이터센터"]\n',
                             ["topic 'ai_hubs'", "field 'exclude'", "both a keyword and an exclusion"], 6),
    "exclusion bad where": (GOOD_TOPIC + 'exclude = [{ term = "화재", where = "title" }]\n',
                            ["field 'exclude'", "where", "headline"], 6),
    "exclusion weight": (GOOD_TOPIC + 'exclude = [{ term = "화재", weight = 2 }]\n',
                         ["field 'exclude'", "unknown field 'weight'"], 6),
    "require wrong type": (GOOD_TOPIC + "require = [[1]]\n", ["field 'require'", "strings"], 6),
    "require empty group": (GOOD_TOPIC + "require = [[]]\n", ["field 'require'", "non-empty"], 6),
    "unknown synonym group": ('[synonyms]\nai = ["AI"]\n' + GOOD_TOPIC.replace("AI 데이터센터", "@aii 데이터센터"),
                              ["topic 'ai_hubs'", "field 'keywords'", "unknown synonym group '@aii'", "known: ai"], 7),
    "unknown group in require": (GOOD_TOPIC + 'require = ["@smart"]\n', ["field 'require'", "'@smart'"], 6),
    "dangling at sign": (GOOD_TOPIC.replace("AI 데이터센터", "AI @ 센터"), ["field 'keywords'", "'@'"], 5),
    "synonyms not a table": ('synonyms = ["AI"]\n' + GOOD_TOPIC, ["field 'synonyms'"], 1),
    "synonym group empty": ("[synonyms]\nai = []\n" + GOOD_TOPIC, ["field 'ai'", "non-empty"], 2),
    "synonym group nested": ('[synonyms]\nai = ["AI"]\nx = ["@ai"]\n' + GOOD_TOPIC, ["field 'x'", "another group"], 3),
    "defaults unknown": ("[defaults]\nscore = 1\n" + GOOD_TOPIC, ["unknown field 'score'", "[defaults]"], 2),
    "defaults wrong type": ('[defaults]\nmin_score = "a"\n' + GOOD_TOPIC, ["field 'min_score'", "number"], 2),
}


@pytest.mark.parametrize(("toml", "words", "line"), list(CASES.values()), ids=list(CASES))
def test_bad_topics_file_is_one_line_naming_the_problem(tmp_path: Path, toml: str, words: list[str],
                                                        line: int | None) -> None:
    path = write(tmp_path, toml)
    with pytest.raises(ConfigError) as info:
        load_topics(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    for word in words:
        assert word in message
    assert info.value.exit_code == 2
    assert info.value.line == line


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="topics file not found") as info:
        load_topics(tmp_path / "nope.toml")
    assert str(tmp_path / "nope.toml") in str(info.value)


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "topics.toml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ConfigError, match="cannot read"):
        load_topics(path)


def test_a_topic_inherits_defaults_and_overrides_them(tmp_path: Path) -> None:
    path = write(tmp_path, "[defaults]\nmin_score = 7\nmax_repeats = 2\n" + GOOD_TOPIC
                 + GOOD_TOPIC.replace("ai_hubs", "other") + "min_score = 1.5\n")
    first, second = load_topics(path).topics
    assert (first.min_score, first.max_repeats, first.headline_weight) == (7.0, 2, 2.0)
    assert (second.min_score, second.max_repeats) == (1.5, 2)


def test_synonym_groups_expand_inside_keywords(tmp_path: Path) -> None:
    path = write(tmp_path, '[synonyms]\nai = ["AI", "인공지능"]\nc = ["센터", "센타"]\n'
                 + GOOD_TOPIC.replace("AI 데이터센터", "국가@ai컴퓨팅@c"))
    concept = load_topics(path).topics[0].keywords[0]
    assert concept.canonical == "국가AI컴퓨팅센터"
    assert [t.surface for t in concept.forms] == ["국가AI컴퓨팅센터", "국가AI컴퓨팅센타", "국가인공지능컴퓨팅센터",
                                                  "국가인공지능컴퓨팅센타"]


def test_default_topics_file_loads() -> None:
    topics = load_topics(Path(__file__).resolve().parent.parent / "monitor" / "config" / "topics.toml")
    assert len(topics.topics) == 3
