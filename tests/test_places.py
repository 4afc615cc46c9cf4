"""Tests for `kg.lexicons.places`: the packaged gazetteer, name lookup, and TSV validation."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import LexiconError
from kg.lexicons.places import CURRENT, HEADER, LEGACY, Gazetteer, era_of, gazetteer, normalize_level, rank
from kg.model import Place

BAC_KAN = Place("vn-06", "tỉnh Bắc Kạn", "tỉnh")
BAC_KAN_CITY = Place("vn-06-058", "thành phố Bắc Kạn", "thành phố", "vn-06")
NONG_THUONG = Place("vn-06-058-01852", "xã Nông Thượng", "xã", "vn-06-058")
THAI_NGUYEN_2025 = Place("vn2025-19", "tỉnh Thái Nguyên", "tỉnh")
BAC_KAN_WARD = Place("vn2025-19-01843", "phường Bắc Kạn", "phường", "vn2025-19")


def code(place: Place | None) -> str | None:
    return place.code if place else None


def test_packaged_counts() -> None:
    units = Counter((era_of(p.code), rank(p.code)) for p in gazetteer())
    assert units == {
        (LEGACY, 1): 63,
        (LEGACY, 2): 696,
        (LEGACY, 3): 10035,
        (CURRENT, 1): 34,
        (CURRENT, 3): 3321,
    }
    assert gazetteer() is gazetteer()


def test_every_legacy_province_and_commune_has_a_successor() -> None:
    g = gazetteer()
    legacy = [p for p in g if era_of(p.code) == LEGACY and rank(p.code) != 2]
    assert all(g.successors(p.code) for p in legacy)
    assert all(era_of(s.code) == CURRENT for p in legacy for s in g.successors(p.code))
    assert {len(g.predecessors(p.code)) > 0 for p in g if era_of(p.code) == CURRENT} == {True}


def test_succession_of_bac_kan() -> None:
    g = gazetteer()
    assert g.successors("vn-06") == (THAI_NGUYEN_2025,)
    assert [p.name for p in g.predecessors("vn2025-19")] == ["tỉnh Bắc Kạn", "tỉnh Thái Nguyên"]
    assert g.successors(NONG_THUONG.code) == (BAC_KAN_WARD,)
    assert NONG_THUONG in g.predecessors(BAC_KAN_WARD.code)
    assert g.successors(BAC_KAN_CITY.code) == ()  # districts were abolished, not merged
    assert g.chain(BAC_KAN_WARD.code) == (BAC_KAN_WARD, THAI_NGUYEN_2025)
    assert g.province_of(BAC_KAN_WARD.code) == THAI_NGUYEN_2025
    linked = {p.code for p in g.linked(NONG_THUONG.code)}
    assert linked == {NONG_THUONG.code, BAC_KAN_CITY.code, "vn-06", BAC_KAN_WARD.code, "vn2025-19"}


def test_island_districts_became_special_zones() -> None:
    g = gazetteer()
    district = g.find("huyện", "Lý Sơn")
    assert district is not None
    (zone,) = g.successors(district.code)
    assert (zone.level, zone.name) == ("đặc khu", "đặc khu Lý Sơn")
    assert g.find("đặc khu", "Lý Sơn") == zone


def test_a_name_resolves_in_the_era_asked_for() -> None:
    g = gazetteer()
    assert code(g.find("tỉnh", "Thái Nguyên", era=LEGACY)) == "vn-19"
    assert g.find("tỉnh", "Thái Nguyên", era=CURRENT) == THAI_NGUYEN_2025
    assert code(g.find("phường", "Đức Xuân", era=LEGACY)) == "vn-06-058-01840"
    assert code(g.find("phường", "Đức Xuân", era=CURRENT)) == "vn2025-19-01840"


def test_a_name_of_one_map_only_resolves_on_that_map_whatever_the_era() -> None:
    g = gazetteer()
    assert g.find("tỉnh", "Bắc Kạn", era=CURRENT) == BAC_KAN  # the old province, named after the reform
    assert g.find("phường", "Bắc Kạn") == BAC_KAN_WARD  # no legacy phường Bắc Kạn
    assert g.find("huyện", "Ba Bể", era=CURRENT) is not None  # districts exist on the legacy map only
    assert g.eras("tỉnh", "Bắc Kạn") == {LEGACY}
    assert g.eras("phường", "Bắc Kạn") == {CURRENT}
    assert g.eras("tỉnh", "Thái Nguyên") == {LEGACY, CURRENT}


def test_a_name_of_both_maps_with_no_era_is_left_unresolved() -> None:
    g = gazetteer()
    assert g.find("tỉnh", "Thái Nguyên") is None
    assert g.find("phường", "Đức Xuân") is None
    assert g.find_any("Thái Nguyên") is None
    assert code(g.find_any("Thái Nguyên", era=CURRENT)) == "vn2025-19"


def test_within_reaches_across_the_reform() -> None:
    g = gazetteer()  # an article of the new province may still name a district of its predecessor
    assert code(g.find("huyện", "Ba Bể", within="vn2025-19", era=CURRENT)) == "vn-06-061"
    assert code(g.find("phường", "Bắc Kạn", within="vn-06", era=LEGACY)) == BAC_KAN_WARD.code
    assert g.find("phường", "Bắc Kạn", within="vn-01") is None


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
    assert (
        code(g.find("tỉnh", "Thanh Hoá", era=LEGACY))
        == code(g.find("tỉnh", "Thanh Hóa", era=LEGACY))
        == "vn-38"
    )
    assert code(g.find("phường", "Xuất Hoá")) == "vn-06-058-01855"
    assert g.find("tỉnh", unicodedata.normalize("NFD", "Bắc Kạn")) == BAC_KAN
    assert g.find(unicodedata.normalize("NFD", "Tỉnh"), "BẮC KẠN") == BAC_KAN
    assert g.find("tinh", "bac kan") == BAC_KAN
    assert g.find("xã", "Nông Thượng…") == g.find("xã", "Nông Thượng...") == NONG_THUONG  # a cut-off mark
    assert code(g.find("tỉnh", "Bà Rịa-Vũng Tàu")) == "vn-77"  # merged into Hồ Chí Minh City in 2025


def test_find_any_prefers_the_highest_level() -> None:
    g = gazetteer()
    assert code(g.find_any("Quảng Trị", era=LEGACY)) == "vn-45"  # not thị xã Quảng Trị
    assert code(g.find("thị xã", "Quảng Trị")) == "vn-45-462"
    assert code(g.find_any("Ba Bể")) == "vn-06-061"
    assert g.find_any("Nông Thượng") is None  # communes are not considered


GOOD = [HEADER, "vn-06\ttỉnh\tBắc Kạn\t", "vn-06-058\tthành phố\tBắc Kạn\t"]


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv"
    path.write_text("\n".join(GOOD) + "\n", encoding="utf-8")
    g = Gazetteer.load(path)
    assert list(g) == [BAC_KAN, BAC_KAN_CITY]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("vn-06-058-01852\txã\tNông Thượng", "expected 4 tab-separated fields, got 3"),
        ("vn-6-058-01852\txã\tNông Thượng\t", "bad code 'vn-6-058-01852'"),
        ("vn-06-058-01852\tthôn\tNông Thượng\t", "level 'thôn' is not one of"),
        ("vn-06-059-01852\txã\tNông Thượng\t", "parent vn-06-059 of vn-06-059-01852 is not"),
        ("vn-06-058\tthành phố\tBắc Kạn\t", "duplicate or out of order"),
        ("vn-06-058-01852\txã\t" + unicodedata.normalize("NFD", "Nông Thượng") + "\t", "NFC"),
        ("vn-06-058-01852\txã\t\t", "must be non-empty"),
        ("vn-06-058-01852\txã\tNông Thượng\t1843", "successors '1843' of vn-06-058-01852 should be commune"),
        ("vn-06-058-01852\txã\tNông Thượng\t01843", "has successors but its province has none"),
        ("vn2025-19\ttỉnh\tThái Nguyên\t19", "a unit of the current map has no successor"),
        ("vn2025-19-01843\thuyện\tBắc Kạn\t", "level 'huyện' is not one of"),
    ],
)
def test_bad_row_names_file_and_line(tmp_path: Path, row: str, reason: str) -> None:
    path = tmp_path / "places.tsv"
    path.write_text("\n".join([*GOOD, row]) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        Gazetteer.load(path)
    message = str(error.value)
    assert message.startswith(f"{path}:4: ") and reason in message, message


def test_successors_must_be_defined(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv"
    path.write_text("\n".join([HEADER, "vn-06\ttỉnh\tBắc Kạn\t19"]) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"places\.tsv:2: successor vn2025-19 of vn-06 is not defined"):
        Gazetteer.load(path)


def test_load_both_maps(tmp_path: Path) -> None:
    rows = [HEADER, "vn-06\ttỉnh\tBắc Kạn\t19", "vn-06-058\tthành phố\tBắc Kạn\t"]
    rows += ["vn-06-058-01852\txã\tNông Thượng\t01843", "vn2025-19\ttỉnh\tThái Nguyên\t"]
    rows += ["vn2025-19-01843\tphường\tBắc Kạn\t"]
    path = tmp_path / "places.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    g = Gazetteer.load(path)
    assert g.successors(NONG_THUONG.code) == (BAC_KAN_WARD,)
    assert g.predecessors("vn2025-19") == (BAC_KAN,)


def test_missing_header(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv"
    path.write_text("\n".join(GOOD[1:]) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"places\.tsv:1: expected the header"):
        Gazetteer.load(path)
