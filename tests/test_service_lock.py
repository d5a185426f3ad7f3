"""One service per database: a second `monitor run` is refused, on SQLite and PostgreSQL."""

from __future__ import annotations

import os

import pytest

from monitor.service import ServiceLock, ServiceLockedError, service_running
from monitor.store import Store
from tests.test_store import any_store  # noqa: F401  (the SQLite + PostgreSQL store fixture)


def test_a_second_service_on_the_same_database_is_refused(any_store: Store) -> None:  # noqa: F811
    url = any_store.engine.url.render_as_string(hide_password=False)
    with ServiceLock(url, any_store):
        with pytest.raises(ServiceLockedError, match="in use by"):
            ServiceLock(url, any_store).__enter__()
        if ServiceLock.path_for(url) is not None:
            assert service_running(url) == str(os.getpid())
    # Released on exit: the next service starts.
    with ServiceLock(url, any_store):
        pass
    assert service_running(url) is None
