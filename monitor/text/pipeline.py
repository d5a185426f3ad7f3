"""The text stage: RawDocument -> clean Articles, in document order.

Order matters:

1. normalize first: every pattern after it assumes NFC, plain spaces and `\\n`;
2. choose the layout: a file whose blank lines part several articles (clean
   multi-article files, PDF-like pages) is cut at them; a PDF page whose blank
   lines say nothing (column lines closed by `/name 기자` bylines) is cut at its
   bylines; anything else is one web page or feed entry;
3. clean and cut (chrome for web pages, headlines/captions for PDF pages)
   *before* spacing restoration, so Kiwi never sees chrome or captions;
4. restore spacing per article, only where the article lost it (all such
   articles of a document in one Kiwi call); on a spaced article, space its
   glued headline with the words of its own body;
5. split sentences and summarise last, on the final text.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass
from datetime import date

from monitor.models import Article, RawDocument
from monitor.text.blocks import split_blocks
from monitor.text.chrome import strip_chrome
from monitor.text.dates import find_date, leading_date, source_dating
from monitor.text.headlines import space_glued_runs
from monitor.text.layout import PageArticle, find_bylines, split_page
from monitor.text.metadata import parse_lead_byline
from monitor.text.normalize import display_widths, normalize, space_ratio
from monitor.text.outlets import outlet_for_domain, source_publisher, text_outlet
from monitor.text.paragraphs import Vocabulary, join_paragraphs
from monitor.text.sentences import lead_summary, split_sentences
from monitor.text.spacing import GLUED_RATIO, fix_punctuation_spacing, needs_restoration, restore_spacing
from monitor.text.web import read_web_page

logger = logging.getLogger(__name__)

PDF_MAX_MEDIAN_WIDTH = 70  # display columns: newspaper column lines are ~30-45 wide, web paragraphs far wider
# A web article signed like print (`…했다. /홍길동 기자`) with few paragraphs and short menu lines can
# have a narrow median too; but a paragraph line is wider than any column line (< 1 % of a page's
# lines exceed this, a web page's paragraphs a quarter or more).
WIDE_LINE = 100
PDF_MAX_WIDE_SHARE = 0.1
AUTHOR_SUFFIX_RE = re.compile(r"\s*(?:기자|특파원|논설위원)\s*$")


@dataclass(frozen=True, slots=True)
class _Draft:
    """An article's parts before spacing, sentences and summary."""

    headline: str | None
    subheadlines: tuple[str, ...]
    paragraphs: tuple[str, ...]
    byline: str | None
    outlet: str | None


def extract_articles(doc: RawDocument) -> list[Article]:
    """Clean articles of one document, in document order, captions and strays dropped.

    >>> from monitor.models import RawDocument
    >>> doc = RawDocument("a.txt", "a.txt", "광주시, 사업 시작\\n\\n광주시는 8일 사업을 시작한다고 밝혔다.\\n", "h")
    >>> [(a.headline, a.text) for a in extract_articles(doc)]
    [('광주시, 사업 시작', '광주시는 8일 사업을 시작한다고 밝혔다.')]
    """
    text = normalize(doc.text)  # 1.
    opening_date, text = leading_date(text)  # a scraper's ` date 2025-08-19` line opening the excerpt
    lines = list(filter(None, map(str.strip, text.split("\n"))))  # the non-empty lines, in C
    if not lines:
        return [_title_only(doc)] if doc.title else []
    blocked = split_blocks(text)  # 2.
    if blocked:
        drafts = _block_drafts(blocked, _Joiner(text, lines))  # 3.
    else:
        bylines = find_bylines(lines)
        widths = display_widths(lines) if bylines else []  # only a page with bylines may be a PDF page
        if bylines and _is_pdf_page(widths):
            drafts = _pdf_drafts(split_page(lines, bylines, widths), _Joiner(text, lines))  # 3.
        else:
            drafts = [_web_draft(lines, doc)]
    published = opening_date or find_date(text)  # the text's own date; the feed's or the file's is `dated`
    articles = _finish(drafts, doc, published, text)  # 4. 5.
    if not articles and doc.title:
        articles.append(_title_only(doc))
    logger.debug("%s: %d articles", doc.source, len(articles))
    return articles


def _title_only(doc: RawDocument) -> Article:
    """A feed entry that carries nothing but its title is still news: it is listed by its headline."""
    assert doc.title is not None
    dated, date_source = source_dating(None, doc)
    return Article(source=doc.source, index=0, headline=normalize(doc.title).strip(), text="", summary="",
                   byline=_feed_author(doc), dated=dated, date_source=date_source,
                   publisher=source_publisher(doc.publishers))


def _feed_author(doc: RawDocument) -> str | None:
    """The feed's author field without its `기자` title, or None."""
    return AUTHOR_SUFFIX_RE.sub("", doc.author) or None if doc.author else None


def _is_pdf_page(widths: list[int]) -> bool:
    """True for the line widths of a newspaper column (the page has bylines closing articles)."""
    wide = sum(1 for width in widths if width > WIDE_LINE)
    return statistics.median(widths) <= PDF_MAX_MEDIAN_WIDTH and wide <= PDF_MAX_WIDE_SHARE * len(widths)


class _Joiner:
    """Joins the wrapped lines of one page's articles, with what the page says once for all of them."""

    def __init__(self, text: str, lines: list[str]) -> None:
        self.glued = space_ratio(text) < GLUED_RATIO
        self.vocab = None if self.glued else Vocabulary(lines)

    def paragraphs(self, article: PageArticle) -> tuple[str, ...]:
        join = join_paragraphs
        return tuple(p for lines in article.bodies for p in join(lines, glued=self.glued, vocab=self.vocab))


def _pdf_drafts(page: list[PageArticle], joiner: _Joiner) -> list[_Draft]:
    # A column can cut the address (`lucky@`); the same reporter's full one names the outlet.
    domains = {a.byline.name: a.byline.domain for a in page if a.byline and a.byline.domain}
    drafts = []
    for article in page:
        assert article.byline is not None  # a page article is closed by its byline
        domain = article.byline.domain or domains.get(article.byline.name)
        drafts.append(
            _Draft(
                article.headline,
                article.subheadlines,
                joiner.paragraphs(article),
                article.byline.name,
                outlet_for_domain(domain),
            )
        )
    return drafts


def _block_drafts(articles: list[PageArticle], joiner: _Joiner) -> list[_Draft]:
    drafts = []
    for article in articles:
        paragraphs = joiner.paragraphs(article)
        # The lead's dateline (`[충남일보 윤근호 기자]`) names outlet and reporter; it stays in the text.
        outlet, reporter, _ = parse_lead_byline(paragraphs[0]) if paragraphs else (None, None, "")
        byline = article.byline
        outlet = outlet_for_domain(byline.domain) if byline and byline.domain else outlet
        reporter = byline.name if byline else reporter
        drafts.append(_Draft(article.headline, article.subheadlines, paragraphs, reporter, outlet))
    return drafts


def _web_draft(lines: list[str], doc: RawDocument) -> _Draft:
    page = read_web_page(strip_chrome(lines))
    byline = page.byline or _feed_author(doc)
    outlet = page.outlet or outlet_for_domain(page.domain) or text_outlet(lines)
    return _Draft(page.headline or doc.title, page.subheadlines, page.paragraphs, byline, outlet)


def _finish(drafts: list[_Draft], doc: RawDocument, published: date | None, page: str) -> list[Article]:
    """The articles of the drafts that have text: spacing restored where lost, sentences, summary."""
    drafts = [draft for draft in drafts if "\n\n".join(draft.paragraphs).strip()]
    glued = [needs_restoration("\n\n".join(draft.paragraphs)) for draft in drafts]
    spaced = iter(_restored([draft for draft, lost in zip(drafts, glued, strict=True) if lost], page))
    dated, date_source = source_dating(published, doc)  # the same for every article of the document
    publisher = source_publisher(doc.publishers)
    articles = []
    for index, (draft, restored) in enumerate(zip(drafts, glued, strict=True)):
        original = "\n\n".join(draft.paragraphs)
        if restored:
            headline, subheadlines, body = next(spaced)
        else:
            headline, subheadlines = draft.headline, draft.subheadlines
            body = fix_punctuation_spacing(original)  # its spaces never span a paragraph break
            if headline:  # printed glued on a spaced page: the body spells its words with spaces
                headline = space_glued_runs(headline, body)
        sentences = tuple(split_sentences(body))
        articles.append(
            Article(
                source=doc.source,
                index=index,
                headline=headline,
                text=body,
                summary=lead_summary(sentences),
                sentences=sentences,
                subheadlines=subheadlines,
                byline=draft.byline,
                outlet=draft.outlet,
                published=published,
                spacing_restored=restored,
                original_text=original if restored else None,
                dated=dated,
                date_source=date_source,
                publisher=publisher,
            )
        )
    return articles


def _restored(drafts: list[_Draft], page: str) -> list[tuple[str | None, tuple[str, ...], str]]:
    """(headline, sub-headlines, body) of each draft with its spacing restored, in one Kiwi call for all."""
    texts = [[*d.paragraphs, *(h for h in (d.headline, *d.subheadlines) if h)] for d in drafts]
    spaced = restore_spacing([text for parts in texts for text in parts], page)  # the page's lines spell its words
    restored, start = [], 0
    for draft, parts in zip(drafts, texts, strict=True):
        middle, end = start + len(draft.paragraphs), start + len(parts)
        paragraphs, heads = spaced[start:middle], spaced[middle:end]
        start = end
        headline, subheadlines = (heads[0], tuple(heads[1:])) if draft.headline else (draft.headline, tuple(heads))
        restored.append((headline, subheadlines, "\n\n".join(paragraphs)))
    return restored
