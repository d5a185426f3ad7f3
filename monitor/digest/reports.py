"""Write digest pages and the index into the reports folder, atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.digest.build import Digest
from monitor.errors import MonitorError


class ReportError(MonitorError):
    """The reports folder cannot be written (missing parent, no permission, disk full)."""


def atomic_write(path: Path, text: str) -> None:
    """tmp + fsync + os.replace: readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report_stem(digest: Digest) -> str:
    """digest-<name>-<local end of period>: the report's name, also what an email links to."""
    stamp = digest.period_end.astimezone(ZoneInfo(digest.timezone)).strftime("%Y-%m-%d-%H%M%S")
    return f"digest-{digest.name}-{stamp}"


def report_path(reports_dir: Path, digest: Digest) -> Path:
    """reports/digest-<name>-<local time>.html, never overwriting an earlier one."""
    stamp = report_stem(digest).removeprefix(f"digest-{digest.name}-")
    path = reports_dir / f"digest-{digest.name}-{stamp}.html"
    counter = 2
    while path.exists():
        path = reports_dir / f"digest-{digest.name}-{stamp}-{counter}.html"
        counter += 1
    return path


def write_report(reports_dir: Path, digest: Digest, html: str) -> Path:
    path = report_path(reports_dir, digest)
    _write_in_reports(path, html)
    return path


def write_index(reports_dir: Path, html: str) -> Path:
    """reports/index.html, the list of every digest written so far."""
    path = reports_dir / "index.html"
    _write_in_reports(path, html)
    return path


def _write_in_reports(path: Path, html: str) -> None:
    try:
        atomic_write(path, html)
    except OSError as e:
        raise ReportError(f"reports.path: cannot write {path}: {e.strerror or e}",
                          hint="set [reports] path in monitor.toml to a folder monitor may write") from e
