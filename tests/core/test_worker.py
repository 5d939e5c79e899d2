"""The embedded server keeps going: the task worker waits out a locked database, and
``congvu start`` restarts a process that died instead of stopping the others."""

from __future__ import annotations

import logging
import sys
import time
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db.utils import OperationalError
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from congvu.core.management.commands import run_worker, start
from congvu.core.tasks_api import task

DONE: list[str] = []


@task()
def write_down(word: str) -> None:
    """A task the worker runs."""
    DONE.append(word)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    DONE.clear()
    yield
    DONE.clear()


@pytest.fixture
def locked_twice(monkeypatch):
    """The database is locked for the worker's first two tries (another process holds the write
    lock past the busy timeout), then free; the worker's waits are recorded, not slept."""
    real = db_worker.exclusive_transaction
    tries: list[int] = []

    @contextmanager
    def exclusive(using=None):
        tries.append(1)
        if len(tries) <= 2:
            raise OperationalError("database is locked")
        with real(using):
            yield

    waits: list[float] = []
    monkeypatch.setattr(db_worker, "exclusive_transaction", exclusive)
    monkeypatch.setattr(run_worker.time, "sleep", waits.append)
    return waits


WORKER_ARGS = ("--batch", "--no-reload", "--no-startup-delay", "--interval", "0", "--verbosity", "0")


@pytest.mark.django_db(transaction=True)  # the worker checks its connection as in production
def test_the_worker_waits_out_a_locked_database_and_runs_the_task(database_tasks, locked_twice, caplog):
    result = write_down.enqueue("xin chào")
    with caplog.at_level(logging.WARNING, logger="congvu.worker"):
        call_command("run_worker", *WORKER_ARGS)
    assert DONE == ["xin chào"]
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert locked_twice == [1.0, 2.0]  # backing off
    assert [r.getMessage() for r in caplog.records] == [
        "Cơ sở dữ liệu đang bị khóa (database is locked); tiến trình xử lý nền thử lại sau 1 giây.",
        "Cơ sở dữ liệu đang bị khóa (database is locked); tiến trình xử lý nền thử lại sau 2 giây.",
    ]


@pytest.mark.django_db(transaction=True)  # the worker checks its connection as in production
def test_the_plain_database_worker_dies_on_a_locked_database(database_tasks, locked_twice):
    """Why ``congvu start`` runs ``run_worker``: django-tasks-db's own worker stops."""
    write_down.enqueue("xin chào")
    with pytest.raises(OperationalError, match="locked"):
        call_command("db_worker", *WORKER_ARGS)
    assert DONE == []


@pytest.mark.django_db(transaction=True)  # the worker checks its connection as in production
def test_the_worker_still_stops_on_other_database_errors(database_tasks, monkeypatch):
    @contextmanager
    def broken(using=None):
        raise OperationalError("no such table: django_tasks_database_dbtaskresult")
        yield

    monkeypatch.setattr(db_worker, "exclusive_transaction", broken)
    with pytest.raises(OperationalError, match="no such table"):
        call_command("run_worker", *WORKER_ARGS)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_start_restarts_a_process_that_died_and_leaves_the_others_running(tmp_path, caplog):
    """Before, one dead process (the worker on a locked database) stopped the web server too."""
    starts = tmp_path / "starts"
    crashing = f"import sys; open({str(starts)!r}, 'a').write('x'); sys.exit(3)"
    clock = Clock()
    supervisor = start.Supervisor(
        {
            "web": [sys.executable, "-c", "import time; time.sleep(60)"],
            "worker": [sys.executable, "-c", crashing],
        },
        clock=clock,
    )
    caplog.set_level(logging.WARNING, logger="congvu.start")
    supervisor.start()
    web = supervisor.children["web"].process
    try:
        deadline = time.monotonic() + 30
        while supervisor.children["worker"].restarts < 3 and time.monotonic() < deadline:
            supervisor.poll()
            time.sleep(0.05)
            if supervisor.children["worker"].restart_at is not None:
                clock.now += 0.5  # time passes for the waits only, however slowly Python starts
        assert supervisor.children["worker"].restarts == 3
        assert supervisor.children["web"].process is web and web.poll() is None  # never touched
        # The third restart has been spawned; on a loaded machine it may not have run yet: let it
        # write its mark before stopping (Ctrl+C would otherwise end it first).
        while len(starts.read_text()) < 4 and time.monotonic() < deadline + 30:
            time.sleep(0.05)
    finally:
        supervisor.stop()
    assert web.poll() is not None  # Ctrl+C still stops everything
    messages = [r.getMessage() for r in caplog.records]
    assert messages[:6] == [
        "Tiến trình worker đã dừng (mã 3); khởi động lại sau 1 giây.",
        "Đã khởi động lại tiến trình worker (lần 1).",
        "Tiến trình worker đã dừng (mã 3); khởi động lại sau 2 giây.",
        "Đã khởi động lại tiến trình worker (lần 2).",
        "Tiến trình worker đã dừng (mã 3); khởi động lại sau 4 giây.",
        "Đã khởi động lại tiến trình worker (lần 3).",
    ]
    assert starts.read_text().startswith("xxxx")


def test_a_process_that_ran_a_while_before_dying_waits_only_a_second(tmp_path, caplog):
    clock = Clock()
    supervisor = start.Supervisor(
        {"scheduler": [sys.executable, "-c", "import sys; sys.exit(1)"]}, clock=clock
    )
    caplog.set_level(logging.WARNING, logger="congvu.start")
    child = supervisor.children["scheduler"]
    child.wait = 32.0  # it had died often before
    supervisor.start()
    try:
        child.process.wait(timeout=30)
        clock.now += 3600  # but this time it ran an hour
        supervisor.poll()
    finally:
        supervisor.stop()
    assert child.wait == 1.0
    assert caplog.records[-1].getMessage() == "Tiến trình scheduler đã dừng (mã 1); khởi động lại sau 1 giây."


def test_the_embedded_server_runs_the_patient_worker():
    commands = start.programs(host="127.0.0.1", port=8000, workers=2)
    assert set(commands) == {"web", "worker", "scheduler"}
    assert "run_worker" in commands["worker"] and "db_worker" not in commands["worker"]
