"""Killable worker processes: replies, timeouts that really stop the work, refresh after a change."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from kg.workers import Busy, ThreadRunner, TimedOut, WorkerFailed, WorkerPool, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork")

STATE = {"version": 1}


def answer(request: str) -> tuple[str, int, int]:
    """The request, the version of STATE this process sees, and its pid; ``spin`` never ends."""
    if request == "spin":
        while True:
            pass
    if request == "crash":
        os._exit(3)
    return request, STATE["version"], os.getpid()


@pytest.fixture()
def workers() -> Iterator[WorkerPool[str, tuple[str, int, int]]]:
    pool: WorkerPool[str, tuple[str, int, int]] = WorkerPool(answer, 2)
    yield pool
    pool.close()


def gone(pid: int) -> bool:
    """Whether process ``pid`` no longer exists (killed and reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_replies_come_from_another_process_which_is_reused(workers: WorkerPool[str, tuple[str, int, int]]) -> None:
    text, version, pid = workers.run("hello", 10)
    assert (text, version) == ("hello", 1) and pid != os.getpid()
    assert workers.run("again", 10)[2] == pid
    assert workers.pids == [pid]


def test_a_timeout_kills_the_worker(workers: WorkerPool[str, tuple[str, int, int]]) -> None:
    started = time.monotonic()
    with pytest.raises(TimedOut, match="no reply within 0.3 s"):
        workers.run("spin", 0.3)
    assert time.monotonic() - started < 5
    assert workers.pids == []
    assert workers.run("next", 10)[0] == "next"


def test_busy_when_every_worker_is_taken() -> None:
    import threading

    pool: WorkerPool[str, tuple[str, int, int]] = WorkerPool(answer, 1)
    try:
        spinning = threading.Thread(target=lambda: pytest.raises(TimedOut, pool.run, "spin", 1.0), daemon=True)
        spinning.start()
        deadline = time.monotonic() + 5
        while not pool.pids and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(Busy):
            pool.run("hello", 10)
        spinning.join(10)
        assert pool.run("hello", 10)[0] == "hello"
    finally:
        pool.close()


def test_a_dead_worker_is_a_failure_and_is_replaced(workers: WorkerPool[str, tuple[str, int, int]]) -> None:
    with pytest.raises(WorkerFailed):
        workers.run("crash", 10)
    assert workers.run("hello", 10)[0] == "hello"


def test_refresh_makes_later_requests_see_the_change(workers: WorkerPool[str, tuple[str, int, int]]) -> None:
    old_pid = workers.run("a", 10)[2]
    try:
        with workers.exclusive():
            STATE["version"] = 2
            assert workers.run("b", 10)[1] == 1, "a worker sees the state it was forked with"
            workers.refresh()
        _, version, pid = workers.run("c", 10)
        assert version == 2 and pid != old_pid
        assert gone(old_pid)
    finally:
        STATE["version"] = 1


def test_close_kills_every_worker(workers: WorkerPool[str, tuple[str, int, int]]) -> None:
    pid = workers.run("a", 10)[2]
    workers.close()
    assert gone(pid)
    with pytest.raises(WorkerFailed, match="closed"):
        workers.run("b", 10)


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="size 0 is not allowed"):
        WorkerPool(answer, 0)


def test_thread_runner_abandons_and_counts_the_abandoned() -> None:
    release = {"go": False}

    def wait(request: str) -> str:
        while not release["go"]:
            time.sleep(0.01)
        return request

    runner = ThreadRunner(wait, 1)
    with pytest.raises(TimedOut):
        runner.run("slow", 0.1)
    with pytest.raises(Busy):
        runner.run("next", 0.1)
    release["go"] = True
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            assert runner.run("next", 5) == "next"
            break
        except Busy:
            time.sleep(0.01)
    else:
        raise AssertionError("the abandoned request never freed its slot")
