"""`monitor analyze` adds story, amounts and regions after the existing fields."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import RunCli

EXISTING = ["source", "index", "headline", "byline", "outlet", "published", "text", "summary", "topics", "matched"]


def test_analyze_folds_a_copy_and_reports_facts(run_cli: RunCli, workdir: Path) -> None:
    inbox = workdir / "inbox"
    inbox.mkdir()
    original = (workdir / "seeds" / "002_406841c61750686d.txt").read_text(encoding="utf-8")
    (inbox / "a_web.txt").write_text(original, encoding="utf-8")
    # The same article as a PDF clipping: every space gone.
    (inbox / "b_pdf.txt").write_text(re.sub(r"[ \u00a0]+", "", original), encoding="utf-8")
    (inbox / "c_other.txt").write_text((workdir / "seeds" / "003_34563cb7a2288630.txt").read_text("utf-8"), "utf-8")
    result = run_cli("analyze", "inbox", cwd=workdir)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(list(r)[: len(EXISTING)] == EXISTING for r in records)
    assert all(list(r)[12:15] == ["story", "amounts", "regions"] for r in records)  # after link, feed
    by_file = {}
    for r in records:
        by_file.setdefault(Path(r["source"]).name, []).append(r)
    web, pdf, other = by_file["a_web.txt"][0], by_file["b_pdf.txt"][0], by_file["c_other.txt"][0]
    assert web["story"] == pdf["story"] != other["story"]
    assert {"krw": 16_000_000_000, "kind": "국비"}.items() <= next(
        a for a in web["amounts"] if a["kind"] == "국비").items()
    assert web["regions"][0] == "전주"
    assert other["regions"][0] == "광주"
