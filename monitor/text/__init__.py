"""The Korean text stage: raw documents in, clean articles out.

    >>> from monitor.text import extract_articles, split_sentences
    >>> split_sentences("규모 4.8 지진이 났다. 피해를 조사했다.")
    ['규모 4.8 지진이 났다.', '피해를 조사했다.']

Importing this package does not import kiwipiepy: the Korean model (2-3 s,
~530 MB) loads on the first text that needs its spacing restored.
"""

from monitor.text.pipeline import extract_articles
from monitor.text.sentences import split_sentences
from monitor.text.spacing import needs_restoration

__version__ = "0.1.0"
__all__ = ["__version__", "extract_articles", "needs_restoration", "split_sentences"]
