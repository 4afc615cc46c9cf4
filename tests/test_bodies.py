"""Bodies, posts and persons on invented sentences, one class of construction per test."""

from __future__ import annotations

import hashlib
import logging

import pytest

from kg.extract import extract
from kg.extract.consistency import consistent
from kg.model import Article, Extraction, Membership, Organization, Person, Role, Span
from kg.rdf.mapping import to_graph
from kg.rdf.vocab import OPENGOV, VNG


def _extract(text: str) -> Extraction:
    return extract(Article("t", text, hashlib.sha256(text.encode()).hexdigest(), "t.txt"))


def _labels(x: Extraction) -> set[str]:
    return {label for o in x.organizations for label in o.labels}


def test_a_unit_of_a_group_of_bodies_is_a_group_too() -> None:
    x = _extract(
        "Thường trực HĐND tỉnh Bắc Kạn làm việc với Thường trực HĐND các huyện, thành phố về kế hoạch năm.\n"
    )
    unit = next(o for o in x.organizations if "Thường trực HĐND các huyện, thành phố" in o.labels)
    assert unit.is_group and unit.parent is None
    to_graph(x)  # a group is never anyone's parent body


def test_facts_that_cannot_be_placed_are_dropped_not_the_article(caplog: pytest.LogCaptureFixture) -> None:
    text = "Một câu."
    article = Article("t", text, hashlib.sha256(text.encode()).hexdigest(), "t.txt")
    group = Organization("g/ubnd-xa-phuong", "ubnd", ("UBND xã, phường",), is_group=True)
    unit = Organization("g/ubnd-xa-phuong/thuong-truc", "thuong-truc", ("Thường trực",), parent=group.key)
    person = Person("vn/nguyen-van-a", "Nguyễn Văn A", "vn")
    role = Role("chu-tich", "Chủ tịch", "Chairman")
    posts = (
        Membership("m1", person.key, group.key, role, Span(0, 3, "Một")),  # a post in a group
        Membership("m2", "vn/nobody", unit.key, role, Span(0, 3, "Một")),  # an unknown holder
    )
    ex = Extraction(article, organizations=(group, unit), persons=(person,), memberships=posts)
    with caplog.at_level(logging.WARNING):
        fixed = consistent(ex)
    assert [o.parent for o in fixed.organizations] == [None, None]
    assert fixed.memberships == ()
    assert "cannot be placed" in caplog.text
    to_graph(fixed)


def _posts(x: Extraction) -> set[tuple[str, str, str]]:
    names = {p.key: p.name for p in x.persons}
    return {(names[m.person], m.role.label_vi, m.organization) for m in x.memberships}


def test_departments_and_offices_take_the_place_they_name_or_the_articles() -> None:
    x = _extract(
        "Ông Lê Văn Nam, Trưởng Phòng Nội Vụ huyện Chợ Đồn, tỉnh Bắc Kạn, phát biểu. "
        "Bà Hà Thị Lan, Phó giám đốc sở Nông nghiệp và Phát triển nông thôn, báo cáo. "
        "Văn phòng HĐND và UBND huyện tổng hợp ý kiến; Đài Truyền thanh - Truyền hình Chợ Đồn đưa tin.\n"
    )
    labels = _labels(x)
    assert {"Phòng Nội vụ huyện Chợ Đồn", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Kạn"} <= labels
    assert {"Văn phòng HĐND và UBND huyện Chợ Đồn", "Đài Truyền thanh - Truyền hình huyện Chợ Đồn"} <= labels
    posts = _posts(x)
    assert ("Lê Văn Nam", "Trưởng", "vn-06-064/so-nganh-phong-noi-vu") in posts
    assert ("Hà Thị Lan", "Phó Giám đốc", "vn-06/so-nganh-so-nong-nghiep-va-phat-trien-nong-thon") in posts


def test_national_bodies_and_titles() -> None:
    x = _extract(
        "Thủ tướng Chính phủ Hoàng Văn An và Chủ tịch Quốc hội Nông Thị Bình dự; Ủy ban Thường vụ "
        "Quốc hội ban hành nghị quyết. Dự có ông Lý Văn Cường, Ủy viên Trung ương, Bí thư Tỉnh ủy Bắc Kạn, "
        "và Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng Ma Văn Dũng.\n"
    )
    assert {"Chính phủ", "Quốc hội", "Ủy ban Thường vụ Quốc hội"} <= _labels(x)
    posts = _posts(x)
    assert ("Hoàng Văn An", "Thủ tướng", "vn/chinh-phu") in posts
    assert ("Nông Thị Bình", "Chủ tịch", "vn/quoc-hoi") in posts
    assert ("Lý Văn Cường", "Ủy viên", "vn/ban-chap-hanh-trung-uong-dang") in posts
    assert ("Lý Văn Cường", "Bí thư", "vn-06/cap-uy") in posts
    assert ("Ma Văn Dũng", "Ủy viên dự khuyết", "vn/ban-chap-hanh-trung-uong-dang") in posts


def test_bodies_listed_together_share_the_last_ones_level_and_place() -> None:
    x = _extract(
        "Dự có lãnh đạo Đảng ủy, HĐND, UBND xã Lương Bằng. Thường trực HĐND, UBND, Ủy ban MTTQ tỉnh "
        "Bắc Kạn dự. Đoàn công tác của Huyện ủy – HĐND – UBND – Ủy ban MTTQ Việt Nam huyện Chợ Đồn thăm "
        "huyện Ngân Sơn.\n"
    )
    keys = {o.key for o in x.organizations}
    commune, district = "vn-06-064-02062", "vn-06-064"
    assert {f"{commune}/cap-uy", f"{commune}/hdnd", f"{commune}/ubnd"} <= keys
    assert {"vn-06/hdnd/thuong-truc", "vn-06/ubnd", "vn-06/mttq"} <= keys
    assert {f"{district}/cap-uy", f"{district}/hdnd", f"{district}/ubnd", f"{district}/mttq"} <= keys


def test_a_chain_that_leaves_a_party_body_out_means_the_party_committee_of_its_place() -> None:
    x = _extract(
        "Dự có đồng chí Lý Văn Tài, Phó Bí thư Thường trực, Chủ tịch HĐND huyện Chợ Đồn; đồng chí Hà Thị "
        "Mai, Ủy viên Ban Thường vụ, Trưởng Ban Dân Vận Tỉnh ủy Bắc Kạn; bà Hoàng Thị Lụa, Ủy viên Thường "
        "trực, Trưởng Ban Dân tộc HĐND tỉnh; ông Ma Văn Ken, Phó Bí thư, Chủ tịch UBND xã Lương Bằng.\n"
    )
    posts = _posts(x)
    assert ("Lý Văn Tài", "Phó Bí thư Thường trực", "vn-06-064/cap-uy") in posts
    assert ("Lý Văn Tài", "Chủ tịch", "vn-06-064/hdnd") in posts
    assert ("Hà Thị Mai", "Ủy viên", "vn-06/cap-uy/ban-thuong-vu") in posts
    assert ("Hà Thị Mai", "Trưởng", "vn-06/cap-uy/ban-dang-ban-dan-van") in posts
    assert ("Hoàng Thị Lụa", "Ủy viên Thường trực", "vn-06/hdnd") in posts  # of the council itself
    assert ("Hoàng Thị Lụa", "Trưởng", "vn-06/hdnd/ban-dang-ban-dan-toc") in posts
    assert ("Ma Văn Ken", "Phó Bí thư", "vn-06-064-02062/cap-uy") in posts


def test_a_title_naming_the_office_it_heads_is_held_in_that_office() -> None:
    x = _extract("Ông Võ Văn Kiên, Ủy viên Ban Thường vụ Tỉnh ủy, Chánh Văn phòng Tỉnh ủy Bắc Kạn dự.\n")
    office = next(o for o in x.organizations if o.key == "vn-06/cap-uy/van-phong-van-phong")
    assert office.labels[0] == "Văn phòng Tỉnh ủy Bắc Kạn" and office.parent == "vn-06/cap-uy"
    assert ("Võ Văn Kiên", "Chánh Văn phòng", office.key) in _posts(x)
    assert ("Võ Văn Kiên", "Ủy viên", "vn-06/cap-uy/ban-thuong-vu") in _posts(x)


def test_a_body_right_after_a_title_may_begin_in_lower_case() -> None:
    x = _extract("Đón tiếp Ủy viên Bộ Chính trị -Trưởng ban Tổ chức Trung ương Hà Văn Lực.\n")
    assert ("Hà Văn Lực", "Trưởng", "vn/ban-to-chuc-trung-uong") in _posts(x)
    assert ("Hà Văn Lực", "Ủy viên", "vn/bo-chinh-tri") in _posts(x)


def test_names_joined_to_their_titles_by_a_dash() -> None:
    x = _extract(
        "Hội nghị dưới sự chủ trì của Chủ tịch UBND huyện Chợ Đồn – Hoàng Văn Úc. Dự có các đồng chí: "
        "Vũ Đức Hạnh- Bí thư Đảng ủy xã Lương Bằng; Nguyễn Thị Đào -Phó Chủ tịch UBND xã Lương Bằng.\n"
    )
    posts = _posts(x)
    assert ("Hoàng Văn Úc", "Chủ tịch", "vn-06-064/ubnd") in posts
    assert ("Vũ Đức Hạnh", "Bí thư", "vn-06-064-02062/cap-uy") in posts
    assert ("Nguyễn Thị Đào", "Phó Chủ tịch", "vn-06-064-02062/ubnd") in posts


def test_a_term_number_is_not_part_of_a_place_name() -> None:
    x = _extract("Thường trực HĐND huyện Chợ Đồn Khóa XI họp phiên thường kỳ.\n")
    assert "vn-06-064/hdnd/thuong-truc" in {o.key for o in x.organizations}


def test_a_body_named_without_its_level_is_the_one_of_the_body_just_before() -> None:
    x = _extract(
        "Dưới sự lãnh đạo của Huyện ủy Chợ Đồn, giám sát của HĐND, sự điều hành của UBND huyện, kết quả "
        "đạt khá. HĐND các cấp cần chủ động hơn.\n"
    )
    council = next(o for o in x.organizations if o.key == "vn-06-064/hdnd")
    assert "HĐND" in council.labels
    assert not any(o.key.endswith("/hdnd") and o.key != council.key for o in x.organizations)


def test_bylines_with_credits_affiliations_and_two_authors() -> None:
    for last, names in (
        ("Tin, ảnh: LÊ THU", ["LÊ THU"]),
        ("Hà Văn Lâm - Minh Thu\n(Đài TT-TH Chợ Đồn)", ["Hà Văn Lâm", "Minh Thu"]),
        ("Lý Hoa (Trung tâm Văn hóa - Thể thao huyện)", ["Lý Hoa"]),
        ("Minh Thu - PVTH", ["Minh Thu"]),
        ("T.HẢI", ["T.HẢI"]),
        ("Bí thư Huyện ủy", []),
    ):
        x = _extract(f"Hội nghị tổng kết năm.\n\nCác đại biểu thảo luận sôi nổi.\n\n{last}\n")
        by_key = {p.key: p.name for p in x.persons}
        assert [by_key[a] for a in x.authors] == names, last


def test_a_military_rank_introduces_a_name_and_is_not_part_of_it() -> None:
    x = _extract("Đây là quê hương của Đại tướng Hoàng Văn Thái và Thiếu tướng Lê Văn Tám.\n")
    assert {p.name for p in x.persons} == {"Hoàng Văn Thái", "Lê Văn Tám"}


def test_plural_bodies_are_groups() -> None:
    x = _extract(
        "Thường trực HĐND tỉnh Bắc Kạn chỉ đạo các Ban HĐND tỉnh và các ban của Huyện ủy Chợ Đồn; các Đảng "
        "ủy trực thuộc Tỉnh ủy triển khai. HĐND các cấp và UBND cấp xã cần chủ động; Đảng bộ các cấp "
        "lãnh đạo.\n"
    )
    groups = {label for o in x.organizations if o.is_group for label in o.labels}
    assert {"các Ban HĐND tỉnh", "các ban của Huyện ủy Chợ Đồn", "các Đảng ủy trực thuộc Tỉnh ủy"} <= groups
    assert {"HĐND các cấp", "UBND cấp xã"} <= groups
    assert not any(o.kind == "dang-bo" for o in x.organizations)  # the party at large is not a body


def test_companies_are_named_by_the_capitalized_words_after_their_head() -> None:
    x = _extract("Đại diện Tập đoàn Quanta và Công ty TNHH Thịnh Phú dự; đại diện Công ty đã phát biểu.\n")
    companies = {o.labels[0] for o in x.organizations if o.kind == "doanh-nghiep"}
    assert companies == {"Tập đoàn Quanta", "Công ty TNHH Thịnh Phú"}


def test_posts_held_earlier_are_kept_and_marked_former() -> None:
    x = _extract(
        "Miễn nhiệm chức vụ đối với ông Hà Văn Bình, nguyên Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch "
        "UBND tỉnh Bắc Kạn. Ông Lý Văn Cao, Phó Chủ tịch UBND tỉnh Bắc Kạn, dự.\n"
    )
    names = {p.key: p.name for p in x.persons}
    held = {(names[m.person], m.role.label_vi, m.organization, m.former) for m in x.memberships}
    assert ("Hà Văn Bình", "Phó Chủ tịch", "vn-06/ubnd", True) in held
    assert ("Hà Văn Bình", "Ủy viên", "vn-06/cap-uy/ban-thuong-vu", True) in held
    assert ("Lý Văn Cao", "Phó Chủ tịch", "vn-06/ubnd", False) in held
    graph = to_graph(x)
    former = {s for s, _, _ in graph.triples((None, VNG.former, None))}
    assert len(former) == 2
    assert all((m, OPENGOV.post, None) not in graph for m in former)
