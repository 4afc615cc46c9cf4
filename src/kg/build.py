"""Article files → one validated knowledge graph, written to an output folder.

The pipeline, per article and in parallel worker processes (`kg.run.worker`): read (text or
saved web page) → extract → triples (to_triples) → SHACL-validate them → N-Quads. The
main process streams the results, in input order, into `kg.run.merge` (a spool file, so memory
stays flat), then writes ``graph.ttl``, ``graph.trig``, ``validation.txt`` and the
embedded store ``store/``. An article already built into the same folder with the same
text, code and data comes from ``OUT/.cache`` without being re-extracted.

A file that cannot be built (undecodable, empty, an extraction failure, an article that
takes longer than the time limit, ``article_timeout``) is skipped and listed in
`BuildResult.skipped`; the build fails only when no article at all could be
built (with that file's own error when it was the only one).

With ``dask`` (an address), the per-article work runs on a dask.distributed cluster instead
(`kg.run.cluster`); this process still reads the files, keeps the cache and merges.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import as_file
from pathlib import Path

from kg.errors import InputError, KgError, OutputError
from kg.resources import sample_article
from kg.run.cache import Cache, fingerprint
from kg.run.cluster import outcomes_on
from kg.run.merge import Merge
from kg.run.pool import outcomes
from kg.run.worker import Built, Failed, Job, init, process
from kg.settings import Settings
from kg.validate.report import ValidationReport, make_report

log = logging.getLogger(__name__)
_DEFAULTS = Settings()  # frozen, so one shared default is safe
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
ARTICLE_TIMEOUT = 60.0  # seconds one article may take, by default
CACHE = ".cache"
Progress = Callable[[int, int], None]  # (files done, files in all)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file the build could not use, and why (the one-line error message)."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What `build` did: counts, timing, the SHACL verdict and the files it wrote.

    ``articles`` counts the articles in the graph: ``extracted`` of them were extracted in
    this run and ``cached`` came unchanged from ``OUT/.cache``. ``skipped`` lists the files
    that could not be built.
    """

    articles: int
    triples: int
    seconds: float
    report: ValidationReport
    outputs: tuple[Path, ...]
    graph_file: Path  # the merged Turtle graph, ``OUT/graph.ttl``
    extracted: int = 0
    cached: int = 0
    skipped: tuple[Skipped, ...] = ()
    store: Path | None = None  # the embedded Oxigraph store, ``OUT/store``


def build(
    inputs: Sequence[Path],
    out_dir: Path,
    settings: Settings = _DEFAULTS,
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    article_timeout: float | None = ARTICLE_TIMEOUT,
    dask: str | None = None,
) -> BuildResult:
    """Build the knowledge graph of ``inputs`` (article files, or folders of them) into ``out_dir``.

    No inputs means the bundled reference article. Articles with the same text are built
    once. The outputs are written even when the graph does not conform (the report says why).

    Args:
        jobs: worker processes (default: one per CPU).
        force: re-extract every article, ignoring (and replacing) ``OUT/.cache``.
        progress: called with (files done, files in all) as the build advances.
        article_timeout: seconds one article may take; a slower one is skipped (its worker
            process killed and replaced). None or 0: no limit, and one job (or one file)
            builds in this process.
        dask: the address of a running dask.distributed scheduler (``tcp://HOST:8786``):
            its workers extract, map and validate the articles this process reads, and
            this process merges them (``jobs`` is then unused). Needs ``kg[dask]``.

    Raises:
        InputError: an input path does not exist, a folder holds no article, or no file
            could be built (a lone bad file raises its own error).
            With ``dask``: also when dask.distributed is missing or a worker runs another kg.
        OutputError: ``out_dir`` cannot be written.
        StoreError: with ``dask``, no scheduler answers, or it has no worker.
    """
    started = time.perf_counter()
    _check_writable(out_dir)
    with as_file(sample_article()) as sample:
        paths = _expand(inputs) if inputs else [sample]
        cache = Cache(out_dir / CACHE)
        if force:
            cache.clear()
        job = Job(settings, fingerprint(settings), cache.folder, force)
        merge = Merge(out_dir)
        seen: dict[str, str] = {}
        skipped: list[Skipped] = []
        failures: list[KgError] = []
        counts = {"extracted": 0, "cached": 0}
        keys: set[str] = set()
        try:
            for done, outcome in enumerate(_run(paths, job, jobs, article_timeout, dask), 1):
                if isinstance(outcome, Failed):
                    skipped.append(Skipped(outcome.source, str(outcome.error)))
                    failures.append(outcome.error)
                elif outcome.sha256 in seen:
                    log.info("%s: same text as %s; built once", outcome.source, seen[outcome.sha256])
                else:
                    seen[outcome.sha256] = outcome.source
                    keys.add(outcome.key)
                    counts["cached" if outcome.cached else "extracted"] += 1
                    entry = outcome.entry
                    merge.add(entry.iri, entry.nquads, entry.triples, entry.results)
                if progress is not None:
                    progress(done, len(paths))
            if not seen:
                raise failures[0] if len(failures) == 1 else _nothing_built(skipped)
            report = make_report(merge.results.elements())
            outputs = merge.write(report)
        finally:
            merge.discard()
    cache.prune(keys)
    files = tuple(p for p in outputs if p.is_file())
    return BuildResult(
        articles=len(seen),
        triples=merge.triples,
        seconds=time.perf_counter() - started,
        report=report,
        outputs=files,
        graph_file=out_dir / "graph.ttl",
        extracted=counts["extracted"],
        cached=counts["cached"],
        skipped=tuple(skipped),
        store=next((p for p in outputs if p.is_dir()), None),
    )


def _run(
    paths: list[Path], job: Job, jobs: int | None, timeout: float | None, dask: str | None
) -> Iterator[Built | Failed]:
    """Each file's outcome, in input order: on a dask cluster, in worker processes, or here."""
    if dask is not None:
        yield from outcomes_on(dask, [str(p) for p in paths], job, timeout or None)
        return
    workers = min(jobs or _cpus(), len(paths))
    if workers <= 1 and not timeout:
        init(job)
        yield from (process(str(p)) for p in paths)
        return
    yield from outcomes([str(p) for p in paths], job, workers, timeout or None)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _expand(inputs: Sequence[Path]) -> list[Path]:
    """Article files: each input file, and the articles of each input folder (sorted)."""
    paths: list[Path] = []
    for path in inputs:
        if not path.is_dir():
            if not path.exists():
                raise InputError(f"{path}: no such file; check the path")
            paths.append(path)
            continue
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
        if not found:
            raise InputError(
                f"{path}: no .txt or .html articles in this folder; pass article files or folders"
            )
        paths += found
    return list(dict.fromkeys(paths))  # a file given twice is read once


def _nothing_built(skipped: list[Skipped]) -> InputError:
    first = skipped[0].reason if skipped else "no input"
    return InputError(f"no article could be built: {len(skipped)} files skipped (first: {first})")


def _check_writable(out_dir: Path) -> None:
    """Fail early, before any work, when ``out_dir`` cannot become a writable folder."""
    existing = out_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing == out_dir and not existing.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder; choose another --out")
    if not existing.is_dir():
        raise OutputError(f"{existing}: is a file, so {out_dir} cannot be created; choose another --out")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{existing}: folder not writable; choose another --out or fix its permissions")
