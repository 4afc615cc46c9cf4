"""Worker processes that build articles, each article under a time limit.

`outcomes` hands the files to worker processes one at a time and yields their outcomes in
input order. An article still running after ``timeout`` seconds becomes a `Failed` outcome
and its worker is killed (SIGKILL: it stops a stall inside C code, such as a regular
expression backtracking, which a signal handler never reaches) and replaced; a worker that
dies on an article (a crash, the kernel's OOM killer) costs that article only. At most
`WINDOW` outcomes wait for an earlier, slower one, so memory stays bounded. The main
process stops every worker on the way out, Ctrl-C included (workers ignore SIGINT).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from kg.errors import InputError, KgError
from kg.run.worker import Built, Failed, Job, init, process

WINDOW = 256  # outcomes held back at most, waiting for an earlier one
SLOW_HOOK = "KG_TEST_STALL_ON"  # tests only: a worker stalls on a file whose name contains this


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: int = -1  # the index of the file it builds, -1 when idle
    deadline: float = field(default=float("inf"))


def outcomes(paths: Sequence[str], job: Job, workers: int, timeout: float | None) -> Iterator[Built | Failed]:
    """Each file's outcome, in input order, built by ``workers`` processes.

    ``timeout``: seconds an article may take (None: no limit).
    """
    todo = deque(range(len(paths)))
    done: dict[int, Built | Failed] = {}
    pool: list[_Worker] = []
    following = 0  # the index of the next outcome to yield
    try:
        pool = [_start(job) for _ in range(min(workers, len(paths)))]
        for worker in pool:  # they start together; the clock runs once they are ready
            _ready(worker)
        while following < len(paths):
            for worker in pool:
                if worker.task < 0 and todo and todo[0] < following + WINDOW:
                    _give(worker, todo.popleft(), paths, timeout)
            busy = [w for w in pool if w.task >= 0]
            soonest = min(w.deadline for w in busy)
            wait_for = None if soonest == float("inf") else max(0.0, soonest - time.monotonic())
            ready = wait([w.conn for w in busy], wait_for)
            for i, worker in enumerate(pool):
                if worker.task < 0:
                    continue
                path = paths[worker.task]
                if worker.conn in ready:
                    outcome, usable = _receive(worker, path)
                elif time.monotonic() >= worker.deadline:
                    outcome, usable = Failed(path, too_slow(path, timeout)), False
                else:
                    continue
                done[worker.task] = outcome
                worker.task, worker.deadline = -1, float("inf")
                if not usable:  # killed for time, or dead: a fresh one takes its place
                    _stop(worker)
                    pool[i] = _ready(_start(job))
            while following in done:
                yield done.pop(following)
                following += 1
    finally:
        for worker in pool:
            _stop(worker)


def _start(job: Job) -> _Worker:
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.get_context().Process(target=_serve, args=(theirs, job), daemon=True)
    child.start()
    theirs.close()
    return _Worker(child, ours)


def _ready(worker: _Worker) -> _Worker:
    """``worker`` once it has set itself up (shapes compiled).

    Raises:
        KgError: it died instead.
    """
    try:
        worker.conn.recv()
    except (EOFError, OSError) as e:
        worker.process.join(5)
        code = worker.process.exitcode
        raise KgError(f"a worker process could not start (exit code {code}); rerun with --debug") from e
    return worker


def _give(worker: _Worker, task: int, paths: Sequence[str], timeout: float | None) -> None:
    worker.conn.send(paths[task])
    worker.task = task
    worker.deadline = time.monotonic() + timeout if timeout else float("inf")


def _receive(worker: _Worker, path: str) -> tuple[Built | Failed, bool]:
    """The outcome the worker sent, and whether the worker can go on."""
    try:
        outcome: Built | Failed
        outcome, records = worker.conn.recv()
    except (EOFError, OSError):
        worker.process.join(5)
        code = worker.process.exitcode
        error = KgError(f"{path}: the worker process building it died (exit code {code}); report it")
        return Failed(path, error), False
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)
    return outcome, True


def too_slow(path: str, timeout: float | None) -> InputError:
    return InputError(
        f"{path}: took longer than {timeout:g} s to build; raise the limit with --article-timeout SECONDS"
    )


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.conn.close()


def _serve(conn: Connection, job: Job) -> None:
    """A worker's life: build each file it is sent, send the outcome back, until the pipe closes.

    kg's log records go back with the outcome, for the main process to emit.
    """
    records = Records()
    logger = logging.getLogger("kg")
    logger.handlers[:] = [records]
    logger.propagate = False
    init(job, pool=True)
    conn.send(None)  # ready
    stall = os.environ.get(SLOW_HOOK)
    while True:
        try:
            path: str = conn.recv()
        except (EOFError, OSError):
            return
        if stall and stall in Path(path).name:
            _backtrack()
        outcome = process(path)
        conn.send((outcome, records.taken()))


class Records(logging.Handler):
    """Keeps a worker's log records as (logger name, level, message) until they are sent."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append((record.name, record.levelno, record.getMessage()))

    def taken(self) -> list[tuple[str, int, str]]:
        kept, self.kept = self.kept, []
        return kept


def _backtrack() -> None:
    """Stall inside the regular-expression engine (C code that never checks for signals)."""
    re.fullmatch(r"(x+x+)+y", "x" * 64)
