"""The story index: which earlier article, if any, reports the same event as this one.

Folding is online and greedy (the "single-pass" clustering of news event
detection): each new article asks the index for a few candidates, compares
itself with each, and joins the story of the best one that passes; otherwise it
starts a story of its own. Stories never merge afterwards, so a story id handed
out once (to the database, or to `monitor analyze`) stays valid.

Candidates come from two indexes, never from all pairs, and only from the articles of the
last `window_days` (14 days: older stories are closed), so an article's cost does not grow
with the history:

* a MinHash LSH over character shingles (lsh.py) finds **copies** (the same text with other
  spacing, chrome, a paragraph less). A candidate is a copy when the whole texts are
  alike (exact shingle Jaccard >= `min_jaccard`) and the leads agree (the first
  paragraph of one is largely found, as 5-grams, in the other: `min_lead`);
* an inverted index on each article's rarest terms (bigrams, figures, places; see
  similarity.py) finds **rewrites**: each article is filed under its `keys_per_article`
  rarest terms, each key keeps its latest `posting_cap` articles (older ones are out
  of the time window anyway), and the `max_candidates` articles sharing most keys
  (at least `min_shared_keys`) are compared in full.

What decides (see similarity.py for why): a copy folds unless a veto applies
(published dates, years, days, money, counts, places, stage); a rewrite folds
when its event score reaches `EventRules.min_score` and no veto applies. Among
several that pass, the best score wins (a copy's is its Jaccard plus one, so a
copy beats a rewrite), the earliest article on ties.

Entries loaded from the database carry their signature and keys only; their
text (for shingles and the event profile) is fetched the first time they come up
as a candidate, so start-up does not read every text. An index kept between ingest
passes drops the articles that left the window (`evict`) and the texts it fetched
(`release`), so it holds what a fresh start-up would.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice

import numpy as np

from monitor.stories.event import EventProfile, bigram_text, event_profile
from monitor.stories.fingerprint import (
    Fingerprint,
    Signature,
    fingerprints,
    jaccard,
    lead_found,
)
from monitor.stories.lsh import BandIndex, Postings
from monitor.stories.similarity import (
    ENTITY_BIT,
    EventRules,
    TermStats,
    TermVector,
    cosine,
    entity_terms,
    term_code,
    veto,
    weighted,
    weighted_all,
)

logger = logging.getLogger(__name__)

Key = Hashable


@dataclass(frozen=True, slots=True)
class StoredText:
    """What the index needs of a stored article to compare it: its text, headline and date."""

    text: str
    headline: str | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article to fold: its key (database id, input position), text and what the text says of it."""

    key: Key
    text: str
    headline: str | None = None
    published: date | None = None
    fp: Fingerprint | None = None  # computed when not given
    ingested: datetime | None = None  # when it came in (aware UTC): the time window counts from it


@dataclass(frozen=True, slots=True)
class FoldRules:
    """Thresholds of the folding decision (see the module docstring)."""

    # LSH bands (lsh.py): 42 of 3 values of the 128-value signature. Synthetic benchmark at 10k:
    # 42 x 3 5.7 candidates per query and the folds of datasketch's 37 x 3; 32 x 4 2.8 candidates
    # but a quarter of the copies of Jaccard 0.45 missed (8 stories split).
    lsh_bands: int = 42
    lsh_rows: int = 3
    lsh_bucket_cap: int = 64  # latest articles kept per band value (see lsh.py)
    # Stories older than this are closed: an article is compared only with articles that came in
    # at most this long before it. Larger than EventRules.max_days so that the date rule decides.
    window_days: int = 14
    min_jaccard: float = 0.3  # synthetic copies score >= 0.4, unrelated seed texts <= 0.2
    # Candidates whose signatures estimate less than min_jaccard - this are not checked exactly
    # (the estimate's standard error is ~0.04): most LSH false positives end here, unread.
    estimate_margin: float = 0.15
    min_lead: float = 0.5  # share of one lead found in the other text: copies >= 0.75, other events <= 0.3
    event: EventRules = field(default_factory=EventRules)
    rewrites: bool = True  # False: copies only (the behaviour before event folding)
    keys_per_article: int = 24
    posting_cap: int = 64
    max_candidates: int = 12
    min_shared_keys: int = 2
    story_check: int = 20  # a new article is checked for vetoes against this many of a story's first articles

    @property
    def max_days(self) -> int:
        return self.event.max_days

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: its story (the key of the story's first article) and why."""

    key: Key
    story: Key
    matched: Key | None  # the earlier article it was found to report; None for a new story
    jaccard: float  # shingle Jaccard with that article (0 when not compared as a copy)
    lead: float
    score: float = 0.0  # event score with that article
    reason: str | None = None  # "copy" or "event"; None for a new story


@dataclass(slots=True)
class _Entry:
    story: Key
    published: date | None
    signature: Signature
    terms: np.ndarray  # the terms it is filed under, as codes (term_code), heaviest first
    fp: Fingerprint | None  # None until fetched, for entries loaded from the database
    profile: EventProfile | None
    ingested: datetime | None = None


class StoryIndex:
    """Online event folding: copies through MinHash LSH, rewrites through an inverted index of rare terms."""

    def __init__(self, rules: FoldRules | None = None,
                 fetch: Callable[[list[Key]], dict[Key, StoredText]] | None = None,
                 idf_window: int | None = None) -> None:
        self.rules = rules or FoldRules()
        self.stats = TermStats(idf_window)  # idf_window: IDF from the latest articles only (TermStats.trim)
        self._lsh = BandIndex(self.rules.lsh_bands, self.rules.lsh_rows, self.rules.lsh_bucket_cap)
        self._postings = Postings(self.rules.posting_cap)  # term -> latest articles filed under it
        self._entries: dict[Key, _Entry] = {}
        self._entity_names: dict[int, str] = {}  # term code -> a figure, amount or place it stands for
        self._holding: dict[Key, None] = {}  # entries holding shingles or a profile (release forgets them)
        self._fetched: dict[Key, None] = {}  # entries whose text was fetched, the latest last
        self._members: dict[Key, list[Key]] = {}  # story -> its articles, first first
        self._vectors: dict[Key, TermVector] = {}  # weighted profiles, during one batch
        self._vetoes: dict[tuple[Key, Key], str | None] = {}  # pair -> veto, during one batch
        self._scores: dict[tuple[Key, Key], float] = {}  # pair -> event score, during one batch
        self._fetch = fetch  # key list -> texts, for entries added with `add_known`
        self.candidates_checked = 0  # candidates compared in full
        self.copy_candidates = 0  # articles the LSH returned, over all queries
        self.queries = 0
        self._evicted = 0  # keys evicted since the LSH and postings were last rebuilt
        # Asked for every candidate: read once (the rules are frozen), not through a property each time.
        self._window, self._max_days = self.rules.window, self.rules.max_days

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Key) -> bool:
        return key in self._entries

    def story_of(self, key: Key) -> Key:
        return self._entries[key].story

    def keys_stored(self, key: Key) -> tuple[str, ...]:
        """The terms an indexed article is filed under (saved with it, so start-up needs no text)."""
        return tuple(bigram_text(code) if code < ENTITY_BIT else self._entity_names[code]
                     for code in self._entries[key].terms.tolist())

    def _codes(self, terms: Iterable[int | str]) -> np.ndarray:
        """The terms as codes (term_code; a bigram may come as its code already); the names of figures,
        amounts and places are kept to say them."""
        codes = []
        for term in terms:
            code = term if isinstance(term, int) else term_code(term)
            if code >= ENTITY_BIT:
                self._entity_names[code] = term
            codes.append(code)
        return np.array(codes, dtype=np.uint64)

    def learn(self, profile: EventProfile) -> None:
        """Count an article's terms for IDF before it is added (a batch is learned whole, then folded)."""
        self.stats.add(profile.bigrams, entity_terms(profile))

    def keys_of(self, profile: EventProfile, vector: TermVector | None = None) -> tuple[str, ...]:
        """The terms an article is filed under: the heaviest of its weighted vector (rare, figures, places),
        heaviest first, the smaller term on ties."""
        if vector is None:
            vector = weighted(profile, self.stats, self.rules.event)
        return vector.heaviest(self.rules.keys_per_article)

    def add_known(self, key: Key, story: Key, signature: Signature, published: date | None,
                  fp: Fingerprint | None = None, keys: Iterable[str] = (),
                  profile: EventProfile | None = None, ingested: datetime | None = None) -> None:
        """Index an article whose story is already decided (loaded from the database)."""
        entry = _Entry(story, published, signature, self._codes(keys), fp, profile, ingested)
        self._insert(key, entry)

    def evict(self, before: datetime) -> int:
        """Drop the articles that came in before `before` (out of every later article's window).

        Their keys stay in the LSH buckets and postings, skipped by queries, until they are as
        many as the articles left; then both are rebuilt (amortised O(1) per article).
        """
        # Entries are indexed in ingest order: the old ones are a prefix (one from a crashed pass, folded
        # late, leaves a little later; `_in_window` keeps it out of every comparison meanwhile).
        gone = []
        for key, entry in self._entries.items():
            if entry.ingested is not None and entry.ingested >= before:
                break
            if entry.ingested is not None:
                gone.append(key)
        for key in gone:
            entry = self._entries.pop(key)
            self._holding.pop(key, None)
            self._fetched.pop(key, None)
            self._vectors.pop(key, None)
            members = self._members.get(entry.story)
            if members is not None:
                members.remove(key)
                if not members:
                    del self._members[entry.story]
        self._evicted += len(gone)
        if self._evicted and self._evicted >= len(self._entries):
            self._lsh.rebuild((k, e.signature.hashvalues) for k, e in self._entries.items())
            self._postings.clear()
            for key, entry in self._entries.items():
                self._postings.add(key, entry.terms)
            kept = {code for entry in self._entries.values() for code in entry.terms.tolist() if code >= ENTITY_BIT}
            self._entity_names = {code: name for code, name in self._entity_names.items() if code in kept}
            self._evicted = 0
        return len(gone)

    def release(self, keep_latest: int = 0) -> None:
        """Forget the shingles and profiles of all but the latest entries and the `keep_latest` fetched
        last (memory between passes), only when they can be fetched again.

        A fresh start-up holds the latest ones only. The fetched ones are kept too: the same older
        articles come back as candidates pass after pass (at 50,000 web pages, 27,401 fetches were of
        8,008 articles, 6 s of CPU), and what is fetched again is the same text, so the same decisions.
        Only the entries holding something are walked, not the whole index.
        """
        if self._fetch is None:
            return
        kept = set(islice(reversed(self._entries), keep_latest)) | set(islice(reversed(self._fetched), keep_latest))
        for key in [key for key in self._holding if key not in kept]:
            del self._holding[key]
            entry = self._entries[key]
            entry.fp = entry.profile = None
        self._fetched = {key: None for key in self._fetched if key in kept}

    def add(self, key: Key, text: str, published: date | None = None, fp: Fingerprint | None = None,
            headline: str | None = None) -> Assignment:
        """Fold one new article: join the best matching earlier story or start one."""
        return self.fold_batch([NewArticle(key, text, headline, published, fp)])[0]

    def fold_batch(self, batch: Sequence[NewArticle]) -> list[Assignment]:
        """Fold a batch of new articles together, whatever their order.

        Every article of the batch is filed first, so that two reports that only a third
        one bridges still meet; then each one's candidates (stored or of the batch) are
        compared, and the links are applied best first, merging two groups only when no
        article of one contradicts one of the other (a story is one event) and never two
        stories decided before. A group's story is the stored story it joined, or its
        first article in batch order.
        """
        keys = [item.key for item in batch]
        if len(set(keys)) != len(keys) or any(k in self._entries for k in keys):
            raise ValueError("an article of the batch is already in the story index, or twice in the batch")
        prepared = []
        computed = iter(fingerprints([item.text for item in batch if item.fp is None]))  # signatures together
        for item in batch:
            profile = event_profile(item.text, item.headline, item.published)
            self.learn(profile)
            prepared.append((item, item.fp or next(computed), profile))
        self._vectors.clear()  # IDF is fixed from here to the end of the batch
        self._vetoes.clear()
        self._scores.clear()
        # 1. file them all, each its own story for now (their vectors weighted together: IDF read at once)
        self._vectors.update(zip(keys, weighted_all([profile for _, _, profile in prepared], self.stats,
                                                    self.rules.event), strict=True))
        for item, fp, profile in prepared:
            filed_under = self._codes(self._vectors[item.key].heaviest_codes(self.rules.keys_per_article))
            self._insert(item.key, _Entry(item.key, item.published, fp.signature, filed_under, fp, profile,
                                          item.ingested), member=False)
        links: dict[tuple[Key, Key], Assignment] = {}
        # 2. compare each with its candidates
        copies_found = self._copy_candidates([(item, fp) for item, fp, _ in prepared])
        related = self._rewrite_candidates([item for item, _, _ in prepared]) if self.rules.rewrites else None
        for i, (item, fp, profile) in enumerate(prepared):
            copies = [k for k in copies_found[i] if k != item.key]
            # A rewrite published too far from this one is vetoed anyway (veto: "published"): left out
            # before its text is fetched, which most stored candidates outside memory would need.
            rewrites = [k for k in related[i] if self._dates_agree(item.published, k)] if related else []
            candidates = list(dict.fromkeys([*copies, *rewrites]))
            self._load([k for k in candidates if self._entries[k].fp is None or self._entries[k].profile is None])
            for other in candidates:
                found = self._link(item.key, fp, profile, other, other in copies)
                pair = (item.key, other) if _order(item.key) <= _order(other) else (other, item.key)
                if found is not None and (pair not in links or found.score > links[pair].score):
                    links[pair] = found
        result = self._merge(keys, links)
        self._vectors.clear()  # the next batch learns more articles: other IDF
        self._vetoes.clear()
        self._scores.clear()
        return result

    def _merge(self, keys: list[Key], links: dict[tuple[Key, Key], Assignment]) -> list[Assignment]:
        """3. Apply the links best first (see fold_batch); 4. name the stories."""
        position = {key: i for i, key in enumerate(keys)}
        group: dict[Key, Key] = {}  # batch key -> representative (union-find, path halving)

        def find(key: Key) -> Key:
            while group.get(key, key) != key:
                group[key] = group.get(group[key], group[key])
                key = group[key]
            return key

        members: dict[Key, list[Key]] = {key: [key] for key in keys}
        stored: dict[Key, Key | None] = {key: None for key in keys}  # representative -> stored story joined

        def node(key: Key) -> Key:
            # A stored article stands for its whole stored story, which is one node.
            if key in position:
                return find(key)
            story = self._entries[key].story
            root = ("stored", story)
            if root not in members:
                members[root] = list(self._members.get(story, []))
                stored[root] = story
            return find(root)

        ordered = sorted(links.items(), key=lambda kv: (-kv[1].score, _order(kv[0][0]), _order(kv[0][1])))
        matched: dict[Key, Assignment] = {}
        for (a, b), link in ordered:
            ra, rb = node(a), node(b)
            if ra == rb or (stored[ra] is not None and stored[rb] is not None):
                continue
            if not self._groups_agree(members[ra], members[rb]):
                continue
            keep, gone = (ra, rb) if stored[ra] is not None or (
                stored[rb] is None and _first(members[ra], position) <= _first(members[rb], position)) else (rb, ra)
            group[gone] = keep
            members[keep].extend(members.pop(gone))
            stored[keep] = stored[keep] if stored[keep] is not None else stored.pop(gone)
            for key in (a, b):
                if key in position and key not in matched:
                    matched[key] = link
        result = []
        for key in keys:
            root = find(key)
            story = stored[root] if stored[root] is not None else min(
                (k for k in members[root] if k in position), key=position.__getitem__)
            entry = self._entries[key]
            entry.story = story
            self._members.setdefault(story, []).append(key)
            link = matched.get(key)
            if link is None or story == key:
                result.append(Assignment(key, story, None, 0.0, 0.0))
            else:
                partner = link.matched if link.key == key else link.key
                result.append(Assignment(key, story, partner, link.jaccard, link.lead, link.score, link.reason))
        return result

    def _groups_agree(self, a: list[Key], b: list[Key]) -> bool:
        """No article of one group contradicts one of the other, or is unrelated to it (the first
        `story_check` of each). A story is one event, so all its reports read alike; without the
        second rule a text that holds two articles (a badly cut page) would bridge their stories."""
        a, b = a[: self.rules.story_check], b[: self.rules.story_check]
        self._load([k for k in (*a, *b) if self._entries[k].profile is None])
        pairs = [(self._entries[x].profile, self._entries[y].profile, x, y) for x in a for y in b]
        return not any(self._veto(x, p, y, q) is not None or self._cosine(x, p, y, q) < self.rules.event.min_related
                       for p, q, x, y in pairs if p is not None and q is not None)

    def _link(self, key: Key, fp: Fingerprint, profile: EventProfile, other: Key,
              copy_candidate: bool) -> Assignment | None:
        """The reason `key` and `other` report one event (see the module docstring), or None."""
        entry = self._entries[other]
        if entry.fp is None or entry.profile is None:  # its text could not be loaded (deleted meanwhile)
            return None
        self.candidates_checked += 1
        if self._veto(key, profile, other, entry.profile) is not None:
            return None
        if copy_candidate:
            similar = jaccard(fp.shingles, entry.fp.shingles)
            if similar >= self.rules.min_jaccard:
                lead = max(lead_found(fp.lead, entry.fp.shingles), lead_found(entry.fp.lead, fp.shingles))
                if lead >= self.rules.min_lead:
                    return Assignment(key, entry.story, other, similar, lead, 1.0 + similar, "copy")
        if self.rules.rewrites:
            score = self._cosine(key, profile, other, entry.profile)
            if score >= self.rules.event.min_score:
                return Assignment(key, entry.story, other, 0.0, 0.0, score, "event")
        return None

    def _veto(self, x: Key, p: EventProfile, y: Key, q: EventProfile) -> str | None:
        """veto() of two indexed articles, once per pair and batch: the links compare a pair, and
        merging their groups (_groups_agree) compares it again."""
        pair = (x, y) if _order(x) <= _order(y) else (y, x)
        if pair not in self._vetoes:
            self._vetoes[pair] = veto(p, q, self.rules.event)
        return self._vetoes[pair]

    def _cosine(self, x: Key, p: EventProfile, y: Key, q: EventProfile) -> float:
        """The event score of two indexed articles, once per pair and batch (see _veto)."""
        pair = (x, y) if _order(x) <= _order(y) else (y, x)
        score = self._scores.get(pair)
        if score is None:
            score = self._scores[pair] = cosine(self._vector(x, p), self._vector(y, q))
        return score

    def _vector(self, key: Key, profile: EventProfile) -> TermVector:
        vector = self._vectors.get(key)
        if vector is None:
            vector = self._vectors[key] = weighted(profile, self.stats, self.rules.event)
        return vector

    def _copy_candidates(self, batch: Sequence[tuple[NewArticle, Fingerprint]]) -> list[list[Key]]:
        """Per article, the ones the LSH finds in its window that may be copies of it, in key order.

        One LSH query for the whole batch: asked one by one, it cost more than the rest of the index.
        """
        result = []
        everyone = self._lsh.query_many(np.stack([fp.signature.hashvalues for _, fp in batch])) if batch else []
        for (item, fp), found in zip(batch, everyone, strict=True):
            in_window = [k for k in found if self._in_window(item.ingested, k)]
            self.queries += 1
            self.copy_candidates += len(in_window)
            result.append(sorted(self._may_be_copies(fp, item.published, in_window), key=_order))
        return result

    def _may_be_copies(self, fp: Fingerprint, published: date | None, others: list[Key]) -> list[Key]:
        """Those whose dates agree and whose signatures estimate a Jaccard near enough `min_jaccard` to check it.

        The MinHash estimate (the share of equal signature values) of all of them in one comparison.
        """
        dated = [k for k in others if self._dates_agree(published, k)]
        if not dated:
            return []
        floor = self.rules.min_jaccard - self.rules.estimate_margin
        theirs = np.array([self._entries[k].signature.hashvalues for k in dated])
        # np.add.reduce, not count_nonzero(axis=...) or .sum(): half the time for these few rows.
        estimates = np.add.reduce(theirs == fp.signature.hashvalues, axis=1, dtype=np.int64) / len(fp.signature)
        return [k for k, estimate in zip(dated, estimates.tolist(), strict=True) if estimate >= floor]

    def _rewrite_candidates(self, batch: Sequence[NewArticle]) -> list[list[Key]]:
        """Per article, the `max_candidates` in its window sharing most of its keys (at least `min_shared_keys`).

        One count over the posting lists of the whole batch (Postings.shared_many).
        """
        shared_by = self._postings.shared_many([self._entries[item.key].terms for item in batch],
                                               self.rules.min_shared_keys)
        result = []
        for item, shared in zip(batch, shared_by, strict=True):
            ranked = sorted(((k, n) for k, n in shared if k != item.key and self._in_window(item.ingested, k)),
                            key=_most_shared_first)
            result.append([k for k, _ in ranked[: self.rules.max_candidates]])
        return result

    def _in_window(self, ingested: datetime | None, other: Key) -> bool:
        """`other` is still indexed and came in at most `window_days` before (or after) `ingested`."""
        entry = self._entries.get(other)
        if entry is None:
            return False  # evicted; its key lingers in a bucket until the next rebuild
        if ingested is None or entry.ingested is None:
            return True
        return abs(ingested - entry.ingested) <= self._window

    def _insert(self, key: Key, entry: _Entry, member: bool = True) -> None:
        self._entries[key] = entry
        if entry.fp is not None or entry.profile is not None:
            self._holding[key] = None
        if member:
            self._members.setdefault(entry.story, []).append(key)
        self._lsh.insert(key, entry.signature.hashvalues)
        self._postings.add(key, entry.terms)

    def _dates_agree(self, published: date | None, other: Key) -> bool:
        theirs = self._entries[other].published
        if published is None or theirs is None:
            return True
        return abs((published - theirs).days) <= self._max_days

    def _load(self, keys: list[Key]) -> None:
        if not keys or self._fetch is None:
            return
        texts = self._fetch(keys)
        found = [key for key in keys if key in texts]
        missing = [key for key in found if self._entries[key].fp is None]
        fps = dict(zip(missing, fingerprints([texts[key].text for key in missing]), strict=True))
        for key in found:
            stored, entry = texts[key], self._entries[key]
            entry.fp = entry.fp or fps[key]
            entry.profile = entry.profile or event_profile(stored.text, stored.headline, stored.published)
            self._holding[key] = None
            self._fetched.pop(key, None)
            self._fetched[key] = None  # the latest fetched last (release keeps those)


def _first(keys: list[Key], position: dict[Key, int]) -> int:
    return min((position[k] for k in keys if k in position), default=len(position))


def _order(key: Key | None) -> tuple[int, str]:
    # Keys are ints (database ids, input positions); compare others by their text.
    return (key, "") if isinstance(key, int) else (0, str(key))  # type: ignore[return-value]


def _most_shared_first(item: tuple[Key, int]) -> tuple[int, tuple[int, str]]:
    return -item[1], _order(item[0])


def fold_texts(texts: Iterable[str], rules: FoldRules | None = None) -> list[int]:
    """Story of each text in order: the position of the first text of its story.

        >>> fold_texts(["광주시는 국비 62억원을 확보했다고 8일 밝혔다.", "광주시는국비62억원을확보했다고8일밝혔다."])
        [0, 0]
    """
    index = StoryIndex(rules)
    return [int(a.story) for a in index.fold_batch(  # type: ignore[call-overload]
        [NewArticle(i, text) for i, text in enumerate(texts)])]
