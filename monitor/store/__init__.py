"""Storage over SQLAlchemy Core: SQLite by default, PostgreSQL with the same schema."""

from monitor.store.store import Store, StoredArticle, StoredDigest

__all__ = ["Store", "StoredArticle", "StoredDigest"]
