"""split_byline / strip_boilerplate / source_tag: every byline shape in the issue, and real last
paragraphs kept."""

from __future__ import annotations

import pytest

from crawler.text.byline import is_boilerplate_line, source_tag, split_byline, strip_boilerplate

BODY = [
    "Sáng ngày 16/3, Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác năm 2021.",
    "Hội nghị đã thống nhất các nhiệm vụ trọng tâm trong năm 2022.",
]


@pytest.mark.parametrize(
    ("tail", "author"),
    [
        (["Quốc Trạng"], "Quốc Trạng"),
        (["VTH"], "VTH"),
        (["T.H"], "T.H"),
        (["BBT"], "BBT"),
        (["Quang Thìn"], "Quang Thìn"),
        (["Kim Tiến"], "Kim Tiến"),
        (["N.T.Hương"], "N.T.Hương"),
        (["Tin, ảnh: Hương Thảo 15/12/2023 14:25"], "Hương Thảo"),
        (["Bài và ảnh Ngọc Nguyên"], "Ngọc Nguyên"),
        (["Tác giả: Nguyễn Văn An"], "Nguyễn Văn An"),
        (["Tin và ảnh: Minh Hiếu"], "Minh Hiếu"),
        (["PV: Hồng Nhung"], "Hồng Nhung"),
        (["(BBT)"], "BBT"),
        (["Quốc Trạng."], "Quốc Trạng"),
        (["Minh Anh - Trung tâm CNTT&TT"], "Minh Anh - Trung tâm CNTT&TT"),
        (["Quốc Trạng, Minh Hiếu"], "Quốc Trạng, Minh Hiếu"),
        (["Tin, ảnh:", "Hương Thảo"], "Hương Thảo"),
        (["Kim Tiến", "15/12/2023"], "Kim Tiến"),
    ],
)
def test_byline_taken_off(tail: list[str], author: str) -> None:
    assert split_byline(BODY + tail) == (BODY, author)


def test_byline_glued_to_sidebar_text() -> None:
    assert split_byline([*BODY, "T.HThống kê truy cập"]) == (BODY, "T.H")
    assert split_byline([*BODY, "T.HThống kê truy cập\nĐang truy cập: 12\nTổng: 34567"]) == (BODY, "T.H")


def test_trailing_boilerplate_then_byline() -> None:
    tail = [
        "Quốc Trạng",
        "Nguồn: Báo Ninh Thuận",
        "Lượt xem: 148",
        "In bài | Gửi email | Chia sẻ",
        "Bản quyền © 2021",
    ]
    assert split_byline(BODY + tail) == (BODY, "Quốc Trạng")


def test_sidebar_list_after_byline() -> None:
    tail = [
        "Quốc Trạng",
        "Các tin khác",
        "Hội nghị giao ban tháng 2 (03/03/2021)",
        "Tập huấn chuyển đổi số (01/03/2021)",
    ]
    assert split_byline(BODY + tail) == (BODY, "Quốc Trạng")


def test_byline_in_the_last_paragraph_after_a_sentence() -> None:
    paras = [BODY[0], "Đoàn công tác đã đến thăm và làm việc tại đơn vị. Tin, ảnh: Hương Thảo"]
    assert split_byline(paras) == (
        [BODY[0], "Đoàn công tác đã đến thăm và làm việc tại đơn vị."],
        "Hương Thảo",
    )


def test_lines_inside_the_last_paragraph() -> None:
    paras = [BODY[0], "Hội nghị kết thúc tốt đẹp.\nQuốc Trạng\nLượt xem: 148"]
    assert split_byline(paras) == ([BODY[0], "Hội nghị kết thúc tốt đẹp."], "Quốc Trạng")


@pytest.mark.parametrize(
    "last",
    [
        "Hội nghị kết thúc lúc 11 giờ cùng ngày.",
        "Trân trọng!",
        "Xin trân trọng giới thiệu",
        "DANH SÁCH ĐÍNH KÈM",
        "Hết",
        "Kết Luận",
        "Các đại biểu chụp ảnh lưu niệm",
        "Ảnh: Quốc Trạng",
        "Đánh giá cao kết quả đạt được, Giám đốc Sở đề nghị các phòng tiếp tục phát huy trong năm tới.",
        "Chia sẻ kinh nghiệm, các đơn vị đã nêu nhiều cách làm hay trong chuyển đổi số ở cơ sở.",
        "Nguồn vốn thực hiện từ ngân sách tỉnh.",
        "Đánh giá cao kết quả đạt được.",
        "Top 10 doanh nghiệp chuyển đổi số tiêu biểu năm 2021",
        "Chia sẻ tại hội nghị, ông An cho biết sẽ tiếp tục đầu tư hạ tầng.",
        "Tin liên quan đến dịch bệnh được cập nhật hằng ngày trên Cổng thông tin điện tử của tỉnh.",
    ],
)
def test_real_last_paragraph_is_kept(last: str) -> None:
    assert split_byline([*BODY, last]) == ([*BODY, last], None)


def test_a_lone_byline_shaped_paragraph_is_not_taken() -> None:
    assert split_byline(["Quốc Trạng"]) == (["Quốc Trạng"], None)


def test_input_list_not_modified_and_empty_input() -> None:
    paras = [*BODY, "Quốc Trạng"]
    split_byline(paras)
    assert paras == [*BODY, "Quốc Trạng"]
    assert split_byline([]) == ([], None)
    assert split_byline(["", "  "]) == ([], None)


def test_strip_boilerplate_keeps_the_byline() -> None:
    assert strip_boilerplate([*BODY, "VTH", "Lượt xem: 12", "Chia sẻ"]) == [*BODY, "VTH"]


@pytest.mark.parametrize(
    "line",
    [
        "Nguồn: baoninhthuan.com.vn",
        "(Nguồn: Sở TT&TT)",
        "Lượt xem: 148",
        "Số lượt xem: 12",
        "View count: 628",
        "In bài",
        "In bài | Gửi email | Chia sẻ",
        "Chia sẻ",
        "Bản quyền thuộc Sở Thông tin và Truyền thông",
        "Copyright © 2020",
        "Quay lại",
        "Về đầu trang",
        "Các tin khác",
        "Tin liên quan",
        "Từ khóa: chuyển đổi số",
        "Từ khoá: chuyển đổi số",
        "Tags: CNTT",
        "|",
        "»",
        "",
        "Facebook Twitter Zalo",
        "Bình luận (0)",
        "Chia sẻ bài viết:",
        "Gửi ý kiến của bạn",
        "Back | Top",
        "Xem thêm: Hội nghị giao ban tháng 2",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    ("paragraph", "tag"),
    [
        ("HNP - Sáng ngày 3/7, Sở Thông tin và Truyền thông Hà Nội tổ chức hội nghị sơ kết.", "HNP"),
        ("Sở TTTT AG - Chiều ngày 10/01/2023, Sở Thông tin và Truyền thông tổ chức hội nghị.", "Sở TTTT AG"),
        ("(TTXVN) - Ngày 5/4, Bộ Thông tin và Truyền thông tổ chức hội nghị trực tuyến.", "TTXVN"),
        ("Hội nghị - hội thảo về chuyển đổi số được tổ chức tại tỉnh.", None),
        ("Sở Thông tin và Truyền thông tổ chức hội nghị.", None),
        ("HNP - Hội nghị sơ kết", None),  # too short to be a lead: a title with a tag
    ],
)
def test_source_tag(paragraph: str, tag: str | None) -> None:
    assert source_tag(paragraph) == tag


def test_source_tag_stays_in_the_text() -> None:
    lead = "HNP - Sáng ngày 3/7, Sở Thông tin và Truyền thông Hà Nội tổ chức hội nghị sơ kết công tác."
    assert split_byline([lead, BODY[1], "VTH"]) == ([lead, BODY[1]], "VTH")
