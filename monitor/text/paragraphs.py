"""Join column-wrapped PDF lines back into paragraphs.

A newspaper column breaks lines wherever the width runs out, often inside a
word (`카카오엔터프라이` / `즈 등과`), and the extractor drops the space when it
breaks between words (`사업의` / `진행`). Blank lines are no guide: seed 000
has one after the first line of most paragraphs and seeds 001/004 after every
line. So a paragraph ends where a line ends a sentence, and each line break is
decided on its own:

* glued text (the page lost its spaces anyway) joins Hangul to Hangul with no
  space and lets Kiwi restore spacing later;
* normally spaced text asks the page's own vocabulary whether the two halves
  form a word seen elsewhere on the page (`인재양` + `성을` -> `인재양성…`),
  after rules: a particle or ending opening the line (`공식적` / `으로`), or one
  syllable and a particle after a word that did not end (`서비` / `스를`).

A line that reads as a sentence end still goes on when the next line cannot
open a paragraph (`…(www.광주아이키움.` / `kr)`) or a stopless `다` cut a word
the article spells whole elsewhere (`…축구단센다` / `이방문`, `센다이시`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import cache

# A line that ends a sentence, so the paragraph may end with it:
TERMINAL_RE = re.compile(
    r"(?:"
    r"다\s*[.!?]?"  # the declarative ending, even without its stop (`…달성할계획이다`)
    r"|[요까죠][.!?]"  # other endings only with a stop: `필요`, `25일까` end lines mid-sentence
    r"|[.?]"  # any full stop (`인공지능(AI) 이다.`, `... 14,000원.`)
    r"|[다요까죠자라네지니군]!"  # `!` after an ending; after a noun it closes a name (`광주아이키움, 도전!`)
    r")"
    r"[\"”’'」』)]*"  # closing quotes or brackets after the stop
    r"(?:\s*[<(\[][^<>()\[\]]{1,20}[>)\]])?"  # a photo credit after a caption (`<사진공동취재단>`)
    r"\s*$"
)
# A line that surely ends a sentence: the ending carries its stop. Headlines end
# in verbs too (`…사업나선다`) or with `!` (`FUN한광주!`), but without a full stop.
SENTENCE_END_RE = re.compile(
    r"(?:"
    r"[다요까죠][.!?]"  # `밝혔다.`, `할까?`
    r"|(?<![.!?])\."  # a stop after anything else (`인공지능(AI) 이다.` has 다. too; `…14,000원.`)
    r")"
    r"[\"”’'」』)]*"  # closing quotes or brackets after the stop
    r"(?:\s*[<(\[][^<>()\[\]]{1,20}[>)\]])?"  # a photo credit after a caption (`<사진공동취재단>`)
    r"\s*$"
)
# The characters a line matching the patterns above can end with (stops, closing quotes and
# brackets, the closer of a credit, and `다` for TERMINAL_RE), for a test before the regex.
SENTENCE_END_LAST_CHARS = frozenset(".!?\"”’'」』)>]")
TERMINAL_LAST_CHARS = SENTENCE_END_LAST_CHARS | {"다"}
TERMINAL_ENDS = frozenset("다.?")  # a stripped line ending in one of these always matches TERMINAL_RE
# Marks that open a section, so a paragraph starts before them even mid-sentence
# (`◇국가AI컴퓨팅센터구축 =…`); a tuple for `str.startswith`.
SECTION_MARKS = ("◇", "◆", "■", "□", "●", "○", "【")
SECTION_MARK_CHARS = frozenset(SECTION_MARKS)  # each mark is one character: a set look-up per line
HANGUL_TAIL_RE = re.compile(r"[0-9가-힣]+$")  # digits too: `13일` / `밝혔다` is two words
# One-syllable words that stand alone, so a break next to them is a real space.
STANDALONE_SYLLABLES = frozenset("수등및것더또각약총그새두세네몇전후중때곳안밖위뿐데줄바듯채분")
# Endings that never start a word, so a break before them is inside one (`굴착기` / `이다.`).
# Particles that also start words are left out: `보다` (`보다 나은`), `만` (`만 19세`), `마저`.
ENDING_HEAD_RE = re.compile(
    r"^(?:"
    r"이다|이며|이고|이었다|였다|입니다|이라고|이라며|이란"  # the copula (`굴착기` / `이다.`)
    r"|다는|다고|다며|다면"  # a verb ending cut from its stem (`지원한` / `다는`)
    r"|으며|으면|으나|으므로|었다|았다|겠다|습니다"  # an ending after a consonant (`장점이 있` / `으며`)
    r"|들[과은이을의에도]?|서도"  # plural and particle tails (`대학교` / `들과`, `공간에` / `서도`)
    r"|(?:으로|에서|에게|까지|부터|께서)[는도의만]?"  # two-syllable particles (`공식적` / `으로`)
    r"|으로[서써]|처럼|보다[는도]|조차"  # more particles, `보다` only with its own particle
    r"|[의을를은는이가에도와과로]"  # a lone particle (`등` / `의`)
    r")(?![가-힣])"
)
# Particles that open a glued line after a non-Hangul character (`10%` / `를달성`): syllables that
# begin next to no word, unlike 이, 가, 도, 은 (`이번`, `가정`, `도시`, `은행`).
GLUED_PARTICLE_HEADS = frozenset("를을는")
# A line opening with one syllable and a particle (`서비` / `스를`, `농업부` / `서에`): the
# syllable ends the word above it, unless the word above ended itself (`많은` / `돈을`).
STEM_PARTICLE_HEAD_RE = re.compile(r"^[가-힣][을를은는이가의에와과로도](?![가-힣])")
# Last syllables of a word that ended: particles, endings and modifiers (`사업의`, `위한`, `올해`).
WORD_FINAL_SYLLABLES = frozenset("은는이가을를의에와과로도고며면서게지한할된될던인해여히및다요")
# Counters that follow a number without a space (`13` / `일 밝혔다` -> `13일`).
COUNTER_RE = re.compile(r"^(?:일|월|년|명|개|원|억|만|천|건|곳|대|톤|시|분|초|세|차|회|층|주|점|배|평|%|㎡)")
# A web or mail address cut by the column (`홈페이지(www.광주아이키움.` / `kr)`): its rest follows unspaced.
ADDRESS_TAIL_RE = re.compile(r"(?:www\.|://|[A-Za-z0-9]@)[^\s)\]>]*$")
# Characters that never open a paragraph: a line starting with one goes on with the line
# above, even one that reads as a sentence end (`…(www.광주아이키움.` / `kr)`).
CONTINUATION_STARTS = frozenset(",.;:!?)]}%abcdefghijklmnopqrstuvwxyz")
NO_SPACE_AFTER = frozenset("([{‘“·-/")
NO_SPACE_BEFORE = frozenset(",.;:!?)]}’”%·-/")


def is_terminal(line: str) -> bool:
    """True when the line may end a sentence (and so a paragraph); `계획이다` counts."""
    stripped = line.rstrip()
    return bool(stripped) and terminal_lines((stripped,))[0]


def terminal_lines(lines: Sequence[str]) -> list[bool]:
    """`is_terminal` of each line (stripped, non-empty), in one comprehension: pages ask it of every line."""
    # The last character decides most lines before the regex, which would try every position
    # of the line (it is anchored only at the end): most column lines end mid-word, and a
    # line ending in `다` or a stop always matches (`다` or `[.?]` at the very end).
    search = TERMINAL_RE.search
    return [
        (last := line[-1]) in TERMINAL_ENDS or (last in TERMINAL_LAST_CHARS and search(line) is not None)
        for line in lines
    ]


def ends_sentence(line: str) -> bool:
    """True when the line surely ends a sentence: a Korean ending with its full stop."""
    stripped = line.rstrip()
    return bool(stripped) and sentence_ends((stripped,))[0]


def sentence_ends(lines: Sequence[str]) -> list[bool]:
    """`ends_sentence` of each line (stripped, non-empty), in one comprehension: pages ask it of every line."""
    search = SENTENCE_END_RE.search
    return [line[-1] in SENTENCE_END_LAST_CHARS and search(line) is not None for line in lines]


MAX_WORD_SYLLABLES = 10  # `한국농업기술진흥원의`; a longer run of a line with one space is glued
LONG_RUN_RE = re.compile(f"[가-힣]{{{MAX_WORD_SYLLABLES + 1}}}")


def _teaches_words(line: str) -> bool:
    """True for a spaced line, whose Hangul runs are words (a glued headline's are phrases)."""
    spaces = line.count(" ")
    if spaces >= 2:
        return True
    # A narrow column has body lines of two words (`업경영체는 한국농업기술진흥원의`), and
    # spaced pages print glued sub-headlines of two runs (`…, 하반기전북사무소개소예정`).
    return spaces == 1 and LONG_RUN_RE.search(line) is None


HANGUL_RUN_RE = re.compile(r"[가-힣]+")
FIND_MAX_CHARS = 100_000  # a vocabulary this long is searched with `str.find`; a longer one is bisected


class Vocabulary:
    """The Hangul runs of one page, for asking whether a split word occurs whole."""

    __slots__ = ("_runs", "_text")

    def __init__(self, lines: Sequence[str]) -> None:
        # Only spaced lines teach words: glued headlines would join anything (`저탄소농산물…`).
        # The lines are kept as one text that `str.find` searches in C: a page asks a few
        # hundred questions, and sorting its runs for bisection cost more than all the answers.
        # But each question reads the whole text, and a text has as many questions as lines:
        # past FIND_MAX_CHARS (a hundred pages) the runs are sorted once and bisected instead.
        # Most lines have two spaces or more: that test is asked inline, sparing them the call.
        self._text = "\n" + "\n".join(line for line in lines if line.count(" ") >= 2 or _teaches_words(line))
        self._runs: list[str] | None = None
        if len(self._text) > FIND_MAX_CHARS:
            self._runs = sorted(set(HANGUL_RUN_RE.findall(self._text)))

    def has_prefix(self, prefix: str) -> bool:
        """True when some Hangul run on the page starts with `prefix` (a non-empty Hangul string)."""
        if not prefix.isalpha():
            return False  # runs are Hangul only (`13일` + `밝` starts none); callers pass Hangul and digits
        if self._runs is not None:
            at = bisect_left(self._runs, prefix)  # the first run sorting at or after the prefix
            return at < len(self._runs) and self._runs[at].startswith(prefix)
        text = self._text
        at = text.find(prefix)
        while at != -1:
            if not "가" <= text[at - 1] <= "힣":  # a run starts here (`_text` opens with `\n`)
                return True
            at = text.find(prefix, at + 1)
        return False


def _hangul_break(word: str, line: str, vocab: Vocabulary | None) -> str:
    """The separator ('' or ' ') at a line break between two Hangul runs of normally spaced text.

    `word` is the last space-free token of the upper line (it ends in Hangul) and `line`
    the lower line (it starts with Hangul). Its Hangul start is the head the rules read:
    an ending stops at a non-Hangul character either way, and the head is one syllable
    exactly when the line's second character is not Hangul.
    """
    # Every rule below but the vocabulary's answers '': they are asked cheapest first, the
    # syllable tests before the two patterns (the order of tests with one answer is free).
    first = line[0]
    if len(word) == 1:
        if word not in STANDALONE_SYLLABLES:
            return ""  # one syllable left at the end of a line is a word cut by the column (`공` / `공기관`)
        # `할 수` / `있다`: the vocabulary decides, unless a rule below joins
    elif not "가" <= line[1:2] <= "힣" and first not in STANDALONE_SYLLABLES:
        return ""  # a lone syllable opening a line is the rest of a word (`서`, `즈`)
    if ENDING_HEAD_RE.match(line):
        return ""
    if (
        word[-1] not in WORD_FINAL_SYLLABLES and first not in STANDALONE_SYLLABLES and STEM_PARTICLE_HEAD_RE.match(line)
    ):
        return ""  # `서비` / `스를`: the syllable before the particle ends the word above
    if vocab is None:
        return " "
    # The page spelling the two halves as one word elsewhere (`전` / `문가`) overrules all
    # but an ending; asked last, as it is the one question that reads the whole page.
    tail = HANGUL_TAIL_RE.search(word)
    assert tail is not None
    return "" if vocab.has_prefix(tail.group() + first) else " "


def join_pair(left: str, right: str, *, glued: bool, vocab: Vocabulary | None) -> str:
    """The separator between two wrapped lines of one paragraph: '' or ' '.

    `left` is the paragraph so far, or just its last space-free token: nothing before that is read.
    """
    a, b = left[-1], right[0]
    if a in NO_SPACE_AFTER or b in NO_SPACE_BEFORE:
        return ""
    if b.isascii() and b.isalnum() and ADDRESS_TAIL_RE.search(left):
        return ""
    a_hangul, b_hangul = "가" <= a <= "힣", "가" <= b <= "힣"
    if a.isdigit() and (b.isdigit() or COUNTER_RE.match(right)):
        return ""
    if not a_hangul and b in GLUED_PARTICLE_HEADS and (glued or ENDING_HEAD_RE.match(right)):
        return ""  # a particle after a mark or a Latin word (`10%` / `를`, `(AI)` / `를 활용`)
    if glued:
        # Kiwi restores these spaces later; a wrong space here would survive it.
        return "" if (a_hangul or a.isdigit()) and (b_hangul or b.isdigit()) else " "
    if a_hangul and b_hangul:
        return _hangul_break(left.rsplit(" ", 1)[-1], right, vocab)
    return " "


def _goes_on(line: str, following: str | None, article: Callable[[], str]) -> bool:
    """True when `following` carries on the sentence `line` seems to end, so no paragraph ends between them.

    `article` gives the article's lines as one text; it is read only for a stopless `다`.
    """
    if following is None:
        return False
    if following[0] in CONTINUATION_STARTS:
        return True
    # A line ending in `다` without its stop may have cut a word (`광주시축구단센다` / `이방문`):
    # the article spelling the syllables across the break elsewhere (`센다이시와`) says so.
    if line[-1] == "다" and len(line) > 1 and "가" <= line[-2] <= "힣" and "가" <= following[0] <= "힣":
        return line[-2:] + following[0] in article()
    return False


def join_paragraphs(lines: Sequence[str], *, glued: bool, vocab: Vocabulary | None = None) -> list[str]:
    """Group wrapped lines into paragraphs: a paragraph ends with a line that ends a sentence."""
    lines = [line for line in map(str.strip, lines) if line]  # a list: the next line is read ahead
    terminal = terminal_lines(lines)
    article = cache(lambda: "\n".join(lines))  # joined once, if a stopless `다` asks for it
    paragraphs: list[str] = []
    parts: list[str] = []  # the current paragraph: lines and the separators between them
    word = ""  # its last space-free token, all `join_pair` reads of it
    for index, line in enumerate(lines):
        if parts and line[0] in SECTION_MARK_CHARS:
            paragraphs.append("".join(parts))
            parts = []
        if parts:
            if not glued and "가" <= word[-1] <= "힣" and "가" <= line[0] <= "힣":
                # Most breaks of a spaced page fall between two Hangul runs: `join_pair`'s last
                # case, asked directly (`word` has no space, so it is its own last token).
                separator = _hangul_break(word, line, vocab)
            else:
                separator = join_pair(word, line, glued=glued, vocab=vocab)
            parts += (separator, line)
            word = line.rsplit(" ", 1)[-1] if " " in line or separator else word + line
        else:
            parts = [line]
            word = line.rsplit(" ", 1)[-1]
        if terminal[index] and not _goes_on(line, lines[index + 1] if index + 1 < len(lines) else None, article):
            paragraphs.append("".join(parts))
            parts = []
    if parts:
        paragraphs.append("".join(parts))
    return paragraphs
