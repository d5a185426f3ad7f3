"""Sources behind one protocol: a new kind is one module, and config, ingest, health and
`monitor sources` take it in without a change anywhere else."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor import pipeline
from monitor.cli import main
from monitor.errors import ConfigError
from monitor.models import RawDocument
from monitor.settings import Settings
from monitor.sources import kinds
from monitor.sources.health import needs_attention
from monitor.sources.kinds import KeySpec, Pass, source_kinds
from monitor.store import Store
from monitor.store.sources import get_state
from monitor.validators import nonempty
from tests.conftest import config_for

T0 = datetime(2025, 6, 20, tzinfo=UTC)
TEXT = "전주시가 국토교통부의 거점형 스마트시티 조성사업에 최종 선정됐다고 19일 밝혔다."


@dataclass(frozen=True, slots=True)
class NoteSource:
    text: str
    name: str

    @property
    def key(self) -> str:
        return f"note:{self.name}"

    @property
    def kind(self) -> str:
        return "note"


class NoteKind:
    """A source that is its own text: everything a kind needs, and nothing else."""

    name = "note"
    keys: Mapping[str, KeySpec] = {"text": (str, nonempty(), None), "name": (str, nonempty(), None)}
    required = ("text",)
    unique = ("text",)
    may_fall_silent = False

    def build(self, values: Mapping[str, Any], settings: Settings) -> NoteSource:
        return NoteSource(values["text"], values["name"] or "note")

    def where(self, source: NoteSource) -> str:
        return f"{len(source.text)} characters"

    def read(self, sources: Sequence[NoteSource], into: Pass) -> None:
        for note in sources:
            into.begin(note, into.settings.poll_interval)
            digest = hashlib.sha256(note.text.encode()).hexdigest()
            into.add(note.key, RawDocument(note.key, note.name, note.text, digest), None)


@pytest.fixture
def note_kind(monkeypatch: pytest.MonkeyPatch) -> NoteKind:
    kind = NoteKind()
    source_kinds()  # the built-in kinds first, as at start-up
    monkeypatch.setitem(kinds._KINDS, kind.name, kind)
    return kind


def test_the_built_in_kinds_are_registered() -> None:
    assert list(source_kinds()) == ["folder", "feed"]


def test_a_new_kind_is_configured_ingested_and_tracked(note_kind: NoteKind, tmp_path: Path, store: Store) -> None:
    (tmp_path / "inbox").mkdir()
    config = config_for(tmp_path, {"sources": {"note": [{"text": TEXT, "name": "메모"}]}}, inbox=tmp_path / "inbox")
    assert [s.kind for s in config.sources.sources] == ["folder", "note"]
    report = pipeline.ingest(config, store, T0)
    assert (report.documents_new, report.failures) == (1, ())
    state = get_state(store, "note:메모")
    assert state is not None and state.kind == "note" and state.entries_seen == 1
    # may_fall_silent is False: a week without anything new is not a problem for this kind
    assert needs_attention(state, T0 + timedelta(days=7)) is None


def test_a_new_kind_gets_the_same_config_errors(note_kind: NoteKind, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"sources.note\[1\]: missing required key 'text'"):
        config_for(tmp_path, {"sources": {"note": [{"text": "a"}, {"name": "b"}]}})
    with pytest.raises(ConfigError, match=r"sources.note\[0\].colour: unknown key \(allowed: text, name\)"):
        config_for(tmp_path, {"sources": {"note": [{"text": "a", "colour": "red"}]}})
    with pytest.raises(ConfigError, match=r"sources.note.text: duplicate text 'a'"):
        config_for(tmp_path, {"sources": {"note": [{"text": "a", "name": "x"}, {"text": "a", "name": "y"}]}})


def test_monitor_sources_lists_a_new_kind(note_kind: NoteKind, workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(workdir)
    settings = workdir / "config" / "monitor.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + '\n[[sources.note]]\ntext = "메모 하나"\n',
                        encoding="utf-8")
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    assert f"folder inbox  {workdir / 'seeds'}" in out and "note   note  5 characters" in out
