"""Entry HTML (content or summary) to plain text.

Feed HTML is untrusted and full of chrome: nh3 first removes scripts, styles,
images (tracking pixels are images), iframes and every attribute, keeping only
the tags that carry structure; then a small walker turns block elements into
blank-line-separated paragraphs and <br> into a line break, which is the shape
the text pipeline expects ("paragraphs separated by a blank line").
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

# Tags that survive sanitising. Everything else is unwrapped (its text kept),
# except CONTENT_DROPPED, whose text is removed with the tag.
KEPT_TAGS = frozenset({
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
    "table", "tr", "td", "th", "section", "article", "figure", "figcaption", "hr", "dl", "dt", "dd",
})
# Their text is never article text: code, CSS, forms, embedded media fallbacks.
CONTENT_DROPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed", "form",
                             "button", "select", "textarea", "svg", "math"})
BLOCK_TAGS = KEPT_TAGS - {"br"}
HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u3000]+")
LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!][^>]*>|&[#a-zA-Z0-9]+;")


class _TextWalker(HTMLParser):
    """Collect text; block boundaries become paragraph breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n\n- ")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        # Source newlines inside a paragraph are layout, not structure.
        self.parts.append(data.replace("\r", " ").replace("\n", " "))


def sanitize(html: str) -> str:
    """nh3-cleaned HTML: structural tags only, no attributes, no scripts/styles/images."""
    return nh3.clean(html, tags=set(KEPT_TAGS), attributes={}, clean_content_tags=set(CONTENT_DROPPED),
                     strip_comments=True, link_rel=None)


def html_to_text(html: str) -> str:
    """Readable text of an HTML fragment, paragraphs separated by one blank line.

    >>> html_to_text("<p>첫 문단<img src='t.gif'></p><script>x()</script><p>둘째<br>줄</p>")
    '첫 문단\\n\\n둘째\\n줄'
    """
    if not html:
        return ""
    if not LOOKS_LIKE_HTML.search(html):
        return _tidy(html)
    walker = _TextWalker()
    walker.feed(sanitize(html))
    walker.close()
    return _tidy("".join(walker.parts))


def _tidy(text: str) -> str:
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [HORIZONTAL_SPACE.sub(" ", line).strip() for line in block.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)
