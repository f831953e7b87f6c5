"""Template "phpsite": a home-made PHP CMS with Vietnamese class names and query-string URLs.

Traits: listing and article share one script (``index.php?mod=tintuc&cid=7&trang=N`` vs
``index.php?mod=tintuc&act=chitiet&id=N``), any ``trang`` past the end answers with the last page, a pager
with
"Trang đầu/Trang cuối", a source tag before the lead (kept in the text), CKEditor bodies where a caption is
just
a centred ``<em>`` paragraph under the image paragraph, some bodies stored decomposed (NFD) with ``&nbsp;``
between words, "Tin liên quan" and "Các tin khác" boxes, a "Văn bản mới" sidebar that links PDFs, and the
date as
``(17/3/2021)`` next to a read counter.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime
from pathlib import Path

from .corpus import Province, Story, StoryFactory, slugify
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
    name="Yên Bái",
    districts=(
        "thành phố Yên Bái",
        "thị xã Nghĩa Lộ",
        "huyện Lục Yên",
        "huyện Văn Yên",
        "huyện Mù Cang Chải",
        "huyện Trấn Yên",
        "huyện Trạm Tấu",
        "huyện Văn Chấn",
        "huyện Yên Bình",
    ),
    director="Đỗ Quang Minh",
    deputies=("Nguyễn Thị Thanh Hương", "Lò Văn Thào"),
    vice_chair="Vũ Thị Hiền Hạnh",
    enterprises=("VNPT Yên Bái", "Viettel Yên Bái", "Bưu điện tỉnh Yên Bái", "MobiFone Yên Bái"),
    source_tag="STTTT - ",
)
SITE = {
    "id": "heldout_phpsite",
    "name": "Sở Thông tin và Truyền thông tỉnh Yên Bái",
    "province": "Yên Bái",
    "start_paths": ["/index.php?mod=tintuc&cid=7"],
}
CATEGORY = "Tin hoạt động ngành"
CIDS = {CATEGORY: 7, "Tin trong tỉnh": 8, "Chuyển đổi số": 12, "Thông báo": 5, "Tin trong nước": 9}
PER_PAGE = 9


def _url(s: Story) -> str:
    return f"/index.php?mod=tintuc&act=chitiet&id={s.uid}"


def _list_url(cid: int, page: int = 1) -> str:
    return f"/index.php?mod=tintuc&cid={cid}" + (f"&trang={page}" if page > 1 else "")


def _img(s: Story, slug: str) -> str:
    return f"/uploads/news/{s.published:%Y_%m}/{slug}.jpg"


def _att(slug: str, ext: str) -> str:
    return f"/uploads/vanban/{slug}.{ext}"


def _h(text: str) -> str:
    """HTML text for a query-string href: & must be escaped in attributes."""
    return text.replace("&", "&amp;")


class PhpSite:
    def __init__(self, out: Path, seed: int) -> None:
        self.rng = random.Random(f"phpsite-{seed}")
        self.w = SiteWriter(out, dict(SITE))
        self.plan: Plan = plan_stories(
            StoryFactory(PROVINCE, self.rng),
            self.rng,
            n_main=41,
            n_decoy=11,
            newest=datetime(2023, 9, 27),
            main_category=CATEGORY,
        )
        self.nfd = {s.uid for s in self.plan.everything if self.rng.random() < 0.3}

    def _t(self, s: Story, text: str) -> str:
        out = esc(text)
        if s.uid in self.nfd:
            out = unicodedata.normalize("NFD", out)
        return out

    def _noisy(self, s: Story, text: str) -> str:
        """Body text as this CMS stores it: &nbsp; typed for some spaces."""
        words = self._t(s, text).split(" ")
        return "".join(w + ("&nbsp;" if self.rng.random() < 0.06 else " ") for w in words).rstrip()

    # --- chrome ------------------------------------------------------------------------------------------

    def head(self, title: str) -> str:
        menu = []
        for label, subs in MENU:
            sub = ""
            for x in subs:
                name = CATEGORY if x == "Tin hoạt động" else x
                href = _list_url(CIDS[name]) if name in CIDS else "/index.php?mod=trang&alias=" + slugify(x)
                sub += f'<li><a href="{_h(href)}">{esc(name)}</a></li>'
            menu.append(
                f'<li><a href="#">{esc(label)}</a>'
                + (f'<ul class="menucon">{sub}</ul>' if sub else "")
                + "</li>"
            )
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(title)}</title>
<meta name="description" content="Trang thông tin điện tử Sở Thông tin và Truyền thông tỉnh Yên Bái" />
<link rel="stylesheet" type="text/css" href="/templates/ybict/css/style.css" />
<link rel="stylesheet" type="text/css" href="/templates/ybict/css/menu.css" />
<script type="text/javascript" src="/js/jquery-1.8.3.min.js"></script>
<script type="text/javascript" src="/js/ddsmoothmenu.js"></script>
</head>
<body>
<div id="khung">
<div class="dautrang"><a href="/index.php"><img src="/templates/ybict/images/banner.jpg" alt="Sở Thông tin và
Truyền
 thông Yên Bái" width="1000" height="160" /></a></div>
<div class="menungang" id="smoothmenu"><ul><li><a href="/index.php">Trang
chủ</a></li>{"".join(menu)}</ul></div>
<div class="thanhtim"><form action="/index.php" method="get"><input type="hidden" name="mod" value="timkiem"
/>
<input type="text" name="tukhoa" class="otim" value="Tìm kiếm..." /><input type="submit" value="Tìm" /></form>
<marquee class="chaychu" scrollamount="2">Chào mừng kỷ niệm 78 năm Cách mạng Tháng Tám và Quốc khánh
2/9</marquee></div>
<div class="than">
<div class="cottrai">
"""

    def right(self) -> str:
        top = sorted(self.plan.everything, key=lambda s: s.views, reverse=True)[:8]
        hot = "".join(
            f'<li><a href="{_h(_url(s))}">{self._t(s, s.title)}</a> <span '
            f'class="luotxem">({s.views})</span></li>'
            for s in top
        )
        docs = "".join(
            f'<li><a href="/uploads/vanban/vb-{n}.pdf" target="_blank">{esc(t)}</a></li>'
            for n, t in (
                (410, "Kế hoạch tuyên truyền chuyển đổi số năm 2023"),
                (388, "Quyết định ban hành Quy chế quản lý Trang thông tin điện tử"),
                (375, "Báo cáo kết quả thực hiện Chỉ số DTI năm 2022"),
                (351, "Hướng dẫn bảo đảm an toàn thông tin cho hệ thống thông tin cấp xã"),
            )
        )
        links = "".join(f'<option value="{u}">{esc(n)}</option>' for n, u in LINKS_OUT)
        return f"""</div>
<div class="cotphai">
<div class="hop"><div class="tieudehop">Tin xem nhiều</div><ul class="dstin">{hot}</ul></div>
<div class="hop"><div class="tieudehop">Văn bản mới</div><ul class="dsvanban">{docs}</ul>
<a class="xemtiep" href="/index.php?mod=vanban">Xem tất cả &raquo;</a></div>
<div class="hop"><div class="tieudehop">Lịch công tác</div><p><a href="/index.php?mod=lichcongtac">Lịch công
tác
 tuần của Lãnh đạo Sở</a></p></div>
<div class="hop quangcao"><a href="https://dichvucong.yenbai.gov.vn/"><img src="/uploads/qc/dvc.jpg"
width="240"
 alt="Dịch vụ công" /></a><a href="https://yenbai.gov.vn/"><img src="/uploads/qc/cong-tinh.jpg" width="240"
 alt="Cổng thông tin điện tử tỉnh" /></a></div>
<div class="hop"><div class="tieudehop">Liên kết</div><select onchange="window.open(this.value)"><option>--
Liên
 kết website --</option>{links}</select></div>
</div>
<div class="xoa"></div>
</div>
<div class="chantrang">
<p><strong>SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH YÊN BÁI</strong></p>
<p>Địa chỉ: Tổ 18, phường Đồng Tâm, thành phố Yên Bái, tỉnh Yên Bái - Điện thoại: 0216.3xxx.xxx - Email:
 stttt@yenbai.gov.vn</p>
<p>Chịu trách nhiệm chính: {esc(PROVINCE.director)} - Giám đốc Sở. Giấy phép số 45/GP-STTTT.</p>
<p class="luottruycap">Lượt truy cập: {self.rng.randint(2_000_000, 5_000_000)}</p>
</div>
</div>
<script type="text/javascript">ddsmoothmenu.init({{mainmenuid: "smoothmenu", orientation: 'h'}});</script>
</body>
</html>
"""

    # --- pages -------------------------------------------------------------------------------------------

    def item(self, s: Story) -> str:
        img = (
            f'<a class="anh" href="{_h(_url(s))}"><img src="/uploads/news/thumb/{s.uid}.jpg" width="150" '
            f'height="100" alt="" /></a>'
            if s.images
            else ""
        )
        return f"""<div class="tin">{img}
<h3 class="tieude"><a href="{_h(_url(s))}">{self._t(s, s.title)}</a></h3>
<span class="ngay">{s.published:%d-%m-%Y}</span>
<div class="trichdan">{self._t(s, snippet(s, 35))}</div>
<div class="xoa"></div></div>"""

    def listing(self, category: str, stories: list[Story], page: int, pages: int) -> str:
        cid = CIDS[category]
        bits = []
        if page > 1:
            bits.append(f'<a href="{_h(_list_url(cid))}">Trang đầu</a>')
            bits.append(f'<a href="{_h(_list_url(cid, page - 1))}">&laquo;</a>')
        for k in range(1, pages + 1):
            bits.append(
                f'<span class="hientai">{k}</span>'
                if k == page
                else f'<a href="{_h(_list_url(cid, k))}">{k}</a>'
            )
        if page < pages:
            bits.append(f'<a href="{_h(_list_url(cid, page + 1))}">&raquo;</a>')
        bits.append(f'<a href="{_h(_list_url(cid, pages))}">Trang cuối</a>')
        return (
            self.head(f"{category} - Sở TT&TT Yên Bái")
            + f"""<div class="duongdan"><a href="/index.php">Trang chủ</a> / <a
href="{_h(_list_url(cid))}">{esc(category)}</a>
</div>
<div class="khungtin">
<h2 class="tieudemuc">{esc(category)}</h2>
{chr(10).join(self.item(s) for s in stories)}
<div class="phantrang">{" ".join(bits)}</div>
</div>
"""
            + self.right()
        )

    def body(self, s: Story) -> str:
        out = []
        first = True
        for b in s.blocks:
            if b.kind == "p":
                text = self._noisy(s, b.text)
                if first:
                    text = f"<strong>{esc(PROVINCE.source_tag.strip())}</strong> " + text
                    first = False
                out.append(f'<p style="text-align: justify;">{text}</p>')
            elif b.kind == "img" and b.image:
                out.append(
                    f'<p style="text-align: center;"><img alt="" src="{_img(s, b.image.slug)}" '
                    f'style="width: 600px; height: 400px;" /></p>'
                )
                if b.image.caption:
                    out.append(f'<p style="text-align: center;"><em>{self._t(s, b.image.caption)}</em></p>')
            elif b.kind == "att" and b.attachment:
                a = b.attachment
                out.append(
                    f'<p>{self._t(s, a.lead)} <a href="{_att(a.slug, a.ext)}" '
                    f'target="_blank">{self._t(s, a.name)}</a></p>'
                )
        if s.byline:
            out.append(f'<p style="text-align: right;"><strong>{self._t(s, s.byline)}</strong></p>')
        return "\n".join(out)

    def article(self, s: Story) -> str:
        cid = CIDS[s.category]
        shown = f"{s.published.day}/{s.published.month}/{s.published.year}"
        date = f'<span class="ngaydang">({shown})</span> | ' if s.date_on_page else ""
        tomtat = f'<div class="tomtat"><strong>{self._t(s, s.summary)}</strong></div>' if s.summary else ""
        same = [o for o in (self.plan.main if s in self.plan.main else self.plan.decoys) if o is not s]
        newer = [o for o in same if o.published > s.published][-4:]
        related = "".join(f'<li><a href="{_h(_url(o))}">{self._t(o, o.title)}</a></li>' for o in newer)
        older = "".join(
            f'<li><a href="{_h(_url(o))}">{self._t(o, o.title)}</a> <span '
            f'class="ngay">({o.published:%d/%m/%Y})</span></li>'
            for o in self.plan.older_than(s, 8)
        )
        return (
            self.head(f"{s.title} - Sở TT&TT Yên Bái")
            + f"""<div class="duongdan"><a href="/index.php">Trang chủ</a> / <a
href="{_h(_list_url(cid))}">{esc(s.category)}</a>
</div>
<div class="chitiet">
<h1 class="tieude-tin">{self._t(s, s.title)}</h1>
<div class="thongtin">{date}<span class="luotdoc">Lượt đọc: {s.views}</span></div>
{tomtat}
<div class="noidung-tin">
{self.body(s)}
</div>
<div class="congcu"><a href="javascript:window.print();">In bài viết</a> | <a
href="mailto:?subject=Tin%20bai">Gửi
 email</a> | <a href="#khung">Về đầu trang</a></div>
{f'<div class="tinlienquan"><h4>Tin liên quan</h4><ul>{related}</ul></div>' if related else ""}
<div class="tinkhac"><h4>Các tin khác</h4><ul>{older}</ul></div>
</div>
"""
            + self.right()
        )

    # --- assembly ----------------------------------------------------------------------------------------

    def build(self) -> None:
        w, plan = self.w, self.plan
        cid = CIDS[CATEGORY]
        pages = chunks(plan.main, PER_PAGE)
        for i, group in enumerate(pages, start=1):
            path, _, query = _list_url(cid, i).partition("?")
            w.page(path, self.listing(CATEGORY, group, i, len(pages)), query=query)
            w.listing_page(w.last_route(), [_url(s) for s in group])
            if i == 1:
                w.same_file(path, w.last_route(), query=query + "&trang=1")
        last = w.last_route()
        for k in (len(pages) + 1, len(pages) + 2, 999):
            w.same_file("/index.php", last, query=f"mod=tintuc&cid={cid}&trang={k}")
        others = [s for s in plan.decoys if s.category == "Tin trong tỉnh"] or plan.decoys[:5]
        w.page(
            "/index.php",
            self.listing("Tin trong tỉnh", others, 1, 1),
            query=f"mod=tintuc&cid={CIDS['Tin trong tỉnh']}",
        )

        for s in plan.everything:
            path, _, query = _url(s).partition("?")
            w.page(path, self.article(s), query=query)
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
                published_at=iso(s.published, False),
                published_at_raw=f"{s.published.day}/{s.published.month}/{s.published.year}"
                if s.date_on_page
                else f"{s.published:%d-%m-%Y}",
                summary=s.summary,
                paragraphs=reader_paragraphs(s, inline_attachments=True, lead_prefix=PROVINCE.source_tag),
                images=[(_img(s, i.slug), i.caption) for i in s.images],
                attachments=[(_att(a.slug, a.ext), a.name) for a in s.attachments],
            )
        for n in (410, 388, 375, 351):
            w.binary(f"/uploads/vanban/vb-{n}.pdf", "pdf")
        w.binary("/templates/ybict/images/banner.jpg", "jpg")
        w.write()


def build(out: Path, seed: int = 0) -> None:
    PhpSite(out, seed).build()
