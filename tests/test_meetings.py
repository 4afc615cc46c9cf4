"""Meetings on invented articles: year, organizer, chair, kind, and several events per article."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from kg.extract import extract
from kg.model import Article, Extraction, Meeting


def _extract(text: str) -> Extraction:
    text = unicodedata.normalize("NFC", text)
    return extract(Article("t", text, hashlib.sha256(text.encode()).hexdigest(), "t.txt"))


def _only(text: str) -> tuple[Meeting, Extraction]:
    x = _extract(text)
    assert len(x.meetings) == 1, x.meetings
    return x.meetings[0], x


def _label(x: Extraction, key: str | None) -> str:
    return next(o.labels[0] for o in x.organizations if o.key == key)


def _name(x: Extraction, key: str | None) -> str:
    return next(p.name for p in x.persons if p.key == key)


# ---- the year, from the article's own evidence


@pytest.mark.parametrize(
    ("body", "date"),
    [
        # a period of the same year elsewhere in the article
        ("Sáng 14/7, Huyện ủy Chợ Đồn họp. Giá trị sản xuất 6 tháng đầu năm 2024 tăng 5%.", "2024-07-14"),
        # another month of the same year
        ("Ngày 3-10, UBND huyện Chợ Đồn họp. Chợ mới đã khai trương trong tháng 9/2019.", "2019-10-03"),
        # a year's results and the next year's tasks: a December meeting is of the first
        (
            "Chiều 20-12, Huyện ủy Chợ Đồn họp bàn phương hướng năm 2024. Thu ngân sách năm 2023 vượt.",
            "2023-12-20",
        ),
        # a January meeting of the same two years is of the second
        (
            "Sáng 12/1, UBND huyện Chợ Đồn họp triển khai nhiệm vụ năm 2024. Thu ngân sách năm 2023 vượt.",
            "2024-01-12",
        ),
        # a first session opens its term
        (
            "Sáng 30/6, HĐND huyện Chợ Đồn khóa XX, nhiệm kỳ 2021 – 2026 tổ chức kỳ họp thứ nhất.",
            "2021-06-30",
        ),
        # a term is reviewed in its last year
        (
            "Chiều 5/3, HĐND huyện Chợ Đồn tổ chức kỳ họp tổng kết hoạt động nhiệm kỳ 2016-2021.",
            "2021-03-05",
        ),
        # a congress opens its term, whatever past year it recalls
        (
            "Sáng 10/5, Đại hội đại biểu Đảng bộ huyện Chợ Đồn lần thứ XXI, nhiệm kỳ 2020 - 2025 khai mạc. "
            "Huyện được công nhận đạt chuẩn năm 2019.",
            "2020-05-10",
        ),
    ],
)
def test_the_year_is_read_from_the_articles_own_periods(body: str, date: str) -> None:
    meeting, _ = _only(f"Tiêu đề bài viết\n\n{body}\n")
    assert meeting.date == date


@pytest.mark.parametrize(
    "body",
    [
        # nothing in the text gives the year
        "Sáng 9/9, Huyện ủy Chợ Đồn họp bàn về sản xuất vụ mùa.",
        # a law's year dates the law, a horizon is no period, a term alone says nothing
        "Sáng 9/9, Huyện ủy Chợ Đồn họp triển khai Luật Đất đai năm 2013, định hướng đến năm 2030, "
        "nhiệm kỳ 2020 - 2025.",
        # a past fact's year: the meeting may be years later
        "Sáng 9/3, Huyện ủy Chợ Đồn họp. Xã Bằng Lãng được công nhận đạt chuẩn nông thôn mới năm 2019.",
        # a first session of communes merged mid-term is not in the term's first year
        "Sáng 1/7, HĐND xã Bằng Lãng (sau sắp xếp) tổ chức kỳ họp thứ nhất, nhiệm kỳ 2021 - 2026.",
        # a year and the next in May: either could be meant
        "Sáng 9/5, Huyện ủy Chợ Đồn họp. Huyện trồng 300 ha rừng năm 2022 và 250 ha năm 2023.",
        # a year only a plan names, late in the year: the meeting may be of the year before
        "Sáng 9/11, Huyện ủy Chợ Đồn họp. Huyện sẽ khai trương chợ vào tháng 3/2024.",
    ],
)
def test_no_year_is_invented(body: str) -> None:
    meeting, _ = _only(f"Tiêu đề bài viết\n\n{body}\n")
    assert meeting.date is not None and meeting.date.startswith("--")


def test_a_range_in_the_lead_gives_the_whole_event() -> None:
    meeting, _ = _only(
        "Khai mạc Đại hội Đảng bộ huyện Chợ Đồn\n\n"
        "Sáng 15/5, Đại hội đại biểu Đảng bộ huyện Chợ Đồn lần thứ XXI khai mạc.\n\n"
        "Đại hội diễn ra từ ngày 14 đến 16/5/2020 tại hội trường huyện.\n"
    )
    assert (meeting.date, meeting.end_date) == ("2020-05-14", "2020-05-16")


# ---- organizers


def test_a_congress_is_held_by_its_party_organization() -> None:
    meeting, x = _only(
        "Tiêu đề bài viết\n\nSáng 7.8, Đại hội đại biểu Đảng bộ huyện Chợ Đồn lần thứ XXI, "
        "nhiệm kỳ 2020 - 2025 bước sang ngày làm việc thứ hai.\n"
    )
    assert meeting.kind == "congress" and _label(x, meeting.organizer).startswith("Đảng bộ huyện Chợ Đồn")


def test_a_session_is_held_by_its_council() -> None:
    meeting, x = _only(
        "Tiêu đề bài viết\n\nNgày 6-12, tại kỳ họp thứ 5, HĐND huyện Chợ Đồn khóa XX, bà Lý Thị Hoa "
        "đánh giá cao kết quả năm 2017.\n"
    )
    assert meeting.kind == "session" and meeting.date == "2017-12-06"
    assert "Hội đồng nhân dân huyện Chợ Đồn" in _label(x, meeting.organizer)


def test_a_body_that_only_locates_the_subject_is_not_the_organizer() -> None:
    meeting, x = _only(
        "Tiêu đề bài viết\n\nSáng 15-1, Đảng bộ xã Bằng Lãng trực thuộc Huyện ủy Chợ Đồn "
        "tổ chức Đại hội đại biểu lần thứ XIV, nhiệm kỳ 2025-2030.\n"
    )
    assert _label(x, meeting.organizer).startswith("Đảng bộ xã Bằng Lãng")


def test_the_title_subject_organizes_an_event_the_body_leaves_unheld() -> None:
    meeting, x = _only("UBND huyện Chợ Đồn họp thường kỳ tháng 5\n\nNgày 6-6, các ông bà dự họp đông đủ.\n")
    assert "Ủy ban nhân dân huyện Chợ Đồn" in _label(x, meeting.organizer)


def test_a_guest_is_no_organizer() -> None:
    meeting, x = _only(
        "[Không có tiêu đề]\n\nCác đồng chí trong Ban Thường vụ Tỉnh ủy Bắc Kạn đến dự đại hội.\n\n"
        "Đại hội Đảng bộ huyện Chợ Đồn đã thảo luận nhiều nội dung quan trọng.\n"
    )
    assert meeting.date is None and _label(x, meeting.organizer).startswith("Đảng bộ huyện Chợ Đồn")


# ---- chairs


def test_under_the_chair_of() -> None:
    meeting, x = _only(
        "Tiêu đề bài viết\n\nNgày 06/9/2017, UBND huyện Chợ Đồn tổ chức cuộc họp thường kỳ, "
        "dưới sự chủ trì của đồng chí Hoàng Văn Minh, Chủ tịch UBND huyện.\n"
    )
    assert _name(x, meeting.chair) == "Hoàng Văn Minh"


def test_the_first_of_joint_chairs_presides() -> None:
    meeting, x = _only(
        "Tiêu đề bài viết\n\nNgày 6-6-2023, các ông: Hoàng Văn Minh - Chủ tịch UBND huyện; "
        "Lý Văn Tâm - Phó Chủ tịch UBND huyện đồng chủ trì cuộc họp thường kỳ UBND huyện Chợ Đồn.\n"
    )
    assert _name(x, meeting.chair) == "Hoàng Văn Minh"
    assert [_name(x, k) for k in meeting.co_chairs] == ["Lý Văn Tâm"]


def test_the_head_of_a_delegation_chairs_its_visit() -> None:
    meeting, x = _only(
        "HĐND huyện giám sát việc giải quyết kiến nghị cử tri\n\n"
        "Trong các ngày 9,10/6/2020, Đoàn giám sát của HĐND huyện Chợ Đồn do đồng chí Lý Thị Hoa, "
        "Phó Chủ tịch HĐND huyện làm trưởng đoàn đã giám sát tại các xã.\n"
    )
    assert meeting.kind == "visit" and (meeting.date, meeting.end_date) == ("2020-06-09", "2020-06-10")
    assert _name(x, meeting.chair) == "Lý Thị Hoa"


# ---- kinds, and what is no event


@pytest.mark.parametrize(
    ("event", "kind"),
    [
        ("tổ chức hội thảo khoa học về du lịch", "conference"),
        ("tổ chức tọa đàm về chuyển đổi số", "conference"),
        ("tổ chức tiếp xúc cử tri trước kỳ họp", "meeting"),
        ("giám sát việc giải quyết kiến nghị của cử tri", "visit"),
        ("khảo sát tình hình sản xuất vụ mùa", "visit"),
        ("họp phiên thường kỳ tháng 9", "meeting"),
    ],
)
def test_kinds(event: str, kind: str) -> None:
    meeting, _ = _only(f"Tiêu đề bài viết\n\nSáng 9/9/2022, UBND huyện Chợ Đồn {event}.\n")
    assert meeting.kind == kind


def test_a_meeting_room_is_not_an_event() -> None:
    meeting, _ = _only(
        "Tiêu đề bài viết\n\nSáng 11/12/2025, tại phòng họp Đảng ủy, Đảng ủy xã Bằng Lãng tổ chức "
        "Hội nghị giao ban khối Nội chính.\n"
    )
    assert meeting.kind == "conference"


def test_an_issue_date_is_not_the_event_date() -> None:
    meeting, _ = _only(
        "Tiêu đề bài viết\n\nThực hiện Kế hoạch số 04/KH-HĐND ngày 2/6/2020 của Thường trực HĐND huyện "
        "Chợ Đồn về giám sát.\n\nNgày 9/6/2020, Đoàn giám sát đã làm việc tại xã.\n"
    )
    assert meeting.date == "2020-06-09"


def test_an_event_noun_inside_a_name_is_not_the_event() -> None:
    meeting, x = _only(
        "Tiêu đề bài viết\n\nSáng ngày 3.10.2019, Tiểu ban văn kiện Đại hội đại biểu Đảng bộ huyện "
        "Chợ Đồn lần thứ XXI đã có buổi làm việc với Đảng ủy xã Bằng Lãng.\n"
    )
    assert meeting.kind == "visit"
    assert meeting.organizer is None or not _label(x, meeting.organizer).startswith("Đảng bộ huyện")


def test_days_of_work_are_not_a_visit() -> None:
    meeting, _ = _only(
        "Tiêu đề bài viết\n\nSau hai ngày làm việc, chiều 5-6, Đại hội đại biểu Đảng bộ huyện Chợ Đồn "
        "lần thứ XXI, nhiệm kỳ 2020 - 2025 đã bế mạc.\n"
    )
    assert (meeting.kind, meeting.date) == ("congress", "2020-06-05")


def test_who_speaks_at_an_event_is_not_its_body() -> None:
    meeting, _ = _only(
        "Tiêu đề bài viết\n\nSáng 9/9, tại hội nghị, UBND huyện Chợ Đồn báo cáo tình hình sản xuất.\n"
    )
    assert meeting.organizer is None


def test_a_sports_report_has_no_meeting() -> None:
    x = _extract(
        "Đội bóng huyện Chợ Đồn vô địch giải bóng đá\n\n"
        "Chiều 12/8, trận chung kết diễn ra trên sân vận động huyện trước hàng nghìn khán giả.\n"
    )
    assert x.meetings == ()


# ---- several meetings per article


TWO = (
    "Đảng ủy xã Bằng Lãng triển khai nhiệm vụ quý IV\n\n"
    "Ngày 2/10/2025, Ban Chấp hành Đảng bộ xã Bằng Lãng tổ chức hội nghị lần thứ ba. "
    "Đồng chí Hoàng Văn Minh, Bí thư Đảng ủy xã chủ trì hội nghị.\n\n"
    "Xã đã tổ chức thành công Đại hội đại biểu Đảng bộ xã lần thứ I, nhiệm kỳ 2025-2030.\n\n"
    "Đồng chí Hoàng Văn Minh yêu cầu các chi bộ tập trung thu hoạch lúa mùa.\n"
)


def test_a_held_congress_is_a_second_meeting() -> None:
    x = _extract(TWO)
    main, congress = x.meetings
    assert (main.kind, main.date, _name(x, main.chair)) == ("conference", "2025-10-02", "Hoàng Văn Minh")
    assert congress.kind == "congress" and congress.date is None and congress.chair is None
    assert _label(x, congress.organizer).startswith("Đảng bộ xã Bằng Lãng")
    assert len({m.key for m in x.meetings}) == 2
    # the facts stated at the conference stay with it
    assert x.directives and all(d.meeting == main.key for d in x.directives)


def test_the_main_event_told_again_is_no_second_meeting() -> None:
    x = _extract(
        "Tiêu đề bài viết\n\nSáng 15/10/2025, Tỉnh ủy Bắc Kạn tổ chức Đại hội đại biểu Đảng bộ tỉnh lần "
        "thứ XIII.\n\nĐại hội đại biểu Đảng bộ tỉnh Bắc Kạn lần thứ XIII đã thành công tốt đẹp.\n"
    )
    assert [m.kind for m in x.meetings] == ["congress"]


def test_a_planned_congress_is_no_meeting() -> None:
    planned = TWO.replace("Xã đã tổ chức thành công", "Xã chuẩn bị tổ chức thành công")
    assert [m.kind for m in _extract(planned).meetings] == ["conference"]


def test_a_congress_tells_of_its_new_committees_first_sitting() -> None:
    x = _extract(
        "Tiêu đề bài viết\n\nChiều 5-6, Đại hội đại biểu Đảng bộ huyện Chợ Đồn lần thứ XXI, nhiệm kỳ "
        "2020 - 2025 bế mạc. Đại hội bầu Ban Chấp hành Đảng bộ huyện Chợ Đồn gồm 35 đồng chí.\n\n"
        "Tại hội nghị lần thứ nhất, Ban Chấp hành đã bầu Ban Thường vụ gồm 11 đồng chí.\n"
    )
    congress, sitting = x.meetings
    assert (congress.kind, congress.date) == ("congress", "2020-06-05")
    assert (sitting.kind, sitting.date) == ("conference", None)
    assert _label(x, sitting.organizer) == "Huyện ủy Chợ Đồn"
