"""The periodic-job scheduler: each slot is enqueued exactly once (stack notes §5)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from congvu.core import scheduler
from congvu.core.models import ScheduledRun
from congvu.core.tasks_api import task

RUNS: list[str] = []


@task()
def record_run() -> None:
    """A task the tests enqueue (the test settings run tasks immediately)."""
    RUNS.append("ran")


@task()
def other_task() -> None:
    """A second task, to try registering two tasks under one name."""


@pytest.fixture(autouse=True)
def clear_runs():
    RUNS.clear()
    yield
    RUNS.clear()


def at(text: str) -> dt.datetime:
    """A moment in the agency's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(dt.datetime.fromisoformat(text))


DAILY = scheduler.make_job("test_daily", record_run, every="day", at="01:30")
HOURLY = scheduler.make_job("test_hourly", record_run, every="hour")
QUARTERLY = scheduler.make_job("test_15min", record_run, every=dt.timedelta(minutes=15))


def test_daily_slot_exists_only_once_its_time_has_passed():
    assert DAILY.slot(at("2026-11-21T01:29:59")) is None
    assert DAILY.slot(at("2026-11-21T01:30")) == "2026-11-21"
    assert DAILY.slot(at("2026-11-21T23:59")) == "2026-11-21"
    assert DAILY.slot(at("2026-11-22T00:10")) is None


def test_slots_are_named_in_local_time():
    # 18:40 UTC on the 20th is 01:40 on the 21st in Hà Nội.
    assert DAILY.slot(dt.datetime(2026, 11, 20, 18, 40, tzinfo=dt.UTC)) == "2026-11-21"


def test_hourly_slot_changes_each_hour():
    assert HOURLY.slot(at("2026-11-21T14:00")) == "2026-11-21T14"
    assert HOURLY.slot(at("2026-11-21T14:59:59")) == "2026-11-21T14"
    assert HOURLY.slot(at("2026-11-21T15:00")) == "2026-11-21T15"


def test_timedelta_slots_start_on_the_period():
    assert QUARTERLY.slot(at("2026-11-21T14:07")) == "2026-11-21T14:00"
    assert QUARTERLY.slot(at("2026-11-21T14:15")) == "2026-11-21T14:15"
    assert QUARTERLY.slot(at("2026-11-21T14:44")) == "2026-11-21T14:30"


@pytest.mark.django_db
def test_a_slot_is_enqueued_once_across_passes_and_schedulers():
    now = at("2026-11-21T02:00")
    # Two schedulers (say, on two web machines) holding their own job objects for the same job.
    first = [scheduler.make_job("test_daily", record_run, every="day", at="01:30")]
    second = [scheduler.make_job("test_daily", record_run, every="day", at="01:30")]
    assert scheduler.run_pass(now, jobs=first) == ["test_daily@2026-11-21"]
    assert scheduler.run_pass(now, jobs=second) == []
    assert scheduler.run_pass(now + dt.timedelta(minutes=30), jobs=first) == []
    assert RUNS == ["ran"]
    assert ScheduledRun.objects.filter(job="test_daily").count() == 1
    # The next day is a new slot.
    assert scheduler.run_pass(now + dt.timedelta(days=1), jobs=second) == ["test_daily@2026-11-22"]
    assert RUNS == ["ran", "ran"]


@pytest.mark.django_db
def test_a_scheduler_that_loses_the_race_does_not_enqueue():
    assert scheduler.claim_slot("test_daily", "2026-11-21") is True
    assert scheduler.claim_slot("test_daily", "2026-11-21") is False
    assert ScheduledRun.objects.count() == 1


@pytest.mark.django_db
def test_a_daily_job_does_not_run_before_its_time():
    assert scheduler.run_pass(at("2026-11-21T01:29"), jobs=[DAILY]) == []
    assert RUNS == []
    assert not ScheduledRun.objects.exists()
    assert scheduler.run_pass(at("2026-11-21T01:31"), jobs=[DAILY]) == ["test_daily@2026-11-21"]
    assert RUNS == ["ran"]


@pytest.mark.django_db
def test_an_hourly_job_runs_once_each_hour():
    for moment in ["14:00", "14:01", "14:59", "15:00", "15:30", "16:05"]:
        scheduler.run_pass(at(f"2026-11-21T{moment}"), jobs=[HOURLY])
    assert RUNS == ["ran", "ran", "ran"]
    assert sorted(ScheduledRun.objects.values_list("slot", flat=True)) == [
        "2026-11-21T14",
        "2026-11-21T15",
        "2026-11-21T16",
    ]


@pytest.mark.django_db
def test_a_failing_enqueue_gives_the_slot_back(monkeypatch):
    class Broken:
        def enqueue(self):
            raise RuntimeError("backend down")

    job = scheduler.make_job("test_broken", Broken(), every="hour")
    assert scheduler.run_pass(at("2026-11-21T14:00"), jobs=[job]) == []
    assert not ScheduledRun.objects.filter(job="test_broken").exists()  # next pass tries again


def test_bad_periods_are_refused():
    with pytest.raises(ValueError):
        scheduler.make_job("x", record_run, every="week")
    with pytest.raises(ValueError):
        scheduler.make_job("x", record_run, every=dt.timedelta(minutes=7))
    with pytest.raises(ValueError):
        scheduler.make_job("x", record_run, every="hour", at="01:00")
    with pytest.raises(TypeError):
        scheduler.make_job("x", lambda: None)


def test_periodic_registers_the_task_and_returns_it():
    registered = scheduler.periodic("test_registered", every="hour")(record_run)
    try:
        assert registered is record_run
        assert scheduler.REGISTRY["test_registered"].task is record_run
        with pytest.raises(ValueError):
            scheduler.periodic("test_registered", every="hour")(other_task)
    finally:
        scheduler.REGISTRY.pop("test_registered", None)


def test_autodiscover_finds_core_jobs():
    jobs = scheduler.autodiscover()
    assert jobs["prune_task_results"].every == "day"
    assert "prune_scheduled_runs" in jobs


@pytest.mark.django_db
def test_run_scheduler_once_with_a_pretended_time():
    out = StringIO()
    call_command("run_scheduler", "--once", "--now", "2026-11-21T04:00", stdout=out)
    assert "prune_task_results@2026-11-21" in out.getvalue()
    assert ScheduledRun.objects.filter(job="prune_task_results", slot="2026-11-21").exists()
    out = StringIO()
    call_command("run_scheduler", "--once", "--now", "2026-11-21T04:05", stdout=out)
    assert "prune_task_results" not in out.getvalue()


def test_run_scheduler_refuses_a_bad_time():
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("run_scheduler", "--once", "--now", "hôm qua")


@pytest.mark.django_db
def test_prune_task_results_deletes_only_old_finished_results():
    from django_tasks_db.models import DBTaskResult

    from congvu.core.jobs import prune_task_results

    now = timezone.now()

    def result(status: str, finished_days_ago: int | None) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="congvu.core.jobs.prune_task_results",
            backend_name="default",
            run_after=now,
            finished_at=None if finished_days_ago is None else now - dt.timedelta(days=finished_days_ago),
        )

    old_ok = result("SUCCESSFUL", 15)
    old_failed = result("FAILED", 30)
    recent = result("SUCCESSFUL", 13)
    waiting = result("READY", None)
    assert prune_task_results.call() == 2
    left = set(DBTaskResult.objects.values_list("id", flat=True))
    assert left == {recent.id, waiting.id}
    assert old_ok.id not in left and old_failed.id not in left


@pytest.mark.django_db
def test_prune_scheduled_runs_forgets_old_slots():
    from congvu.core.jobs import prune_scheduled_runs

    ScheduledRun.objects.create(job="a", slot="2026-01-01")
    ScheduledRun.objects.filter(job="a").update(enqueued_at=timezone.now() - dt.timedelta(days=20))
    ScheduledRun.objects.create(job="a", slot="2026-11-21")
    assert prune_scheduled_runs.call() == 1
    assert list(ScheduledRun.objects.values_list("slot", flat=True)) == ["2026-11-21"]


def test_a_fresh_scheduler_finds_the_jobs_of_feature_packages_too():
    """``run_scheduler`` starts with nothing imported: the jobs of ``org/delegations/jobs.py`` must
    be found by the scheduler itself, not because a screen happened to import them."""
    import subprocess
    import sys

    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'congvu.settings'); django.setup();"
        "from congvu.core import scheduler; print(sorted(scheduler.autodiscover()))"
    )
    out = subprocess.run(  # noqa: S603 - the test's own interpreter and a fixed program
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert "org.delegations_expiring" in out
    assert "assignments.due_reminders" in out and "accounts.suspend_inactive" in out
