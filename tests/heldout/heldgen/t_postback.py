"""Template "postbacksite": an ASP.NET WebForms site whose listing is a GridView paged by ``__doPostBack``.

Traits: page 1 is a GET; pages 2..N only come from POSTing the page's form back with ``__EVENTTARGET`` (the
grid), ``__EVENTARGUMENT`` (``Page$N``, ``Page$First``, ``Page$Last``) and the page's own ``__VIEWSTATE``; a
POST
with a made-up view state gets the ASP.NET error page (500). The numeric pager shows three numbers and "...",
so not every page is linked from page 1. Dates are printed in the vi-VN culture (``09/06/2020 2:58:14 CH``),
the
sapo is its own element, a caption follows its image after a ``<br>`` in the same paragraph, and attachments
are a repeater *after* the body. Everything sits inside one server ``<form>``, as WebForms pages do.
"""

from __future__ import annotations

import base64
import random
from datetime import datetime
from pathlib import Path

from .corpus import Province, Story, StoryFactory
from .site import LINKS_OUT, MENU, Plan, SiteWriter, chunks, esc, iso, plan_stories, reader_paragraphs

PROVINCE = Province(
    name="Bình Phước",
    districts=(
        "thành phố Đồng Xoài",
        "thị xã Bình Long",
        "thị xã Phước Long",
        "thị xã Chơn Thành",
        "huyện Bù Đăng",
        "huyện Bù Đốp",
        "huyện Bù Gia Mập",
        "huyện Đồng Phú",
        "huyện Hớn Quản",
        "huyện Lộc Ninh",
    ),
    director="Huỳnh Anh Minh",
    deputies=("Trần Thanh Bình", "Phan Thị Kim Yến"),
    vice_chair="Trần Tuyết Minh",
    enterprises=("VNPT Bình Phước", "Viettel Bình Phước", "Bưu điện tỉnh Bình Phước"),
    source_tag="",
)
SITE = {
    "id": "heldout_postbacksite",
    "name": "Sở Thông tin và Truyền thông tỉnh Bình Phước",
    "province": "Bình Phước",
    "start_paths": ["/TinTuc/DanhSach.aspx?ChuyenMuc=5"],
}
CATEGORY = "Tin hoạt động"
CAT_IDS = {CATEGORY: 5, "Tin trong tỉnh": 6, "Chuyển đổi số": 9, "Thông báo": 3, "Tin trong nước": 7}
PER_PAGE = 10
GRID = "ctl00$cphNoiDung$gvDanhSach"
BUTTONS = 3  # PageButtonCount


def _url(s: Story) -> str:
    return f"/TinTuc/XemTin.aspx?id={s.uid}"


def _img(s: Story, slug: str) -> str:
    return f"/Upload/TinTuc/{s.published:%Y}/{s.published:%m}/{slug}.jpg"


def _att(slug: str, ext: str) -> str:
    return f"/Upload/VanBan/{slug}.{ext}"


def _vn_time(dt: datetime) -> str:
    """.NET vi-VN general date: dd/MM/yyyy h:mm:ss SA|CH."""
    hour = dt.hour % 12 or 12
    return f"{dt:%d/%m/%Y} {hour}:{dt:%M:%S} {'SA' if dt.hour < 12 else 'CH'}"


class PostbackSite:
    def __init__(self, out: Path, seed: int) -> None:
        self.rng = random.Random(f"postbacksite-{seed}")
        self.w = SiteWriter(out, dict(SITE))
        self.plan: Plan = plan_stories(
            StoryFactory(PROVINCE, self.rng),
            self.rng,
            n_main=33,
            n_decoy=9,
            newest=datetime(2019, 11, 26),
            main_category=CATEGORY,
        )

    def _blob(self, n: int) -> str:
        return base64.b64encode(bytes(self.rng.getrandbits(8) for _ in range(n))).decode()

    # --- chrome ------------------------------------------------------------------------------------------

    def head(self, title: str, action: str, viewstate: str, validation: str | None) -> str:
        ev = (
            f'<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{validation}" />'
            if validation
            else ""
        )
        menu = ""
        for i, (label, subs) in enumerate(MENU):
            items = "".join(
                f'<li><a href="/TinTuc/DanhSach.aspx?ChuyenMuc={CAT_IDS[x]}">{esc(x)}</a></li>'
                if x in CAT_IDS
                else f'<li><a href="/TrangTin.aspx?ma={i * 10 + j + 11}">{esc(x)}</a></li>'
                for j, x in enumerate(subs)
            )
            menu += f'<li class="cap1"><a href="#">{esc(label)}</a>' + (
                f'<ul class="cap2">{items}</ul>' if subs else ""
            )
            menu += "</li>"
        return f"""
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head id="ctl00_Head1"><title>
	{esc(title)}
</title><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><link
href="../App_Themes/Default/Style.css"
 type="text/css" rel="stylesheet" /><link href="../Styles/menu.css" rel="stylesheet" type="text/css" />
<script src="../Scripts/jquery-1.4.1.min.js" type="text/javascript"></script>
</head>
<body>
    <form name="aspnetForm" method="post" action="{action}" id="aspnetForm">
<div>
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate}" />
</div>

<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
if (!theForm) {{
    theForm = document.aspnetForm;
}}
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }}
}}
//]]>
</script>

<script src="/WebResource.axd?d=pynGkmcFUV13He1Qd6_TZHxVGGmyM4yvUBFaZTL0j3E1&amp;t=637100940000000000"
 type="text/javascript"></script>
<div>
	<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="C2EE9ABB" />
	{ev}
</div>
    <div id="wrapper">
        <div id="header"><a href="/Default.aspx"><img src="/Images/banner.jpg" alt="Sở Thông tin và Truyền
thông
 tỉnh Bình Phước" width="1002" height="150" border="0" /></a></div>
        <div id="menu"><ul class="menu"><li class="cap1"><a href="/Default.aspx">Trang chủ</a></li>{menu}</ul>
        <div class="timkiem"><input name="ctl00$ucTimKiem$txtTuKhoa" type="text"
id="ctl00_ucTimKiem_txtTuKhoa"
 class="txtTimKiem" /><input type="submit" name="ctl00$ucTimKiem$btnTim" value="Tìm kiếm"
 id="ctl00_ucTimKiem_btnTim" class="btnTim" /></div></div>
        <div id="main">
        <div id="left">
"""

    def right_and_foot(self) -> str:
        feat = "".join(
            f'<li><a id="ctl00_ucTinNoiBat_rptTin_ctl{i:02d}_lnkTin" href="{_url(s)}">{esc(s.title)}</a></li>'
            for i, s in enumerate(self.plan.latest(9))
        )
        links = "".join(f'<li><a href="{u}" target="_blank">{esc(n)}</a></li>' for n, u in LINKS_OUT)
        return f"""        </div>
        <div id="right">
            <div class="box"><div class="box-title">TIN NỔI BẬT</div><ul class="box-list">{feat}</ul></div>
            <div class="box"><div class="box-title">LIÊN KẾT WEBSITE</div><ul
class="box-list">{links}</ul></div>
            <div class="box"><div class="box-title">THỐNG KÊ TRUY CẬP</div><div class="box-content">
            <span id="ctl00_ucThongKe_lblOnline">Đang truy cập: {self.rng.randint(5, 70)}</span><br />
            <span id="ctl00_ucThongKe_lblTong">Tổng truy cập:
{self.rng.randint(500_000, 1_500_000)}</span></div></div>
        </div>
        <div class="clear"></div>
        </div>
        <div id="footer">
            <p><b>SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH BÌNH PHƯỚC</b></p>
            <p>Địa chỉ: Đường Trần Hưng Đạo, phường Tân Phú, thành phố Đồng Xoài, tỉnh Bình Phước</p>
            <p>Điện thoại: 0271.3xxx.xxx - Fax: 0271.3xxx.xxx - Email: stttt@binhphuoc.gov.vn</p>
            <p>Ghi rõ nguồn "Sở Thông tin và Truyền thông Bình Phước" khi phát hành lại thông tin từ website
này.</p>
        </div>
    </div>
    </form>
</body>
</html>
"""

    # --- listing -----------------------------------------------------------------------------------------

    def pager(self, page: int, pages: int) -> str:
        def link(label: str, arg: str) -> str:
            return f"<td><a href=\"javascript:__doPostBack('{GRID}','{arg}')\">{label}</a></td>"

        block = (page - 1) // BUTTONS
        first, last = block * BUTTONS + 1, min(pages, block * BUTTONS + BUTTONS)
        cells = []
        if page > 1:
            cells.append(link("Đầu", "Page$First"))
        if first > 1:
            cells.append(link("...", f"Page${first - 1}"))
        for k in range(first, last + 1):
            cells.append(f"<td><span>{k}</span></td>" if k == page else link(str(k), f"Page${k}"))
        if last < pages:
            cells.append(link("...", f"Page${last + 1}"))
        if page < pages:
            cells.append(link("Cuối", "Page$Last"))
        return (
            f'<tr class="pager"><td colspan="3"><table border="0"><tr>{"".join(cells)}</tr></table></td></tr>'
        )

    def listing(self, category: str, stories: list[Story], page: int, pages: int, viewstate: str) -> str:
        rows = "".join(
            f"""
		<tr class="{"row" if i % 2 == 0 else "altrow"}">
			<td class="stt">{(page - 1) * PER_PAGE + i + 1}</td><td class="tieude"><a
id="ctl00_cphNoiDung_gvDanhSach_ctl{i + 2:02d}_lnkTieuDe"
 href="{_url(s)}">{esc(s.title)}</a></td><td class="ngay">{s.published:%d/%m/%Y}</td>
		</tr>"""
            for i, s in enumerate(stories)
        )
        action = f"./DanhSach.aspx?ChuyenMuc={CAT_IDS[category]}"
        return (
            self.head(
                f"{category} - Sở Thông tin và Truyền thông Bình Phước", action, viewstate, self._blob(60)
            )
            + f"""            <div class="duongdan"><a href="/Default.aspx">Trang chủ</a> &gt; <span
 id="ctl00_cphNoiDung_lblChuyenMuc">{esc(category)}</span></div>
            <div class="khung-danhsach">
            <h2 class="tieude-chuyenmuc">{esc(category).upper()}</h2>
            <div>
	<table class="gvDanhSach" cellspacing="0" rules="all" border="1" id="ctl00_cphNoiDung_gvDanhSach"
 style="width:100%;border-collapse:collapse;">
		<tr class="header">
			<th scope="col">STT</th><th scope="col">Tiêu đề</th><th scope="col">Ngày đăng</th>
		</tr>{rows}
		{self.pager(page, pages) if pages > 1 else ""}
	</table>
</div>
            </div>
"""
            + self.right_and_foot()
        )

    # --- article -----------------------------------------------------------------------------------------

    def body(self, s: Story) -> str:
        out = []
        for b in s.blocks:
            if b.kind == "p":
                out.append(f"<p>{esc(b.text)}</p>")
            elif b.kind == "img" and b.image:
                cap = (
                    '<br />\r\n<span class="chuthich" style="font-size: '
                    f'11px;"><i>{esc(b.image.caption)}</i></span>'
                    if b.image.caption
                    else ""
                )
                out.append(
                    f'<p style="text-align: center;"><img src="{_img(s, b.image.slug)}" alt="" width="550" '
                    f'border="0" />{cap}</p>'
                )
        if s.byline:
            out.append(f'<p style="text-align: right;"><b>{esc(s.byline)}</b></p>')
        return "\r\n".join(out)

    def article(self, s: Story) -> str:
        date = (
            '<div class="ngaydang">Ngày đăng: <span '
            f'id="ctl00_cphNoiDung_lblNgayDang">{_vn_time(s.published)}</span>'
            "</div>"
            if s.date_on_page
            else ""
        )
        sapo = (
            f'<div class="tomtat"><span id="ctl00_cphNoiDung_lblTomTat">{esc(s.summary)}</span></div>'
            if s.summary
            else ""
        )
        files = ""
        if s.attachments:
            files = (
                '<div class="dinhkem"><b>Tệp đính kèm:</b><ul>'
                + "".join(
                    f'<li><a id="ctl00_cphNoiDung_rptFile_ctl{i:02d}_lnkFile" href="{_att(a.slug, a.ext)}" '
                    f'target="_blank">{esc(a.name)}</a></li>'
                    for i, a in enumerate(s.attachments)
                )
                + "</ul></div>"
            )
        others = "".join(
            f'<li><a href="{_url(o)}">{esc(o.title)}</a> <span '
            f'class="ngay">({o.published:%d/%m/%Y})</span></li>'
            for o in self.plan.older_than(s, 10)
        )
        action = f"./XemTin.aspx?id={s.uid}"
        return (
            self.head(s.title, action, self._blob(300), None)
            + f"""            <div class="duongdan"><a href="/Default.aspx">Trang chủ</a> &gt; <a
 href="/TinTuc/DanhSach.aspx?ChuyenMuc={CAT_IDS[s.category]}">{esc(s.category)}</a></div>
            <div class="chitiet">
                <h1 class="tieude"><span id="ctl00_cphNoiDung_lblTieuDe">{esc(s.title)}</span></h1>
                {date}
                {sapo}
                <div id="ctl00_cphNoiDung_pnNoiDung" class="noidung">
{self.body(s)}
</div>
                {files}
                <div class="luotxem">Lượt xem: <span id="ctl00_cphNoiDung_lblLuotXem">{s.views}</span></div>
                <div class="congcu"><a id="ctl00_cphNoiDung_lnkIn" href="javascript:window.print()">In
trang</a> |
 <a id="ctl00_cphNoiDung_lnkGui" href="javascript:__doPostBack('ctl00$cphNoiDung$lnkGui','')">Gửi bài</a> |
 <a href="javascript:history.back()">Trở về</a></div>
                <div class="tinkhac"><div class="tinkhac-title">Các tin khác</div><ul>{others}</ul></div>
            </div>
"""
            + self.right_and_foot()
        )

    def error_page(self) -> str:
        return """<html>
    <head>
        <title>Validation of viewstate MAC failed.</title>
    </head>
    <body bgcolor="white">
            <span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>
            <h2> <i>Validation of viewstate MAC failed. If this application is hosted by a Web Farm or
cluster,
 ensure that &lt;machineKey&gt; configuration specifies the same validationKey and validation algorithm.</i>
</h2></span>
    </body>
</html>
"""

    # --- assembly ----------------------------------------------------------------------------------------

    def build(self) -> None:
        w, plan = self.w, self.plan
        path, query = "/TinTuc/DanhSach.aspx", f"ChuyenMuc={CAT_IDS[CATEGORY]}"
        pages = chunks(plan.main, PER_PAGE)
        n = len(pages)
        states = [self._blob(900) for _ in pages]
        page_routes = []
        for i, group in enumerate(pages, start=1):
            html = self.listing(CATEGORY, group, i, n, states[i - 1])
            if i == 1:
                cookie = "ASP.NET_SessionId=k2v0q1rj3yxzq0m1t5l4b2fd; path=/; HttpOnly"
                w.page(path, html, query=query, headers={"Set-Cookie": cookie})
            else:
                form = {"__EVENTTARGET": GRID, "__EVENTARGUMENT": f"Page${i}", "__VIEWSTATE": states[0]}
                w.page(path, html, query=query, method="POST", form=form)
            page_routes.append(w.last_route())
            w.listing_page(w.last_route(), [_url(s) for s in group])
        # The server accepts any page number with the view state of any page it rendered.
        for i, state in enumerate(states, start=1):
            for k in range(1, n + 1):
                if i == 1 and k > 1:
                    continue  # already added above
                form = {"__EVENTTARGET": GRID, "__EVENTARGUMENT": f"Page${k}", "__VIEWSTATE": state}
                w.same_file(path, page_routes[k - 1], query=query, method="POST", form=form)
            for arg, k in (("Page$First", 1), ("Page$Last", n)):
                form = {"__EVENTTARGET": GRID, "__EVENTARGUMENT": arg, "__VIEWSTATE": state}
                w.same_file(path, page_routes[k - 1], query=query, method="POST", form=form)
        w.page(path, self.error_page(), query=query, method="POST", status=500)  # anything else
        others = [s for s in plan.decoys if s.category == "Tin trong tỉnh"] or plan.decoys[:5]
        w.page(path, self.listing("Tin trong tỉnh", others, 1, 1, self._blob(600)), query="ChuyenMuc=6")

        for s in plan.everything:
            p, _, q = _url(s).partition("?")
            w.page(p, self.article(s), query=q)
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
                published_at=iso(s.published, s.date_on_page, seconds=True),
                published_at_raw=_vn_time(s.published) if s.date_on_page else f"{s.published:%d/%m/%Y}",
                summary=s.summary,
                paragraphs=reader_paragraphs(s, inline_attachments=False),
                images=[(_img(s, i.slug), i.caption) for i in s.images],
                attachments=[(_att(a.slug, a.ext), a.name) for a in s.attachments],
            )
        w.binary("/Images/banner.jpg", "jpg")
        w.write()


def build(out: Path, seed: int = 0) -> None:
    PostbackSite(out, seed).build()
