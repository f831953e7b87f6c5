"""Template "tablesite": a 2008-era classic-ASP site laid out with nested tables and <font> tags.

Traits: relative hrefs (``chitiet.asp?MaTin=``), one script for every category's articles, bodies split by
``<br><br>`` (older items) or ``<p>`` (newer ones), some items stored as numeric character references, caption
rows under images, a page clock in the header, a "Tiếp >>" link that is there even on the last page (and the
page after the last one answers with the last page again), a "Tin mới" box with other categories' items.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from .corpus import Province, Story, StoryFactory, vn_number
from .site import (
    LINKS_OUT,
    MENU,
    WEEKDAYS,
    Plan,
    SiteWriter,
    chunks,
    esc,
    iso,
    ncr,
    plan_stories,
    reader_paragraphs,
    snippet,
)

PROVINCE = Province(
    name="Cao Bằng",
    districts=(
        "huyện Hòa An",
        "huyện Hà Quảng",
        "huyện Trùng Khánh",
        "huyện Bảo Lạc",
        "huyện Nguyên Bình",
        "huyện Quảng Hòa",
        "huyện Thạch An",
        "huyện Hạ Lang",
        "thành phố Cao Bằng",
    ),
    director="Nông Văn Thạch",
    deputies=("Hoàng Thị Mai", "Lục Đức Toàn"),
    vice_chair="Lê Hải Hòa",
    enterprises=("VNPT Cao Bằng", "Viettel Cao Bằng", "Bưu điện tỉnh Cao Bằng"),
    source_tag="",
)
SITE = {
    "id": "heldout_tablesite",
    "name": "Sở Thông tin và Truyền thông tỉnh Cao Bằng",
    "province": "Cao Bằng",
    "start_paths": ["/tinhoatdong.asp"],
}
PER_PAGE = 10
LISTING = "tinhoatdong.asp"
CAT_PAGES = {"Tin hoạt động": "tinhoatdong.asp", "Tin trong tỉnh": "tintrongtinh.asp"}


def _date_short(dt: datetime) -> str:
    return f"{dt.day}/{dt.month}/{dt.year}"


def _date_long(dt: datetime) -> str:
    return f"Ngày {dt.day} tháng {dt.month} năm {dt.year}"


def _img_src(story: Story, slug: str) -> str:
    return f"upload/images/{story.published:%Y}/{story.published.month}/{slug}.jpg"


def _att_href(slug: str, ext: str) -> str:
    return f"upload/files/{slug}.{ext}"


class TableSite:
    def __init__(self, out: Path, seed: int) -> None:
        self.rng = random.Random(f"tablesite-{seed}")
        self.w = SiteWriter(out, dict(SITE))
        factory = StoryFactory(PROVINCE, self.rng)
        self.plan: Plan = plan_stories(
            factory,
            self.rng,
            n_main=28,
            n_decoy=9,
            newest=datetime(2021, 5, 28),
            main_category="Tin hoạt động",
        )
        self.today = self.plan.everything[0].published + timedelta(days=7)
        # About a third of the items came from the old database with numeric character references.
        self.ncr_ids = {s.uid for s in self.plan.everything if self.rng.random() < 0.35}
        # Older items were typed with <br><br> between paragraphs, newer ones in an editor with <p>.
        cut = self.plan.everything[len(self.plan.everything) // 2].published
        self.br_ids = {s.uid for s in self.plan.everything if s.published < cut}

    # --- chrome ------------------------------------------------------------------------------------------

    def _t(self, story: Story, text: str) -> str:
        return ncr(text) if story.uid in self.ncr_ids else esc(text)

    def head(self, title: str) -> str:
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<title>{esc(title)} - Sở Thông tin và Truyền thông tỉnh Cao Bằng</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="keywords" content="Sở Thông tin và Truyền thông, Cao Bằng, STTTT, thông tin truyền thông">
<link href="css/style.css" rel="stylesheet" type="text/css">
<script language="JavaScript" src="js/menu.js" type="text/javascript"></script>
<script language="JavaScript" type="text/javascript">
function MM_openBrWindow(theURL,winName,features) {{ window.open(theURL,winName,features); }}
</script>
</head>
<body leftmargin="0" topmargin="0" marginwidth="0" marginheight="0" bgcolor="#E8EEF4">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#FFFFFF">
<tr><td colspan="3"><a href="default.asp"><img src="images/banner_top.jpg" width="980" height="140" border="0"
 alt="SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH CAO BẰNG"></a></td></tr>
<tr><td colspan="3" bgcolor="#003399" height="26" align="center">
{self.top_menu()}
</td></tr>
<tr><td colspan="3" bgcolor="#DDE6F0" height="22">
<table width="100%" cellpadding="0" cellspacing="0"><tr>
<td width="260">&nbsp;<font face="Arial" size="1" color="#003399"><b>{WEEKDAYS[self.today.weekday()]},
 {self.today:%d/%m/%Y}</b></font></td>
<td><marquee scrollamount="3"><font face="Arial" size="2" color="#CC0000">Chào mừng bạn đến với Trang thông
tin
 điện tử Sở Thông tin và Truyền thông tỉnh Cao Bằng</font></marquee></td>
<td width="180" align="right"><form name="frmSearch" action="timkiem.asp" method="get" style="margin:0">
<input type="text" name="tukhoa" size="14"><input type="submit" value="Tìm"></form></td>
</tr></table>
</td></tr>
<tr>
<td width="190" valign="top" bgcolor="#F2F6FA">{self.left_column()}</td>
<td width="590" valign="top" style="padding:6px">
"""

    def top_menu(self) -> str:
        items = [("Trang chủ", "default.asp")] + [
            (label, f"chuyenmuc.asp?MaCM={i + 10}") for i, (label, _) in enumerate(MENU)
        ]
        return " | ".join(
            f'<a href="{href}"><font face="Arial" size="2" color="#FFFFFF"><b>{esc(label)}</b></font></a>'
            for label, href in items
        )

    def left_column(self) -> str:
        rows = []
        for i, (label, subs) in enumerate(MENU):
            rows.append(
                f'<tr><td bgcolor="#003399" height="22">&nbsp;<font face="Arial" size="2" color="#FFFFFF">'
                f"<b>{esc(label.upper())}</b></font></td></tr>"
            )
            for j, sub in enumerate(subs):
                href = CAT_PAGES.get(sub, f"chuyenmuc.asp?MaCM={i + 10}{j}")
                rows.append(
                    f'<tr><td height="20">&nbsp;<img src="images/arrow.gif" width="7" height="7"> '
                    f'<a href="{href}"><font face="Arial" size="2" '
                    f'color="#000066">{esc(sub)}</font></a></td></tr>'
                )
        links = "".join(f'<option value="{url}">{esc(name)}</option>' for name, url in LINKS_OUT)
        return f"""<table width="100%" border="0" cellpadding="0" cellspacing="0">
{chr(10).join(rows)}
</table>
<br><table width="100%" cellpadding="2"><tr><td bgcolor="#003399"><font face="Arial" size="2" color="#FFFFFF">
<b>LIÊN KẾT WEBSITE</b></font></td></tr><tr><td><select name="lienket" style="width:180px"
 onchange="window.open(this.value)"><option>--- Chọn website ---</option>{links}</select></td></tr></table>
<br><table width="100%" cellpadding="2"><tr><td bgcolor="#003399"><font face="Arial" size="2" color="#FFFFFF">
<b>THỐNG KÊ TRUY CẬP</b></font></td></tr>
<tr><td><font face="Arial" size="1">Đang trực tuyến: {self.rng.randint(5, 60)}<br>
Tổng lượt truy cập: {vn_number(self.rng.randint(1_000_000, 3_000_000))}</font></td></tr></table>"""

    def right_column(self) -> str:
        items = []
        for s in self.plan.latest(10):
            items.append(
                f'<tr><td valign="top"><img src="images/dot.gif" width="5" height="5"></td><td>'
                f'<a href="chitiet.asp?MaTin={s.uid}"><font face="Arial" size="2" color="#000066">'
                f'{self._t(s, s.title)}</font></a> <font size="1" '
                f'color="#999999">({_date_short(s.published)})'
                f"</font></td></tr>"
            )
        return f"""<table width="100%" cellpadding="2" cellspacing="0">
<tr><td colspan="2" bgcolor="#CC0000" height="22">&nbsp;<font face="Arial" size="2" color="#FFFFFF"><b>TIN
MỚI</b>
</font></td></tr>
{chr(10).join(items)}
</table>
<br><a href="http://dichvucong.caobang.gov.vn/"><img src="images/banner_dvc.jpg" width="195" border="0"
 alt="Dịch vụ công trực tuyến"></a>
<br><a href="hoidap.asp"><img src="images/banner_hoidap.jpg" width="195" border="0" alt="Hỏi đáp"></a>
<br><table width="100%" cellpadding="2"><tr><td bgcolor="#CC0000"><font face="Arial" size="2" color="#FFFFFF">
<b>THĂM DÒ Ý KIẾN</b></font></td></tr><tr><td><form action="binhchon.asp" method="post" style="margin:0">
<font face="Arial" size="2">Bạn thấy trang thông tin điện tử của Sở thế nào?<br>
<input type="radio" name="ykien" value="1"> Rất hữu ích<br><input type="radio" name="ykien" value="2"> Hữu
ích<br>
<input type="radio" name="ykien" value="3"> Bình thường<br><input type="submit" value="Bình
chọn"></font></form>
</td></tr></table>"""

    def foot(self) -> str:
        return f"""</td>
<td width="200" valign="top" bgcolor="#F2F6FA" style="padding:4px">{self.right_column()}</td>
</tr>
<tr><td colspan="3" bgcolor="#003399" height="4"></td></tr>
<tr><td colspan="3" align="center" bgcolor="#DDE6F0" style="padding:8px">
<font face="Arial" size="1" color="#333333">
<b>SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH CAO BẰNG</b><br>
Địa chỉ: Số 010, đường Hoàng Đình Giong, phường Hợp Giang, thành phố Cao Bằng<br>
Điện thoại: 0206.3852.xxx - Fax: 0206.3852.xxx - Email: stttt@caobang.gov.vn<br>
Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông cấp. Ghi rõ nguồn khi phát hành lại thông tin từ
website
 này.<br>
<a href="default.asp">Trang chủ</a> | <a href="sodoweb.asp">Sơ đồ website</a> | <a href="lienhe.asp">Liên
hệ</a>
</font></td></tr>
</table>
</body>
</html>
"""

    # --- pages -------------------------------------------------------------------------------------------

    def entry(self, s: Story) -> str:
        thumb = ""
        if s.images:
            thumb = (
                f'<td width="110" valign="top"><a href="chitiet.asp?MaTin={s.uid}"><img src="'
                f'{_img_src(s, s.images[0].slug)}" width="100" height="75" border="1"></a></td>'
            )
        return f"""<table width="100%" border="0" cellpadding="3" cellspacing="0"><tr>{thumb}
<td valign="top"><a href="chitiet.asp?MaTin={s.uid}" class="tieude"><font face="Arial" size="2"
color="#003399">
<b>{self._t(s, s.title)}</b></font></a> <font face="Arial" color="#999999"
size="1">({_date_short(s.published)})</font>
<br><font face="Arial" size="2">{self._t(s, snippet(s))}</font></td></tr></table>
<hr size="1" color="#CCCCCC" noshade>"""

    def listing(self, category: str, base: str, stories: list[Story], page: int, pages: int) -> str:
        nums = []
        for k in range(1, pages + 1):
            if k == page:
                nums.append(f'<font color="#CC0000"><b>[{k}]</b></font>')
            else:
                nums.append(f'<a href="{base}?Trang={k}">[{k}]</a>')
        pager = " ".join(nums)
        if page > 1:
            pager = f'<a href="{base}?Trang={page - 1}">&lt;&lt; Trước</a> ' + pager
        # The CMS always prints "Tiếp", also on the last page.
        pager += f' <a href="{base}?Trang={page + 1}">Tiếp &gt;&gt;</a>'
        body = "\n".join(self.entry(s) for s in stories)
        return (
            self.head(category)
            + f"""<table width="100%" border="0" cellpadding="2" cellspacing="0">
<tr><td><font face="Arial" size="1"><a href="default.asp">Trang chủ</a> &raquo; <a
href="chuyenmuc.asp?MaCM=11">Tin
 tức - Sự kiện</a> &raquo; {esc(category)}</font></td></tr>
<tr><td bgcolor="#E1E9F3" height="24">&nbsp;<img src="images/icon_news.gif" width="16" height="16"
align="absmiddle">
 <font face="Arial" size="3" color="#CC0000"><b>{esc(category.upper())}</b></font></td></tr>
<tr><td>
{body}
</td></tr>
<tr><td align="center" height="30"><font face="Arial" size="2">Trang: {pager}</font></td></tr>
</table>
"""
            + self.foot()
        )

    def body(self, s: Story) -> str:
        br = s.uid in self.br_ids
        parts: list[str] = []
        for b in s.blocks:
            if b.kind == "p":
                text = self._t(s, b.text)
                if self.rng.random() < 0.2:  # editors indent with non-breaking spaces
                    text = "&nbsp;&nbsp;&nbsp;&nbsp; " + text
                parts.append(text if br else f'<p align="justify">{text}</p>')
            elif b.kind == "img" and b.image:
                cap = (
                    f'<tr><td align="center"><font face="Arial" size="1"><i>{self._t(s, b.image.caption)}</i>'
                    f"</font></td></tr>"
                    if b.image.caption
                    else ""
                )
                parts.append(
                    f'<table border="0" align="center" cellpadding="2" cellspacing="0" width="420"><tr><td '
                    f'align="center"><img src="{_img_src(s, b.image.slug)}" width="400" border="0"></td></tr>'
                    f"{cap}</table>"
                )
            elif b.kind == "att" and b.attachment:
                a = b.attachment
                link = f'<a href="{_att_href(a.slug, a.ext)}" target="_blank">{self._t(s, a.name)}</a>'
                parts.append(f"{self._t(s, a.lead)} {link}" if br else f"<p>{self._t(s, a.lead)} {link}</p>")
        if s.byline:
            by = f"<b>{self._t(s, s.byline)}</b>"
            parts.append(f'<div align="right">{by}</div>' if br else f'<p align="right"><i>{by}</i></p>')
        if not br:
            return "\n".join(parts)
        out = ""
        for part in parts:  # <br><br> between text runs; a table or div breaks the line by itself
            out += part if part.startswith(("<table", "<div")) else part + "<br><br>\n"
        return out

    def article(self, s: Story, category: str, base: str) -> str:
        date_row = (
            '<tr><td><font face="Arial" size="1" '
            f'color="#808080"><i>{_date_long(s.published)}</i></font></td></tr>'
            if s.date_on_page
            else ""
        )
        others = "\n".join(
            f'<img src="images/arrow.gif" width="7" height="7"> <a href="chitiet.asp?MaTin={o.uid}"><font '
            f'face="Arial" size="2">{self._t(o, o.title)}</font></a> <font size="1" color="#999999">'
            f"({_date_short(o.published)})</font><br>"
            for o in self.plan.older_than(s, 8)
        )
        return (
            self.head(s.title)
            + f"""<table width="100%" border="0" cellpadding="3" cellspacing="0">
<tr><td><font face="Arial" size="1"><a href="default.asp">Trang chủ</a> &raquo; <a
href="chuyenmuc.asp?MaCM=11">Tin
 tức - Sự kiện</a> &raquo; <a href="{base}">{esc(category)}</a></font></td></tr>
<tr><td><font face="Arial" size="3" color="#003399"><b>{self._t(s, s.title)}</b></font></td></tr>
{date_row}
<tr><td><font face="Arial" size="2"><div align="justify">
{self.body(s)}
</div></font></td></tr>
<tr><td align="right"><font face="Arial" size="1" color="#808080">Số lần xem: {s.views}</font></td></tr>
<tr><td align="right"><font face="Arial" size="1"><a href="javascript:window.print()"><img
src="images/print.gif"
 border="0" align="absmiddle"> In trang</a> | <a
href="javascript:MM_openBrWindow('guibai.asp?MaTin={s.uid}','',
'width=450,height=300')">Gửi bài viết</a> | <a href="javascript:history.back()">Quay lại</a> | <a
href="#top">Về đầu
 trang</a></font></td></tr>
<tr><td><hr size="1" color="#CCCCCC" noshade>
<font face="Arial" size="2" color="#CC0000"><b>Các tin khác:</b></font><br>
{others}
</td></tr>
</table>
"""
            + self.foot()
        )

    # --- assembly ----------------------------------------------------------------------------------------

    def build(self) -> None:
        w, plan = self.w, self.plan
        pages = chunks(plan.main, PER_PAGE)
        for i, group in enumerate(pages, start=1):
            w.page(
                f"/{LISTING}",
                self.listing("Tin hoạt động", LISTING, group, i, len(pages)),
                query="" if i == 1 else f"Trang={i}",
                content_type="text/html",
            )
            w.listing_page(w.last_route(), [f"/chitiet.asp?MaTin={s.uid}" for s in group])
            if i == 1:
                w.same_file(f"/{LISTING}", w.last_route(), query="Trang=1")
        last = w.last_route()
        for k in (len(pages) + 1, len(pages) + 2, 999):  # the CMS clamps the page number
            w.same_file(f"/{LISTING}", last, query=f"Trang={k}")
        in_province = [s for s in plan.decoys if s.category == "Tin trong tỉnh"] or plan.decoys[:5]
        w.page(
            "/tintrongtinh.asp",
            self.listing("Tin trong tỉnh", "tintrongtinh.asp", in_province, 1, 1),
            content_type="text/html",
        )

        for s in plan.everything:
            own = s in plan.main
            category, base = (
                ("Tin hoạt động", LISTING) if own else (s.category, CAT_PAGES.get(s.category, LISTING))
            )
            path, query = "/chitiet.asp", f"MaTin={s.uid}"
            w.page(path, self.article(s, category, base), query=query, content_type="text/html")
            for img in s.images:
                w.binary("/" + _img_src(s, img.slug), "jpg")
            for att in s.attachments:
                w.binary("/" + _att_href(att.slug, att.ext), att.ext)
            if not own:
                w.other_articles.append(f"{path}?{query}")
                continue
            w.truth(
                s,
                f"{path}?{query}",
                published_at=iso(s.published, False),
                published_at_raw=_date_long(s.published) if s.date_on_page else _date_short(s.published),
                summary=None,  # no sapo element on this site
                paragraphs=reader_paragraphs(s, inline_attachments=True),
                images=[("/" + _img_src(s, i.slug), i.caption) for i in s.images],
                attachments=[("/" + _att_href(a.slug, a.ext), a.name) for a in s.attachments],
            )
        for chrome in (
            "images/banner_top.jpg",
            "images/arrow.gif",
            "images/print.gif",
            "images/icon_news.gif",
        ):
            w.binary("/" + chrome, "jpg")
        w.articles.sort(key=lambda a: plan_order(plan, a["path"]))
        w.write()


def plan_order(plan: Plan, path: str) -> int:
    """Truth in listing order (newest first)."""
    for i, s in enumerate(plan.main):
        if path.endswith(f"={s.uid}"):
            return i
    return len(plan.main)


def build(out: Path, seed: int = 0) -> None:
    TableSite(out, seed).build()
