"""Generic article extraction (no selectors, no platform) on whole pages of unknown templates.

Each folder of ``tests/fixtures/generic/`` holds ``page.html`` (raw bytes as served), ``meta.json``
(``url``, ``fetched_at``, optional ``headers`` and ``listing_entry``) and ``expected.json`` written by
hand from what a reader sees on the page. One test per field, parametrised over the pages.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from crawler.pages import dom
from crawler.pages.article import ArticlePage
from crawler.pages.base import Document, ListingEntry

FIXTURES = Path(__file__).parent / "fixtures" / "generic"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "page.html").is_file())
FIELDS = (
    "title",
    "published_at",
    "published_at_raw",
    "author",
    "summary",
    "text",
    "images",
    "attachments",
    "canonical_hint",
)


def header_charset(meta: dict) -> str | None:
    content_type = (meta.get("headers") or {}).get("Content-Type", "")
    match = re.search(r"charset=([\w.:-]+)", content_type, re.I)
    return match.group(1) if match else None


@cache
def extracted(case: str) -> dict:
    folder = FIXTURES / case
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    doc = Document.from_bytes((folder / "page.html").read_bytes(), meta["url"], header_charset(meta))
    entry = ListingEntry(**meta["listing_entry"]) if meta.get("listing_entry") else None
    return ArticlePage(doc, listing_entry=entry).to_item()


@cache
def expected(case: str) -> dict:
    return json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))


def test_enough_cases() -> None:
    assert len(CASES) >= 6


def test_item_keys() -> None:
    assert set(extracted(CASES[0])) == set(FIELDS)


@pytest.mark.parametrize("case", CASES)
def test_title(case: str) -> None:
    assert extracted(case)["title"] == expected(case)["title"]


@pytest.mark.parametrize("case", CASES)
def test_published_at(case: str) -> None:
    assert extracted(case)["published_at"] == expected(case)["published_at"]


@pytest.mark.parametrize("case", CASES)
def test_published_at_raw(case: str) -> None:
    assert extracted(case)["published_at_raw"] == expected(case)["published_at_raw"]


@pytest.mark.parametrize("case", CASES)
def test_author(case: str) -> None:
    assert extracted(case)["author"] == expected(case)["author"]


@pytest.mark.parametrize("case", CASES)
def test_summary(case: str) -> None:
    assert extracted(case)["summary"] == expected(case)["summary"]


@pytest.mark.parametrize("case", CASES)
def test_text(case: str) -> None:
    assert extracted(case)["text"] == expected(case)["text"]


@pytest.mark.parametrize("case", CASES)
def test_images(case: str) -> None:
    assert extracted(case)["images"] == expected(case)["images"]


@pytest.mark.parametrize("case", CASES)
def test_attachments(case: str) -> None:
    assert extracted(case)["attachments"] == expected(case)["attachments"]


@pytest.mark.parametrize("case", CASES)
def test_canonical_hint(case: str) -> None:
    assert extracted(case)["canonical_hint"] == expected(case)["canonical_hint"]


# --- behaviours on small pages -------------------------------------------------------------------------
PARAS = "".join(
    f"<p>Đoạn văn thứ {i} của bài viết, nói về hội nghị chuyển đổi số, an toàn thông tin và dịch vụ công.</p>"
    for i in range(1, 5)
)
SMALL = f"""<html><head><title>Hội nghị chuyển đổi số năm 2024 - Sở TT&amp;TT tỉnh X</title></head><body>
<div id="menu"><a href="/">Trang chủ</a> <a href="/tin">Tin hoạt động</a></div>
<div class="box"><h1 class="headline">Hội nghị chuyển đổi số năm 2024</h1>
<div class="ngaydang">Đăng ngày 16 - 03 - 2022</div>
<div class="story">{PARAS}</div>
<div class="other"><h2 class="real">Tiêu đề theo selector của site</h2>
<span class="when">05/05/2020</span></div>
</div></body></html>"""


def page(html: str, url: str = "https://stttt.x.gov.vn/tin/bai-1.html", **kw: object) -> ArticlePage:
    return ArticlePage(Document.from_text(html, url), **kw)  # type: ignore[arg-type]


def test_generic_small_page() -> None:
    item = page(SMALL).to_item()
    assert item["title"] == "Hội nghị chuyển đổi số năm 2024"
    assert item["published_at"] == "2022-03-16"
    assert item["text"].count("\n\n") == 3 and item["text"].startswith("Đoạn văn thứ 1")


def test_site_selectors_override_per_field() -> None:
    article = page(SMALL, selectors={"title": "h2.real", "published_at": ".when"})
    assert article.title() == "Tiêu đề theo selector của site"
    assert article.published().iso == "2020-05-05"
    assert article.text().startswith("Đoạn văn thứ 1")  # untouched fields stay generic


def test_site_selector_that_finds_nothing_falls_back() -> None:
    assert page(SMALL, selectors={"title": ".does-not-exist"}).title() == "Hội nghị chuyển đổi số năm 2024"


def test_text_selector_limits_body() -> None:
    html = SMALL.replace('<div class="story">', '<div class="story"><p id="only">Chỉ đoạn này thôi.</p>')
    assert page(html, selectors={"text": "#only"}).text() == "Chỉ đoạn này thôi."


def test_platform_hint_first_then_generic() -> None:
    html = SMALL.replace('class="headline"', 'class="ArticleHeader"').replace('class="story"', 'class="x"')
    html = html.replace('<div class="x">', '<div class="ArticleSummary">Tóm tắt bài viết về hội nghị.</div>'
                        '<div class="x">')  # fmt: skip
    article = page(html, platform="uiarticle")
    assert article.title() == "Hội nghị chuyển đổi số năm 2024"
    assert article.summary() == "Tóm tắt bài viết về hội nghị."
    # .ArticleContent is absent: the generic scorer still finds the body.
    assert article.text().startswith("Đoạn văn thứ 1")


def test_liferay_null_title_prefix() -> None:
    html = SMALL.replace(
        ">Hội nghị chuyển đổi số năm 2024</h1>", ">null Hội nghị chuyển đổi số năm 2024</h1>"
    )
    assert page(html, platform="liferay").title() == "Hội nghị chuyển đổi số năm 2024"


def test_joomla_email_in_pdf_prefix() -> None:
    html = SMALL.replace('<div class="story">', '<div class="story"><p>Email In PDF.</p>')
    assert page(html, platform="joomla").text().startswith("Đoạn văn thứ 1")


def test_date_order_mdy() -> None:
    html = SMALL.replace("Đăng ngày 16 - 03 - 2022", "(4/2/2019 10:17:47 AM)")
    assert page(html, date_order="mdy").published().iso == "2019-04-02T10:17:47+07:00"


def test_listing_date_only_when_page_has_none() -> None:
    entry = ListingEntry(url="https://stttt.x.gov.vn/tin/bai-1.html", date_raw="01/02/2023")
    assert page(SMALL, listing_entry=entry).published().iso == "2022-03-16"
    no_date = SMALL.replace("Đăng ngày 16 - 03 - 2022", "")
    assert page(no_date, listing_entry=entry).published().iso == "2023-02-01"


def test_canonical_on_other_host_is_ignored() -> None:
    html = SMALL.replace("<head>", '<head><link rel="canonical" href="https://other.example.com/x">')
    assert page(html).canonical_url() is None
    html = SMALL.replace("<head>", '<head><link rel="canonical" href="/tin/bai-1.html?a=1">')
    assert page(html).canonical_url() == "https://stttt.x.gov.vn/tin/bai-1.html?a=1"


def test_icons_and_spacers_are_not_images() -> None:
    imgs = (
        '<img src="/upload/anh-hoi-nghi.jpg" width="600">'
        '<img src="/images/spacer.gif" width="1" height="1">'
        '<img src="/upload/x.png" width="16" height="16">'
        '<img src="/images/icon_email.png">'
        '<img src="data:image/gif;base64,R0lGOD">'
    )
    html = SMALL.replace('<div class="story">', f'<div class="story"><p>{imgs}</p>')
    assert [i["url"] for i in page(html).images()] == ["https://stttt.x.gov.vn/upload/anh-hoi-nghi.jpg"]


# --- dom helpers ---------------------------------------------------------------------------------------
def test_scan_lines_and_paragraph_breaks() -> None:
    root = Document.from_text("<div>một<br>hai<br> <br>ba<p>bốn</p>năm</div>", "http://x.vn/").tree
    blocks = dom.scan(root).blocks
    assert [b.text for b in blocks] == ["một", "hai", "ba", "bốn", "năm"]
    assert [b.soft for b in blocks] == [False, True, False, False, False]


def test_single_br_joins_lines_double_br_splits_paragraphs() -> None:
    body = "<div class='content'><p>Dòng một của đoạn,<br>dòng hai của đoạn.<br><br>Đoạn thứ hai.</p></div>"
    html = SMALL.replace('<div class="story">', f'<div class="story">{body}')
    text = page(html).text()
    assert text.startswith("Dòng một của đoạn, dòng hai của đoạn.\n\nĐoạn thứ hai.\n\nĐoạn văn thứ 1")


SIDEBAR = (
    '<div id="sidebar"><a href="/a">Tin A</a></div>'
    + '<div class="content"><p>Chữ <a href="/b">liên</a></p></div>'
)


def test_scan_marks_junk_and_links() -> None:
    blocks = dom.scan(Document.from_text(SIDEBAR, "http://x.vn/").tree, prune=False).blocks
    assert blocks[0].junk >= 0 and blocks[0].link_ratio == 1.0
    assert blocks[1].junk == -1 and 0 < blocks[1].link_ratio < 1


def test_scan_prunes_furniture_but_counts_it_as_links() -> None:
    result = dom.scan(Document.from_text(SIDEBAR, "http://x.vn/").tree)
    assert [b.text for b in result.blocks] == ["Chữ liên"]
    sidebar = next(el for el, name in result.classed if "sidebar" in name)
    assert result.spans[sidebar].link_ratio == 1.0


def test_visible_text_skips_scripts_and_hidden() -> None:
    html = '<div>Xin <script>var a;</script><span style="display:none">ẩn</span>chào<br>bạn</div>'
    el = Document.from_text(html, "http://x.vn/").tree.find(".//div")
    assert dom.visible_text(el) == "Xin chào bạn"


def test_link_density() -> None:
    el = Document.from_text('<div>abcd<a href="/x">efgh</a></div>', "http://x.vn/").tree.find(".//div")
    assert dom.link_density(el) == 0.5


def test_junk_names() -> None:
    assert dom.is_junk_name("box-tinlienquan")
    assert dom.is_junk_name("main-menu")
    assert not dom.is_junk_name("article-header")  # positive word wins
    assert not dom.is_junk_name("noidung")


def test_teaser_sidebar_does_not_outscore_a_short_article() -> None:
    teaser = (
        '<div class="news-item"><h3><a href="/t{i}">Tin số {i} về chuyển đổi số của các sở ngành</a></h3>'
        '<p class="sum">Sở Thông tin và Truyền thông tổ chức hội nghị, tập huấn, kiểm tra, đánh giá chỉ số '
        "chuyển đổi số của các cơ quan, đơn vị trên địa bàn tỉnh năm 2023.</p></div>"
    )
    html = (
        '<html><body><div class="row"><div class="col-md-8"><h1>Giao ban công tác tháng 5 năm 2023</h1>'
        "<div><p>Chiều 8/5, Sở tổ chức giao ban công tác tháng 5, đánh giá kết quả tháng 4.</p>"
        "<p>Giám đốc Sở yêu cầu các phòng, đơn vị bám sát kế hoạch, hoàn thành nhiệm vụ.</p></div></div>"
        '<div class="col-md-4"><h2>Tin mới nhất</h2>'
        + "".join(teaser.format(i=i) for i in range(10))
        + "</div></div></body></html>"
    )
    assert page(html).text() == (
        "Chiều 8/5, Sở tổ chức giao ban công tác tháng 5, đánh giá kết quả tháng 4.\n\n"
        "Giám đốc Sở yêu cầu các phòng, đơn vị bám sát kế hoạch, hoàn thành nhiệm vụ."
    )


def test_body_in_a_furniture_named_container_is_found_by_the_full_rescan() -> None:
    # "menu" makes the container pruned in the fast scan; nothing else on the page holds text.
    html = SMALL.replace('<div class="story">', '<div class="left-menu-box">')
    assert page(html).text().startswith("Đoạn văn thứ 1")


def test_document_links_stay_in_text_and_become_attachments() -> None:
    line = '<p>Tài liệu kèm theo: <a href="/files/ke-hoach.pdf">Kế hoạch số 12</a></p>'
    html = SMALL.replace('<div class="story">', f'<div class="story">{line}')
    article = page(html)
    assert article.text().startswith("Tài liệu kèm theo: Kế hoạch số 12\n\n")
    assert article.attachments() == [
        {"url": "https://stttt.x.gov.vn/files/ke-hoach.pdf", "name": "Kế hoạch số 12"}
    ]


@pytest.mark.parametrize(
    ("markup", "caption"),
    [
        (
            '<figure><img src="/u/a.jpg"><figcaption>Quang cảnh hội nghị</figcaption></figure>',
            "Quang cảnh hội nghị",
        ),
        ('<p><img src="/u/a.jpg"><br><em>Quang cảnh hội nghị</em></p>', "Quang cảnh hội nghị"),
        ('<p><img src="/u/a.jpg"></p><p>Ảnh: Quang cảnh hội nghị</p>', "Ảnh: Quang cảnh hội nghị"),
        ('<div class="photo"><img src="/u/a.jpg"><p>Quang cảnh hội nghị</p></div>', "Quang cảnh hội nghị"),
        ('<p><img src="/u/a.jpg"></p><p>Quang cảnh hội nghị</p>', "Quang cảnh hội nghị"),
        (
            '<table><tr><td><img src="/u/a.jpg"></td></tr><tr><td>Quang cảnh hội nghị</td></tr></table>',
            "Quang cảnh hội nghị",
        ),
        ('<p><img src="/u/a.jpg" alt="Quang cảnh hội nghị"></p>', "Quang cảnh hội nghị"),
        (
            '<p><img src="/u/a.jpg" alt="a.jpg"></p><p>Đoạn sau của bài, có dấu chấm.</p>',
            None,
        ),
    ],
)
def test_image_captions(markup: str, caption: str | None) -> None:
    html = SMALL.replace('<div class="story">', f'<div class="story">{markup}')
    article = page(html)
    assert article.images() == [{"url": "https://stttt.x.gov.vn/u/a.jpg", "caption": caption}]
    if caption:
        assert caption not in article.text()  # the caption went to the image, not the text
