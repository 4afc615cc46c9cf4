"""The named queries on the reference article's graph: parameters, key columns, expected rows.

Shared by the embedded-store tests (`test_query.py`) and the endpoint tests
(`test_query_endpoint.py`), which must give the same rows.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "output" / "graph.ttl"  # the committed build of the reference article
ID = "https://w3id.org/vngov/id/"
VNG = "https://w3id.org/vngov/ont#"
ARTICLE = f"<{ID}article/006bb834a1ca7540>"
MEETING = f"{ID}meeting/vn-06-058/cap-uy/2020-12-16/conference"
OBSERVATION = f"{ID}obs/9f93c187487aab6f"
CHAIR = "Cù Ngọc Cường"
ROW = tuple[str | None, ...]

# (query, parameters, key columns, the expected rows of those columns, in order)
CASES: list[tuple[str, dict[str, str], tuple[str, ...], list[ROW]]] = [
    (
        "meeting_chairs",
        {},
        ("meeting", "date", "organizer", "chair", "as", "post"),
        [(MEETING, "2020-12-16", "Thành ủy Bắc Kạn", CHAIR, "chair", "Bí thư Thành ủy Bắc Kạn")],
    ),
    ("meeting_chairs", {"person": "cường"}, ("chair", "person"), [(CHAIR, "cường")]),
    ("meeting_chairs", {"person": "Nguyễn"}, ("chair",), []),
    (
        "person_posts",
        {"person": CHAIR},
        ("name", "role", "organization", "post", "articles"),
        [
            (CHAIR, "Bí thư", "Thành ủy Bắc Kạn", "Bí thư Thành ủy Bắc Kạn", "1"),
            (CHAIR, "Ủy viên", "Ban Thường vụ Tỉnh ủy Bắc Kạn", None, "1"),
        ],
    ),
    (
        "org_hierarchy",
        {},
        ("organization", "ancestor", "depth"),
        [
            ("Ban Thường vụ Tỉnh ủy Bắc Kạn", "Tỉnh ủy Bắc Kạn", "1"),
            ("Thành ủy Bắc Kạn", "Đảng bộ thành phố Bắc Kạn", "1"),
        ],
    ),
    (
        "org_hierarchy",
        {"under": "tỉnh ủy"},
        ("organization", "ancestor"),
        [("Ban Thường vụ Tỉnh ủy Bắc Kạn", "Tỉnh ủy Bắc Kạn")],
    ),
    (
        "org_people",
        {"under": "Tỉnh ủy Bắc Kạn"},
        ("top", "organization", "name", "role"),
        [
            ("Ban Thường vụ Tỉnh ủy Bắc Kạn", "Ban Thường vụ Tỉnh ủy Bắc Kạn", CHAIR, "Ủy viên"),
            ("Tỉnh ủy Bắc Kạn", "Ban Thường vụ Tỉnh ủy Bắc Kạn", CHAIR, "Ủy viên"),
        ],
    ),
    (
        "meetings",
        {"organizer": "Thành ủy", "from": "2020-01-01", "to": "2020-12-31"},
        ("meeting", "date", "kind", "organizedBy", "chair", "from", "to"),
        [(MEETING, "2020-12-16", "Hội nghị", "Thành ủy Bắc Kạn", CHAIR, "2020-01-01", "2020-12-31")],
    ),
    ("meetings", {"from": "2020-12-17"}, ("meeting",), []),
    ("meetings", {"to": "2020-12-16"}, ("meeting",), [(MEETING,)]),
    (
        "indicator_values",
        {"locality": "tỉnh Bắc Kạn", "period": "2020"},  # the city is part of the province
        ("indicator", "value", "unit", "place", "time", "meeting"),
        [
            (
                "tỷ lệ gia đình đạt danh hiệu gia đình văn hóa",
                "94.2",
                "%",
                "thành phố Bắc Kạn",
                "2020",
                MEETING,
            )
        ],
    ),
    ("indicator_values", {"locality": "Hà Nội"}, ("indicator",), []),
    (
        "place_history",
        {"place": "Bắc Kạn"},  # the facts located in the city, part of the province
        ("date", "kind", "in"),
        [
            *(("2020-12-16", "directive", "thành phố Bắc Kạn"),) * 10,
            ("2020-12-16", "indicator value", "thành phố Bắc Kạn"),
            ("2020-12-16", "meeting", "thành phố Bắc Kạn"),
        ],
    ),
    ("place_history", {"place": "Hà Nội"}, ("fact",), []),
    (
        "targets",
        {},
        ("status", "indicator"),
        [
            ("achieved", "chương trình mục tiêu quốc gia xây dựng nông thôn mới"),
            ("at-risk", "Công tác thu ngân sách"),
            ("at-risk", "công tác quản lý đô thị"),
            ("at-risk", "nhiệm vụ xây dựng trường chuẩn quốc gia mức độ I"),
            ("at-risk", "tổng mức bán lẻ hàng hóa"),
            ("exceeded", "trồng rừng"),
        ],
    ),
    (
        "targets",
        {"status": "exceeded"},
        ("status", "statusVi", "indicator", "evidence"),
        [
            (
                "exceeded",
                "Vượt kế hoạch",
                "trồng rừng",
                "sản xuất nông lâm nghiệp, trồng rừng đạt và vượt kế hoạch",
            )
        ],
    ),
    (
        "directives_by_addressee",
        {},
        ("addressedTo", "order"),
        [
            ("Các chi, đảng bộ", "10"),
            # a task of a ";"-list without its own addressee keeps the one before it
            *(("Người đứng đầu Đảng bộ, chính quyền các cấp", str(n)) for n in (8, 9)),
            *(("Đảng bộ xã, phường", str(n)) for n in (1, 2, 3, 4)),
            ("đội ngũ cán bộ trực tiếp", "7"),
            *(("Ủy ban nhân dân xã, phường", str(n)) for n in (5, 6)),
        ],
    ),
    (
        "directives_by_addressee",
        {"addressee": "ubnd"},  # an alternative name: the group's altLabel "UBND xã, phường"
        ("addressedTo", "order", "issuer", "meeting"),
        [("Ủy ban nhân dân xã, phường", str(n), CHAIR, MEETING) for n in (5, 6)],
    ),
    (
        "directives_by_issuer",
        {"issuer": "Cường"},
        ("issuedBy", "addressedTo", "directives"),
        [
            (CHAIR, "Đảng bộ xã, phường", "4"),
            (CHAIR, "Người đứng đầu Đảng bộ, chính quyền các cấp", "2"),
            (CHAIR, "Ủy ban nhân dân xã, phường", "2"),
            (CHAIR, "Các chi, đảng bộ", "1"),
            (CHAIR, "đội ngũ cán bộ trực tiếp", "1"),
        ],
    ),
    (
        "directives_by_topic",
        {"topic": "đô thị"},
        ("addressedTo", "topic"),
        [("Ủy ban nhân dân xã, phường", "đô thị")],
    ),
    ("directives_by_topic", {"topic": "COVID"}, ("issuer", "meeting"), [(CHAIR, MEETING)]),
    (
        "evidence",
        {"fact": f"<{OBSERVATION}>"},
        ("fact", "type", "evidence", "begin", "end", "n", "article"),
        [
            (
                OBSERVATION,
                f"{VNG}IndicatorObservation",
                "tỷ lệ gia đình đạt danh hiệu gia đình văn hóa đạt 94,2%",
                "767",
                "822",
                "5",
                ARTICLE[1:-1],
            )
        ],
    ),
    (
        "sentence_facts",
        {"n": "3", "article": ARTICLE},
        ("type", "label", "evidence"),
        [
            ("http://www.w3.org/ns/org#Membership", "Bí thư Thành ủy Bắc Kạn", "Bí thư Thành ủy Bắc Kạn"),
            (
                "http://www.w3.org/ns/org#Membership",
                "Ủy viên Ban Thường vụ Tỉnh ủy Bắc Kạn",
                "Ủy viên Ban Thường vụ Tỉnh ủy",
            ),
            ("http://xmlns.com/foaf/0.1/Person", CHAIR, CHAIR),
            (
                f"{VNG}Meeting",
                "hội nghị",
                "Đồng chí Cù Ngọc Cường,\xa0 Ủy viên Ban Thường vụ Tỉnh ủy, "
                "Bí thư Thành ủy Bắc Kạn chủ trì hội nghị.",
            ),
        ],
    ),
    (
        "articles_by_author",
        {"author": "triệu"},
        ("name", "article", "headline"),
        [
            (
                "Triệu Biển",
                ARTICLE[1:-1],
                "Ban Chấp hành Đảng bộ thành phố Bắc Kạn họp mở rộng đánh giá kết quả "
                "thực hiện nhiệm vụ năm 2020",
            )
        ],
    ),
    (
        "article_entities",
        {"article": ARTICLE},
        ("label", "mentions"),
        [
            ("Thành ủy Bắc Kạn", "4"),
            ("Ban Thường vụ Tỉnh ủy Bắc Kạn", "1"),
            ("Tỉnh ủy Bắc Kạn", "1"),
            ("Đảng bộ thành phố Bắc Kạn", "1"),
            (CHAIR, "1"),
            ("Triệu Biển", "1"),
            ("Các chi, đảng bộ", "1"),
            ("Đảng bộ xã, phường", "1"),
            ("Ủy ban nhân dân xã, phường", "1"),
            ("Người đứng đầu Đảng bộ, chính quyền các cấp", "1"),
            ("đội ngũ cán bộ trực tiếp", "1"),
        ],
    ),
    (
        "meeting_summary",
        {"meeting": f"<{MEETING}>"},
        ("date", "kind", "organizer", "chair", "groups", "opinions", "directives", "figures", "assessments"),
        [("2020-12-16", "Hội nghị", "Thành ủy Bắc Kạn", CHAIR, "3", "48", "10", "1", "6")],
    ),
]

# Parameters that are not selected: only in a FILTER, only in a triple pattern, under SELECT *
# (query text, parameters, the column checked, its expected values)
PERSON = f"{ID}person/vn-06/cu2-ngoc5-cuong2-2c422321e1"
_NAMES = "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
UNSELECTED: list[tuple[str, dict[str, str], str, list[str | None]]] = [
    (
        _NAMES + "SELECT ?person WHERE { ?person foaf:name ?n FILTER (CONTAINS(LCASE(STR(?n)), ?words)) }",
        {"words": "cường"},
        "person",
        [PERSON],
    ),
    (_NAMES + "SELECT ?name WHERE { ?person foaf:name ?name }", {"person": f"<{PERSON}>"}, "name", [CHAIR]),
    (
        _NAMES + "SELECT * WHERE { { ?person foaf:name ?n } FILTER (STR(?n) = ?words) }",
        {"words": CHAIR},
        "person",
        [PERSON],
    ),
]
