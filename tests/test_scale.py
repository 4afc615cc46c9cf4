"""kg build at corpus scale: parallel = sequential, incremental rebuilds, bad files, large outputs.

Articles are invented here (never corpus text): short reports of commune meetings.
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.build import BuildResult, build
from kg.cli import cli
from kg.errors import OutputError
from kg.run import merge
from kg.run.cache import Cache
from kg.run.pool import SLOW_HOOK
from kg.run.progress import Bar, progress_bar
from kg.run.storeload import StoreLoad

PEOPLE = ["Trần Văn Bình", "Lê Thị Hoa", "Phạm Quang Dũng", "Hoàng Minh Tuấn", "Vũ Thị Lan", "Đỗ Văn Nam"]
COMMUNES = ["Tân Lập", "Đức Xuân", "Huyền Tụng", "Dương Quang", "Nông Thượng", "Xuất Hóa"]
OUTPUTS = ("graph.ttl", "graph.trig", "validation.txt")


def article(i: int) -> str:
    name, place = PEOPLE[i % len(PEOPLE)], COMMUNES[i % len(COMMUNES)]
    return (
        f"UBND xã {place} họp phiên thường kỳ tháng {i % 12 + 1}\n\n"
        f"Sáng ngày {i % 28 + 1}/{i % 12 + 1}/2021, Ủy ban nhân dân xã {place} tổ chức phiên họp thường kỳ. "
        f"Đồng chí {name}, Chủ tịch UBND xã chủ trì hội nghị.\n\n"
        f"Hội nghị đánh giá tỷ lệ thu ngân sách đạt {80 + i % 20},5% kế hoạch.\n\n"
        f"Kết luận hội nghị, đồng chí {name} yêu cầu các ban, ngành tập trung hoàn thành kế hoạch năm 2021.\n"
    )


def corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(article(i), encoding="utf-8")
    return folder


def files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus(tmp_path_factory.mktemp("corpus") / "in", 8)


def test_parallel_build_equals_sequential(folder: Path, tmp_path: Path) -> None:
    parallel = build([folder], tmp_path / "p", jobs=2)
    sequential = build([folder], tmp_path / "s", jobs=1)
    assert parallel.articles == sequential.articles == 8
    assert parallel.triples == sequential.triples
    assert files(tmp_path / "p") == files(tmp_path / "s")


def test_large_outputs_equal_small_ones(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = build([folder], tmp_path / "small", jobs=1)
    monkeypatch.setattr(merge, "SMALL", 0)  # Oxigraph writes the files, as for thousands of articles
    large = build([folder], tmp_path / "large", jobs=2)
    build([folder], tmp_path / "again", jobs=2, force=True)
    assert files(tmp_path / "large") == files(tmp_path / "again")  # byte-stable
    assert large.triples == small.triples
    assert (tmp_path / "large" / "validation.txt").read_bytes() == (
        tmp_path / "small" / "validation.txt"
    ).read_bytes()
    assert isomorphic(Graph().parse(large.graph_file), Graph().parse(small.graph_file))
    named = [
        Dataset().parse(out / "graph.trig", format="trig") for out in (tmp_path / "large", tmp_path / "small")
    ]
    graphs = [{g.identifier: g for g in d.graphs() if len(g)} for d in named]
    assert graphs[0].keys() == graphs[1].keys() and len(graphs[0]) == 8
    assert all(isomorphic(graphs[0][name], graphs[1][name]) for name in graphs[0])


@pytest.mark.parametrize("small", [True, False])
def test_store_holds_the_merged_graph(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small: bool
) -> None:
    if not small:
        monkeypatch.setattr(merge, "SMALL", 0)
    result = build([folder], tmp_path / "out", jobs=1)
    assert result.store == tmp_path / "out" / "store"
    store = pyoxigraph.Store.read_only(str(result.store))
    assert len(store) == result.triples  # one default graph: each triple once
    assert list(store.named_graphs()) == []
    assert {p.name for p in result.outputs} == set(OUTPUTS)


def test_a_large_build_that_cannot_write_its_files_keeps_the_old_store(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store loads in another process while the files are written: when they fail, it
    is stopped, and neither it nor its temporary folder is left behind."""
    monkeypatch.setattr(merge, "SMALL", 0)
    out = tmp_path / "out"
    first = build([folder], out, jobs=1)
    before = len(pyoxigraph.Store.read_only(str(out / "store")))

    def fail(*args: object) -> None:
        raise OutputError(f"cannot write to {out}: disk full; choose another --out")

    monkeypatch.setattr(merge.Merge, "_write_large", fail)
    with pytest.raises(OutputError, match="disk full"):
        build([folder / "000.txt"], out, jobs=1)
    assert len(pyoxigraph.Store.read_only(str(out / "store"))) == before == first.triples
    assert sorted(p.name for p in out.iterdir()) == sorted([".cache", *OUTPUTS, "store"])


def test_a_store_that_cannot_be_loaded_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "kept").write_text("the previous store")
    bad = tmp_path / "graph.nt"
    bad.write_text("<urn:a> <urn:b> not rdf .\n")
    with pytest.raises(OutputError, match=r"cannot write the store .*store"):
        StoreLoad(bad, tmp_path).finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt", "store"]
    assert (tmp_path / "store" / "kept").is_file()


def test_a_cancelled_store_load_leaves_nothing(tmp_path: Path) -> None:
    graph = tmp_path / "graph.nt"
    graph.write_text("<urn:a> <urn:b> <urn:c> .\n")
    load = StoreLoad(graph, tmp_path)
    load.cancel()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]
    assert StoreLoad(graph, tmp_path).finish() == tmp_path / "store"
    assert len(pyoxigraph.Store.read_only(str(tmp_path / "store"))) == 1


def test_ctrl_c_while_waiting_for_the_store_stops_its_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = tmp_path / "graph.nt"
    graph.write_text("<urn:a> <urn:b> <urn:c> .\n")
    load = StoreLoad(graph, tmp_path)
    child = load._child
    wait = child.communicate
    calls: list[int] = []

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return wait(*args, **kwargs)

    monkeypatch.setattr(child, "communicate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load.finish()
    assert child.returncode is not None  # stopped and reaped
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]


def test_second_build_extracts_nothing(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in", 5)
    first = build([source], tmp_path / "out")
    before = files(tmp_path / "out")
    second = build([source], tmp_path / "out")
    assert (first.extracted, first.cached) == (5, 0)
    assert (second.extracted, second.cached) == (0, 5)
    assert files(tmp_path / "out") == before
    (source / "002.txt").write_text(article(2).replace("thường kỳ.", "thường kỳ tháng."), encoding="utf-8")
    third = build([source], tmp_path / "out")
    assert (third.extracted, third.cached) == (1, 4)
    forced = build([source], tmp_path / "out", force=True)
    assert (forced.extracted, forced.cached) == (5, 0)


def test_cache_keeps_only_the_articles_built(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in", 4)
    build([source], tmp_path / "out", jobs=1)
    (source / "003.txt").unlink()
    build([source], tmp_path / "out", jobs=1)
    assert len(list((tmp_path / "out" / ".cache").glob("*/*.kgc"))) == 3


def test_corrupt_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in", 2)
    build([source], tmp_path / "out", jobs=1)
    entry = next((tmp_path / "out" / ".cache").glob("*/*.kgc"))
    entry.write_bytes(b"{not json")
    again = build([source], tmp_path / "out", jobs=1)
    assert (again.extracted, again.cached) == (1, 1)
    assert Cache(tmp_path / "out" / ".cache").get(entry.stem) is not None


def test_folder_with_bad_files(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in", 3)
    (source / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (source / "latin.txt").write_bytes(b"caf\xe9\n")
    (source / "blank.txt").write_text("  \n\n", encoding="utf-8")
    (source / "menu.html").write_text("<html><body><nav></nav><script>x()</script></body></html>", "utf-8")
    (source / "notes.md").write_text("không phải bài báo\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built 3 articles: ")
    assert result.stderr.splitlines() == [
        "Skipped 4 files that could not be built:",
        f"  {source / 'binary.txt'}: not a text file (NUL byte at offset 8); pass a UTF-8 .txt article",
        f"  {source / 'blank.txt'}: empty article; nothing to build",
        f"  {source / 'latin.txt'}: not UTF-8 text (byte 0xe9 at offset 3); convert it to UTF-8",
        f"  {source / 'menu.html'}: no article text found in this HTML page; save the article as .txt",
    ]


def test_a_crash_on_one_article_skips_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    worker = importlib.import_module("kg.run.worker")
    real = worker.extract

    def fragile(a: Any) -> Any:
        if "Đức Xuân" in a.text:
            raise RuntimeError("boom")
        return real(a)

    monkeypatch.setattr(worker, "extract", fragile)
    result = build([corpus(tmp_path / "in", 3)], tmp_path / "out", jobs=1)
    assert result.articles == 2
    (skip,) = result.skipped
    assert skip.reason == f"{skip.source}: internal error (RuntimeError: boom); report it"


def test_progress_is_reported_per_file(folder: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    result: BuildResult = build(
        [folder], tmp_path / "out", jobs=2, progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(i, 8) for i in range(1, 9)] and result.articles == 8


def test_progress_bar_text() -> None:
    class Tty:
        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            return True

        def write(self, s: str) -> None:
            self.text += s

        def flush(self) -> None:
            pass

    bar = Bar("Building", "articles", Tty())  # type: ignore[arg-type]
    line = bar.line(250, 1000, 10.0)
    assert line.startswith("Building [")
    assert line.endswith("] 250/1000 25%  25.0 articles/s  ETA 0:30")
    stream = Tty()
    with progress_bar("Building", "articles", stream) as update:  # type: ignore[arg-type]
        assert update is not None
        update(1, 2)
        update(2, 2)
    assert "2/2 100%" in stream.text and stream.text.endswith("\r\x1b[K")


def test_no_progress_bar_off_a_terminal() -> None:
    class Pipe:
        def isatty(self) -> bool:
            return False

    with progress_bar("Building", "articles", Pipe()) as update:  # type: ignore[arg-type]
        assert update is None


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_over_the_time_limit_is_skipped_and_the_build_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    source = corpus(tmp_path / "in", 4)
    expected = build([source], tmp_path / "expected", jobs=jobs)
    slow = source / "002-stall.txt"  # sorted between 002.txt and 003.txt
    slow.write_text(article(5), encoding="utf-8")
    monkeypatch.setenv(SLOW_HOOK, "stall")  # its worker stalls inside the regex engine
    result = build([source], tmp_path / "out", jobs=jobs, article_timeout=10)
    assert [s.reason for s in result.skipped] == [
        f"{slow}: took longer than 10 s to build; raise the limit with --article-timeout SECONDS"
    ]
    assert result.articles == 4 and files(tmp_path / "out") == files(tmp_path / "expected")
    assert expected.triples == result.triples


def test_a_lone_article_over_the_time_limit_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = corpus(tmp_path / "in", 1) / "000.txt"
    monkeypatch.setenv(SLOW_HOOK, "000")
    result = CliRunner().invoke(
        cli, ["build", str(slow), "--out", str(tmp_path / "out"), "--article-timeout", "2"]
    )
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {slow}: took longer than 2 s to build; raise the limit with --article-timeout SECONDS\n"
    )
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_a_worker_that_dies_costs_its_article_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    worker = importlib.import_module("kg.run.worker")
    real = worker.extract

    def fatal(a: Any) -> Any:
        if "Đức Xuân" in a.text:
            os._exit(9)  # as a crash in C code, or the kernel's OOM killer, would end it
        return real(a)

    monkeypatch.setattr(worker, "extract", fatal)  # the workers are forked: they inherit it
    source = corpus(tmp_path / "in", 3)
    result = build([source], tmp_path / "out", jobs=1)
    assert result.articles == 2
    assert [s.reason for s in result.skipped] == [
        f"{source / '001.txt'}: the worker process building it died (exit code 9); report it"
    ]


def test_ctrl_c_stops_the_workers_and_exits_130(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in", 3)
    kg = Path(sys.executable).parent / "kg"
    env = {**os.environ, SLOW_HOOK: "001"}
    build_ = subprocess.Popen(
        [str(kg), "build", str(source), "--out", str(tmp_path / "out"), "--jobs", "2"],
        env=env,
        stderr=subprocess.PIPE,
    )
    children = Path(f"/proc/{build_.pid}/task/{build_.pid}/children")
    workers: list[str] = []
    for _ in range(600):  # the two workers started (at most a minute on a loaded machine)
        workers = children.read_text().split()
        if len(workers) == 2:
            break
        time.sleep(0.1)
    time.sleep(1)  # one of them is stalled on 001.txt by now, the other done
    build_.send_signal(signal.SIGINT)
    _, stderr = build_.communicate(timeout=60)
    assert build_.returncode == 130 and stderr == b"Error: interrupted\n"
    assert len(workers) == 2 and not [w for w in workers if Path(f"/proc/{w}").exists()]


@pytest.mark.parametrize("small", [150, 700])
def test_large_outputs_do_not_depend_on_when_the_build_turned_large(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small: int
) -> None:
    """Each triple is kept where it first occurs, found by the digest buckets on disk from
    the first article on (the reference) or only once the set in memory holds ``small``."""
    shared = tmp_path / "in"
    shared.mkdir()
    for i, path in enumerate(sorted(folder.iterdir())):  # articles 0 and 6 share many triples
        (shared / path.name).write_bytes(path.read_bytes())
        (shared / f"{i:03d}b.txt").write_text(article(i) + "\nĐồng chí Trần Văn Bình phát biểu.\n", "utf-8")
    monkeypatch.setattr(merge, "SMALL", 0)
    reference = build([shared], tmp_path / "reference", jobs=2)
    monkeypatch.setattr(merge, "SMALL", small)
    result = build([shared], tmp_path / "out", jobs=2)
    assert files(tmp_path / "out") == files(tmp_path / "reference")
    assert result.triples == reference.triples
