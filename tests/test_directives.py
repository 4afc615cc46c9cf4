"""Directives on invented sentences: who speaks, which words are tasks, whom they address."""

from __future__ import annotations

import hashlib

from kg.extract import extract
from kg.model import Article, Directive, Extraction

MEETING = "Ngày 12/4/2023, UBND tỉnh Bắc Kạn tổ chức hội nghị triển khai nhiệm vụ quý II.\n\n"


def _extract(text: str) -> Extraction:
    return extract(Article("t", text, hashlib.sha256(text.encode()).hexdigest(), "t.txt"))


def _by_words(x: Extraction, words: str) -> Directive:
    (found,) = [d for d in x.directives if words in d.instruction]
    return found


def _label(x: Extraction, key: str | None) -> str:
    names = {p.key: p.name for p in x.persons} | {o.key: o.labels[0] for o in x.organizations}
    return names.get(key or "", "")


# --- who is speaking -------------------------------------------------------------------------


def test_the_speaker_keeps_the_floor_over_later_sentences_and_paragraphs() -> None:
    x = _extract(
        MEETING + "Phát biểu chỉ đạo tại hội nghị, đồng chí Hà Văn Lực – Chủ tịch UBND tỉnh nhấn mạnh, "
        "quý II có ý nghĩa quyết định đối với cả năm.\n\n"
        "Thời gian tới, các sở, ngành cần đẩy mạnh cải cách thủ tục hành chính.\n\n"
        "Tập trung tháo gỡ vướng mắc về mặt bằng cho các công trình trọng điểm.\n"
    )
    assert len(x.directives) == 2  # "quý II có ý nghĩa…" is a remark, not a task
    assert {_label(x, d.issuer) for d in x.directives} == {"Hà Văn Lực"}
    assert _label(x, _by_words(x, "cải cách").addressees[0]) == "các sở, ngành"


def test_tasks_after_a_speech_are_obligations() -> None:
    x = _extract(
        MEETING + "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh phát biểu tại hội nghị.\n\n"
        "Các huyện cần rà soát lại kế hoạch trồng rừng trước ngày 30/6.\n"
    )
    assert [d.modality for d in x.directives] == ["obligation"]  # "phát biểu" names no modality


def test_a_dated_report_of_an_event_ends_a_caption_speakers_floor() -> None:
    x = _extract(
        "Huyện ủy Chợ Đồn sơ kết 6 tháng\n\nBí thư Huyện ủy - Hoàng Văn Minh phát biểu tại hội nghị\n\n"
        "Chiều ngày 5/7/2024, Huyện ủy Chợ Đồn tổ chức hội nghị sơ kết 6 tháng đầu năm; "
        "xác định nhiệm vụ trọng tâm 6 tháng cuối năm.\n\n"
        "Trước ngày 30/7, các xã phải hoàn thành rà soát hộ nghèo.\n"
    )
    assert x.directives == ()  # the caption's speaker does not make the report, nor what follows, a task


def test_a_narrative_paragraph_or_another_speaker_ends_the_floor() -> None:
    x = _extract(
        MEETING + "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh yêu cầu các huyện rà soát danh mục dự án.\n\n"
        "Quý I, toàn tỉnh đã giải ngân được 18% kế hoạch vốn.\n\n"
        "Các huyện tiếp tục triển khai chương trình nông thôn mới.\n\n"
        "Ông Lương Văn Thái, Giám đốc Sở Tài chính báo cáo tình hình thu ngân sách. "
        "Các xã cần tăng cường quản lý đất đai.\n"
    )
    assert [d.instruction for d in x.directives] == ["các huyện rà soát danh mục dự án"]


def test_quoted_words_belong_to_the_speaker_named_after_them() -> None:
    x = _extract(
        MEETING + "“Các địa phương phải hoàn thành giải phóng mặt bằng trong tháng 6”, "
        "đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh nhấn mạnh.\n"
    )
    (d,) = x.directives
    assert d.instruction.startswith("Các địa phương phải hoàn thành")
    assert _label(x, d.issuer) == "Hà Văn Lực"


def test_a_pronoun_is_the_last_speaker_not_the_last_person_named() -> None:
    x = _extract(
        MEETING + "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh phát biểu kết luận hội nghị.\n\n"
        "Đồng chí biểu dương bà Triệu Thị Mai, Giám đốc Sở Y tế.\n\n"
        "Đồng chí yêu cầu Sở Y tế chủ động phòng, chống dịch bệnh mùa hè.\n"
    )
    (d,) = x.directives
    assert _label(x, d.issuer) == "Hà Văn Lực"


def test_praise_gives_the_floor_and_a_later_requirement_verb_still_counts() -> None:
    x = _extract(
        MEETING + "Kết luận hội nghị, đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh biểu dương các huyện.\n\n"
        "Thời gian tới, các huyện cần chủ động phương án phòng, chống thiên tai.\n\n"
        "Đồng chí Hà Văn Lực đánh giá cao Sở Y tế, đồng thời yêu cầu Sở Y tế rà soát trang thiết bị.\n"
    )
    assert [d.instruction for d in x.directives] == [
        "Thời gian tới, các huyện cần chủ động phương án phòng, chống thiên tai",
        "Sở Y tế rà soát trang thiết bị",
    ]
    assert {_label(x, d.issuer) for d in x.directives} == {"Hà Văn Lực"}


# --- issuers other than a named person ----------------------------------------------------------


def test_a_title_alone_is_its_holder_else_the_body_of_the_post() -> None:
    held = _extract(
        MEETING + "Dự hội nghị có đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh.\n\n"
        "Chủ tịch UBND tỉnh yêu cầu các sở khẩn trương hoàn thiện đề án.\n"
    )
    assert _label(held, held.directives[0].issuer) == "Hà Văn Lực"
    vacant = _extract(MEETING + "Chủ tịch UBND tỉnh yêu cầu các sở khẩn trương hoàn thiện đề án.\n")
    assert vacant.directives[0].issuer == "vn-06/ubnd"


def test_a_body_issues_requirements() -> None:
    x = _extract(MEETING + "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tổ chức tốt đại hội chi bộ.\n")
    (d,) = x.directives
    assert d.issuer == "vn-06/cap-uy/ban-thuong-vu"


def test_a_delegation_speaks_for_its_body_or_under_its_full_name() -> None:
    sent = _extract(
        MEETING + "Đoàn kiểm tra của Tỉnh ủy Bắc Kạn đề nghị Đảng ủy xã tiếp tục kiện toàn chi bộ.\n"
    )
    assert sent.directives[0].issuer == "vn-06/cap-uy"
    own = _extract(
        "Đoàn giám sát liên ngành của tỉnh do đồng chí Hà Văn Lực làm trưởng đoàn đã làm việc "
        "tại huyện Chợ Đồn.\n\n"
        "Sau khi kiểm tra thực tế, Đoàn yêu cầu huyện khẩn trương khắc phục các tồn tại.\n"
    )
    (d,) = own.directives
    assert _label(own, d.issuer) == "Đoàn giám sát liên ngành của tỉnh"


# --- which words are tasks -------------------------------------------------------------------------


def test_a_list_announced_with_a_colon_gives_one_directive_per_item() -> None:
    x = _extract(
        MEETING + "Kết luận hội nghị, đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh nêu rõ, thời gian tới "
        "các ngành cần tập trung vào các nhiệm vụ trọng tâm sau:\n"
        "1. Rà soát toàn bộ các dự án chậm tiến độ.\n"
        "2. Đẩy nhanh giải ngân vốn đầu tư công.\n"
        "- Tăng cường kiểm tra an toàn thực phẩm.\n"
    )
    words = [d.instruction for d in x.directives]
    assert words[1:] == [
        "Rà soát toàn bộ các dự án chậm tiến độ",
        "Đẩy nhanh giải ngân vốn đầu tư công",
        "Tăng cường kiểm tra an toàn thực phẩm",
    ]
    assert {_label(x, d.issuer) for d in x.directives} == {"Hà Văn Lực"}


def test_items_below_a_requirement_verb_and_colon_are_tasks_each_with_its_addressee() -> None:
    x = _extract(
        MEETING + "Sau khi nghe các sở báo cáo, đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh giao:\n"
        "- UBND huyện Chợ Đồn chủ trì, phối hợp với các đơn vị liên quan rà soát quỹ đất;\n"
        "+ Các trường học bảo đảm an toàn cho học sinh trong mùa mưa bão.\n"
        "Ông Lương Văn Thái, Giám đốc Sở Tài chính cho biết, ngân sách còn khó khăn.\n"
    )
    assert [d.addressees and _label(x, d.addressees[0]) for d in x.directives] == [
        "Ủy ban nhân dân huyện Chợ Đồn",
        "Các trường học",
    ]
    assert {_label(x, d.issuer) for d in x.directives} == {"Hà Văn Lực"}


def test_a_verb_of_saying_gives_only_the_words_worded_as_tasks() -> None:
    x = _extract(
        MEETING + "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh nhấn mạnh, kết quả quý I là đáng ghi nhận; "
        "các huyện phải giữ vững tốc độ tăng trưởng. Tuy nhiên, vẫn còn một số hạn chế cần khắc phục.\n"
    )
    assert [d.instruction for d in x.directives] == ["các huyện phải giữ vững tốc độ tăng trưởng"]


def test_awards_wishes_reports_and_nouns_are_not_directives() -> None:
    x = _extract(
        MEETING + "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh dự và chỉ đạo hội nghị.\n\n"
        "Đồng chí Hà Văn Lực yêu cầu: tặng bằng khen cho 5 tập thể; đã hoàn thành 12 chỉ tiêu; "
        "chúc các đại biểu sức khỏe.\n\n"
        "Ban Chỉ đạo tỉnh đã ban hành các văn bản hướng dẫn.\n"
    )
    assert x.directives == ()


# --- whom a task addresses ---------------------------------------------------------------------------


def test_the_words_between_the_verb_and_the_task_name_the_addressee() -> None:
    x = _extract(
        MEETING + "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh đề nghị ban quản lý các dự án giao thông "
        "khẩn trương hoàn thiện hồ sơ; báo cáo kết quả trước ngày 30/5.\n"
    )
    labels = [_label(x, d.addressees[0]) for d in x.directives]
    assert labels == ["ban quản lý các dự án giao thông"] * 2  # the second task keeps the addressee


def test_a_body_named_as_addressee_is_the_node_the_graph_knows() -> None:
    x = _extract(
        MEETING + "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh giao UBND huyện Chợ Đồn chủ trì "
        "việc di dời các hộ dân khỏi vùng sạt lở.\n"
    )
    (d,) = x.directives
    assert d.addressees == ("vn-06-064/ubnd",)


def test_a_place_stands_for_its_authorities() -> None:
    x = _extract(
        "Huyện ủy Chợ Đồn tổ chức hội nghị sơ kết.\n\n"
        "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh lưu ý, vụ mùa đã thu hoạch được 40%, huyện cần "
        "huy động lực lượng giúp dân thu hoạch nhanh.\n"
    )
    (d,) = x.directives
    assert d.addressees == ("vn-06-064/cap-uy",)  # the district's body the article names


def test_framing_then_a_requirement_verb_continues_the_speaker() -> None:
    x = _extract(
        MEETING + "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh yêu cầu các sở rà soát thủ tục đầu tư.\n"
        "Đối với dự án nâng cấp đường tỉnh 254 giao UBND huyện Chợ Đồn hoàn thành bàn giao mặt bằng.\n"
    )
    d = _by_words(x, "bàn giao mặt bằng")
    assert _label(x, d.issuer) == "Hà Văn Lực"
    assert d.addressees == ("vn-06-064/ubnd",)


def test_a_framing_that_names_bodies_addresses_the_task_and_one_that_names_things_does_not() -> None:
    x = _extract(
        MEETING + "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh nhấn mạnh, quý II rất quan trọng.\n"
        "Đối với các xã vùng cao, cần hỗ trợ người dân chuyển đổi cây trồng. "
        "Đối với các dự án chậm tiến độ, cần kiên quyết thu hồi. "
        "Các tuyến đường liên xã cần được sửa chữa trước mùa mưa.\n"
    )
    assert [_label(x, d.addressees[0]) if d.addressees else None for d in x.directives] == [
        "các xã vùng cao",
        None,
        None,
    ]


def test_the_headline_is_not_a_directive_of_its_own() -> None:
    x = _extract(
        "Chủ tịch UBND tỉnh yêu cầu các huyện đẩy nhanh giải ngân vốn đầu tư công\n\n"
        + MEETING
        + "Đồng chí Hà Văn Lực, Chủ tịch UBND tỉnh yêu cầu các huyện đẩy nhanh giải ngân vốn đầu tư công "
        "trong quý III.\n"
    )
    assert [d.instruction for d in x.directives] == [
        "các huyện đẩy nhanh giải ngân vốn đầu tư công trong quý III"
    ]
