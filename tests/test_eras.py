"""The two maps of Vietnam (before and since 1 July 2025): places resolve in their article's era,
succession reaches the graph, and the place queries walk it. Invented articles only."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS

from kg import build, extract, to_graph
from kg.model import Article, Extraction
from kg.query import run_query

ID = "https://w3id.org/vngov/id/place/"

BEFORE = """Huyện ủy Na Rì tổng kết công tác năm 2023

Sáng 20/12/2023, Ban Chấp hành Đảng bộ huyện Na Rì, tỉnh Bắc Kạn tổ chức hội nghị tổng kết \
công tác năm 2023. Đồng chí Hoàng Văn Minh, Bí thư Huyện ủy Na Rì chủ trì hội nghị.

Năm 2023, tỷ lệ che phủ rừng của huyện đạt 73,5%.

Kết luận hội nghị, đồng chí Hoàng Văn Minh yêu cầu UBND huyện tập trung chỉ đạo trồng rừng ngay từ đầu năm.
"""

AFTER = """Tỉnh ủy Thái Nguyên sơ kết hoạt động của chính quyền địa phương hai cấp

Sáng 15/12/2025, Tỉnh ủy Thái Nguyên tổ chức hội nghị sơ kết vận hành chính quyền địa phương \
hai cấp. Đồng chí Lê Quang Hòa, Bí thư Tỉnh ủy Thái Nguyên chủ trì hội nghị.

Năm 2025, tỷ lệ che phủ rừng của tỉnh đạt 63,2%.

Đồng chí Lê Quang Hòa yêu cầu UBND phường Bắc Kạn đẩy nhanh giải phóng mặt bằng các dự án trọng điểm.
"""


def run(text: str) -> Extraction:
    return extract(Article("t", text, hashlib.sha256(text.encode()).hexdigest(), "t.txt"))


def meeting_of(lead: str) -> str:
    return f"Tỉnh ủy Thái Nguyên họp thường kỳ\n\n{lead}, Tỉnh ủy Thái Nguyên tổ chức hội nghị thường kỳ.\n"


def codes(found: Extraction) -> set[str]:
    return {p.code for p in found.places}


@pytest.mark.parametrize(
    ("lead", "province"),
    [
        ("Sáng 12/3/2024", "vn-19"),
        ("Sáng 20/6/2025", "vn-19"),  # the legacy map was in force until 30 June 2025
        ("Sáng 2/7/2025", "vn2025-19"),
        ("Sáng 12/3/2026", "vn2025-19"),
    ],
)
def test_the_date_decides_the_map(lead: str, province: str) -> None:
    found = run(meeting_of(lead))
    assert found.place == province
    assert {o.place for o in found.organizations} == {province}


def test_an_undated_article_takes_the_map_of_its_one_map_names() -> None:
    legacy = run("Huyện ủy Đại Từ họp\n\nSáng 5/3, Huyện ủy Đại Từ, tỉnh Thái Nguyên tổ chức hội nghị.\n")
    assert {"vn-19", "vn-19-171"} <= codes(legacy)  # districts exist on the legacy map only
    assert "vn2025-19" not in {o.place for o in legacy.organizations}
    current = run(
        "Đảng ủy phường Bắc Kạn họp\n\nSáng 5/3, Đảng ủy phường Bắc Kạn, tỉnh Thái Nguyên tổ chức hội nghị.\n"
    )
    assert {o.place for o in current.organizations} == {"vn2025-19-01843"}  # a ward of the current map only
    assert current.place == "vn2025-19"  # the main locality is a province or a district, as before


def test_an_undated_name_of_both_maps_is_left_unresolved() -> None:
    found = run("Tỉnh ủy Thái Nguyên họp\n\nSáng 5/3, Tỉnh ủy Thái Nguyên tổ chức hội nghị thường kỳ.\n")
    assert found.place is None
    assert codes(found) == set()
    assert [o.place for o in found.organizations] == [None]


def test_the_graph_links_each_unit_to_its_successors_and_back() -> None:
    graph = to_graph(run(BEFORE))
    bac_kan, thai_nguyen = URIRef(ID + "vn-06"), URIRef(ID + "vn2025-19")
    assert (bac_kan, DCTERMS.isReplacedBy, thai_nguyen) in graph
    assert (thai_nguyen, DCTERMS.replaces, bac_kan) in graph
    assert graph.value(bac_kan, ns.SDO.validThrough) == Literal("2025-06-30", datatype=ns.XSD.date)
    assert graph.value(thai_nguyen, ns.SDO.validFrom) == Literal("2025-07-01", datatype=ns.XSD.date)
    district = URIRef(ID + "vn-06-066")  # huyện Na Rì, abolished with no successor
    assert graph.value(district, DCTERMS.isReplacedBy) is None
    assert graph.value(district, DCTERMS.isPartOf) == bac_kan


@pytest.fixture(scope="module")
def two_eras(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("eras")
    (folder / "in").mkdir()
    (folder / "in" / "before.txt").write_text(BEFORE, encoding="utf-8")
    (folder / "in" / "after.txt").write_text(AFTER, encoding="utf-8")
    result = build([folder / "in"], folder / "out", jobs=1)
    assert result.report.conforms
    return folder / "out" / "graph.ttl"


def rows(graph: Path, query: str, params: dict[str, str], *columns: str) -> list[tuple[str | None, ...]]:
    result = run_query(query, params, graph=graph)
    return list(zip(*(result.values(c) for c in columns), strict=True)) if result.rows else []


def test_place_history_of_the_new_province_includes_its_predecessors(two_eras: Path) -> None:
    found = rows(two_eras, "place_history", {"place": "Thái Nguyên"}, "date", "kind", "in")
    assert found == [
        ("2023-12-20", "directive", "huyện Na Rì"),
        ("2023-12-20", "indicator value", "huyện Na Rì"),
        ("2023-12-20", "meeting", "huyện Na Rì"),
        ("2025-12-15", "directive", "tỉnh Thái Nguyên"),
        ("2025-12-15", "indicator value", "tỉnh Thái Nguyên"),
        ("2025-12-15", "meeting", "tỉnh Thái Nguyên"),
    ]


def test_place_history_of_the_old_province_stops_at_its_borders(two_eras: Path) -> None:
    found = rows(two_eras, "place_history", {"place": "tỉnh Bắc Kạn"}, "date", "in")
    assert found == [("2023-12-20", "huyện Na Rì")] * 3


@pytest.mark.parametrize(
    ("locality", "values"),
    [("tỉnh Thái Nguyên", ["63.2", "73.5"]), ("Bắc Kạn", ["73.5"]), ("Na Rì", ["73.5"]), ("Hà Nội", [])],
)
def test_indicator_values_accept_either_maps_name(two_eras: Path, locality: str, values: list[str]) -> None:
    found = rows(two_eras, "indicator_values", {"locality": locality}, "value")
    assert sorted(v for (v,) in found) == values
