"""`TopicSet`: a loaded topic file, compiled once, that classifies articles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from monitor.models import Article, TopicMatch
from monitor.topics.matcher import Matcher, Span
from monitor.topics.model import Concept, Topic
from monitor.topics.scoring import ArticleHits, TopicResult, score_topic


class TopicSet:
    """Topics with one compiled matcher for all of them.

    >>> topics = load_topics(Path("config/topics.toml"))      # doctest: +SKIP
    >>> [m.topic_id for m in topics.classify(article) if m.accepted]  # doctest: +SKIP
    ['smart_cities']
    """

    def __init__(self, topics: Sequence[Topic], path: Path | None = None) -> None:
        self._topics = tuple(topics)
        self.path = path
        self._by_id = {t.id: t for t in self._topics}
        self._matcher = Matcher(term for t in self._topics for c in t.concepts() for term in c.forms)
        self._keyword_matchers: dict[tuple[str, ...], Matcher] = {}
        # Which topics each folded form belongs to: an article is scored only for the topics
        # something matched, the rest get their precomputed "nothing found" result.
        self._topics_by_form: dict[str, set[int]] = {}
        for index, topic in enumerate(self._topics):
            for concept in topic.concepts():
                for term in concept.forms:
                    self._topics_by_form.setdefault(term.key, set()).add(index)
        self._nothing_found = [score_topic(t, ArticleHits((), ())) for t in self._topics]
        self._nothing_matched = [r.to_match() for r in self._nothing_found]

    @property
    def topics(self) -> tuple[Topic, ...]:
        return self._topics

    def get(self, topic_id: str) -> Topic:
        """The topic with `topic_id`; KeyError names the known ids."""
        try:
            return self._by_id[topic_id]
        except KeyError:
            raise KeyError(f"unknown topic {topic_id!r}; known: {', '.join(self._by_id)}") from None

    def keywords(self) -> list[str]:
        """Every surface form of every term, without spaces.

        Not for teaching Kiwi as user words: taught `스마트도시`, it restores `스마트도시락`
        as `스마트도시 락`, which the boundary rules then accept (tests/test_topics_glued.py).
        """
        forms = {"".join(term.surface.rstrip("*").split()) for t in self._topics for c in t.concepts()
                 for term in c.forms}
        return sorted(forms)

    def hits(self, article: Article) -> ArticleHits:
        """Run the matcher once over every field of `article`."""
        heads = [h for h in (article.headline, *article.subheadlines) if h]
        body = [self._matcher.find(article.text)]
        if article.original_text and article.original_text != article.text:
            # the glued original, its right edges decided by the restored text's spaces
            body.append(self._matcher.find(article.original_text, spacing=body[0]))
        return ArticleHits(headline=tuple(self._matcher.find(h) for h in heads), body=tuple(body))

    def _relevant(self, hits: ArticleHits) -> set[int]:
        """Indexes of the topics something in `hits` belongs to: the others found nothing."""
        return {i for form in hits.matched for i in self._topics_by_form.get(form, ())}

    def analyze(self, article: Article) -> list[TopicResult]:
        """Full results (with snippets and vetoes) per topic, in topic-file order."""
        hits = self.hits(article)
        relevant = self._relevant(hits)
        return [score_topic(topic, hits) if i in relevant else self._nothing_found[i]
                for i, topic in enumerate(self._topics)]

    def classify(self, article: Article) -> list[TopicMatch]:
        """One TopicMatch per topic, accepted or not, with its evidence."""
        hits = self.hits(article)
        relevant = self._relevant(hits)
        return [score_topic(topic, hits).to_match() if i in relevant else self._nothing_matched[i]
                for i, topic in enumerate(self._topics)]

    def accepted_ids(self, article: Article) -> list[str]:
        """Ids of the topics `article` belongs to."""
        return [m.topic_id for m in self.classify(article) if m.accepted]

    def highlight_spans(self, text: str, topic_ids: Iterable[str] | None = None) -> list[Span]:
        """Sorted, non-overlapping spans of `text` where the keywords of `topic_ids` match.

        Ids no longer configured are passed over: stored tags outlive a topic removed from
        topics.toml until `monitor reclassify` runs, and the digest must still be written.
        """
        ids = tuple(sorted(i for i in set(topic_ids) if i in self._by_id)) if topic_ids is not None else (
            tuple(self._by_id))
        matcher = self._keyword_matchers.get(ids)
        if matcher is None:
            matcher = Matcher(term for i in ids for c in self._highlighted(self.get(i)) for term in c.forms)
            self._keyword_matchers[ids] = matcher
        found = matcher.find(text)
        spans = sorted(s for group in found.spans.values() for s in group)
        merged: list[Span] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


    @staticmethod
    def _highlighted(topic: Topic) -> tuple[Concept, ...]:
        """What a digest marks in a summary: the keywords and each rule's subject (its first
        part: the vehicle, the facility), not the generic words it is combined with (지원)."""
        return topic.keywords + tuple(rule.parts[0] for rule in topic.rules)


def load_topics(path: Path) -> TopicSet:
    """Read, validate and compile a topics TOML file.

    Raises ConfigError (one line: file, line, topic and field) for any problem.
    """
    from monitor.topics.config import load_topics_file

    return TopicSet(load_topics_file(Path(path)), Path(path))
