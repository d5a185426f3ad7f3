"""monitor: news-monitoring digests for Korean regional policy news.

Files dropped in an inbox (and, later, RSS/Atom feeds) are cleaned, split into
articles, matched against configured topics and written out as a digest.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
