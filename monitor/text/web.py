"""One article out of a scraped web page or a feed entry.

After chrome is gone such a page reads: headline, sub-headlines, a reporter /
date stamp, maybe more sub-headlines, then the body one paragraph per line,
and sometimes the reporter's name again at the end. The body starts at the
first line that reads as prose (long, or ending a sentence); short lines above
it are the headline block. A paragraph closed by a reporter's name
(`…듣고 있다. 나건호 기자`) is a photo caption inside the body, and the byline
when it is the last paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.text.metadata import (
    CREDITED_PARAGRAPH_RE,
    EMAIL_LINE_RE,
    STAMP_LINE_RE,
    parse_lead_byline,
    parse_pdf_byline,
    parse_web_byline,
)
from monitor.text.paragraphs import ends_sentence

PROSE_MIN_LENGTH = 80  # a line this long is body even without a full stop
HEADLINE_MAX_LENGTH = 120  # a longer line above the body is not a headline
SECTION_LABEL_RE = re.compile(r"^[가-힣A-Za-z]{1,5}$")  # one short word: a section, not a title


@dataclass(frozen=True, slots=True)
class WebArticle:
    """The parts of a single-article page, before spacing and sentence work."""

    headline: str | None
    subheadlines: tuple[str, ...]
    paragraphs: tuple[str, ...]
    byline: str | None
    domain: str | None
    outlet: str | None


def is_prose(line: str) -> bool:
    """True for a line that reads as body text: long, or ending a sentence."""
    return len(line) >= PROSE_MIN_LENGTH or ends_sentence(line)


def _drop_credited(body: list[str]) -> str | None:
    """Remove photo captions credited to a reporter from `body`; return the name closing the last paragraph."""
    last = len(body) - 1
    credited = [(i, m) for i, line in enumerate(body) if "기자" in line and (m := CREDITED_PARAGRAPH_RE.match(line))]
    closing = None
    for i, match in reversed(credited):  # from the end, so deleting keeps the earlier indices
        if i == last:
            body[i] = match["before"]
            closing = match["name"]
        else:
            del body[i]
    return closing


def read_web_page(lines: list[str]) -> WebArticle:
    """Headline block, byline and body paragraphs of chrome-free page lines."""
    reporter: str | None = None
    domain: str | None = None
    outlet: str | None = None
    heads: list[str] = []
    body: list[str] = []
    for raw in lines:
        closing = parse_pdf_byline(raw)
        if closing is not None:  # a feed entry may end like a print article (`…했다. /홍길동 기자`)
            reporter = reporter or closing.name
            domain = domain or closing.domain
        line = closing.before if closing is not None else raw
        if not line:
            continue
        byline = parse_web_byline(line)
        if byline is not None:
            reporter = reporter or byline.name
            domain = domain or byline.domain
            continue
        if STAMP_LINE_RE.match(line):
            continue
        if "@" in line and (address := EMAIL_LINE_RE.match(line)):  # a wire reporter's address
            domain = domain or (address["domain"] or "").lower() or None
            continue
        if not body and not is_prose(line):
            if len(line) <= HEADLINE_MAX_LENGTH:
                heads.append(line)
            continue
        body.append(line)
    closing = _drop_credited(body)
    reporter = reporter or closing
    if body:
        lead_outlet, lead_name, lead = parse_lead_byline(body[0])
        if lead_name:
            outlet, reporter = lead_outlet, reporter or lead_name
            body[0] = lead.strip()
    paragraphs = tuple(p for p in body if p)
    # A section label printed above the title (`정치`, `오피니언`) is no headline.
    titles = [head for head in heads if not SECTION_LABEL_RE.match(head)] or heads
    headline = titles[0] if titles else None
    return WebArticle(headline, tuple(titles[1:]), paragraphs, reporter, domain, outlet)
