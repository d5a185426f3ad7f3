"""Multi-article files, made up for these tests, in every layout and at several wrap widths.

`tests/data/text/made_up_pages.json` holds five short articles (some without a
headline or a byline). They are laid out as the corpus pages are: clean
(headline, paragraphs between blank lines, `/이름 기자` line), and PDF-like (no
blank line inside a body, byline after it, the next headline between blank
lines), wrapped at spaces, inside words with U+FFFD for some spaces, or glued
with nearly every space lost. Each layout must give back the five articles with
their headlines, bylines and all of their text, in order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from monitor.models import Article, RawDocument
from monitor.text import extract_articles
from monitor.text.normalize import display_width
from monitor.text.sentences import split_sentences

DATA = Path(__file__).resolve().parent / "data" / "text" / "made_up_pages.json"
ARTICLES: list[dict] = json.loads(DATA.read_text(encoding="utf-8"))["articles"]
WHITESPACE_RE = re.compile(r"\s+")


def squash(text: str | None) -> str:
    return WHITESPACE_RE.sub("", text or "")


def wrap_at_spaces(text: str, width: int) -> list[str]:
    """Greedy wrap at spaces to `width` display columns."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and display_width(f"{line} {word}") > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def wrap_anywhere(text: str, width: int) -> list[str]:
    """Cut every `width` characters, inside words too."""
    return [text[i : i + width] for i in range(0, len(text), width)]


def lose_spaces(text: str, keep_every: int) -> str:
    """Every space but one in `keep_every` dropped, as a PDF extractor without spaces does."""
    pieces = text.split(" ")
    return "".join(p + (" " if (i + 1) % keep_every == 0 else "") for i, p in enumerate(pieces[:-1])) + pieces[-1]


def damage_spaces(text: str) -> str:
    """Every third space read as U+FFFD."""
    pieces = text.split(" ")
    return "".join(p + ("\ufffd" if i % 3 == 2 else " ") for i, p in enumerate(pieces[:-1])) + pieces[-1]


def clean_page() -> str:
    parts = []
    for article in ARTICLES:
        lines = [article["headline"], ""] if article["headline"] else []
        lines += "\n\n".join(article["paragraphs"]).split("\n")
        if article["byline"]:
            lines.append(f"/{article['byline']} 기자")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def pdf_page(wrap, *, glued: bool = False) -> str:  # type: ignore[no-untyped-def]
    """Bodies wrapped by `wrap`, the byline after each body, each headline between blank lines."""
    parts = []
    for index, article in enumerate(ARTICLES):
        head = article["headline"]
        lines = [lose_spaces(head, 4) if glued else head, ""] if head else []
        for number, paragraph in enumerate(article["paragraphs"]):
            if glued and number:
                lines.append("")  # glued pages keep a blank line between paragraphs
            lines += wrap(paragraph)
        if article["byline"]:
            closing = f"/{article['byline']} 기자"
            if index % 2:
                lines[-1] += f" {closing}"  # glued to the last sentence, as print often sets it
            else:
                lines.append(closing)
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


LAYOUTS = {
    "clean": clean_page,
    **{f"pdf-spaces-{w}": (lambda w=w: pdf_page(lambda p: wrap_at_spaces(p, w))) for w in (28, 34, 42)},
    **{f"pdf-midword-{w}": (lambda w=w: pdf_page(lambda p: wrap_anywhere(damage_spaces(p), w))) for w in (13, 16, 19)},
    **{
        f"pdf-glued-{w}": (lambda w=w: pdf_page(lambda p: wrap_anywhere(lose_spaces(p, 8), w), glued=True))
        for w in (18, 22)
    },
}


def extract(text: str) -> list[Article]:
    return extract_articles(RawDocument("page.txt", "page.txt", text, "0" * 64))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_article_comes_back_with_its_headline_and_byline(layout: str) -> None:
    articles = extract(LAYOUTS[layout]())
    assert [squash(a.headline) or None for a in articles] == [squash(a["headline"]) or None for a in ARTICLES]
    assert [a.byline for a in articles] == [a["byline"] for a in ARTICLES]
    for got, expected in zip(articles, ARTICLES, strict=True):
        assert squash(got.text) == squash(" ".join(expected["paragraphs"]).replace("\ufffd", ""))


def test_clean_layout_keeps_its_paragraphs() -> None:
    articles = extract(LAYOUTS["clean"]())
    assert [a.text for a in articles] == ["\n\n".join(a["paragraphs"]) for a in ARTICLES]
    assert not any(a.spacing_restored for a in articles)


@pytest.mark.parametrize("layout", ["pdf-spaces-28", "pdf-spaces-42", "pdf-midword-16"])
def test_wrapped_layouts_keep_their_sentences(layout: str) -> None:
    """A wrapped body comes back in its sentences, its lead (dateline included) first."""
    articles = extract(LAYOUTS[layout]())
    expected = [split_sentences("\n\n".join(a["paragraphs"])) for a in ARTICLES]
    assert [len(a.sentences) for a in articles] == [len(sentences) for sentences in expected]
    assert articles[0].text.startswith("[남도일보=정하늘 기자] 전남 나주시는 빛가람동")
    assert not any(a.spacing_restored for a in articles)


def test_glued_layout_is_spaced_again() -> None:
    articles = extract(LAYOUTS["pdf-glued-22"]())
    assert all(a.spacing_restored for a in articles)
    first = articles[0].text
    assert "14일 밝혔다." in first and "나주시 관계자는" in first


def test_one_article_with_blank_lines_and_a_byline_stays_one() -> None:
    """A single article whose paragraphs stand between blank lines is not cut at its sub-headings."""
    article = ARTICLES[0]
    text = "\n\n".join([article["headline"], article["paragraphs"][0], "◇ 쉼터 시설", *article["paragraphs"][1:]])
    (got,) = extract(text + f"\n/{article['byline']} 기자\n")
    assert got.headline == article["headline"]
    assert got.byline == article["byline"]
