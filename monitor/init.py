"""`monitor init`: a working folder of one's own, from the defaults shipped in the package.

An installed monitor (pip, a wheel, pipx) has no repository around it: its defaults live in
the package. `init` copies them to `DIR/config/` for editing, points the inbox at `DIR/inbox/`
(the bundled default names the repository's sample folder, `seeds`) and creates it. Files
already there are never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from monitor.errors import UsageError
from monitor.settings import BUNDLED_CONFIG_DIR, SETTINGS_FILE, TOPICS_FILE

INBOX = "inbox"
# The [inbox] path line of the bundled monitor.toml.
INBOX_PATH_RE = re.compile(r'(?m)^(\[inbox\](?:\n#[^\n]*)*\npath = )"[^"\n]*"')


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
    settings, count = INBOX_PATH_RE.subn(rf'\1"{INBOX}"', (BUNDLED_CONFIG_DIR / SETTINGS_FILE).read_text("utf-8"))
    if count != 1:  # the bundled file changed shape: better to fail here than write a wrong inbox
        raise RuntimeError(f"{BUNDLED_CONFIG_DIR / SETTINGS_FILE}: no [inbox] path line to point at {INBOX}/")
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / SETTINGS_FILE).write_text(settings, encoding="utf-8")
    (config_dir / TOPICS_FILE).write_text((BUNDLED_CONFIG_DIR / TOPICS_FILE).read_text("utf-8"), encoding="utf-8")
    inbox.mkdir(exist_ok=True)
    return Initialized(config_dir, inbox)
