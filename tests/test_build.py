"""kg.build: inputs → merged, validated graph files; nothing written when an input is bad."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import BuildResult, Skipped, build
from kg.errors import InputError, OutputError

OUTPUTS = {"graph.ttl", "graph.trig", "validation.txt"}
# Made-up articles in the genre (never corpus text).
ONE = "Ủy ban nhân dân xã Tân Lập họp phiên thường kỳ tháng 5\n\nSáng ngày 3/6, Ủy ban nhân dân xã họp.\n"
TWO = "Hội nghị giao ban công tác Đảng quý II\n\nChiều ngày 4/7, Đảng ủy xã tổ chức hội nghị giao ban.\n"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, BuildResult]:
    """The bundled sample built twice into two folders (SHACL makes each build take seconds)."""
    tmp = tmp_path_factory.mktemp("sample")
    return build([], tmp / "a"), build([], tmp / "b")


def test_sample_by_default(sample_twice: tuple[BuildResult, BuildResult]) -> None:
    result, _ = sample_twice
    assert result.articles == 1
    assert result.triples > 0
    assert result.seconds > 0
    assert {p.name for p in result.outputs} >= OUTPUTS
    assert all(p.is_file() for p in result.outputs)
    assert result.graph_file == result.outputs[0].parent / "graph.ttl"
    assert len(Graph().parse(result.graph_file, format="turtle")) > 0


def test_outputs_are_byte_stable(sample_twice: tuple[BuildResult, BuildResult]) -> None:
    a, b = sample_twice
    assert a.graph_file.parent != b.graph_file.parent
    for name in OUTPUTS:
        assert (a.graph_file.parent / name).read_bytes() == (b.graph_file.parent / name).read_bytes(), name


def test_folder_expands_to_its_txt_files(tmp_path: Path) -> None:
    _write(tmp_path / "in", "b.txt", TWO)
    _write(tmp_path / "in", "a.txt", ONE)
    _write(tmp_path / "in", "notes.md", "không phải bài báo\n")
    (tmp_path / "in" / "sub.txt").mkdir()
    assert build([tmp_path / "in"], tmp_path / "out").articles == 2


def test_duplicates_are_built_once(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.txt", ONE)
    b = tmp_path / "b.txt"  # the same text with a BOM and CRLF line ends
    b.write_bytes(codecs.BOM_UTF8 + ONE.replace("\n", "\r\n").encode())
    once = build([a], tmp_path / "once")
    twice = build([a, b, a], tmp_path / "twice")
    assert twice.articles == 1
    assert twice.triples == once.triples


def test_articles_merge(tmp_path: Path) -> None:
    a = build([_write(tmp_path, "a.txt", ONE)], tmp_path / "a")
    b = build([_write(tmp_path, "b.txt", TWO)], tmp_path / "b")
    both = build([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "both")
    assert both.articles == 2
    assert max(a.triples, b.triples) < both.triples <= a.triples + b.triples


def test_bad_file_is_skipped_and_listed(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", ONE)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"abc\xff")
    result = build([good, bad], tmp_path / "out")
    assert result.articles == 1
    assert result.skipped == (
        Skipped(str(bad), f"{bad}: not UTF-8 text (byte 0xff at offset 3); convert it to UTF-8"),
    )
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_lone_bad_file_raises_its_error_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"abc\xff")
    with pytest.raises(InputError) as e:
        build([bad], tmp_path / "out")
    assert str(e.value) == f"{bad}: not UTF-8 text (byte 0xff at offset 3); convert it to UTF-8"
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_only_bad_files_raise_a_summary(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(b"\x00\x01")
    with pytest.raises(InputError) as e:
        build([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "out", jobs=1)
    assert str(e.value).startswith("no article could be built: 2 files skipped (first: ")
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_missing_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        build([tmp_path / "nope.txt"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    with pytest.raises(InputError) as e:
        build([tmp_path / "in"], tmp_path / "out")
    assert (
        str(e.value)
        == f"{tmp_path / 'in'}: no .txt or .html articles in this folder; pass article files or folders"
    )


def test_out_is_a_file(tmp_path: Path) -> None:
    out = _write(tmp_path, "out", "x")
    with pytest.raises(OutputError) as e:
        build([], out)
    assert str(e.value) == f"{out}: exists and is not a folder; choose another --out"
    assert out.read_text() == "x"


def test_out_below_a_file(tmp_path: Path) -> None:
    blocker = _write(tmp_path, "file", "x")
    with pytest.raises(OutputError) as e:
        build([], blocker / "out")
    assert (
        str(e.value) == f"{blocker}: is a file, so {blocker / 'out'} cannot be created; choose another --out"
    )
