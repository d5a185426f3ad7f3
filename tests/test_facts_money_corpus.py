"""Money box sanity over the shared corpus (read in place, skipped when absent): every figure the box
shows is written in its article, no figure is shown both as money and as a part of other money, and
the copies of one story give one line."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from monitor.facts import Facts, article_facts, parse_amount
from monitor.facts.summary import Figure, MoneyLine, money_box, story_line
from monitor.models import Article
from monitor.sources.folder import read_document
from monitor.text import extract_articles
from tests.corpus_support import CORPUS, corpus_labels

# A figure as written, read without any of find_amounts's rules about kinds or counts: "4조119억",
# "5,000만원", "97억5천만", "1,050원" (spaces removed first, as PDF pages lose them).
WRITTEN = re.compile(r"(?:\d[\d,]*(?:\.\d+)?(?:[천백]\d*)?[조억만])+(?:\d[\d,]*(?:[천백]\d*)?)?|\d[\d,]*(?=원)")


def written_values(text: str) -> set[int]:
    return {parse_amount(m.group()) for m in WRITTEN.finditer(re.sub(r"\s+", "", text))}


@cache
def corpus_articles() -> dict[str, list[Article]]:
    return {entry["file"]: extract_articles(read_document(CORPUS / entry["file"]))
            for entry in corpus_labels()["articles"]}


def shown(figures: tuple[Figure, ...]) -> list[Figure]:
    return [g for f in figures for g in (f, *shown(f.parts))]


def lines_of_corpus() -> list[tuple[str, Article, MoneyLine]]:
    found = []
    for name, articles in corpus_articles().items():
        for article in articles:
            line = story_line(article.headline or "", [article_facts(article)])
            if line is not None:
                found.append((name, article, line))
    return found


def test_every_figure_the_box_shows_is_written_in_its_article() -> None:
    lines = lines_of_corpus()
    assert len(lines) >= 40  # the corpus is mostly programme news with money in it
    for name, article, line in lines:
        written = written_values("\n".join([article.headline or "", *article.subheadlines, article.text]))
        for figure in shown((*line.figures, *line.caps, *line.context)):
            values = [figure.amount.krw] + ([figure.amount.upto] if figure.amount.upto else [])
            assert all(v in written for v in values), f"{name}: {figure.text()} is not in the article"


def test_no_figure_is_shown_both_as_money_and_as_a_part_of_other_money() -> None:
    for name, _, line in lines_of_corpus():
        tops = [id(f.amount) for f in (*line.figures, *line.caps, *line.context)]
        parts = [id(p.amount) for f in (*line.figures, *line.context) for p in shown(f.parts)]
        assert len(set(tops)) == len(tops) and not set(tops) & set(parts), f"{name}: {line.figures_text}"
        for figure in shown(line.figures):
            if figure.complete:
                assert sum(p.amount.krw for p in figure.parts) == figure.amount.krw, f"{name}: {figure.text()}"
        assert all(not p.amount.max and not p.amount.per_unit for f in line.figures for p in shown(f.parts))


def test_the_copies_of_one_story_give_one_line_stating_each_figure_once() -> None:
    groups: dict[str, list[Facts]] = defaultdict(list)
    for entry in corpus_labels()["articles"]:
        if entry["story"]:
            groups[entry["story"]] += [article_facts(a) for a in corpus_articles()[entry["file"]][:1]]
    several = 0
    for story, copies in groups.items():
        [line] = money_box([(story, copies)]) or [None]
        if line is None:
            continue
        several += sum(1 for facts in copies if facts.amounts) > 1
        # Copies restate the same figures (국비 160억원, 국비 160억): the line states each once.
        tops = [(f.amount.krw, f.amount.kind, f.amount.max) for f in (*line.figures, *line.caps, *line.context)]
        assert len(tops) == len(set(tops)), f"{story}: {line.figures_text}"
    assert several >= 5  # stories whose money several outlets state
