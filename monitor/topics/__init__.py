"""Topic matching: which configured topics an article belongs to, and why.

    topics = load_topics(Path("config/topics.toml"))
    for match in topics.classify(article):
        print(match.topic_id, match.accepted, match.score, match.keywords)

Keywords are matched space-insensitively on folded text (NFKC, case-folded) with boundary
rules for Korean particles and compounds and for Latin words; see `boundaries`.
"""

from monitor.topics.model import Concept, Exclusion, Term, Topic
from monitor.topics.topicset import TopicSet, load_topics

__version__ = "0.1.0"
__all__ = ["Concept", "Exclusion", "Term", "Topic", "TopicSet", "__version__", "load_topics"]
