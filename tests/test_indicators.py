"""kg.extract.indicators: observations, assessments, and the unit and achievement lexicons."""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import kg.lexicons
from kg.errors import LexiconError
from kg.extract import indicators
from kg.extract.dates import reference_year
from kg.extract.indicators import (
    achievements,
    assessment_for,
    find_assessments,
    find_observations,
    once,
    status_of,
    units,
)
from kg.model import Article, Assessment, Observation
from kg.read.article import read_article
from kg.read.sentences import sentences

CORPUS = Path(__file__).parents[1].parent / "shared/corpus/dev"


def article(text: str) -> Article:
    text = unicodedata.normalize("NFC", text)
    return Article("t", text, hashlib.sha256(text.encode()).hexdigest(), "t.txt")


def observe(text: str, year: int | None = None) -> list[Observation]:
    a = article(text)
    return list(find_observations(a, sentences(a), "vn-99", year))


def assess(text: str, year: int | None = None) -> list[Assessment]:
    a = article(text)
    return list(find_assessments(a, sentences(a), "vn-99", year))


def test_percent_with_its_indicator_words() -> None:
    [o] = observe("Năm 2022, tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa đạt 91,5%; phong trào sôi nổi.")
    assert o.indicator == "tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa"
    assert o.span.text == "tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa đạt 91,5%"
    assert (o.value, o.unit, o.period, o.place, o.denominator) == (
        Decimal("91.5"),
        "percent",
        "2022",
        "vn-99",
        None,
    )


def test_growth_money_and_a_complement() -> None:
    found = observe(
        "Năm 2022, công nghiệp tăng 3,25%; thu ngân sách đạt 1.238,973 tỷ đồng, vượt 12,4 % so với dự toán; "
        "thu nhập bình quân đạt 52,1 triệu đồng, tăng 3,6 triệu đồng so với năm 2021."
    )
    assert [(o.value, o.unit) for o in found] == [
        (Decimal("3.25"), "percent"),
        (Decimal("1238.973"), "ty-dong"),
        (Decimal("12.4"), "percent"),
        (Decimal("52.1"), "trieu-dong"),
        (Decimal("3.6"), "trieu-dong"),
    ]
    assert found[0].span.text == "công nghiệp tăng 3,25%"
    assert found[2].span.text == "vượt 12,4 % so với dự toán"
    assert found[2].indicator == "thu ngân sách"  # a clause without a subject continues the one before
    assert found[4].span.text == "tăng 3,6 triệu đồng so với năm 2021"
    assert {o.period for o in found} == {"2022"}  # "so với năm 2021" is the base, not the period


def test_areas_lengths_and_counted_things() -> None:
    found = observe("Toàn huyện trồng mới trên 520 ha rừng, làm mới 12,5 km đường; hỗ trợ 320 hộ nghèo.")
    assert [(o.value, o.unit) for o in found] == [
        (Decimal("520"), "ha"),
        (Decimal("12.5"), "km"),
        (Decimal("320"), "ho"),
    ]


def test_a_count_needs_words_of_achievement() -> None:
    found = observe("Năm 2023, có 120 hộ thoát nghèo; đã kết nạp tổng số 35 đảng viên mới.")
    assert [(o.value, o.unit, o.period) for o in found] == [
        (Decimal("120"), "ho", "2023"),
        (Decimal("35"), "dang-vien", "2023"),
    ]


def test_two_counts_in_one_clause() -> None:
    found = observe("Hội nghị khen thưởng 05 tập thể và 17 cá nhân có thành tích xuất sắc trong năm 2023.")
    assert [(o.value, o.unit, o.span.text) for o in found] == [
        (Decimal("5"), "tap-the", "Hội nghị khen thưởng 05 tập thể"),
        (Decimal("17"), "ca-nhan", "17 cá nhân có thành tích xuất sắc trong năm 2023"),
    ]
    assert {o.period for o in found} == {"2023"}


def test_ratios() -> None:
    found = observe("Có 18/20 chỉ tiêu đạt kế hoạch, 12/15 xã đạt chuẩn nông thôn mới, xếp thứ 9/63 tỉnh.")
    assert [(o.value, o.denominator, o.unit) for o in found] == [
        (Decimal("18"), Decimal("20"), "chi-tieu"),
        (Decimal("12"), Decimal("15"), "xa"),
        (Decimal("9"), Decimal("63"), "count"),
    ]
    assert found[1].span.text == "12/15 xã đạt chuẩn nông thôn mới"


def test_party_units_written_with_a_comma() -> None:
    [o] = observe("Đến nay, 40/42 chi, đảng bộ trực thuộc đã tổ chức thành công đại hội.")
    assert (o.value, o.denominator, o.unit) == (Decimal("40"), Decimal("42"), "chi-dang-bo")
    assert o.span.text == "40/42 chi, đảng bộ trực thuộc đã tổ chức thành công đại hội"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("9 tháng đầu năm 2021, tổng giá trị sản xuất tăng 6,5% so với cùng kỳ.", "9 tháng đầu năm 2021"),
        ("Quý I-2022, thu ngân sách đạt 50 tỷ đồng.", "quý I-2022"),
        ("Thu ngân sách 6 tháng đầu năm đạt 50 tỷ đồng.", "6 tháng đầu năm"),
        ("Thu ngân sách đạt 50 tỷ đồng.", "2020"),  # the reference year
    ],
)
def test_periods(text: str, period: str) -> None:
    [o] = observe(text, year=2020)
    assert o.period == period


@pytest.mark.parametrize(
    "text",
    [
        "Sáng 16/12, Huyện ủy họp.",  # a date
        "Hội đồng nhân dân khóa VII, nhiệm kỳ 2021 – 2026 họp lần thứ 3.",  # term, session numbers
        "Thực hiện Kế hoạch số 248-KH/TU ngày 9-8-2019 của Ban Thường vụ.",  # a document
        "Qua 03 tổ thảo luận, có 48 ý kiến; 150 đại biểu tham dự.",  # meeting logistics
        "Hội nghị diễn ra trong 01 ngày; 30/32 đại biểu tán thành.",
        "Đặc biệt 04 phường trung tâm chủ động xây dựng kế hoạch.",  # a count that measures nothing
        "Dịch vụ tăng 0 68% so với năm trước.",  # a split number: the value is unknown
        "Phòng chống dịch Covid-19 được tăng cường.",
        "Năm 2024, phấn đấu tốc độ tăng trưởng kinh tế đạt 8%.",  # a target, not a result
        "Yêu cầu các xã phải hoàn thành 100% kế hoạch thu ngân sách.",
        "Công văn số 12/2021 về việc chuẩn bị đại hội.",
        "Kỳ họp tháng 10/2021 tổ chức trong 01 ngày.",
    ],
)
def test_not_indicators(text: str) -> None:
    assert observe(text) == []


def test_assessments_by_status() -> None:
    found = assess(
        "Năm 2022, sản xuất nông nghiệp, trồng rừng đạt và vượt kế hoạch; xã đã hoàn thành chương trình "
        "xây dựng nông thôn mới; nhiệm vụ phát triển du lịch đạt kết quả đề ra; "
        "thu hút đầu tư chưa đạt kế hoạch."
    )
    assert [(x.indicator, x.status, x.period) for x in found] == [
        ("trồng rừng", "exceeded", "2022"),
        ("chương trình xây dựng nông thôn mới", "achieved", "2022"),
        ("nhiệm vụ phát triển du lịch", "achieved", "2022"),
        ("thu hút đầu tư", "not-achieved", "2022"),
    ]
    # the items of a list before the phrase share its status: the span holds them all
    assert found[0].span.text == "sản xuất nông nghiệp, trồng rừng đạt và vượt kế hoạch"


def test_a_list_after_khó_hoàn_thành_gives_one_assessment_per_item() -> None:
    found = assess(
        "Đại biểu nêu nguyên nhân dẫn đến khó hoàn thành các chỉ tiêu như: Công tác thu ngân sách, "
        "giải ngân vốn đầu tư công năm 2023; tỷ lệ che phủ rừng và giảm nghèo bền vững…",
        year=2023,
    )
    assert [(x.indicator, x.status, x.period) for x in found] == [
        ("Công tác thu ngân sách", "at-risk", "2023"),
        ("giải ngân vốn đầu tư công", "at-risk", "2023"),
        ("tỷ lệ che phủ rừng", "at-risk", "2023"),
        ("giảm nghèo bền vững", "at-risk", "2023"),
    ]
    assert found[1].span.text == "giải ngân vốn đầu tư công năm 2023"


def test_an_assessment_holds_the_values_it_judges() -> None:
    text = "Thu ngân sách đạt 120 tỷ đồng, vượt 8 % so với dự toán; 12/12 xã đạt chuẩn nông thôn mới."
    a = article(text)
    obs = find_observations(a, sentences(a))
    ass = find_assessments(a, sentences(a))
    assert [(x.indicator, x.status) for x in ass] == [
        ("Thu ngân sách", "exceeded"),
        ("nông thôn mới", "achieved"),
    ]
    assert ass[0].span.text == "Thu ngân sách đạt 120 tỷ đồng, vượt 8 % so với dự toán"
    statuses = [h.status if (h := assessment_for(o, ass)) else None for o in obs]
    assert statuses == ["exceeded", "exceeded", "achieved"]


@pytest.mark.parametrize(
    "text",
    [
        "Huyện đã vượt qua nhiều khó khăn, thách thức.",  # "vượt" = overcome
        "Phấn đấu tổ chức thành công đại hội.",  # a goal, not a result
        "Các xã cần hoàn thành kế hoạch trước ngày 30/6.",  # a requirement
        "Hoàn thành việc đánh giá, phân loại cán bộ.",  # an instruction
        "Tỷ lệ hộ nghèo đạt 3,5%.",  # a value, not a target
    ],
)
def test_not_assessments(text: str) -> None:
    assert assess(text) == []


def test_lexicons_load() -> None:
    assert {"percent", "ty-dong", "trieu-dong", "ha", "nguoi", "ho", "km", "count"} <= set(units())
    assert units()["ty-dong"].label_vi == "tỷ đồng"
    assert achievements()["đạt và vượt"] == "exceeded"
    assert set(achievements().values()) == {"exceeded", "achieved", "at-risk", "not-achieved"}


@pytest.fixture
def bad_lexicon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Serve lexicon files from ``tmp_path`` and forget the cached ones, before and after."""
    monkeypatch.setattr(kg.lexicons, "lexicon_path", lambda name: tmp_path / name)
    caches = (
        units,
        achievements,
        indicators._unit_codes,
        indicators._value_pattern,
        indicators._phrase_pattern,
    )
    for f in caches:
        f.cache_clear()
    yield tmp_path
    for f in caches:
        f.cache_clear()


def test_a_bad_status_names_file_and_line(bad_lexicon: Path) -> None:
    (bad_lexicon / "achievement.tsv").write_text("# c\nphrase\tstatus\nđạt chuẩn\tachieved\nkhó đạt\tmaybe\n")
    with pytest.raises(LexiconError, match=r"^lexicons/achievement.tsv:4: status 'maybe'"):
        achievements()


def test_a_bad_unit_code_names_file_and_line(bad_lexicon: Path) -> None:
    (bad_lexicon / "units.tsv").write_text(
        "code\tlabel_vi\tlabel_en\tforms\nTỷ Đồng\ttỷ đồng\tbillion VND\ttỷ đồng\n"
    )
    with pytest.raises(LexiconError, match=r"^lexicons/units.tsv:2: "):
        units()


def test_a_form_of_two_units_is_reported(bad_lexicon: Path) -> None:
    (bad_lexicon / "units.tsv").write_text(
        "code\tlabel_vi\tlabel_en\tforms\nho\thộ\thouseholds\thộ\nh2\thộ\th\tHộ\n"
    )
    with pytest.raises(LexiconError, match=r"^lexicons/units.tsv:3: \['hộ'\] already name another unit"):
        units()


def test_a_missing_required_unit_is_reported(bad_lexicon: Path) -> None:
    (bad_lexicon / "units.tsv").write_text("code\tlabel_vi\tlabel_en\tforms\nha\tha\thectare\tha\n")
    with pytest.raises(LexiconError, match="is required"):
        units()


@pytest.mark.parametrize(
    "line",
    [
        "tỷ lệ đạt 94,2%, vượt 5 % so với " * 3_000,
        "30 chi, đảng bộ, " * 6_000,
        "1," * 50_000,
        "đạt và vượt kế hoạch, " * 4_500,
        "khó hoàn thành như: " + "a, " * 30_000,
        "Năm 2020, thu 5 tỷ đồng. " * 4_000,
    ],
)
def test_long_lines_run_in_linear_time(line: str) -> None:
    a = article(line)
    sents = sentences(a)
    began = time.perf_counter()
    find_observations(a, sents, None, 2020)
    find_assessments(a, sents, None, 2020)
    assert time.perf_counter() - began < 3.0


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared dev corpus is not beside the project")
def test_every_dev_article() -> None:
    total = 0
    for path in sorted(CORPUS.glob("*.txt")):
        a = read_article(path)
        sents = sentences(a)
        year = reference_year(a, sents)
        found: list[Observation | Assessment] = [
            *find_observations(a, sents, None, year),
            *find_assessments(a, sents, None, year),
        ]
        for x in found:
            assert a.text[x.span.start : x.span.end] == x.span.text
            assert x.indicator
        total += len(found)
    assert total > 0


def test_a_percentage_of_the_plan_states_its_status() -> None:
    found = observe(
        "Năm 2023, thu ngân sách đạt 112% dự toán; chi thường xuyên bằng 100% kế hoạch; "
        "vốn đầu tư công đạt 64% kế hoạch; thu phí tăng 20% so với dự toán; "
        "doanh thu đạt hơn 130% so với nghị quyết."
    )
    assert [(o.value, o.status) for o in found] == [
        (Decimal("112"), "exceeded"),
        (Decimal("100"), "achieved"),
        (Decimal("64"), None),  # below the plan, and the text does not judge it
        (Decimal("20"), "exceeded"),  # 20% above the estimate
        (Decimal("130"), "exceeded"),
    ]


def test_the_plan_percentage_judges_the_value_before_it() -> None:
    found = observe("Toàn xã trồng được 210 ha rừng, đạt 100% KH; sản lượng đạt 900 tấn, tăng 5%.")
    assert [(o.value, o.unit, o.status) for o in found] == [
        (Decimal("210"), "ha", "achieved"),
        (Decimal("100"), "percent", "achieved"),
        (Decimal("900"), "tan", None),
        (Decimal("5"), "percent", None),  # growth, not a share of the plan
    ]


def test_a_whole_ratio_is_achieved_unless_its_words_say_more() -> None:
    text = "Đến nay, 9/9 thôn có nhà văn hóa; huyện thực hiện đạt và vượt 8/8 chỉ tiêu chủ yếu."
    a = article(text)
    ass = find_assessments(a, sentences(a))
    statuses = [status_of(o, assessment_for(o, ass)) for o in find_observations(a, sentences(a))]
    assert statuses == ["achieved", "exceeded"]


def test_counts_with_their_noun() -> None:
    found = observe(
        "Hiện nay, Đảng bộ có 1.250 đảng viên, sinh hoạt tại 48 tổ chức cơ sở đảng. "
        "Trong quý, có 212 doanh nghiệp đăng ký thành lập mới. HĐND đã ban hành 120 nghị quyết. "
        "Cử tri bầu được 5/5 vị đại biểu; xã có 3 trường đạt chuẩn quốc gia."
    )
    assert [(o.value, o.unit) for o in found] == [
        (Decimal("1250"), "dang-vien"),
        (Decimal("48"), "to-chuc-co-so-dang"),
        (Decimal("212"), "doanh-nghiep"),
        (Decimal("120"), "nghi-quyet"),
        (Decimal("5"), "vi"),
        (Decimal("3"), "truong"),
    ]


def test_the_members_a_congress_represents_are_counted() -> None:
    [o] = observe("Dự đại hội có 150 đại biểu, đại diện cho hơn 3.400 đảng viên trong toàn Đảng bộ.")
    assert (o.value, o.unit) == (Decimal("3400"), "dang-vien")


def test_multiples_and_magnitude_words() -> None:
    found = observe(
        "Doanh thu du lịch tăng gấp 2,4 lần so với năm trước; tỉnh đón 2,5 triệu lượt khách; "
        "thu ngân sách đạt hơn 12 nghìn tỷ đồng, vốn huy động 05 ngàn tỷ đồng; xuất khẩu đạt 1,2 tỷ USD."
    )
    assert [(o.value, o.unit) for o in found] == [
        (Decimal("2.4"), "lan"),
        (Decimal("2500000"), "luot-khach"),
        (Decimal("12000"), "ty-dong"),
        (Decimal("5000"), "ty-dong"),
        (Decimal("1.2"), "ty-usd"),
    ]
    assert found[1].span.text == "tỉnh đón 2,5 triệu lượt khách"  # the words as written


def test_items_of_a_list_share_the_value_after_them() -> None:
    found = observe("Năm 2023, nông, lâm nghiệp, thủy sản tăng 3,2%; công nghiệp – xây dựng tăng 9,8%.")
    assert [(o.indicator, o.span.text) for o in found] == [
        ("nông, lâm nghiệp, thủy sản", "nông, lâm nghiệp, thủy sản tăng 3,2%"),
        ("công nghiệp – xây dựng", "công nghiệp – xây dựng tăng 9,8%"),
    ]


def test_a_decrease_per_year() -> None:
    [o] = observe("Tỷ lệ hộ nghèo giảm bình quân hằng năm 1,85%.")
    assert (o.value, o.unit, o.indicator) == (
        Decimal("1.85"),
        "percent",
        "Tỷ lệ hộ nghèo giảm bình quân hằng năm",
    )


def test_with_opens_the_second_value() -> None:
    found = observe("Xã đã tổ chức 5 đợt tặng quà với số tiền 80 triệu đồng.")
    assert [(o.value, o.unit, o.span.text) for o in found] == [
        (Decimal("5"), "dot", "Xã đã tổ chức 5 đợt tặng quà"),
        (Decimal("80"), "trieu-dong", "với số tiền 80 triệu đồng"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Các vận động viên tranh tài ở cự ly 21km và 42km.",  # a race
        "Đua thuyền năm nay có 16 thuyền của 7 xã đăng ký tham gia.",
        "Phường mới được thành lập trên cơ sở sáp nhập 3 phường.",  # a merger
        "Hội nghị được tổ chức 3 lần trong năm.",  # times, not a multiple
        "Nếu chưa đạt 100% kế hoạch thì phải huy động mọi nguồn lực.",  # a condition
    ],
)
def test_more_numbers_that_are_not_indicators(text: str) -> None:
    assert observe(text) == []


def test_a_quantity_stated_twice_is_kept_once() -> None:
    a = article(
        "Có 18/20 chỉ tiêu đạt kế hoạch\n\n"
        "Năm qua, huyện có 18/20 chỉ tiêu đạt kế hoạch; GRDP tăng 7%, thu ngân sách tăng 7%."
    )
    found = once(list(find_observations(a, sentences(a))))
    assert [(o.value, o.unit) for o in found] == [
        (Decimal("18"), "chi-tieu"),
        (Decimal("7"), "percent"),
        (Decimal("7"), "percent"),  # percentages repeat by chance
    ]


def test_reported_efforts_and_meeting_agendas() -> None:
    found = assess(
        "Nhiệm kỳ qua, Đảng bộ đã nỗ lực phấn đấu hoàn thành toàn diện các chỉ tiêu nghị quyết. "
        "Năm tới, phấn đấu hoàn thành các chỉ tiêu kế hoạch. "
        "Kỳ họp đã hoàn thành toàn bộ nội dung chương trình đề ra."
    )
    assert [(x.indicator, x.status) for x in found] == [("chỉ tiêu nghị quyết", "achieved")]
