"""Text that lost its spaces (PDF), matched the way the CLI matches it.

Every article here goes through `extract_articles`, so `original_text` is the glued body
and `text` is Kiwi's restoration of it; a keyword in the glued original counts only where
the restored text ends a word there (monitor.topics.boundaries). The last test measures
what teaching Kiwi the keywords as user words does to that rule.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.models import Article, RawDocument
from monitor.text import extract_articles
from monitor.topics import TopicSet, load_topics
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parent.parent

RULES_TOML = """
[synonyms]
ai = ["AI", "인공지능"]
smart_city = ["스마트시티", "스마트도시"]

[[topic]]
id = "kw"
name = "키워드"
min_score = 1
keywords = ["@smart_city", "@ai 데이터센터", "@ai 중심도시", "원전", "전기차", "수소", "전주", "AI", "전기굴착기"]
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> TopicSet:
    path = tmp_path_factory.mktemp("topics") / "topics.toml"
    path.write_text(RULES_TOML, encoding="utf-8")
    return load_topics(path)


def extract(headline: str, body: str) -> Article:
    """One article from a headline and a glued body, through the text pipeline."""
    doc = RawDocument(source="t", name="t", text=f"{headline}\n\n{body}\n", content_hash=body)
    (article,) = extract_articles(doc)
    assert article.spacing_restored and article.original_text, "the body was not treated as glued"
    return article


def body_count(rules: TopicSet, article: Article, keyword: str) -> int:
    result = next(r for r in rules.analyze(article) if r.topic.id == "kw")
    return next((e.body for e in result.evidence if e.concept.canonical == keyword), 0)


@pytest.mark.parametrize(
    ("headline", "body", "keyword", "count"),
    [
        # traps: a keyword followed by the rest of another word
        ("스마트도시락나눔행사", "광주시는어린이날을맞아스마트도시락나눔행사를시청광장에서열었다고8일밝혔다."
         "행사에는시민300명이참여했으며스마트도시락은지역업체가만든건강식으로구성됐다.", "스마트시티", 0),
        ("봄의전주곡연주회", "시립교향악단은오는15일소리문화의전당에서봄의전주곡연주회를연다고밝혔다."
         "이번공연에서는바그너오페라의전주곡과교향곡제9번을연주한다.", "전주", 0),
        ("수소문끝에가족상봉", "전쟁때헤어진형제가적십자사의수소문끝에70년만에다시만났다."
         "형은수소문을포기하지않았고동생은수소문소식을듣고달려왔다.", "수소", 0),
        ("노후주택전기차단기교체", "군은화재예방을위해노후주택의전기차단기교체사업을추진한다고밝혔다."
         "전기차단기와누전차단기를무료로교체해주며비용은전액군비로지원한다.", "전기차", 0),
        ("버스손실보전금확정", "도는농어촌버스업체의운행손실보전금10억원전액을추경에반영했다고밝혔다."
         "군비50억원전액은별도로지원한다.", "원전", 0),
        ("이메일상담창구운영", "시는시민상담을이메일로받는다고밝혔다.담당자MAIL주소와TRAIN프로그램안내는"
         "시홈페이지에서확인할수있다.", "AI", 0),
        # true positives: every real occurrence counts, traps beside them do not
        ("원전주변지역지원확정", "정부는원전주변지역주민을위한지원사업예산10억원전액을확정했다고밝혔다."
         "예산은원전인근마을의주민복지에쓰인다.", "원전", 2),
        ("스마트도시와도시락", "스마트도시를표방하는시가어르신에게스마트도시락을배달한다고밝혔다."
         "시는스마트도시조성사업의하나로이사업을추진한다.", "스마트시티", 2),
        ("AI중심도시광주", "인공지능중심도시광주가새로운비전을선포했다.시는AI중심도시광주를위해"
         "AI데이터센터를유치하고지역기업을육성한다고밝혔다.", "AI 중심도시", 2),
        ("강소형스마트시티광양", "광양시가강소형스마트시티광양의청사진을공개했다.시는스마트시티광양을위해"
         "국비120억원을확보했다고밝혔다.", "스마트시티", 2),
        ("전기굴착기보조금", "도는건설현장미세먼지를줄이기위해전기굴착기구매보조금을지원한다고밝혔다."
         "전기굴착기1대당최대5000만원을지원하며전기차충전기도설치한다.", "전기굴착기", 2),
        ("전기굴착기보조금", "도는건설현장미세먼지를줄이기위해전기굴착기구매보조금을지원한다고밝혔다."
         "전기굴착기1대당최대5000만원을지원하며전기차충전기도설치한다.", "전기차", 1),
    ],
)
def test_glued_keyword_counts(rules: TopicSet, headline: str, body: str, keyword: str, count: int) -> None:
    assert body_count(rules, extract(headline, body), keyword) == count


def test_glued_original_hit_takes_its_right_edge_from_the_restored_text(rules: TopicSet) -> None:
    article = extract("제목", "광주시는어린이날을맞아스마트도시락나눔행사를열었다고밝혔다."
                            "스마트도시를만들겠다는것이다.")
    hits = rules.hits(article)
    restored, original = hits.body
    assert original.text == article.original_text
    start = article.original_text.index("스마트도시를")
    assert original.spans["스마트도시"] == ((start, start + 5),)  # not the one in 스마트도시락
    assert len(restored.spans["스마트도시"]) == 1


def test_the_cli_keeps_the_lunch_box_out(run_cli: RunCli, tmp_path: Path) -> None:
    """Through the path users take: a glued page whose only 스마트도시 is 스마트도시락."""
    page = tmp_path / "lunch.txt"
    page.write_text("스마트도시락나눔행사\n\n광주시는어린이날을맞아스마트도시락나눔행사를시청광장에서열었다고8일밝혔다."
                    "행사에는시민300명이참여했으며스마트도시락은지역업체가만든건강식으로구성됐다.\n"
                    "/박진표기자 lucky@kwangju.co.kr\n", encoding="utf-8")
    result = run_cli("analyze", str(page), "--config", str(ROOT / "monitor" / "config"))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all("smart_cities" not in r["topics"] for r in records)
