"""Articles built as tasks on a running dask.distributed cluster: ``kg build --dask ADDRESS``.

`outcomes_on` yields each file's outcome in input order, as `kg.run.pool.outcomes` does. This
process reads each article and takes its cache entry (`kg.run.worker.start`); only the articles
left to build travel, as `Article` values, so the workers need not see the files, and the
entries that come back go into this process's cache (`finish`). Before any work, every worker
must run the same kg as this process: its version and the `fingerprint` of its code and data.
At most one task per worker thread is in flight, and at most `WINDOW` outcomes wait for an
earlier one, so memory stays bounded. An article not done ``timeout`` seconds after it was sent
is skipped, its task cancelled and its worker restarted by its nanny, as the pool kills a
stalled worker process (dask cannot stop a running thread; without a nanny, the thread runs on
until the article ends). kg's log records on a worker come back with the article's outcome.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError, KgError, StoreError
from kg.model import Article
from kg.run.cache import Entry, fingerprint
from kg.run.pool import SLOW_HOOK, WINDOW, Records, too_slow
from kg.run.worker import Built, Failed, Job, Todo, finish, guarded, make_entry, start
from kg.settings import Settings, __version__
from kg.validate.shapes import check

CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler, and to wait for its first worker
Identity = tuple[str, str]  # kg's version, the fingerprint of its code, data and settings
Lines = list[tuple[str, int, str]]  # log records: (logger name, level, message)
_NEVER = float("inf")
STALL = 20.0  # tests only: seconds a worker sleeps on a file whose name contains `SLOW_HOOK`


def outcomes_on(
    address: str, paths: Sequence[str], job: Job, timeout: float | None
) -> Iterator[Built | Failed]:
    """Each file's outcome, in input order, built by the workers of the scheduler at ``address``.

    Raises:
        InputError: dask.distributed is not installed, the address is not one, or a worker
            runs another kg.
        StoreError: no scheduler answers at ``address``, or it has no worker.
    """
    client = _connect(address)
    try:
        ours = (__version__, job.fingerprint)
        slots = _check_workers(client, address, job.settings, ours)
        yield from _outcomes(client, paths, job, timeout, slots, ours)
    finally:
        client.close()


def _connect(address: str) -> Any:
    try:
        from distributed import Client
        from distributed.comm.addressing import get_address_host_port
    except ImportError:
        raise InputError("kg build --dask needs dask.distributed: pip install 'kg[dask]'") from None
    try:
        get_address_host_port(address)  # before Client, which would not close after a bad address
    except ValueError as e:
        raise InputError(f"{address!r}: not a dask scheduler address ({e}); give tcp://HOST:PORT") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError):
        raise StoreError(
            f"{address}: no dask scheduler answered within {CONNECT_TIMEOUT:g} s; "
            "start one with `dask scheduler`, or check the address",
            endpoint=address,
        ) from None


def _check_workers(client: Any, address: str, settings: Settings, ours: Identity) -> int:
    """The number of worker threads, once every worker is known to run the same kg as this process."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except TimeoutError:
        raise StoreError(
            f"{address}: the dask scheduler has no worker; start them with `dask worker {address}`",
            endpoint=address,
        ) from None
    for worker, theirs in sorted(client.run(identity, settings, on_error="return").items()):
        if isinstance(theirs, BaseException):
            raise InputError(
                f"dask worker {worker} cannot run kg ({type(theirs).__name__}: {theirs}); "
                f"install kg {ours[0]} on every worker"
            )
        if tuple(theirs) != ours:
            raise InputError(_mismatch(worker, tuple(theirs), ours))
    return max(1, int(sum(client.nthreads().values())))


def _mismatch(worker: str, theirs: tuple[str, ...], ours: Identity) -> str:
    fix = f"install kg {ours[0]} on every worker"
    if theirs[0] != ours[0]:
        return f"dask worker {worker} runs kg {theirs[0]}, this is kg {ours[0]}: " + fix
    return (
        f"dask worker {worker} runs kg {theirs[0]} with other code or data than this kg {ours[0]} "
        f"(fingerprint {theirs[1][:12]}, here {ours[1][:12]}): install this same kg on every worker"
    )


@functools.cache
def identity(settings: Settings) -> Identity:
    """On a worker: the kg it runs (once per process, which also compiles the shapes)."""
    if settings.validate:
        check(b"")
    return __version__, fingerprint(settings)


def _outcomes(
    client: Any, paths: Sequence[str], job: Job, timeout: float | None, slots: int, ours: Identity
) -> Iterator[Built | Failed]:
    done: dict[int, Built | Failed] = {}
    running: dict[Any, tuple[int, Todo, float]] = {}  # future → (file index, article, deadline)
    ended: queue.SimpleQueue[Any] = queue.SimpleQueue()  # futures as they end (or are cancelled)
    level = logging.getLogger("kg").getEffectiveLevel()
    following = sent = 0  # the next outcome to yield; the next file to read
    while following < len(paths):
        while sent < len(paths) and sent < following + WINDOW and len(running) < slots:
            found = start(paths[sent], job)
            if isinstance(found, Todo):
                future = client.submit(task, found.article, job.settings, ours, level, pure=False)
                future.add_done_callback(ended.put)
                running[future] = (sent, found, time.monotonic() + timeout if timeout else _NEVER)
            else:
                done[sent] = found
            sent += 1
        while following in done:
            yield done.pop(following)
            following += 1
        if running:
            soonest = min(deadline for _, _, deadline in running.values())
            with contextlib.suppress(queue.Empty):
                ended.get(timeout=None if soonest == _NEVER else max(0.0, soonest - time.monotonic()))
            done.update(_collect(client, running, job, timeout))


def _collect(
    client: Any, running: dict[Any, tuple[int, Todo, float]], job: Job, timeout: float | None
) -> dict[int, Built | Failed]:
    """The outcomes of the tasks that ended, or passed their deadline (those are cancelled)."""
    outcomes: dict[int, Built | Failed] = {}
    for future, (index, todo, deadline) in list(running.items()):
        source = todo.article.source
        if future.done():
            outcomes[index] = _received(future, todo, job)
        elif time.monotonic() >= deadline:
            _stop(client, future)
            outcomes[index] = Failed(source, too_slow(source, timeout))
        else:
            continue
        del running[future]
    return outcomes


def _stop(client: Any, future: Any) -> None:
    """Cancel a task past its deadline and restart the worker running it, as the pool kills a
    stalled process: its nanny starts a fresh one (a worker without a nanny runs on)."""
    running_it = [worker for worker, keys in client.processing().items() if future.key in keys]
    future.cancel()
    if running_it:
        client.restart_workers(running_it, timeout=CONNECT_TIMEOUT, raise_for_error=False)


def _received(future: Any, todo: Todo, job: Job) -> Built | Failed:
    source = todo.article.source
    try:
        made, records = future.result()
    except KgError:  # a worker that joined after the check runs another kg
        raise
    except Exception as e:
        if type(e).__name__ == "KilledWorker":  # the workers building it died, as many times as allowed
            return Failed(source, KgError(f"{source}: the dask workers building it died ({e}); report it"))
        raise StoreError(
            f"the dask cluster failed while building {source} ({type(e).__name__}: {e}); "
            "check the scheduler and rerun: the articles built so far are cached"
        ) from e
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)
    return made if isinstance(made, Failed) else finish(todo, made, job)


def task(article: Article, settings: Settings, ours: Identity, level: int) -> tuple[Entry | Failed, Lines]:
    """On a worker: one article's entry, with kg's log records of this thread."""
    if identity(settings) != ours:
        from distributed import get_worker

        raise InputError(_mismatch(get_worker().address, identity(settings), ours))
    stall = os.environ.get(SLOW_HOOK)
    if stall and stall in Path(article.source).name:
        time.sleep(STALL)
    records, thread = Records(), threading.get_ident()
    records.addFilter(lambda record: record.thread == thread)  # a worker may run tasks in threads
    logger = logging.getLogger("kg")
    logger.setLevel(level)
    logger.addHandler(records)
    try:
        return guarded(article.source, make_entry, article, settings), records.taken()
    finally:
        logger.removeHandler(records)
