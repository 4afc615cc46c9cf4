"""Extraction on invented sentences: titles, posts, references by post, meetings, directives."""

from __future__ import annotations

import hashlib

from kg.extract import extract
from kg.model import Article, Extraction

TEXT = (
    "Thường trực Huyện ủy Chợ Đồn họp phiên thường kỳ\n\n"
    "Sáng ngày 05/3/2021, Ban Thường vụ Huyện ủy Chợ Đồn tổ chức hội nghị. "
    "Đồng chí Hoàng Văn Minh, Tỉnh ủy viên, Bí thư Huyện ủy Chợ Đồn chủ trì hội nghị. "
    "Dự hội nghị có đồng chí Lý Thị Hoa - Phó Bí thư Huyện ủy - Chủ tịch UBND huyện.\n\n"
    "Kết luận hội nghị, đồng chí Bí thư Huyện ủy yêu cầu: UBND các xã, thị trấn tập trung chỉ đạo "
    "thu hoạch lúa vụ xuân; các phòng, ban chuyên môn cần rà soát kế hoạch năm 2021.\n\n"
    "Nông Văn Tám\n"
)


def _extract(text: str = TEXT) -> Extraction:
    return extract(Article("t", text, hashlib.sha256(text.encode()).hexdigest(), "t.txt"))


def test_persons_posts_and_places() -> None:
    x = _extract()
    names = {p.key: p.name for p in x.persons}
    assert set(names.values()) == {"Hoàng Văn Minh", "Lý Thị Hoa", "Nông Văn Tám"}
    posts = {(names[m.person], m.role.label_vi, m.organization) for m in x.memberships}
    district = "vn-06-064"  # huyện Chợ Đồn, tỉnh Bắc Kạn, in the gazetteer
    assert (("Hoàng Văn Minh", "Bí thư", f"{district}/cap-uy")) in posts
    assert ("Hoàng Văn Minh", "Tỉnh ủy viên", "vn-06/cap-uy") in posts
    assert ("Lý Thị Hoa", "Phó Bí thư", f"{district}/cap-uy") in posts
    assert ("Lý Thị Hoa", "Chủ tịch", f"{district}/ubnd") in posts
    assert [names[a] for a in x.authors] == ["Nông Văn Tám"]


def test_organizations_have_canonical_names_and_hierarchy() -> None:
    orgs = {o.key: o for o in _extract().organizations}
    committee = orgs["vn-06-064/cap-uy"]
    assert committee.labels[:2] == ("Huyện ủy Chợ Đồn", "Ban Chấp hành Đảng bộ huyện Chợ Đồn")
    assert orgs["vn-06-064/cap-uy/ban-thuong-vu"].parent == "vn-06-064/cap-uy"
    group = orgs["vn-06-064/uy-ban-nhan-dan-xa-thi-tran"]
    assert group.is_group and group.labels == (
        "Ủy ban nhân dân xã, thị trấn",
        "UBND các xã, thị trấn",
        "UBND xã, thị trấn",
    )


def test_meeting_date_organizer_and_chair() -> None:
    (meeting,) = _extract().meetings
    assert meeting.date == "2021-03-05" and meeting.kind == "conference"
    assert meeting.organizer == "vn-06-064/cap-uy/ban-thuong-vu"
    assert meeting.chair is not None and meeting.chair.endswith("hoang2-van-minh")


def test_directives_split_issuer_by_post_and_addressees() -> None:
    x = _extract()
    assert [d.instruction.split()[0] for d in x.directives] == ["UBND", "các"]
    chair = x.meetings[0].chair
    assert all(d.issuer == chair for d in x.directives)  # "đồng chí Bí thư Huyện ủy" = the holder
    assert x.directives[0].addressees == ("vn-06-064/uy-ban-nhan-dan-xa-thi-tran",)
    assert x.directives[1].addressees and "phong" in x.directives[1].addressees[0]


def test_spans_index_the_text() -> None:
    x = _extract()
    spans = [m.span for m in x.memberships] + [d.span for d in x.directives]
    spans += [s for p in x.persons for s in p.spans] + [s for m in x.meetings for s in m.spans]
    assert spans and all(TEXT[s.start : s.end] == s.text for s in spans)
