"""Tests for `kg.places`: the packaged gazetteer, name lookup, and TSV validation."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import LexiconError
from kg.model import Place
from kg.places import HEADER, Gazetteer, gazetteer, normalize_level

BAC_KAN = Place("vn-06", "tỉnh Bắc Kạn", "tỉnh")
BAC_KAN_CITY = Place("vn-06-058", "thành phố Bắc Kạn", "thành phố", "vn-06")
NONG_THUONG = Place("vn-06-058-01852", "xã Nông Thượng", "xã", "vn-06-058")


def code(place: Place | None) -> str | None:
    return place.code if place else None


def test_packaged_counts() -> None:
    depths = Counter(p.code.count("-") for p in gazetteer())
    assert depths == {1: 63, 2: 696, 3: 10035}
    assert gazetteer() is gazetteer()


def test_bac_kan() -> None:
    g = gazetteer()
    assert g.get("vn-06") == BAC_KAN
    assert g.get("vn-06-058") == BAC_KAN_CITY
    assert g.find("tỉnh", "Bắc Kạn") == BAC_KAN
    assert g.find("TP.", "Bắc Kạn") == BAC_KAN_CITY
    assert g.find_any("Bắc Kạn") == BAC_KAN
    assert sorted(p.name for p in g if p.parent == "vn-06-058") == [
        "phường Huyền Tụng",
        "phường Nguyễn Thị Minh Khai",
        "phường Phùng Chí Kiên",
        "phường Sông Cầu",
        "phường Xuất Hóa",
        "phường Đức Xuân",
        "xã Dương Quang",
        "xã Nông Thượng",
    ]


def test_commune_and_chain() -> None:
    g = gazetteer()
    assert g.find("xã", "Nông Thượng") == NONG_THUONG
    assert g.find("Xã", "nông thượng", within="vn-06") == NONG_THUONG
    assert g.province_of(NONG_THUONG.code) == BAC_KAN
    assert g.chain(NONG_THUONG.code) == (NONG_THUONG, BAC_KAN_CITY, BAC_KAN)
    assert g.find("xã", "Nông Thượng", within="vn-01") is None


@pytest.mark.parametrize("level", ["thành phố", "Thành phố", "THÀNH PHỐ", "TP", "tp.", "T.P"])
def test_level_words(level: str) -> None:
    assert gazetteer().find(level, "Bắc Kạn") == BAC_KAN_CITY


def test_unknown_level_and_name() -> None:
    g = gazetteer()
    assert normalize_level("thôn") is None
    assert g.find("thôn", "Bắc Kạn") is None
    assert g.find("huyện", "Bắc Kạn") is None
    assert g.find_any("Không Có") is None
    assert g.get("vn-99") is None
    with pytest.raises(KeyError):
        g.province_of("vn-99")


def test_ambiguous_names_return_none() -> None:
    g = gazetteer()
    assert g.find("xã", "Tân Thành") is None
    assert g.find("phường", "1") is None
    assert code(g.find("phường", "01", within="vn-79-768")) == "vn-79-768-27058"


def test_within_may_be_inside_the_unit() -> None:
    assert gazetteer().find("thành phố", "Bắc Kạn", within=NONG_THUONG.code) == BAC_KAN_CITY


def test_same_tones_break_a_folded_tie() -> None:
    g = gazetteer()
    assert code(g.find("xã", "Minh Quân", within="vn-15-138")) == "vn-15-138-04567"
    assert code(g.find("xã", "Minh Quán", within="vn-15-138")) == "vn-15-138-04516"
    assert g.find("xã", "Minh Quan", within="vn-15-138") is None


def test_tone_placement_case_and_nfd() -> None:
    g = gazetteer()
    assert code(g.find("tỉnh", "Thanh Hoá")) == code(g.find("tỉnh", "Thanh Hóa")) == "vn-38"
    assert code(g.find("phường", "Xuất Hoá")) == "vn-06-058-01855"
    assert g.find("tỉnh", unicodedata.normalize("NFD", "Bắc Kạn")) == BAC_KAN
    assert g.find(unicodedata.normalize("NFD", "Tỉnh"), "BẮC KẠN") == BAC_KAN
    assert g.find("tinh", "bac kan") == BAC_KAN
    assert code(g.find("tỉnh", "Bà Rịa-Vũng Tàu")) == "vn-77"


def test_find_any_prefers_the_highest_level() -> None:
    g = gazetteer()
    assert code(g.find_any("Quảng Trị")) == "vn-45"  # not thị xã Quảng Trị
    assert code(g.find("thị xã", "Quảng Trị")) == "vn-45-462"
    assert code(g.find_any("Ba Bể")) == "vn-06-061"
    assert g.find_any("Nông Thượng") is None  # communes are not considered


GOOD = [HEADER, "vn-06\ttỉnh\tBắc Kạn\t", "vn-06-058\tthành phố\tBắc Kạn\tvn-06"]


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv"
    path.write_text("\n".join(GOOD) + "\n", encoding="utf-8")
    g = Gazetteer.load(path)
    assert list(g) == [BAC_KAN, BAC_KAN_CITY]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("vn-06-058-01852\txã\tNông Thượng", "expected 4 tab-separated fields, got 3"),
        ("vn-6-058-01852\txã\tNông Thượng\tvn-06-058", "bad code 'vn-6-058-01852'"),
        ("vn-06-058-01852\tthôn\tNông Thượng\tvn-06-058", "level 'thôn' is not one of"),
        ("vn-06-058-01852\txã\tNông Thượng\tvn-06", "parent 'vn-06' of vn-06-058-01852 should be"),
        ("vn-06-059-01852\txã\tNông Thượng\tvn-06-059", "parent vn-06-059 of vn-06-059-01852 is not"),
        ("vn-06-058\tthành phố\tBắc Kạn\tvn-06", "duplicate or out of order"),
        ("vn-06-058-01852\txã\t" + unicodedata.normalize("NFD", "Nông Thượng") + "\tvn-06-058", "NFC"),
        ("vn-06-058-01852\txã\t\tvn-06-058", "must be non-empty"),
    ],
)
def test_bad_row_names_file_and_line(tmp_path: Path, row: str, reason: str) -> None:
    path = tmp_path / "places.tsv"
    path.write_text("\n".join([*GOOD, row]) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        Gazetteer.load(path)
    message = str(error.value)
    assert message.startswith(f"{path}:4: ") and reason in message, message


def test_missing_header(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv"
    path.write_text("\n".join(GOOD[1:]) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"places\.tsv:1: expected the header"):
        Gazetteer.load(path)
