"""Where a relative path in monitor.toml points: the folder holding that file.

A config folder can be found in four places (`settings.resolve_config_dir`), and a
service is started from wherever cron, systemd or a shell happens to be; a path that
meant "next to my config" must not change meaning with the working folder. The one
exception is the set of defaults shipped inside the package: their relative paths
(`seeds`, `var/monitor.db`, `reports`) name the working folder, since a folder inside
site-packages is no place for a user's inbox or database.
"""

from __future__ import annotations

import os
from pathlib import Path

BUNDLED_CONFIG_DIR = Path(__file__).resolve().parent / "config"


def is_bundled(config_dir: Path) -> bool:
    return config_dir.absolute().resolve() == BUNDLED_CONFIG_DIR


def resolve_path(value: str, config_dir: Path) -> Path:
    """`value` as a path: `~` expanded; a relative one joined to `config_dir` (absolute, `..` folded)."""
    path = Path(value).expanduser()
    if path.is_absolute() or is_bundled(config_dir):
        return path
    # Lexical folding (not resolve()): a symlinked inbox keeps the name the user gave it.
    return Path(os.path.normpath(config_dir.absolute() / path))


def resolve_database_url(url: str, config_dir: Path) -> str:
    """A SQLite URL's relative file made absolute the same way; every other URL as given."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:") or database.startswith("file:"):
        return url
    path = resolve_path(database, config_dir)
    if str(path) == database:
        return url
    return parsed.set(database=str(path)).render_as_string(hide_password=False)


def former_meaning(value: str, config_dir: Path) -> Path | None:
    """The file a relative `value` named before paths resolved against the config folder, when
    only that one exists: a config written for the old rule would otherwise start an empty store."""
    path = Path(value).expanduser()
    if path.is_absolute() or is_bundled(config_dir):
        return None
    before = Path.cwd() / path
    return before if before.exists() and not resolve_path(value, config_dir).exists() else None
