"""Template "portalsite": an Oracle WebCenter-like provincial portal (blind set: written after the extraction
code was tuned).

Traits: every page is one ADF ``<form method="POST">`` with a ``javax.faces.ViewState`` and deep
``af_panelGroupLayout`` divs, but the pager is plain GET links; the listing
``/webcenter/portal/sotttt/pages_tin-tuc/tin-hoat-dong`` pages with ``?page=N&size=10`` where ``page`` is
0-based (``page=0`` is the first page again, a page past the end answers with the last page), the pager shows
only ``‹``, "Trang 2/4" and ``›`` (no numbers), article links are *relative*
(``chi-tiet?dDocName=PORTAL511234``) and every category's articles share that one URL shape, the ``<title>``
of an article page is the page template's ("Chi tiết tin tức"), not the article's, the date is
``Cập nhật lúc 14:10 ngày 16/03/2023`` *above* the title next to the category name, the sapo is its own
element, captions are the second row of a two-row ``<table>`` around the image, attachments are
``Tải về: <a>`` lines in the body, the byline is the last non-empty paragraph (``<p>&nbsp;</p>`` follow), and
breadcrumbs use the same ``›`` as the pager's next arrow.
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from .corpus import Province, Story, StoryFactory, slugify, vn_number
from .site import (
    LINKS_OUT,
    MENU,
    Plan,
    SiteWriter,
    chunks,
    esc,
    iso,
    plan_stories,
    reader_paragraphs,
    snippet,
)

PROVINCE = Province(
    name="Quảng Nam",
    districts=(
        "thành phố Tam Kỳ",
        "thành phố Hội An",
        "thị xã Điện Bàn",
        "huyện Duy Xuyên",
        "huyện Thăng Bình",
        "huyện Núi Thành",
        "huyện Đại Lộc",
        "huyện Nam Giang",
        "huyện Tây Giang",
        "huyện Hiệp Đức",
        "huyện Tiên Phước",
    ),
    director="Nguyễn Thị Thu Lan",
    deputies=("Võ Văn Hùng", "Trần Văn Dũng"),
    vice_chair="Hồ Quang Bửu",
    enterprises=("VNPT Quảng Nam", "Viettel Quảng Nam", "Bưu điện tỉnh Quảng Nam", "MobiFone Quảng Nam"),
    source_tag="",
)
PORTAL = "/webcenter/portal/sotttt"
SITE = {
    "id": "heldout_portalsite",
    "name": "Sở Thông tin và Truyền thông tỉnh Quảng Nam",
    "province": "Quảng Nam",
    "start_paths": [f"{PORTAL}/pages_tin-tuc/tin-hoat-dong"],
}
CATEGORY = "Tin hoạt động"
SIZE = 10
SITE_NAME = "Sở Thông tin và Truyền thông tỉnh Quảng Nam"
DETAIL = f"{PORTAL}/pages_tin-tuc/chi-tiet"


def _cat_url(category: str) -> str:
    return f"{PORTAL}/pages_tin-tuc/{slugify(category)}"


def _doc(s: Story) -> str:
    return f"PORTAL{510000 + s.uid}"


def _url(s: Story) -> str:
    return f"{DETAIL}?dDocName={_doc(s)}"


def _rel(s: Story) -> str:
    """How the portal's own lists link an article: relative to the pages_tin-tuc folder."""
    return f"chi-tiet?dDocName={_doc(s)}"


def _img(s: Story, slug: str) -> str:
    return f"/cs/groups/sotttt/documents/image/{slug}.jpg"


def _thumb(s: Story) -> str:
    return f"/cs/groups/sotttt/documents/image/thumb_{_doc(s).lower()}.jpg"


def _att(slug: str, ext: str) -> str:
    return f"/cs/groups/sotttt/documents/document/{slug}.{ext}"


def _dmy(dt: datetime) -> str:
    return f"{dt:%d/%m/%Y}"


def _updated(dt: datetime) -> str:
    return f"{dt:%H:%M} ngày {_dmy(dt)}"


class PortalSite:
    def __init__(self, out: Path, seed: int) -> None:
        self.rng = random.Random(f"portalsite-{seed}")
        self.w = SiteWriter(out, dict(SITE))
        self.plan: Plan = plan_stories(
            StoryFactory(PROVINCE, self.rng),
            self.rng,
            n_main=36,
            n_decoy=11,
            newest=datetime(2022, 12, 20),
            main_category=CATEGORY,
        )
        self._ids = 0

    def _state(self) -> str:
        return f"!-{self.rng.getrandbits(40):x}"

    def _id(self, prefix: str) -> str:
        self._ids += 1
        return f"T:{prefix}{self._ids}"

    # --- chrome ------------------------------------------------------------------------------------------

    def head(self, title: str, action: str) -> str:
        menu = []
        for label, subs in MENU:
            folder = f"{PORTAL}/pages_{slugify(label)}"
            hrefs = [
                _cat_url(x) if x in (CATEGORY, *self._cats()) else f"{folder}/{slugify(x)}" for x in subs
            ]
            sub = "".join(f'<li><a href="{h}">{esc(x)}</a></li>' for x, h in zip(subs, hrefs, strict=True))
            menu.append(
                f'<li class="menu-item"><a href="{folder}">{esc(label)}</a>'
                + (f'<ul class="menu-sub">{sub}</ul>' if sub else "")
                + "</li>"
            )
        state = f"{self.rng.getrandbits(24):x}_{self.rng.randint(1, 40)}"
        return f"""<!DOCTYPE html>
<html lang="vi-VN" dir="ltr">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="stylesheet" type="text/css" href="/webcenter/portal/sotttt/skin/css/portal-skin-v2.css">
<link rel="stylesheet" type="text/css" href="/webcenter/afr/alta-v1/skin/adf-desktop.css">
<script type="text/javascript"
 src="/webcenter/afr/partition/gecko/default/opt/boot-SHEPHERD-PS5-9109.js"></script>
<script type="text/javascript">var AdfPage=AdfPage||{{}};AdfPage.PAGE_STATE="{state}";</script>
</head>
<body class="AFDefaultFont p_AFMaximized">
<form id="T:f1" name="T:f1" method="POST" action="{esc(action)}?_adf.ctrl-state={state}" class="af_form">
<div id="T:pt1" class="af_pageTemplate">
<div id="{self._id("pgl")}" class="af_panelGroupLayout portal-header">
 <div class="header-top"><span class="date-now"></span> <a href="{PORTAL}/pages_lien-he">Liên hệ</a> |
  <a href="{PORTAL}/pages_so-do-cong">Sơ đồ cổng</a> | <a href="/webcenter/portal/signin">Đăng nhập</a></div>
 <div class="banner"><a href="{PORTAL}"><img src="/cs/groups/sotttt/documents/image/banner_stttt.jpg"
  alt="{SITE_NAME}" width="1200" height="140"></a></div>
</div>
<div id="{self._id("pgl")}" class="af_panelGroupLayout portal-navigation">
 <ul class="menu-top"><li class="menu-item home"><a href="{PORTAL}">Trang chủ</a></li>{"".join(menu)}</ul>
 <div class="search-box"><input id="T:it1::content" name="T:it1" class="af_inputText_content" type="text"
  placeholder="Nhập từ khóa"><a id="T:cb1" class="af_commandButton" href="#"
  onclick="AdfActionEvent.queue(AdfPage.PAGE.findComponentByAbsoluteId('T:cb1'),true);return false;">Tìm
  kiếm</a></div>
</div>
"""

    def _cats(self) -> tuple[str, ...]:
        return tuple(sorted({s.category for s in self.plan.decoys}))

    def crumbs(self, trail: list[tuple[str, str | None]]) -> str:
        parts = [f'<a href="{PORTAL}">Trang chủ</a>', f'<a href="{PORTAL}/pages_tin-tuc">Tin tức</a>']
        for name, href in trail:
            parts.append(f'<a href="{href}">{esc(name)}</a>' if href else f"<span>{esc(name)}</span>")
        sep = '<span class="sep"> › </span>'
        return f"""<div id="{self._id("pgl")}" class="af_panelGroupLayout portal-body">
<div class="breadcrumb-portal">{sep.join(parts)}</div>
<div class="col-main"><div id="{self._id("r")}" class="af_region"><div id="{self._id("pgl")}"
 class="af_panelGroupLayout">
"""

    def side_and_foot(self, view_state: str) -> str:
        latest = "".join(
            f'<li><a href="{_url(s)}">{esc(s.title)}</a><span class="date">{_dmy(s.published)}</span></li>'
            for s in self.plan.latest(8)
        )
        notices = [s for s in self.plan.decoys if s.category == "Thông báo"][:4] or self.plan.decoys[:3]
        notice = "".join(f'<li><a href="{_url(s)}">{esc(s.title)}</a></li>' for s in notices)
        links = "".join(f'<option value="{u}">{esc(n)}</option>' for n, u in LINKS_OUT)
        cats = "".join(f'<li><a href="{_cat_url(c)}">{esc(c)}</a></li>' for c in (CATEGORY, *self._cats()))
        return f"""</div></div></div>
<div class="col-right">
 <div id="{self._id("sdf")}" class="af_showDetailFrame box-right"><div class="box-title">Tin mới nhất</div>
  <ul class="list-latest">{latest}</ul></div>
 <div id="{self._id("sdf")}" class="af_showDetailFrame box-right"><div class="box-title">Thông báo</div>
  <ul class="list-notice">{notice}</ul></div>
 <div id="{self._id("sdf")}" class="af_showDetailFrame box-right"><div class="box-title">Chuyên mục</div>
  <ul>{cats}</ul></div>
 <div class="box-right banner-right">
  <a href="https://dichvucong.quangnam.gov.vn/" target="_blank"><img
   src="/cs/groups/sotttt/documents/image/bn_dvc.jpg" alt="Dịch vụ công trực tuyến" width="280"></a>
  <a href="https://quangnam.gov.vn/" target="_blank"><img src="/cs/groups/sotttt/documents/image/bn_cong.jpg"
   alt="Cổng thông tin điện tử tỉnh Quảng Nam" width="280"></a>
 </div>
 <div class="box-right"><div class="box-title">Liên kết web</div><select class="af_selectOneChoice_content"
  onchange="if(this.value!='')window.open(this.value);"><option value="">--- Chọn liên kết ---</option>{links}
  </select></div>
 <div class="box-right"><div class="box-title">Thống kê truy cập</div>
  <p>Đang trực tuyến: {self.rng.randint(10, 150)}</p><p>Tổng lượt truy cập:
  {vn_number(self.rng.randint(1_000_000, 9_000_000))}</p></div>
</div>
</div>
<div id="{self._id("pgl")}" class="af_panelGroupLayout portal-footer">
 <p class="footer-name">{SITE_NAME.upper()}</p>
 <p>Địa chỉ: Số 62, đường Hùng Vương, thành phố Tam Kỳ, tỉnh Quảng Nam. Điện thoại: 0235.3xxx.xxx.
  Email: stttt@quangnam.gov.vn</p>
 <p>Chịu trách nhiệm chính: Bà {esc(PROVINCE.director)} - Giám đốc Sở Thông tin và Truyền thông</p>
 <p>Bản quyền thuộc {SITE_NAME}. Ghi rõ nguồn khi phát hành lại thông tin từ cổng này.</p>
</div>
</div>
<input type="hidden" name="org.apache.myfaces.trinidad.faces.FORM" value="T:f1">
<input type="hidden" name="javax.faces.ViewState" value="{view_state}">
</form>
<script type="text/javascript">AdfPage.PAGE.clearMessages();
AdfPage.PAGE.clearSubtreeMessages('T:f1');</script>
</body>
</html>
"""

    # --- listing -------------------------------------------------------------------------------------------

    def hot(self, s: Story) -> str:
        return f"""<div class="news-hot">
 <div class="news-hot-img"><a href="{_rel(s)}"><img src="{_thumb(s)}" alt="" width="460"></a></div>
 <div class="news-hot-info"><h2><a class="title" href="{_rel(s)}">{esc(s.title)}</a></h2>
 <div class="date">{_dmy(s.published)}</div>
 <div class="desc">{esc(snippet(s, 55))}</div></div>
</div>"""

    def item(self, s: Story) -> str:
        img = (
            f'<div class="img"><a href="{_rel(s)}"><img src="{_thumb(s)}" alt="" width="180"></a></div>'
            if s.images
            else ""
        )
        return f"""<div class="news-item">{img}
 <div class="content"><a class="title" href="{_rel(s)}">{esc(s.title)}</a>
 <div class="date">{_dmy(s.published)}</div>
 <div class="desc">{esc(snippet(s, 30))}</div></div>
</div>"""

    def pager(self, page: int, pages: int) -> str:
        """``page`` is 1-based here; the links carry the portal's 0-based index."""
        prev = (
            f'<a class="btn-page" href="?page={page - 2}&amp;size={SIZE}">‹</a>'
            if page > 1
            else '<span class="btn-page disabled">‹</span>'
        )
        nxt = (
            f'<a class="btn-page" href="?page={page}&amp;size={SIZE}">›</a>'
            if page < pages
            else '<span class="btn-page disabled">›</span>'
        )
        info = f'<span class="page-info">Trang {page}/{pages}</span>'
        return f'<div class="pagination-custom">{prev} {info} {nxt}</div>'

    def listing(self, category: str, stories: list[Story], page: int, pages: int) -> str:
        hot, rest = (stories[0], stories[1:]) if page == 1 else (None, stories)
        items = "\n".join(self.item(s) for s in rest)
        return (
            self.head(f"{category} - {SITE_NAME}", _cat_url(category))
            + self.crumbs([(category, None)])
            + f"""<div class="title-category"><span>{esc(category)}</span></div>
{self.hot(hot) if hot else ""}
<div class="list-news">
{items}
</div>
{self.pager(page, pages) if pages > 1 else ""}
"""
            + self.side_and_foot(self._state())
        )

    # --- article -------------------------------------------------------------------------------------------

    def body(self, s: Story) -> str:
        out = []
        for b in s.blocks:
            if b.kind == "p":
                out.append(f'<p style="text-align:justify">{esc(b.text)}</p>')
            elif b.kind == "img" and b.image:
                cap = (
                    f'<tr><td><p style="text-align:center"><em>{esc(b.image.caption)}</em></p></td></tr>'
                    if b.image.caption
                    else ""
                )
                out.append(
                    '<table align="center" border="0" cellpadding="3" cellspacing="0" class="image-table" '
                    f'style="width:600px"><tbody><tr><td><img alt="" src="{_img(s, b.image.slug)}" '
                    f'style="width:600px"></td></tr>{cap}</tbody></table>'
                )
            elif b.kind == "att" and b.attachment:
                a = b.attachment
                out.append(f'<p>{esc(a.lead)} <a href="{_att(a.slug, a.ext)}">{esc(a.name)}</a></p>')
        if s.byline:
            out.append(f'<p style="text-align:right"><strong>{esc(s.byline)}</strong></p>')
        out.append("<p>&nbsp;</p>\n<p>&nbsp;</p>")
        return "\n".join(out)

    def article(self, s: Story) -> str:
        when = (
            f' | <span class="time-news">Cập nhật lúc {_updated(s.published)}</span>'
            if s.date_on_page
            else ""
        )
        sapo = f'<div class="sapo-news"><p><strong>{esc(s.summary)}</strong></p></div>' if s.summary else ""
        same = (
            self.plan.older_than(s, 8)
            or [o for o in (self.plan.main if s in self.plan.main else self.plan.decoys) if o is not s][:5]
        )
        others = "".join(
            f'<li><a href="{_rel(o)}">{esc(o.title)}</a> <span class="date">({_dmy(o.published)})</span></li>'
            for o in same
        )
        return (
            self.head(f"Chi tiết tin tức - {SITE_NAME}", DETAIL)
            + self.crumbs([(s.category, _cat_url(s.category)), ("Chi tiết", None)])
            + f"""<div class="detail-news">
 <div class="cat-time"><a href="{_cat_url(s.category)}">{esc(s.category)}</a>{when}</div>
 <h1 class="title-news">{esc(s.title)}</h1>
 {sapo}
 <div class="content-news"><div id="{self._id("of")}" class="af_outputFormatted">
{self.body(s)}
 </div></div>
 <div class="tool-news"><a href="javascript:window.print();">In trang</a> | <a
  href="mailto:?subject={esc(s.title)}">Gửi email</a> | <a href="#T:pt1">Về đầu trang</a></div>
</div>
<div class="other-news"><div class="title-other">Tin cùng chuyên mục</div><ul>{others}</ul></div>
"""
            + self.side_and_foot(self._state())
        )

    # --- assembly ------------------------------------------------------------------------------------------

    def build(self) -> None:
        w, plan = self.w, self.plan
        base = _cat_url(CATEGORY)
        pages = chunks(plan.main, SIZE)
        for i, group in enumerate(pages, start=1):
            w.page(
                base,
                self.listing(CATEGORY, group, i, len(pages)),
                query=f"page={i - 1}&size={SIZE}" if i > 1 else "",
            )
            w.listing_page(w.last_route(), [_url(s) for s in group])
            if i == 1:
                w.same_file(base, w.last_route(), query=f"page=0&size={SIZE}")
        last = w.last_route()
        for k in (len(pages), len(pages) + 1, 999):  # 0-based: page=len(pages) is already past the end
            w.same_file(base, last, query=f"page={k}&size={SIZE}")
        others = [s for s in plan.decoys if s.category == "Tin trong tỉnh"] or plan.decoys[:5]
        w.page(_cat_url("Tin trong tỉnh"), self.listing("Tin trong tỉnh", others, 1, 1))

        for s in plan.everything:
            w.page(DETAIL, self.article(s), query=f"dDocName={_doc(s)}")
            w.binary(_thumb(s), "jpg")
            for img in s.images:
                w.binary(_img(s, img.slug), "jpg")
            for att in s.attachments:
                w.binary(_att(att.slug, att.ext), att.ext)
            if s not in plan.main:
                w.other_articles.append(_url(s))
        for s in plan.main:
            w.truth(
                s,
                _url(s),
                published_at=iso(s.published, s.date_on_page),
                published_at_raw=_updated(s.published) if s.date_on_page else _dmy(s.published),
                summary=s.summary,
                paragraphs=reader_paragraphs(s, inline_attachments=True),
                images=[(_img(s, i.slug), i.caption) for i in s.images],
                attachments=[(_att(a.slug, a.ext), a.name) for a in s.attachments],
            )
        w.binary("/cs/groups/sotttt/documents/image/banner_stttt.jpg", "jpg")
        w.write()


def build(out: Path, seed: int = 0) -> None:
    PortalSite(out, seed).build()
