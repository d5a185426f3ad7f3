"""Spacing restoration: Kiwi runs on glued text only, and loads lazily."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.normalize import normalize, space_ratio

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _extract(name: str):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return extract_articles(RawDocument(str(path), path.name, text, hashlib.sha256(text.encode()).hexdigest()))


@pytest.mark.parametrize("name", ["001", "004"])
def test_glued_seeds_get_their_spaces_back(name: str) -> None:
    articles = _extract(name)
    assert articles  # the checks below run on something
    for article in articles:
        assert article.spacing_restored
        assert space_ratio(article.original_text or "") < 0.15
        assert space_ratio(article.text) >= 0.2
        assert space_ratio(article.headline or "") >= 0.15  # the headline is restored with the body
        assert ".3" not in article.text and "다.광" not in article.text  # stops are followed by a space


@pytest.mark.parametrize("name", ["000", "002", "003"])
def test_normal_seeds_keep_their_spacing(name: str) -> None:
    source_ratio = space_ratio(normalize(next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")))
    articles = _extract(name)
    assert articles  # the checks below run on something
    for article in articles:
        assert not article.spacing_restored
        assert article.original_text is None
        assert abs(space_ratio(article.text) - source_ratio) < 0.06


def test_restored_numbers_keep_their_units() -> None:
    (first, *_) = _extract("001")
    assert "국비 62억 원" in first.text or "국비 62억원" in first.text


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout.strip()


def test_importing_the_package_does_not_import_kiwi() -> None:
    assert _run("import sys, monitor.text; print('kiwipiepy' in sys.modules)") == "False"


def test_normal_text_never_loads_kiwi() -> None:
    out = _run(
        f"""
        import sys
        from pathlib import Path
        from monitor.models import RawDocument
        from monitor.text import extract_articles
        from monitor.text import kiwi
        count = 0
        for path in sorted(Path({str(SEEDS)!r}).glob("00[023]_*.txt")):
            count += len(extract_articles(RawDocument(str(path), path.name, path.read_text(encoding="utf-8"), "h")))
        print(count > 0, kiwi.is_loaded(), 'kiwipiepy' in sys.modules)
        """
    )
    assert out == "True False False"  # articles were extracted, and Kiwi stayed out
