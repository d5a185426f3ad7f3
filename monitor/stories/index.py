"""The story index: which earlier article, if any, is a copy of this one.

Folding is incremental and greedy, so N articles cost about O(N): each new
article asks a MinHash LSH for candidates (articles whose estimated Jaccard is
around the threshold or above), checks them exactly, and joins the story of
the best one that passes; otherwise it starts a story of its own. Stories never
merge afterwards: a story id handed out once (to the database, or to
`monitor analyze`) stays valid.

A candidate is the same story only when three things hold:

* the whole texts are alike (exact shingle Jaccard >= `min_jaccard`);
* the *leads* agree: the first paragraph of one body is largely found (about
  as 5-grams) in the other (`min_lead`, the better of both directions, so chrome
  before one lead or a reordered copy still passes). Two reports on one programme (a cabinet
  decision, then the waiver confirmed days later) share their background
  paragraphs but each opens with its own event;
* they were published within `max_days` of each other, when both dates are known.

Entries loaded from the database carry only their signature; their shingles
are computed from the stored text the first time they come up as a candidate
(`fetch`), so start-up does not read every text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from datasketch import MinHashLSH

from monitor.stories.fingerprint import (
    NUM_PERM,
    Fingerprint,
    Signature,
    estimated_jaccard,
    fingerprint,
    jaccard,
    lead_found,
)

logger = logging.getLogger(__name__)

Key = Hashable


@dataclass(frozen=True, slots=True)
class FoldRules:
    """Thresholds of the folding decision (see the module docstring)."""

    lsh_threshold: float = 0.3  # LSH recall point: lower finds more candidates, costs more checks
    min_jaccard: float = 0.3  # synthetic copies score >= 0.4, unrelated seed texts <= 0.2
    # Candidates whose signatures estimate less than min_jaccard - this are not checked exactly
    # (the estimate's standard error is ~0.04): most LSH false positives end here, unread.
    estimate_margin: float = 0.15
    min_lead: float = 0.5  # share of one lead found in the other text: copies >= 0.75, other events <= 0.3
    max_days: int | None = 3  # copies of one press release appear within days; None: no date check


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: its story (the key of the story's first article) and why."""

    key: Key
    story: Key
    matched: Key | None  # the earlier article it was found to copy; None for a new story
    jaccard: float
    lead: float


@dataclass(slots=True)
class _Entry:
    story: Key
    published: date | None
    signature: Signature
    fp: Fingerprint | None  # None until fetched, for entries loaded from the database


class StoryIndex:
    """Incremental near-duplicate folding over MinHash LSH, verified exactly."""

    def __init__(self, rules: FoldRules | None = None,
                 fetch: Callable[[list[Key]], dict[Key, str]] | None = None) -> None:
        self.rules = rules or FoldRules()
        self._lsh = MinHashLSH(threshold=self.rules.lsh_threshold, num_perm=NUM_PERM)
        self._entries: dict[Key, _Entry] = {}
        self._fetch = fetch  # key list -> texts, for entries added with `add_known`
        self.candidates_checked = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Key) -> bool:
        return key in self._entries

    def story_of(self, key: Key) -> Key:
        return self._entries[key].story

    def add_known(self, key: Key, story: Key, signature: Signature, published: date | None,
                  fp: Fingerprint | None = None) -> None:
        """Index an article whose story is already decided (loaded from the database)."""
        self._entries[key] = _Entry(story, published, signature, fp)
        self._lsh.insert(key, signature, check_duplication=False)

    def add(self, key: Key, text: str, published: date | None = None,
            fp: Fingerprint | None = None) -> Assignment:
        """Fold one new article: join the best matching earlier story or start one."""
        if key in self._entries:
            raise ValueError(f"article {key!r} is already in the story index")
        fp = fp or fingerprint(text)
        best: Assignment | None = None
        floor = self.rules.min_jaccard - self.rules.estimate_margin
        candidates = [k for k in self._lsh.query(fp.signature) if self._dates_agree(published, k)
                      and estimated_jaccard(fp.signature, self._entries[k].signature) >= floor]
        self._load([k for k in candidates if self._entries[k].fp is None])
        for other in candidates:
            other_fp = self._entries[other].fp
            if other_fp is None:  # its text could not be loaded (article deleted meanwhile)
                continue
            self.candidates_checked += 1
            score = jaccard(fp.shingles, other_fp.shingles)
            if score < self.rules.min_jaccard:
                continue
            lead = max(lead_found(fp.lead, other_fp.shingles), lead_found(other_fp.lead, fp.shingles))
            if lead < self.rules.min_lead:
                continue
            # The earliest key wins ties so that the result does not depend on set order.
            if best is None or score > best.jaccard or (
                    score == best.jaccard and _order(other) < _order(best.matched)):
                best = Assignment(key, self._entries[other].story, other, score, lead)
        if best is None:
            best = Assignment(key, key, None, 0.0, 0.0)
        self._entries[key] = _Entry(best.story, published, fp.signature, fp)
        self._lsh.insert(key, fp.signature, check_duplication=False)
        return best

    def _dates_agree(self, published: date | None, other: Key) -> bool:
        limit, theirs = self.rules.max_days, self._entries[other].published
        if limit is None or published is None or theirs is None:
            return True
        return abs((published - theirs).days) <= limit

    def _load(self, keys: list[Key]) -> None:
        if not keys or self._fetch is None:
            return
        texts = self._fetch(keys)
        for key in keys:
            if key in texts:
                self._entries[key].fp = fingerprint(texts[key])


def _order(key: Key | None) -> tuple[int, str]:
    # Keys are ints (database ids, input positions); compare others by their text.
    return (key, "") if isinstance(key, int) else (0, str(key))  # type: ignore[return-value]


def fold_texts(texts: Iterable[str], rules: FoldRules | None = None) -> list[int]:
    """Story of each text in order: the position of the first text of its story.

        >>> fold_texts(["광주시는 국비 62억원을 확보했다고 8일 밝혔다.", "광주시는국비62억원을확보했다고8일밝혔다."])
        [0, 0]
    """
    index = StoryIndex(rules)
    return [int(index.add(i, text).story) for i, text in enumerate(texts)]  # type: ignore[call-overload]
