"""Stories: near-duplicate articles from different outlets folded into one.

    fingerprint  character shingles (spacing-blind) and their MinHash signature
    index        incremental folding over MinHash LSH, candidates verified exactly
    story        Story (best headline, outlets, who ran it first); folding in memory
    stored       folding new articles into the stories kept in the database
"""

from monitor.stories.fingerprint import Fingerprint, Signature, fingerprint, jaccard
from monitor.stories.index import Assignment, FoldRules, StoryIndex, fold_texts
from monitor.stories.story import InvocationFolder, Story, best_headline, first_article, fold_articles, outlets

__version__ = "0.1.0"

__all__ = [
    "Assignment",
    "Fingerprint",
    "FoldRules",
    "InvocationFolder",
    "Signature",
    "Story",
    "StoryIndex",
    "__version__",
    "best_headline",
    "fingerprint",
    "first_article",
    "fold_articles",
    "fold_texts",
    "jaccard",
    "outlets",
]
