"""Extraction rules that must hold across articles: identity, namesakes, non-genre text, lists."""

from __future__ import annotations

import hashlib

from kg.extract import extract
from kg.model import Article, Extraction


def _extract(text: str, name: str = "t") -> Extraction:
    return extract(Article(name, text, hashlib.sha256(text.encode()).hexdigest(), f"{name}.txt"))


CHO_DON = (
    "Huyện ủy Chợ Đồn họp\n\nSáng ngày 05/3/2021, Huyện ủy Chợ Đồn tổ chức hội nghị. "
    "Đồng chí Hoàng Văn Minh, Bí thư Huyện ủy Chợ Đồn chủ trì hội nghị.\n"
)
BA_BE = (
    "UBND huyện Ba Bể làm việc\n\nChiều ngày 12/4/2022, UBND huyện Ba Bể tổ chức họp. "
    "Đồng chí Hoàng Văn Minh, Phó Bí thư Huyện ủy Ba Bể, Chủ tịch UBND huyện chủ trì.\n"
)
THANH_HOA = (
    "Huyện ủy Hà Trung họp\n\nSáng ngày 05/3/2021, Huyện ủy Hà Trung tổ chức hội nghị. "
    "Đồng chí Hoàng Văn Minh, Bí thư Huyện ủy Hà Trung chủ trì hội nghị.\n"
)


def test_same_person_in_one_province_is_one_key() -> None:
    a, b = _extract(CHO_DON, "a"), _extract(BA_BE, "b")
    assert {p.key for p in a.persons} == {p.key for p in b.persons} == {"vn-06/hoang2-van-minh"}


def test_namesakes_in_different_provinces_stay_apart() -> None:
    a, c = _extract(CHO_DON, "a"), _extract(THANH_HOA, "c")
    assert a.persons[0].name == c.persons[0].name
    assert a.persons[0].key != c.persons[0].key
    assert c.persons[0].key == "vn-38/hoang2-van-minh"  # tỉnh Thanh Hóa, from huyện Hà Trung


def test_bodies_of_unknown_place_never_merge_across_articles() -> None:
    text = "Họp giao ban\n\nNgày 18/11, UBND huyện tổ chức giao ban công tác tháng 11.\n"
    a, b = _extract(text, "a"), _extract(text + "\nThêm một dòng.\n", "b")
    assert a.organizations[0].key != b.organizations[0].key
    assert a.organizations[0].labels[:2] == ("Ủy ban nhân dân huyện", "UBND huyện")


def test_non_genre_text_gives_no_meeting_indicator_or_directive() -> None:
    text = (
        "Đội bóng xã Nông Thượng vô địch giải bóng đá\n\n"
        "Tối ngày 19/4, tại sân vận động thành phố Bắc Kạn, đội bóng xã Nông Thượng thắng 3-1. "
        "Dự báo ngày mai trời nắng, nhiệt độ từ 25 đến 32 độ C.\n"
    )
    x = _extract(text)
    assert not x.meetings and not x.observations and not x.assessments and not x.directives


def test_numbered_requirements_are_split() -> None:
    text = (
        "Kết luận hội nghị\n\nNgày 05/3/2021, UBND huyện Chợ Đồn tổ chức hội nghị. "
        "Đồng chí Hoàng Văn Minh, Chủ tịch UBND huyện chủ trì. Kết luận, đồng chí Chủ tịch UBND "
        "huyện yêu cầu: (1) rà soát kế hoạch thu ngân sách năm 2021 (2) đẩy nhanh tiến độ giải ngân "
        "vốn đầu tư công.\n"
    )
    x = _extract(text)
    assert [d.instruction for d in x.directives] == [
        "rà soát kế hoạch thu ngân sách năm 2021",  # the item's number is not its words
        "đẩy nhanh tiến độ giải ngân vốn đầu tư công",
    ]
    assert {d.issuer for d in x.directives} == {"vn-06/hoang2-van-minh"}


def test_abbreviated_titles() -> None:
    text = (
        "Hội nghị\n\nNgày 05/3/2021, Huyện ủy Chợ Đồn tổ chức hội nghị. Dự có đ/c Lý Văn An, "
        "UV BTV Tỉnh ủy, PBT Huyện ủy Chợ Đồn; đồng chí Ma Thị Bình - HUV, Phó Ban Dân vận Huyện ủy.\n"
    )
    x = _extract(text)
    posts = {(m.person.split("/")[1], m.role.label_vi, m.organization) for m in x.memberships}
    assert ("ly1-van-an", "Ủy viên", "vn-06/cap-uy/ban-thuong-vu") in posts
    assert ("ly1-van-an", "Phó Bí thư", "vn-06-064/cap-uy") in posts
    assert ("ma-thi5-binh2", "Huyện ủy viên", "vn-06-064/cap-uy") in posts
    assert ("ma-thi5-binh2", "Phó", "vn-06-064/cap-uy/ban-dang-ban-dan-van") in posts


def test_photo_credit_is_a_person_but_not_the_author() -> None:
    text = "Thăm mô hình\n\nMô hình trồng nấm tại xã Nông Thượng. Ảnh: LÊ MINH\n\nẢnh: Hoàng Lan\n"
    x = _extract(text)
    assert {p.name for p in x.persons} == {"LÊ MINH", "Hoàng Lan"}
    assert x.authors == ()


def test_counted_nouns_and_committees_in_general_are_not_bodies() -> None:
    text = (
        "Đại hội điểm\n\nNgày 05/3/2021, Huyện ủy Chợ Đồn tổ chức hội nghị. Đến nay 21/25 chi, đảng bộ "
        "đã tổ chức đại hội; các huyện ủy, thành ủy, thị ủy chọn làm đại hội điểm.\n"
    )
    labels = {o.labels[0] for o in _extract(text).organizations}
    assert labels == {"Huyện ủy Chợ Đồn"}


def test_head_of_a_working_visit_chairs_it() -> None:
    text = (
        "Kiểm tra sản xuất\n\nSáng 9/9, Bí thư Tỉnh ủy Bắc Kạn Nguyễn Văn Lâm đã đi kiểm tra sản xuất "
        "tại huyện Chợ Đồn.\n"
    )
    (meeting,) = _extract(text).meetings
    assert meeting.kind == "visit" and meeting.chair == "vn-06/nguyen4-van-lam"


def test_invisible_and_look_alike_characters_give_clean_names_and_exact_spans() -> None:
    text = (
        "Hội nghị\n\nNgày 05/3/2021, Huyện ủy Chợ Đồn tổ chức hội nghị. Đồng chí Hoàng\u200bVăn\u00a0Minh, "
        "Bí thư Huyện ủy Chợ Đồn chủ trì hội nghị. Dự có đồng chí \u00d0ặng Văn H\u0430i.\n"
    )
    x = _extract(text)
    assert x.article.text == text  # the stored text is never changed
    assert {p.name for p in x.persons} == {"Hoàng Văn Minh", "Đặng Văn Hai"}
    spans = [s for p in x.persons for s in p.spans] + [m.span for m in x.memberships]
    assert spans and all(text[s.start : s.end] == s.text for s in spans)
    assert any("\u200b" in s.text for s in spans)  # quoting the words as stored
