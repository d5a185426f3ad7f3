"""Sentence splitting and lead summaries with compiled rules, no tokenizer.

Korean news sentences end in a verb ending and a stop (`밝혔다.`, `있나요?`).
A stop is a sentence end only after Hangul or a closing bracket, so decimals
(`4.8`, `5.18`), domains (`www.광주아이키움.kr`) and Latin abbreviations stay
whole; a stop inside quotes (`“…기대한다.”고 했다`) ends nothing, and glued
text (`밝혔다.3년간`) still splits.

    >>> split_sentences("규모 4.8 지진이 났다.3년간 조사했다. “잘 됐다.”고 말했다.")
    ['규모 4.8 지진이 났다.', '3년간 조사했다.', '“잘 됐다.”고 말했다.']
"""

from __future__ import annotations

import re

OPENING_QUOTES = "“‘「『"
CLOSING_QUOTES = "”’」』"
QUOTE_RE = re.compile(f'["{OPENING_QUOTES}]')  # a paragraph without one needs no quote counting
PARAGRAPH_SPLIT_RE = re.compile(r"\n\s*\n")
# `str.isdigit` characters that `\d` (decimal digits) leaves out: superscripts, circled numbers.
OTHER_DIGITS = (
    "\u00b2-\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c"
    "\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792"
    "\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a"
)
# A sentence end: a whole run of stops (atomic, never a part of one) with any closing quotes or
# brackets after it, judged by the characters before and after it, in one pass of C.
SENTENCE_END_RE = re.compile(
    # It opens with the stop itself so the engine can skip to the stops; lookbehinds then see
    # the characters before it (width 2: the one before the stop, and the stop).
    r"[.!?…](?<![.!?…].)"  # the first stop of a run
    r"(?:"
    r"(?<=[가-힣].)(?>[.!?…]*)"  # after a Korean ending (`밝혔다.`) ...
    r"(?:"
    r"(?>[\"”’'」』)\]]+)(?=[\s\d" + OTHER_DIGITS + "“‘「『]|\\Z)"  # ... a closed quote not going on in Hangul
    r"|(?![\"”’'」』)\]])(?=[\s\d" + OTHER_DIGITS + "가-힣“‘「『]|\\Z)"  # ... or a bare stop (`밝혔다.3년간`)
    r")"
    # after a bracket, percent or quote (or at the very start), before a space or the end:
    r"|(?:(?<![\s\S]{2})|(?<=[)\]%”’\"'].))(?>[.!?…]*[\"”’'」』)\]]*)(?=\s|\Z)"
    r")"
)
SUMMARY_MIN_SENTENCES = 2
SUMMARY_MAX_SENTENCES = 3
SUMMARY_SHORT = 160  # characters: a lead this short takes a third sentence


def _quote_balance(text: str) -> tuple[int, int]:
    """(open curly quotes minus closed ones, straight quotes) of a text."""
    return sum(map(text.count, OPENING_QUOTES)) - sum(map(text.count, CLOSING_QUOTES)), text.count('"')


def split_paragraph(paragraph: str) -> list[str]:
    """Sentences of one paragraph."""
    sentences: list[str] = []
    start = 0
    # A piece without an opening or straight quote is at depth 0: no counting. `quote_at` is
    # the first quote at or after `start` (the length when none), so a piece has one when it
    # ends after it: a comparison, not a search of every piece.
    size = len(paragraph)
    found = QUOTE_RE.search(paragraph)
    quote_at = found.start() if found else size
    # The quotes of the piece so far, counted up to `counted`: each stop inside a quotation
    # adds only what follows the previous one, so an unclosed quote costs no re-count.
    curly = straight = 0
    counted = 0
    for end in map(re.Match.end, SENTENCE_END_RE.finditer(paragraph)):
        if quote_at < end:
            more_curly, more_straight = _quote_balance(paragraph[counted:end])
            curly, straight, counted = curly + more_curly, straight + more_straight, end
            if max(curly, 0) + straight % 2 > 0:
                continue  # inside a quotation: wait for the quote to close
        piece = paragraph[start:end].strip()
        if piece:
            sentences.append(piece)
        start = counted = end
        curly = straight = 0
        if quote_at < start:
            found = QUOTE_RE.search(paragraph, start)
            quote_at = found.start() if found else size
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def split_sentences(text: str) -> list[str]:
    """Sentences of a text whose paragraphs are separated by blank lines."""
    sentences: list[str] = []
    for paragraph in PARAGRAPH_SPLIT_RE.split(text):
        # Every whitespace character but the space is unprintable: a printable paragraph
        # without double or edge spaces is already what `" ".join(paragraph.split())` makes.
        if not (paragraph.isprintable() and "  " not in paragraph and paragraph[:1] != " " != paragraph[-1:]):
            paragraph = " ".join(paragraph.split())
        sentences.extend(split_paragraph(paragraph))
    return sentences


def lead_summary(sentences: list[str] | tuple[str, ...]) -> str:
    """The first two sentences, or three when the first two are short."""
    chosen: list[str] = []
    for sentence in sentences:
        if len(chosen) >= SUMMARY_MAX_SENTENCES:
            break
        if len(chosen) >= SUMMARY_MIN_SENTENCES and sum(map(len, chosen)) >= SUMMARY_SHORT:
            break
        chosen.append(sentence)
    return " ".join(chosen)
