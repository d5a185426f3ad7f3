"""Relative paths in monitor.toml mean "from the folder holding it", whatever folder monitor runs in."""

from __future__ import annotations

import shutil
from pathlib import Path

from monitor.config_paths import BUNDLED_CONFIG_DIR, resolve_database_url, resolve_path
from monitor.configuration import load_config
from monitor.init import init_folder
from monitor.store import Store
from tests.conftest import SEEDS, RunCli

SEED = next(SEEDS.glob("002_*.txt"))


def test_a_relative_path_starts_from_the_config_folder(tmp_path: Path) -> None:
    config = tmp_path / "conf"
    assert resolve_path("../inbox", config) == tmp_path / "inbox"
    assert resolve_path("/srv/inbox", config) == Path("/srv/inbox")
    assert resolve_path("~/inbox", config) == Path.home() / "inbox"
    assert resolve_database_url("sqlite:///../var/m.db", config) == f"sqlite:///{tmp_path}/var/m.db"
    assert resolve_database_url("sqlite:////srv/m.db", config) == "sqlite:////srv/m.db"
    assert resolve_database_url("sqlite://", config) == "sqlite://"
    assert resolve_database_url("postgresql+psycopg://u@h/db", config) == "postgresql+psycopg://u@h/db"


def test_the_shipped_defaults_keep_naming_the_working_folder() -> None:
    # Inside site-packages is no place for an inbox: the bundled file's paths are the working folder's.
    assert resolve_path("seeds", BUNDLED_CONFIG_DIR) == Path("seeds")
    assert load_config(BUNDLED_CONFIG_DIR).settings.database_url == "sqlite:///var/monitor.db"


def test_every_path_of_a_config_folder_resolves_against_it(tmp_path: Path) -> None:
    done = init_folder(tmp_path / "work")
    smtp = '\n[smtp]\nhost = "localhost"\nsecurity = "none"\nfrom = "m@example.org"\npassword_file = "pw"\n'
    with (done.config_dir / "monitor.toml").open("a", encoding="utf-8") as f:
        f.write(smtp + '\n[[sources.folder]]\npath = "../scans"\n')
    (tmp_path / "work" / "scans").mkdir()
    config = load_config(done.config_dir)
    work = tmp_path / "work"
    assert config.settings.inbox == work / "inbox" and config.settings.reports_dir == work / "reports"
    assert config.settings.database_url == f"sqlite:///{work}/var/monitor.db"
    assert [f.path for f in config.sources.folders] == [work / "scans"]
    assert config.service.smtp is not None and config.service.smtp.password_file == work / "config" / "pw"


def test_run_from_any_folder_uses_the_same_inbox_and_database(run_cli: RunCli, tmp_path: Path) -> None:
    done = init_folder(tmp_path / "work")
    shutil.copy(SEED, done.inbox)
    for cwd in (tmp_path, Path("/")):  # cron and systemd start in / or $HOME, not beside the config
        ran = run_cli("--config", str(done.config_dir), "run", "--once", cwd=cwd)
        assert ran.returncode == 0, ran.stderr
    store = Store.open(f"sqlite:///{tmp_path}/work/var/monitor.db")
    try:
        assert store.count_documents() == 1
    finally:
        store.close()
    assert not (tmp_path / "var").exists() and (tmp_path / "work" / "reports" / "index.html").is_file()


def test_a_database_named_by_the_old_rule_is_not_replaced_by_an_empty_one(run_cli: RunCli, tmp_path: Path) -> None:
    # A config written when relative paths meant the working folder: its database sits beside config/, not in it.
    done = init_folder(tmp_path)
    settings = done.config_dir / "monitor.toml"
    settings.write_text(settings.read_text("utf-8").replace("sqlite:///../var/monitor.db", "sqlite:///var/monitor.db"),
                        encoding="utf-8")
    Store.open(f"sqlite:///{tmp_path}/var/monitor.db").close()
    ran = run_cli("run", "--once", cwd=tmp_path)
    assert ran.returncode == 2 and len(ran.stderr.splitlines()) == 1, ran.stderr
    assert "database.url:" in ran.stderr and f"{tmp_path}/config/var/monitor.db does not exist" in ran.stderr
    assert f"but {tmp_path}/var/monitor.db does" in ran.stderr and "relative paths resolve against" in ran.stderr
    assert not (done.config_dir / "var").exists()


def test_the_guard_holds_for_a_config_that_leaves_the_database_out(run_cli: RunCli, tmp_path: Path) -> None:
    # The default url means var/monitor.db beside monitor.toml now; an old config relied on it by omission.
    config = tmp_path / "config"
    config.mkdir()
    shutil.copy(BUNDLED_CONFIG_DIR / "topics.toml", config)
    (config / "monitor.toml").write_text(f'[inbox]\npath = "{tmp_path / "inbox"}"\n', encoding="utf-8")
    (tmp_path / "inbox").mkdir()
    Store.open(f"sqlite:///{tmp_path}/var/monitor.db").close()
    ran = run_cli("check-config", cwd=tmp_path)
    assert ran.returncode == 2 and len(ran.stderr.splitlines()) == 1, ran.stderr
    assert "database.url:" in ran.stderr and f"but {tmp_path}/var/monitor.db does" in ran.stderr
