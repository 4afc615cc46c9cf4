"""kg.extract.dates: date mentions, the reference year, reporting periods."""

from __future__ import annotations

import hashlib
import time
import unicodedata
from pathlib import Path

import pytest

from kg.extract.dates import DateMention, find_dates, find_period, opening_periods, reference_year
from kg.model import Article
from kg.read.article import read_article
from kg.read.sentences import sentences

CORPUS = Path(__file__).parents[1].parent / "shared/corpus/dev"


def article(text: str, published: str | None = None) -> Article:
    text = unicodedata.normalize("NFC", text)
    return Article("t", text, hashlib.sha256(text.encode()).hexdigest(), "t.txt", published=published)


def one(text: str) -> DateMention:
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "written", "day", "month", "year", "part"),
    [
        ("Ngày 16/12, Huyện ủy Yên Bình họp.", "Ngày 16/12", 16, 12, None, None),
        ("16/12, Huyện ủy Yên Bình họp.", "16/12", 16, 12, None, None),
        ("Sáng ngày 5/11, hội nghị khai mạc.", "Sáng ngày 5/11", 5, 11, None, "sang"),
        ("Sáng 7.8, đại hội bước sang ngày thứ hai.", "Sáng 7.8", 7, 8, None, "sang"),
        ("Chiều 03/6, đoàn công tác làm việc tại xã.", "Chiều 03/6", 3, 6, None, "chieu"),
        ("Tối 2-9, lễ hội diễn ra.", "Tối 2-9", 2, 9, None, "toi"),
        ("Trưa 1/5, đoàn đến xã.", "Trưa 1/5", 1, 5, None, "trua"),
        ("Hội nghị diễn ra ngày 4-4-2022 tại hội trường.", "ngày 4-4-2022", 4, 4, 2022, None),
        ("Trực tuyến - Ngày 9-4, tại trụ sở, Ban Thường vụ họp.", "Ngày 9-4", 9, 4, None, None),
        ("29-9, Ủy ban nhân dân xã tổ chức họp.", "29-9", 29, 9, None, None),
        (
            "Sáng nay, ngày 30 tháng 12 năm 2021, xã tổng kết.",
            "Sáng nay, ngày 30 tháng 12 năm 2021",
            30,
            12,
            2021,
            "sang",
        ),
        ("Báo cáo chốt số liệu 31/12/2020 của huyện.", "31/12/2020", 31, 12, 2020, None),
        ("Sáng ngày 11/3/2015, Thường trực họp.", "Sáng ngày 11/3/2015", 11, 3, 2015, "sang"),
        ("Hội nghị họp ngày 28.10.2020 tại tỉnh.", "ngày 28.10.2020", 28, 10, 2020, None),
    ],
)
def test_single_dates(
    text: str, written: str, day: int, month: int, year: int | None, part: str | None
) -> None:
    d = one(text)
    assert (d.span.text, d.day, d.month, d.year, d.part_of_day) == (written, day, month, year, part)
    assert text[d.span.start : d.span.end] == d.span.text


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Hội thảo diễn ra từ 26 đến 28.10.2020 tại tỉnh.", (26, 10, 2020), (28, 10, 2020)),
        ("Trong 2 ngày 7 và 8-5, đại hội xã Tân Lập diễn ra.", (7, 5, None), (8, 5, None)),
        ("Từ đêm 11 đến 13-9, miền núi có mưa to.", (11, 9, None), (13, 9, None)),
        ("Triển lãm (1/4/2019-1/4/2024) khép lại.", (1, 4, 2019), (1, 4, 2024)),
        ("Đợt kiểm tra từ ngày 3/6 đến ngày 5/6 tại huyện.", (3, 6, None), (5, 6, None)),
    ],
)
def test_ranges(text: str, start: tuple[int, int, int | None], end: tuple[int, int, int | None]) -> None:
    d = one(text)
    assert (d.day, d.month, d.year) == start
    assert (d.end_day, d.end_month, d.end_year) == end


@pytest.mark.parametrize(
    "text",
    [
        "Có 30/32 chỉ tiêu đạt kế hoạch.",  # a ratio
        "Xã đứng thứ 47/148 về chỉ số cải cách.",
        "Hội nghị rút kinh nghiệm đại hội của 21/25 đảng bộ cơ sở.",
        "Nhiệm kỳ 2021 – 2026 của Hội đồng nhân dân.",  # a term
        "Kỳ họp chuyên đề tháng 10/2021 của Hội đồng nhân dân.",  # a month, not a day
        "Tỷ lệ gia đình văn hóa đạt 94,2%.",  # a number
        "Nghị quyết số 11-NQ/TU về giáo dục.",  # a document number
        "Doanh thu tăng 7.8% so với cùng kỳ.",
        "Ngày 31/2, không có.",  # not a calendar day
        "Ngày 12/13, không có.",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_window_and_absolute_offsets() -> None:
    text = "Mở đầu. Chiều 20/12, hội nghị họp. Ngày 21/12, bế mạc."
    start = text.index("Chiều")
    found = find_dates(text, start, text.index("Ngày"))
    assert [(d.span.start, d.span.text) for d in found] == [(start, "Chiều 20/12")]


def test_iso() -> None:
    d = one("Sáng 16/12, hội nghị họp.")
    assert (d.iso(), d.iso(2020)) == ("--12-16", "2020-12-16")
    assert one("Ngày 11/3/2015, họp.").iso(2020) == "2015-03-11"


def year_of(text: str, published: str | None = None) -> int | None:
    a = article(text, published)
    return reference_year(a, sentences(a))


def test_reference_year_from_the_lead_date_itself() -> None:
    assert year_of("Tiêu đề\n\nSáng ngày 14/1/2023, Huyện ủy họp.") == 2023


def test_reference_year_from_publication_date() -> None:
    assert year_of("Tiêu đề\n\nSáng 16/12, Huyện ủy họp.", published="2022-12-17") == 2022
    # a December meeting reported in January
    assert year_of("Tiêu đề\n\nSáng 28/12, Huyện ủy họp.", published="2023-01-03") == 2022


def test_reference_year_from_a_full_date_elsewhere() -> None:
    text = (
        "Tiêu đề\n\nNgày 9-4, Tỉnh ủy họp.\n\nTỉnh ủy quán triệt bài phát biểu tại phiên họp ngày 13/3/2024."
    )
    assert year_of(text) == 2024


def test_a_document_date_is_no_evidence() -> None:
    text = "Tiêu đề\n\nChiều 26/7, Ban Thường vụ họp.\n\nTổng kết Nghị quyết số 05-NQ/TU ngày 27/7/2016."
    assert year_of(text) is None


def test_reference_year_from_the_month_of_the_lead() -> None:
    text = "Tiêu đề\n\nSáng ngày 18/10, Thường trực họp chuẩn bị kỳ họp tháng 10/2021."
    assert year_of(text) == 2021
    assert year_of("Tiêu đề\n\nSáng 18/10, họp chuẩn bị kỳ họp tháng 10 năm 2019.") == 2019
    # another month of the article is a period that names the year, not the lead's own month
    assert year_of("Tiêu đề\n\nSáng 18/10, họp chuẩn bị kỳ họp tháng 12/2019.") == 2019


def test_reference_year_from_a_year_end_review() -> None:
    title = "Huyện ủy họp đánh giá kết quả thực hiện nhiệm vụ năm 2022\n\n"
    assert year_of(title + "Sáng 20/12, Huyện ủy họp; ban hành nhiệm vụ năm 2023.") == 2022
    assert year_of(title + "Sáng 10/1, Huyện ủy họp; ban hành nhiệm vụ năm 2023.") == 2023
    assert year_of(title + "Sáng 10/7, Huyện ủy họp.") is None  # July: not when year reviews are held


def test_reference_year_from_the_congress_term() -> None:
    text = "Đại hội Đảng bộ xã Tân Lập (nhiệm kỳ 2025 - 2030)\n\nTrong 2 ngày 7 và 8-5, đại hội diễn ra."
    assert year_of(text) == 2025
    # the congress's resolution, implemented years later, says nothing of the year
    mid = "Tiêu đề\n\nSáng 8/5, xã thực hiện Nghị quyết Đại hội nhiệm kỳ 2025 - 2030."
    assert year_of(mid) is None


def test_reference_year_is_none_when_unsafe() -> None:
    assert year_of("Bí thư kiểm tra sản xuất\n\nSáng 9/9, Bí thư đi kiểm tra sản xuất vụ hè thu.") is None
    assert year_of("Không có ngày nào ở đây.") is None


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("thu ngân sách năm 2020 đạt kế hoạch", "2020"),
        ("tăng 6,5% so với năm 2020", None),
        ("tăng 6,5% so với cùng kỳ năm 2020", None),
        ("định hướng đến năm 2030", None),
        ("9 tháng năm 2021", "9 tháng 2021"),
        ("9 tháng 2021", "9 tháng 2021"),
        ("6 tháng đầu năm", "6 tháng đầu năm"),
        ("6 tháng cuối năm 2020", "6 tháng cuối năm 2020"),
        ("quý I-2022", "quý I-2022"),
        ("quý III năm 2022", "quý III-2022"),
        ("nhiệm kỳ 2015-2020", "2015-2020"),
        ("giai đoạn 2021 - 2025", "2021-2025"),
        ("thu hoạch lúa vụ hè thu", "hè thu"),
        ("trong 12 tháng qua", None),
    ],
)
def test_find_period(text: str, period: str | None) -> None:
    assert find_period(text) == period


def test_opening_periods_carry_over_a_paragraph() -> None:
    a = article(
        "Tiêu đề\nNăm 2022, xã đạt nhiều kết quả. Thu ngân sách vượt dự toán.\n9 tháng năm 2023, xã ổn định."
    )
    assert opening_periods(a.text, sentences(a)) == (None, "2022", "2022", "9 tháng 2023")


@pytest.mark.parametrize(
    "line",
    [
        "sáng" + " " * 100_000 + "x",
        "1." * 50_000,
        "ngày " * 20_000,
        "30/32 " * 16_000,
        "16/12-" * 16_000,
        "so với năm " * 9_000,
        "9 tháng " * 12_000,
    ],
)
def test_long_lines_run_in_linear_time(line: str) -> None:
    a = article(line)
    began = time.perf_counter()
    find_dates(a.text)
    find_period(a.text)
    reference_year(a, sentences(a))
    assert time.perf_counter() - began < 2.0


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared dev corpus is not beside the project")
def test_every_dev_article() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        a = read_article(path)
        sents = sentences(a)
        for d in find_dates(a.text):
            assert a.text[d.span.start : d.span.end] == d.span.text
            assert 1 <= d.month <= 12 and 1 <= d.day <= 31
        year = reference_year(a, sents)
        assert year is None or 1990 <= year <= 2100


def test_an_inferred_year_without_the_day_leaves_the_date_without_a_year() -> None:
    """The lead says "Sáng 29-2" and the year is taken to be 2021: no 2021-02-29 (not a day)."""
    (date,) = find_dates("Sáng 29-2, đại hội khai mạc")
    assert date.iso(2021) == "--02-29"
    assert date.iso(2024) == "2024-02-29"
