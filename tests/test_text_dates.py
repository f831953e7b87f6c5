"""parse_date / is_not_publication_date beyond the research vectors: each form in the issue."""

from __future__ import annotations

import pytest

from crawler.text.dates import ParsedDate, is_not_publication_date, parse_date, parse_publication_date


@pytest.mark.parametrize(
    ("text", "iso", "raw"),
    [
        ("Thứ Ba, 17/03/2021", "2021-03-17", "17/03/2021"),
        (
            "Ngày đăng 03/07/2018 | 02:24  | View count: 628",
            "2018-07-03T02:24:00+07:00",
            "03/07/2018 | 02:24",
        ),
        ("Cập nhật lúc: 08/01/2024 10:15", "2024-01-08T10:15:00+07:00", "08/01/2024 10:15"),
        ("( Cập nhật lúc: 08/01/2024  )", "2024-01-08", "08/01/2024"),
        ("Đăng ngày 16 - 03 - 2022", "2022-03-16", "16 - 03 - 2022"),
        ("ngày 12 tháng 3 năm 2021", "2021-03-12", "ngày 12 tháng 3 năm 2021"),
        ("NGÀY 12 THÁNG 03 NĂM 2021", "2021-03-12", "NGÀY 12 THÁNG 03 NĂM 2021"),
        ("9-6-2020", "2020-06-09", "9-6-2020"),
        ("14:58, Thứ Ba, 9-6-2020", "2020-06-09T14:58:00+07:00", "14:58, Thứ Ba, 9-6-2020"),
        ("17/03/2021 8h30", "2021-03-17T08:30:00+07:00", "17/03/2021 8h30"),
        ("17/03/2021 lúc 8h", "2021-03-17T08:00:00+07:00", "17/03/2021 lúc 8h"),
        ("17/03/2021 8:30 SA", "2021-03-17T08:30:00+07:00", "17/03/2021 8:30 SA"),
        ("17/03/2021 2:15 CH", "2021-03-17T14:15:00+07:00", "17/03/2021 2:15 CH"),
        ("17/03/2021 12:05 SA", "2021-03-17T00:05:00+07:00", "17/03/2021 12:05 SA"),
        ("17/03/2021 12:05 PM", "2021-03-17T12:05:00+07:00", "17/03/2021 12:05 PM"),
        ("17.03.2021", "2021-03-17", "17.03.2021"),
        ("Cập nhật lúc 03:36 ngày 10/10/2015", "2015-10-10T03:36:00+07:00", "03:36 ngày 10/10/2015"),
        (
            "cms-publish-date 07/07/2020 | 03:16  | cms-view-count: 1453",
            "2020-07-07T03:16:00+07:00",
            "07/07/2020 | 03:16",
        ),
        ("Submitted by Ban biên tập on 18 October 2019", "2019-10-18", "18 October 2019"),
        ("October 18, 2019", "2019-10-18", "October 18, 2019"),
        ("Tin, ảnh: Hương Thảo 15/12/2023 14:25", "2023-12-15T14:25:00+07:00", "15/12/2023 14:25"),
        ("2021-03-17T08:30:00+07:00", "2021-03-17T08:30:00+07:00", "2021-03-17T08:30:00+07:00"),
        ("2021-03-16T20:30:00-05:00", "2021-03-17T08:30:00+07:00", "2021-03-16T20:30:00-05:00"),
        ("2021-03-17", "2021-03-17", "2021-03-17"),
        ("2021/03/17 08:30", "2021-03-17T08:30:00+07:00", "2021/03/17 08:30"),
        ("Thứ Năm, 29/02/2024", "2024-02-29", "29/02/2024"),
    ],
)
def test_forms(text: str, iso: str, raw: str) -> None:
    assert parse_date(text) == ParsedDate(iso=iso, raw=raw)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2021",
        "29/02/2023",
        "32/01/2021",
        "15/13/2021",
        "ngày 31 tháng 4 năm 2021",
        "",
        "Lượt xem: 148",
        "Số 123/KH-UBND",
        "00/00/0000",
    ],
)
def test_impossible_or_absent_dates_are_rejected(text: str) -> None:
    assert parse_date(text) is None


def test_first_valid_date_wins() -> None:
    assert parse_date("31/02/2021 rồi 05/03/2021").iso == "2021-03-05"
    assert parse_date("Ngày 05/03/2021, cập nhật 06/03/2021").iso == "2021-03-05"


def test_impossible_time_is_not_taken() -> None:
    parsed = parse_date("17/03/2021 25:61")
    assert parsed == ParsedDate(iso="2021-03-17", raw="17/03/2021")


def test_mdy_order_for_old_dong_thap_pages() -> None:
    assert parse_date("(4/2/2019 10:17:47 AM)", "mdy") == ParsedDate(
        iso="2019-04-02T10:17:47+07:00", raw="4/2/2019 10:17:47 AM"
    )
    assert parse_date("(4/2/2019 10:17:47 AM)").iso == "2019-02-04T10:17:47+07:00"
    assert parse_date("12/25/2018 3:05:00 PM", "mdy").iso == "2018-12-25T15:05:00+07:00"
    assert parse_date("25/12/2018", "mdy") is None  # month 25: impossible month-first


def test_mdy_does_not_touch_word_forms() -> None:
    assert parse_date("ngày 4 tháng 2 năm 2019", "mdy").iso == "2019-02-04"


def test_none_order_means_day_first() -> None:
    assert parse_date("4/2/2019", None).iso == "2019-02-04"


def test_nbsp_and_nfd_input() -> None:
    assert parse_date("Ngày\xa012\xa0tháng 3 năm 2021").iso == "2021-03-12"
    assert parse_date("Nga\u0300y 12 tha\u0301ng 3 na\u0306m 2021").iso == "2021-03-12"


@pytest.mark.parametrize(
    "text",
    [
        "Hải Phòng, ngày 21 tháng 01 năm 2020",
        "Quảng Ninh, ngày 05 tháng 4 năm 2021",
        "TP. Hồ Chí Minh, ngày 5 tháng 4 năm 2021",
        "Phan Rang-Tháp Chàm, ngày 05/04/2021",
        "6:11:13 , 17/1/2018",
        "06:11:13, Thứ Tư, 17/01/2018",
        "Hôm nay: Thứ Ba, 17/01/2018",
    ],
)
def test_print_headers_and_clocks_are_not_publication_dates(text: str) -> None:
    assert is_not_publication_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "17/03/2021",
        "Thứ Tư, 17/03/2021 08:30",
        "Ngày đăng: 17/03/2021 08:30:15",
        "(4/2/2019 10:17:47 AM)",
        "Cập nhật lúc 08:30:15 ngày 17/03/2021",
        "Sáng ngày 26/5/2020, Sở tổ chức hội nghị",
        "Ngày 12 tháng 3 năm 2021",
        "Hôm nay, ngày 26/5/2020, Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết",
    ],
)
def test_real_date_lines_are_not_flagged(text: str) -> None:
    assert not is_not_publication_date(text)


def test_print_header_still_parses() -> None:
    assert parse_date("Quảng Ninh, ngày 05 tháng 4 năm 2021").iso == "2021-04-05"


def test_publication_date_skips_print_headers_and_clocks() -> None:
    header = (
        "6:11:13 , 17/1/2018\nHải Phòng, ngày 21 tháng 01 năm 2020\nCập nhật: 05/01/2018 09:15\nLượt xem: 12"
    )
    assert parse_publication_date(header) == ParsedDate(
        iso="2018-01-05T09:15:00+07:00", raw="05/01/2018 09:15"
    )
    assert parse_publication_date("Hải Phòng, ngày 21 tháng 01 năm 2020") is None
    assert parse_publication_date("(4/2/2019 10:17:47 AM)", "mdy").iso == "2019-04-02T10:17:47+07:00"
