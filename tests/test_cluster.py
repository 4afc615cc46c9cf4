"""kg build --dask ADDRESS: a LocalCluster of 2 worker processes builds what a local build builds.

The articles are the bundled reference article and a few of the dev corpus, read in place
(../shared, beside the clone in CI); the bad files are made here.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from kg.build import build
from kg.cli import cli
from kg.model import Article
from kg.read.article import read_article
from kg.run import cluster as dask_run
from kg.run.cache import Entry
from kg.run.pool import SLOW_HOOK
from kg.settings import Settings, __version__

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "src" / "kg" / "data" / "000_3260d56a15f8bcf8.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
OUTPUTS = ("graph.ttl", "graph.trig", "validation.txt")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of 2 worker processes, one thread each.

    Its workers stall for a few seconds on a file whose name contains "stall" (`SLOW_HOOK`).
    """
    os.environ[SLOW_HOOK] = "stall"  # the worker processes inherit it when they start
    try:
        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as local:
            yield local.scheduler_address
    finally:
        del os.environ[SLOW_HOOK]


@pytest.fixture
def articles(tmp_path: Path) -> list[Path]:
    """The reference article, three dev articles and a binary file between them."""
    assert CORPUS.is_dir(), f"expected the dev corpus in {CORPUS} (CI puts ../shared beside the clone)"
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    return [REFERENCE, CORPUS / "001.txt", binary, CORPUS / "005.txt", CORPUS / "006.txt"]


def files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def kg_build(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_dask_build_writes_the_bytes_of_a_local_build(
    scheduler: str, articles: list[Path], tmp_path: Path
) -> None:
    inputs = [str(p) for p in articles]
    local = kg_build(*inputs, "--out", str(tmp_path / "local"), "--jobs", "1", "--article-timeout", "0")
    on_dask = kg_build(*inputs, "--out", str(tmp_path / "dask"), "--dask", scheduler)
    assert local[0] == on_dask[0] == 0, on_dask
    assert on_dask[1] == local[1].replace(str(tmp_path / "local"), str(tmp_path / "dask"))
    assert on_dask[1].startswith("Built 4 articles: ")
    assert (
        on_dask[2]
        == local[2]
        == (
            "Skipped 1 file that could not be built:\n"
            f"  {articles[2]}: not a text file (NUL byte at offset 8); pass a UTF-8 .txt article\n"
        )
    )
    assert files(tmp_path / "dask") == files(tmp_path / "local")


def test_a_second_dask_build_takes_every_article_from_the_cache(
    scheduler: str, articles: list[Path], tmp_path: Path
) -> None:
    first = build(articles, tmp_path / "out", dask=scheduler)
    written = files(tmp_path / "out")
    second = build(articles, tmp_path / "out", dask=scheduler)
    assert (first.extracted, first.cached, len(first.skipped)) == (4, 0, 1)
    assert (second.extracted, second.cached, len(second.skipped)) == (0, 4, 1)
    assert files(tmp_path / "out") == written
    here = build(articles, tmp_path / "out", jobs=1, article_timeout=0)  # the entries the workers made
    assert (here.extracted, here.cached) == (0, 4)


def test_an_article_over_the_time_limit_is_skipped_and_its_worker_restarted(
    scheduler: str, articles: list[Path], tmp_path: Path
) -> None:
    """The stalled worker is restarted: else its thread, still asleep, would hold up the articles after."""
    build(articles, tmp_path / "expected", jobs=1, article_timeout=0)
    slow = tmp_path / "a-stall.txt"  # the workers sleep on it, far longer than the limit; sent first
    slow.write_text("UBND xã Tân Lập họp phiên thường kỳ\n\nĐồng chí Lê Thị Hoa chủ trì.\n", encoding="utf-8")
    with Client(scheduler) as client:
        before = set(client.scheduler_info()["workers"])
        started = time.monotonic()
        result = build([slow, *articles], tmp_path / "out", dask=scheduler, article_timeout=3)
        assert time.monotonic() - started < dask_run.STALL
        client.wait_for_workers(2, timeout=30)
        after = set(client.scheduler_info()["workers"])
    assert len(before - after) == len(after - before) == 1  # the worker that stalled, and its successor
    assert [s.reason for s in result.skipped] == [
        f"{slow}: took longer than 3 s to build; raise the limit with --article-timeout SECONDS",
        f"{articles[2]}: not a text file (NUL byte at offset 8); pass a UTF-8 .txt article",
    ]
    assert result.articles == 4 and files(tmp_path / "out") == files(tmp_path / "expected")


@pytest.mark.parametrize("differs", ["version", "code"])
def test_a_worker_running_another_kg_stops_the_build_with_exit_3(
    scheduler: str, articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, differs: str
) -> None:
    if differs == "version":
        monkeypatch.setattr(dask_run, "__version__", "0.0.0+other")  # this side only: workers are processes
    else:
        monkeypatch.setattr(importlib.import_module("kg.build"), "fingerprint", lambda settings: "f" * 64)
    code, stdout, stderr = kg_build(str(articles[0]), "--out", str(tmp_path / "out"), "--dask", scheduler)
    assert code == 3 and stdout == ""
    worker = r"dask worker tcp://127\.0\.0\.1:\d+"
    if differs == "version":
        expected = rf"Error: {worker} runs kg {re.escape(__version__)}, this is kg 0\.0\.0\+other: "
        expected += r"install kg 0\.0\.0\+other on every worker\n"
    else:
        expected = rf"Error: {worker} runs kg {re.escape(__version__)} with other code or data than this kg "
        expected += rf"{re.escape(__version__)} \(fingerprint [0-9a-f]{{12}}, here f{{12}}\): "
        expected += r"install this same kg on every worker\n"
    assert re.fullmatch(expected, stderr), stderr
    assert not (tmp_path / "out").exists()


def test_no_scheduler_at_the_address_exits_5_in_one_line(articles: list[Path], tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    run = "import kg.run.cluster as c; c.CONNECT_TIMEOUT = 2; from kg.cli import main; main()"
    args = ["build", str(articles[0]), "--out", str(tmp_path / "out"), "--dask", address]
    done = subprocess.run([sys.executable, "-c", run, *args], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (5, "")
    assert done.stderr == (
        f"Error: {address}: no dask scheduler answered within 2 s; "
        "start one with `dask scheduler`, or check the address\n"
    )
    assert not (tmp_path / "out").exists()


def test_without_distributed_the_error_says_what_to_install(
    articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    code, _, stderr = kg_build(
        str(articles[0]), "--out", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:8786"
    )
    assert (code, stderr) == (3, "Error: kg build --dask needs dask.distributed: pip install 'kg[dask]'\n")


def test_jobs_and_dask_are_not_combined(tmp_path: Path) -> None:
    code, _, stderr = kg_build(
        "--jobs", "2", "--dask", "tcp://127.0.0.1:8786", "--out", str(tmp_path / "out")
    )
    assert code == 2 and "--jobs and --dask cannot be combined" in stderr


def test_a_bad_address_exits_3_at_once(articles: list[Path], tmp_path: Path) -> None:
    code, _, stderr = kg_build(str(articles[0]), "--out", str(tmp_path / "out"), "--dask", "localhost")
    assert (code, stderr) == (
        3,
        "Error: 'localhost': not a dask scheduler address (missing port number in address 'localhost'); "
        "give tcp://HOST:PORT\n",
    )


def test_a_task_sends_back_the_log_records_of_its_article(monkeypatch: pytest.MonkeyPatch) -> None:
    real = dask_run.make_entry

    def noisy(article: Article, settings: Settings) -> Entry:
        logging.getLogger("kg.extract.consistency").warning("article %s: a link dropped", article.id)
        logging.getLogger("kg.extract").info("below the level asked for")
        return real(article, settings)

    monkeypatch.setattr(dask_run, "make_entry", noisy)
    article = read_article(REFERENCE)
    level = logging.getLogger("kg").level
    try:
        entry, records = dask_run.task(article, Settings(), dask_run.identity(Settings()), logging.WARNING)
    finally:
        logging.getLogger("kg").setLevel(level)  # as a worker does, the task set it
    assert isinstance(entry, Entry) and entry.triples > 0
    assert records == [("kg.extract.consistency", logging.WARNING, f"article {article.id}: a link dropped")]
