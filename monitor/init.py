"""`monitor init`: a working folder of one's own, from the defaults shipped in the package.

An installed monitor (pip, a wheel, pipx) has no repository around it: its defaults live in
the package. `init` copies them to `DIR/config/` for editing, points the inbox, the database and
the reports at `DIR/inbox/`, `DIR/var/` and `DIR/reports/` (as `../…`, since a config file's
relative paths resolve against its own folder) and creates the inbox. Files already there are
never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from monitor.config_paths import BUNDLED_CONFIG_DIR
from monitor.errors import UsageError
from monitor.settings import SETTINGS_FILE, TOPICS_FILE

INBOX = "inbox"
# The bundled monitor.toml's relative paths name the working folder; a copy in DIR/config/
# resolves its own against DIR/config/, so each value is rewritten to say "../".
# (section, key line as shipped, key line as written)
REWRITES = (
    ("inbox", 'path = "seeds"', 'path = "../{inbox}"'),
    ("database", 'url = "sqlite:///var/monitor.db"', 'url = "sqlite:///../var/monitor.db"'),
    ("reports", 'path = "reports"', 'path = "../reports"'),
)
HEADER_SHIPPED = "# Relative paths are resolved against the working folder `monitor` runs in (this copy is\n" \
                 "# the one shipped inside monitor); in a copy of your own, against the folder holding it.\n"
HEADER_WRITTEN = "# Relative paths are resolved against the folder holding this file.\n"


@dataclass(frozen=True, slots=True)
class Initialized:
    config_dir: Path
    inbox: Path


def init_folder(folder: Path) -> Initialized:
    """Write `folder/config/{monitor,topics}.toml` and create `folder/inbox/`; UsageError if config exists."""
    config_dir, inbox = folder / "config", folder / INBOX
    existing = [config_dir / name for name in (SETTINGS_FILE, TOPICS_FILE) if (config_dir / name).exists()]
    if existing:
        raise UsageError(f"{existing[0]}: already exists; nothing was written",
                         hint="edit it, or run `monitor init` in another folder")
    settings = starter_settings()
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / SETTINGS_FILE).write_text(settings, encoding="utf-8")
    (config_dir / TOPICS_FILE).write_text((BUNDLED_CONFIG_DIR / TOPICS_FILE).read_text("utf-8"), encoding="utf-8")
    inbox.mkdir(exist_ok=True)
    return Initialized(config_dir, inbox)


def starter_settings(inbox: str = INBOX) -> str:
    """The bundled monitor.toml with its paths pointing beside DIR/config/ (RuntimeError if it changed shape)."""
    text = (BUNDLED_CONFIG_DIR / SETTINGS_FILE).read_text("utf-8").replace(HEADER_SHIPPED, HEADER_WRITTEN, 1)
    for section, line, written in REWRITES:
        # The first `line` after the section's header: the bundled file's live (uncommented) value.
        pattern = re.compile(rf"(?ms)^(\[{section}\]$.*?^){re.escape(line)}$")
        new = written.format(inbox=inbox)
        text, count = pattern.subn(lambda m, new=new: m.group(1) + new, text, count=1)
        if count != 1:  # better to fail here than write a config whose paths point nowhere
            raise RuntimeError(f"{BUNDLED_CONFIG_DIR / SETTINGS_FILE}: no `{line}` in [{section}] to rewrite")
    if HEADER_WRITTEN not in text:
        raise RuntimeError(f"{BUNDLED_CONFIG_DIR / SETTINGS_FILE}: its header no longer says how paths resolve")
    return text
