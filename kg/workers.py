"""Worker processes that can be stopped for real: a request that runs too long is killed, not abandoned.

A :class:`WorkerPool` forks up to ``size`` processes from the current one, so each starts with a
copy of everything already loaded (an in-memory pyoxigraph store, say) at no cost but copy-on-write
pages. A worker answers one request at a time with the pool's ``handle`` function and sends the
reply back through a pipe; requests and replies must pickle. If the reply has not come after the
timeout, the worker gets SIGKILL: its CPU and memory are released at once, and the next request
that needs a worker forks a fresh one. Native code that cannot be interrupted (pyoxigraph's query
evaluation) is stopped that way too.

Workers see the parent's state as it was when they were forked. After changing that state (a
SPARQL update to the store), call :meth:`WorkerPool.refresh` inside :meth:`WorkerPool.exclusive`:
no worker is forked while the change is under way, and workers forked before it are retired.

Forking needs a POSIX system. Where there is none (Windows), :func:`pool` gives a
:class:`ThreadRunner` instead, which can only abandon a request that runs too long: its thread
runs on, and counts as busy, until the request ends.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, Protocol, TypeVar

__all__ = ["Busy", "Runner", "ThreadRunner", "TimedOut", "WorkerFailed", "WorkerPool", "can_fork", "pool"]

RequestT = TypeVar("RequestT")
ReplyT = TypeVar("ReplyT")
_RequestIn = TypeVar("_RequestIn", contravariant=True)
_ReplyOut = TypeVar("_ReplyOut", covariant=True)


class Busy(Exception):
    """Every worker is answering a request already."""


class TimedOut(Exception):
    """The request ran past its timeout; its worker was killed."""


class WorkerFailed(Exception):
    """The worker died before it replied (it crashed, or the system killed it)."""


def can_fork() -> bool:
    """Whether this system can fork worker processes."""
    return "fork" in multiprocessing.get_all_start_methods()


class Runner(Protocol[_RequestIn, _ReplyOut]):
    """Runs requests under a timeout: a :class:`WorkerPool`, or a :class:`ThreadRunner` without fork."""

    @property
    def stops(self) -> bool:
        """Whether a request past its timeout is stopped (True) or only abandoned (False)."""

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers (none for threads)."""

    def run(self, request: _RequestIn, timeout: float) -> _ReplyOut:
        """``handle(request)``, or Busy, TimedOut or WorkerFailed."""

    def exclusive(self) -> AbstractContextManager[None]:
        """A context in which the state the requests read may change."""

    def refresh(self) -> None:
        """Make later requests see the state as it is now."""

    def close(self) -> None:
        """Stop answering."""


def pool(
    handle: Callable[[RequestT], ReplyT], size: int, *, in_child: Callable[[], None] | None = None
) -> Runner[RequestT, ReplyT]:
    """A :class:`WorkerPool` where the system can fork, else a :class:`ThreadRunner`."""
    if can_fork():
        return WorkerPool(handle, size, in_child=in_child)
    return ThreadRunner(handle, size)


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    connection: Connection
    generation: int

    @property
    def pid(self) -> int:
        assert self.process.pid is not None
        return self.process.pid


@dataclass(eq=False)
class _State:
    idle: list[_Worker] = field(default_factory=list)
    alive: set[_Worker] = field(default_factory=set)
    reserved: int = 0  # forks under way
    generation: int = 0
    closed: bool = False


class WorkerPool(Generic[RequestT, ReplyT]):
    """Up to ``size`` forked processes answering requests with ``handle``, one at a time each.

    A new worker closes the sockets it inherited (on Linux), then runs ``in_child``, before its
    first request. Workers ignore SIGINT, so Ctrl-C stops only the parent, and they exit when
    the parent's end of their pipe closes.
    """

    def __init__(
        self,
        handle: Callable[[RequestT], ReplyT],
        size: int,
        *,
        in_child: Callable[[], None] | None = None,
    ) -> None:
        if size < 1:
            raise ValueError(f"size {size} is not allowed; expected 1 or more")
        self._handle = handle
        self._size = size
        self._in_child = in_child
        self._state = _State()
        self._lock = threading.Lock()  # guards _state
        self._forking = threading.RLock()  # held while forking and while the parent's state changes
        self._context = multiprocessing.get_context("fork")

    @property
    def stops(self) -> bool:
        """True: a request past its timeout is stopped, its worker killed."""
        return True

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        with self._lock:
            return sorted(worker.pid for worker in self._state.alive)

    def run(self, request: RequestT, timeout: float) -> ReplyT:
        """``handle(request)`` as a worker computes it.

        Raises:
            Busy: ``size`` requests are running already.
            TimedOut: no reply within ``timeout`` seconds; the worker was killed.
            WorkerFailed: the worker died without replying.
        """
        worker = self._take()
        try:
            worker.connection.send(request)
            replied = worker.connection.poll(timeout)
            if replied:
                reply: ReplyT = worker.connection.recv()
        except (EOFError, OSError) as error:
            self._kill(worker)
            raise WorkerFailed(f"worker {worker.pid} died before it replied") from error
        except BaseException:
            self._kill(worker)
            raise
        if not replied:
            self._kill(worker)
            raise TimedOut(f"no reply within {timeout:g} s")
        self._give_back(worker)
        return reply

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """While inside, no worker is forked: change the state workers copy here."""
        with self._forking:
            yield

    def refresh(self) -> None:
        """Retire every worker forked so far (idle ones now, busy ones when they reply)."""
        with self._lock:
            self._state.generation += 1
            stale, self._state.idle = self._state.idle, []
        for worker in stale:
            self._kill(worker)

    def close(self) -> None:
        """Kill every worker, busy or not; the pool answers nothing afterwards."""
        with self._lock:
            self._state.closed = True
            workers = list(self._state.alive)
            self._state.idle = []
        for worker in workers:
            self._kill(worker)

    def _take(self) -> _Worker:
        with self._lock:
            state = self._state
            if state.closed:
                raise WorkerFailed("the worker pool is closed")
            if state.idle:
                return state.idle.pop()
            if len(state.alive) + state.reserved >= self._size:
                raise Busy(f"{self._size} requests are running")
            state.reserved += 1
            generation = state.generation
        try:
            worker = self._fork(generation)
        finally:
            with self._lock:
                state.reserved -= 1
        with self._lock:
            state.alive.add(worker)
        return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            keep = not self._state.closed and worker.generation == self._state.generation
            if keep:
                self._state.idle.append(worker)
        if not keep:
            self._kill(worker)

    def _fork(self, generation: int) -> _Worker:
        with self._forking:
            with self._lock:
                inherited = [worker.connection for worker in self._state.alive]
            ours, theirs = self._context.Pipe()
            process = self._context.Process(
                target=_serve_requests,
                args=(theirs, self._handle, [ours, *inherited], self._in_child),
                name="kg-worker",
                daemon=True,
            )
            process.start()
        theirs.close()
        return _Worker(process, ours, generation)

    def _kill(self, worker: _Worker) -> None:
        """Kill a worker and close its pipe, once: ``close`` and the thread waiting on the worker may
        both get here, and a second ``close`` of the pipe could close a descriptor opened since."""
        with self._lock:
            if worker not in self._state.alive:
                return
            self._state.alive.discard(worker)
            if worker in self._state.idle:
                self._state.idle.remove(worker)
        if worker.process.is_alive():
            with suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
        worker.process.join(5)
        worker.connection.close()


def _serve_requests(
    connection: Connection,
    handle: Callable[[RequestT], ReplyT],
    parents_ends: list[Connection],
    in_child: Callable[[], None] | None,
) -> None:
    """A worker's life: answer requests until the parent's end of the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for end in parents_ends:  # so that each pipe closes when the parent's end does
        end.close()
    _close_other_sockets(connection.fileno())
    if in_child is not None:
        in_child()
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(handle(request))


class ThreadRunner(Generic[RequestT, ReplyT]):
    """Requests in threads of this process, at most ``size`` at once: a request past its timeout is
    abandoned (its thread runs on, and counts among the ``size``, until it ends)."""

    def __init__(self, handle: Callable[[RequestT], ReplyT], size: int) -> None:
        if size < 1:
            raise ValueError(f"size {size} is not allowed; expected 1 or more")
        self._handle = handle
        self._slots = threading.BoundedSemaphore(size)
        self._size = size
        self._lock = threading.RLock()

    @property
    def stops(self) -> bool:
        """False: a request past its timeout is only abandoned."""
        return False

    @property
    def pids(self) -> list[int]:
        """None: requests run in this process."""
        return []

    def run(self, request: RequestT, timeout: float) -> ReplyT:
        """``handle(request)`` from a thread.

        Raises:
            Busy: ``size`` requests are running, abandoned ones included.
            TimedOut: no reply within ``timeout`` seconds (the thread runs on).
            WorkerFailed: ``handle`` raised.
        """
        if not self._slots.acquire(blocking=False):
            raise Busy(f"{self._size} requests are running")
        done = threading.Event()
        replies: list[ReplyT] = []

        def work() -> None:
            try:
                replies.append(self._handle(request))
            finally:
                self._slots.release()
                done.set()

        threading.Thread(target=work, name="kg-worker", daemon=True).start()
        if not done.wait(timeout):
            raise TimedOut(f"no reply within {timeout:g} s")
        if not replies:
            raise WorkerFailed("the request's thread failed")
        return replies[0]

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Changes wait for each other (requests read a consistent store meanwhile)."""
        with self._lock:
            yield

    def refresh(self) -> None:
        """Nothing to do: threads read the live state."""

    def close(self) -> None:
        """Nothing to do: abandoned threads are daemons."""


def _close_other_sockets(keep: int) -> None:
    """Close the sockets this process inherited (the parent's listening socket, its clients'
    connections), so that a connection closes when the parent closes it. Linux only; elsewhere
    they stay open until the worker exits."""
    folder = "/proc/self/fd"
    if not os.path.isdir(folder):
        return
    for name in os.listdir(folder):
        fd = int(name)
        if fd == keep:
            continue
        with suppress(OSError):
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
