"""`monitor topics suggest`: suggestions measured on stored articles, from a real SQLite store.

tests/data/topics/suggest/ holds short made-up articles and a one-topic file ("solar",
written narrowly around `태양광 보조금`): three articles it matches, two installation-grant
articles it misses (`태양광 설치비 지원`, `태양열 … 설치비`), a siting dispute that shares
its words, and unrelated local news.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monitor.analyze import read_documents
from monitor.models import Article
from monitor.text import extract_articles
from monitor.topics import TopicSet, load_topics
from monitor.topics.suggest import Suggestion, TopicReport, suggest, suggest_topic, terms_of
from tests.conftest import RunCli

DATA = Path(__file__).resolve().parent / "data" / "topics" / "suggest"
MISSED = {"다솜군, 주택 태양광 설치비 지원", "빛나시, 태양열 온수기 설치비 지원"}
DISPUTE = "샘골 주민들, 태양광 발전소 건립 반대"


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    errors: list[str] = []
    docs = read_documents([str(p) for p in sorted(DATA.glob("*.txt"))], errors)
    found = [a for doc in docs for a in extract_articles(doc)]
    assert not errors and len(found) == 12
    return found


@pytest.fixture(scope="module")
def topics() -> TopicSet:
    return load_topics(DATA / "topics.toml")


@pytest.fixture(scope="module")
def report(topics: TopicSet, articles: list[Article]) -> TopicReport:
    return suggest_topic(topics, articles, "solar", limit=50)


def find(report: TopicReport, kind: str, text: str) -> Suggestion:
    return next(s for s in report.suggestions if s.kind == kind and text in s.toml)


def headlines(s: Suggestion) -> set[str]:
    return {e.split("  [")[0] for e in s.examples}


def test_report_counts_matched_and_likely_missed(report: TopicReport) -> None:
    assert (report.stored, report.matched) == (12, 3)
    assert report.near_misses == 2  # the missed 태양광 article and the dispute: 태양광 found, too few points
    assert report.sharing == 1  # the 태양열 article: no keyword, but 설치비 and 자부담 like the matched ones


def test_keyword_suggestion_counts_what_it_would_really_add(report: TopicReport, topics: TopicSet,
                                                             articles: list[Article], tmp_path: Path) -> None:
    s = find(report, "keyword", '"설치비"')
    assert s.toml == '{ term = "설치비", weight = 2 }'
    assert (s.adds, s.in_matched, s.broad) == (2, 3, 1)  # the 태양열 article had no other evidence
    assert headlines(s) == MISSED
    # applying it files exactly those articles
    text = (DATA / "topics.toml").read_text(encoding="utf-8")
    text = text.replace('    "태양광",\n', f'    "태양광",\n    {s.toml},\n')
    (tmp_path / "topics.toml").write_text(text, encoding="utf-8")
    widened = load_topics(tmp_path / "topics.toml")
    before = {a.headline for a in articles if topics.accepted_ids(a)}
    after = {a.headline for a in articles if widened.accepted_ids(a)}
    assert after - before == MISSED


def test_broad_term_also_comes_as_a_narrower_rule(report: TopicReport) -> None:
    rule = find(report, "rule", '"설치비"')
    assert rule.toml == '{ all = ["설치비", "태양광"] }'
    assert rule.adds == 1 and headlines(rule) == {"다솜군, 주택 태양광 설치비 지원"}


def test_lowering_min_score_shows_its_cost(report: TopicReport) -> None:
    s = find(report, "min_score", "min_score = 3")
    assert s.adds == 2 and headlines(s) == {"다솜군, 주택 태양광 설치비 지원", DISPUTE}


def test_configured_and_generic_words_are_never_suggested(report: TopicReport) -> None:
    tomls = " ".join(s.toml for s in report.suggestions if s.kind == "keyword")
    assert '"태양광"' not in tomls and '"태양광 보조금"' not in tomls
    assert '"신청"' not in tomls and '"지원"' not in tomls


def test_obstacles_of_near_misses(tmp_path: Path) -> None:
    (tmp_path / "topics.toml").write_text(
        '[[topic]]\nid = "ev"\nname = "EV"\nmin_score = 2.0\n'
        'keywords = [{ term = "전기차 보조금", weight = 2 }, "충전소"]\n'
        'rules = [{ name = "차 … 지원", all = ["전기차", "지원"], near = 10, weight = 2 }]\n'
        'exclude = [{ term = "화재", where = "headline" }]\nrequire = [["보조금", "지원"]]\n', encoding="utf-8")
    topics = load_topics(tmp_path / "topics.toml")

    def article(headline: str, text: str) -> Article:
        return Article(source="t", index=0, headline=headline, text=text, summary="")

    stored = [
        article("전기차 보조금 화재 보험", "전기차 보조금 차량 화재에 보험을 든다."),  # vetoed only
        article("충전소 늘린다", "충전소 열 곳을 새로 짓는다."),  # lacks the require group only
        article("전기차 구매", "전기차를 사면 시가 가격의 절반을 지원한다."),  # rule window too small
        article("축제", "축제가 열린다."),
    ]
    [report] = suggest(topics, stored, "ev")
    kinds = {s.kind: s for s in report.suggestions}
    assert kinds["exclude"].toml == "review the exclusion '화재'" and kinds["exclude"].adds == 1
    assert kinds["require"].toml.startswith("widen the require group [보조금 | 지원]")
    assert kinds["near"].toml == "rule '차 … 지원': near = 20 (now 10)" and kinds["near"].adds == 1


def test_terms_strip_particles_and_pair_words() -> None:
    terms = terms_of(Article(source="t", index=0, headline="태양광 설치비를 지원", text="자부담은 없다.", summary=""))
    assert {"태양광", "설치비", "지원", "자부담", "태양광 설치비"} <= terms
    assert "설치비를" not in terms


def test_cli_suggests_from_the_database(run_cli: RunCli, workdir: Path) -> None:
    shutil.rmtree(workdir / "seeds")
    (workdir / "seeds").mkdir()
    for path in DATA.glob("*.txt"):
        shutil.copy(path, workdir / "seeds" / path.name)
    shutil.copy(DATA / "topics.toml", workdir / "config" / "topics.toml")
    ingest = run_cli("ingest", cwd=workdir)
    assert ingest.returncode == 0, ingest.stderr
    assert (workdir / "var" / "monitor.db").is_file()
    result = run_cli("topics", "suggest", "--topic", "solar", cwd=workdir)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("solar (주택 태양광 지원): 3 of 12 stored article(s) matched")
    assert '+2   keyword   { term = "설치비", weight = 2 }' in out
    assert "e.g. 다솜군, 주택 태양광 설치비 지원" in out
    assert "1 of the 2 with no other evidence" in out


def test_cli_unknown_topic_and_help(run_cli: RunCli, workdir: Path) -> None:
    bad = run_cli("topics", "suggest", "--topic", "weather", cwd=workdir)
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith("monitor: error: --topic weather: no such topic")
    helped = run_cli("topics", "suggest", "--help", cwd=workdir)
    assert helped.returncode == 0 and "usage: monitor topics suggest" in helped.stdout
    assert "--config DIR" in helped.stdout and "--limit N" in helped.stdout
    assert "suggest" in run_cli("topics", "--help", cwd=workdir).stdout
