"""Stories: near-duplicate articles from different outlets folded into one.

    fingerprint  character shingles (spacing-blind) and their MinHash signature: copies
    event        what an article says of its event: rare terms, figures, days, places, stage
    similarity   same event or not: TF-IDF score and the facts that veto a fold
    index        batch folding over MinHash LSH and an inverted index of rare terms, linear
    story        Story (best headline, outlets, who ran it first); folding in memory
    stored       folding new articles into the stories kept in the database; refolding them all
"""

from monitor.stories.event import EventProfile, event_profile
from monitor.stories.fingerprint import Fingerprint, Signature, fingerprint, jaccard
from monitor.stories.index import Assignment, FoldRules, NewArticle, StoryIndex, fold_texts
from monitor.stories.similarity import EventRules
from monitor.stories.story import InvocationFolder, Story, best_headline, first_article, fold_articles, outlets

__version__ = "0.1.0"

__all__ = [
    "Assignment",
    "EventProfile",
    "EventRules",
    "Fingerprint",
    "FoldRules",
    "InvocationFolder",
    "NewArticle",
    "Signature",
    "Story",
    "StoryIndex",
    "__version__",
    "best_headline",
    "event_profile",
    "fingerprint",
    "first_article",
    "fold_articles",
    "fold_texts",
    "jaccard",
    "outlets",
]
