"""Template "dlsite": a home-made HTML5 CMS of ``<section>``/``<dl>`` blocks with ``data-*`` attributes
(blind set: written after the extraction code was tuned).

Traits: listings at ``/c<id>/<slug>`` paged by ``?pg=N`` (a number past the end answers with the last page),
articles at ``/a<id>/<slug>.html`` for every category, each listing entry a ``<dl class="story">`` (title in
``<dt>``, picture, teaser and date in ``<dd>``s) with its URL repeated in ``data-href``, page 1 opening with a
``<section class="lead-story">``, a "Tiêu điểm" strip of the newest stories of every category on top of every
listing page, a pager that is a ``<select onchange="location=this.value">`` of every page plus plain numbered
links to the neighbouring pages only, dates only as ``dd.mm.yyyy`` in ``<span class="meta">`` (the same
element dates the "Tin cùng chuyên mục" entries under each article and the sidebar entries), a sapo element,
images as ``<dl class="pic"><dt><img></dt><dd>caption</dd></dl>``, paragraphs indented with ``&nbsp;``, the
byline on the last body line, and attachments in a ``<dl class="files">`` after the body.
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
    name="Hậu Giang",
    districts=(
        "thành phố Vị Thanh",
        "thành phố Ngã Bảy",
        "thị xã Long Mỹ",
        "huyện Châu Thành",
        "huyện Châu Thành A",
        "huyện Phụng Hiệp",
        "huyện Vị Thủy",
        "huyện Long Mỹ",
    ),
    director="Phạm Văn Tâm",
    deputies=("Lê Thị Bích Ngọc", "Trương Quốc Khởi"),
    vice_chair="Trương Cảnh Tuyên",
    enterprises=("VNPT Hậu Giang", "Viettel Hậu Giang", "Bưu điện tỉnh Hậu Giang"),
    source_tag="",
)
SITE = {
    "id": "heldout_dlsite",
    "name": "Sở Thông tin và Truyền thông tỉnh Hậu Giang",
    "province": "Hậu Giang",
    "start_paths": ["/c12/hoat-dong-cua-so"],
}
CATEGORY = "Hoạt động của Sở"
CIDS = {CATEGORY: 12, "Tin trong tỉnh": 14, "Chuyển đổi số": 21, "Thông báo": 9, "Tin trong nước": 15}
PER_PAGE = 8
SITE_NAME = "Sở Thông tin và Truyền thông tỉnh Hậu Giang"


def _cat_url(category: str) -> str:
    return f"/c{CIDS[category]}/{slugify(category)}"


def _page_url(category: str, page: int) -> str:
    return _cat_url(category) + (f"?pg={page}" if page > 1 else "")


def _url(s: Story) -> str:
    return f"/a{s.uid}/{slugify(s.title, 70)}.html"


def _img(s: Story, slug: str) -> str:
    return f"/media/{s.published:%Y/%m}/{slug}.jpg"


def _thumb(s: Story) -> str:
    return f"/media/{s.published:%Y/%m}/t_{s.uid}.jpg"


def _att(slug: str, ext: str) -> str:
    return f"/media/files/{slug}.{ext}"


def _dot(dt: datetime) -> str:
    return f"{dt:%d.%m.%Y}"


class DlSite:
    def __init__(self, out: Path, seed: int) -> None:
        self.rng = random.Random(f"dlsite-{seed}")
        self.w = SiteWriter(out, dict(SITE))
        self.plan: Plan = plan_stories(
            StoryFactory(PROVINCE, self.rng),
            self.rng,
            n_main=35,
            n_decoy=10,
            newest=datetime(2021, 10, 29),
            main_category=CATEGORY,
        )
        self.indent = {s.uid for s in self.plan.everything if self.rng.random() < 0.4}

    # --- chrome ------------------------------------------------------------------------------------------

    def head(self, title: str, page_kind: str, description: str = "") -> str:
        items = ['<li data-id="0"><a href="/">Trang chủ</a></li>']
        for i, (label, subs) in enumerate(MENU, start=1):
            sub = "".join(
                f'<li data-id="{i}{j}"><a href="{_cat_url(x) if x in CIDS else "/p/" + slugify(x)}">'
                f"{esc(x)}</a></li>"
                for j, x in enumerate((CATEGORY if x == "Tin hoạt động" else x) for x in subs)
            )
            items.append(
                f'<li data-id="{i}" data-has-sub="{1 if subs else 0}"><a href="/p/{slugify(label)}">'
                f"{esc(label)}</a>" + (f'<ul class="sub">{sub}</ul>' if sub else "") + "</li>"
            )
        return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="description" content="{esc(description or SITE_NAME)}">
<link rel="stylesheet" href="/static/css/site.min.css?v=20210305">
<script defer src="/static/js/site.min.js?v=20210305"></script>
</head>
<body data-page="{page_kind}">
<div class="top" data-block="top">
 <div class="wrap"><span class="today" data-clock="1"></span>
  <a href="/p/lien-he">Liên hệ</a> <a href="/p/so-do-trang">Sơ đồ trang</a> <a href="/rss">RSS</a></div>
</div>
<header class="banner" data-block="banner">
 <div class="wrap"><a class="logo" href="/"><img src="/static/img/logo.png" alt="Logo Sở TT&amp;TT Hậu Giang"
  width="90" height="90"></a>
  <div class="unit"><span>UBND TỈNH HẬU GIANG</span><strong>SỞ THÔNG TIN VÀ TRUYỀN THÔNG</strong></div>
  <form class="search" action="/tim-kiem" method="get" data-block="search"><input name="k" type="search"
   placeholder="Tìm kiếm"><button type="submit">Tìm</button></form>
 </div>
</header>
<nav class="menu" data-menu="main"><div class="wrap"><ul>{"".join(items)}</ul></div></nav>
<div class="wrap main-wrap">
"""

    def crumbs(self, category: str) -> str:
        return (
            '<div class="crumbs" data-block="breadcrumb"><a href="/">Trang chủ</a> &raquo; '
            '<a href="/p/tin-tuc-su-kien">Tin tức - Sự kiện</a> &raquo; '
            f'<a href="{_cat_url(category)}">{esc(category)}</a></div>'
        )

    def mini(self, s: Story, pic: bool = False) -> str:
        """A small ``dl.story`` (sidebar, related list): title, maybe a picture, the date."""
        img = (
            f'<dd class="pic"><a href="{_url(s)}"><img src="{_thumb(s)}" alt="" width="80"></a></dd>'
            if pic
            else ""
        )
        return (
            f'<dl class="story mini" data-id="{s.uid}" data-href="{_url(s)}"><dt><a href="{_url(s)}">'
            f'{esc(s.title)}</a></dt>{img}<dd class="info"><span class="meta">{_dot(s.published)}</span>'
            "</dd></dl>"
        )

    def side_and_foot(self) -> str:
        latest = "\n".join(self.mini(s, pic=True) for s in self.plan.latest(7))
        notices = [s for s in self.plan.decoys if s.category == "Thông báo"][:4] or self.plan.decoys[:3]
        docs = "".join(
            f'<li><a href="/media/vanban/{n}.pdf" target="_blank">{esc(t)}</a></li>'
            for n, t in (
                ("kh-215-stttt", "Kế hoạch số 215/KH-STTTT về chuyển đổi số năm 2021"),
                ("qd-88-stttt", "Quyết định số 88/QĐ-STTTT ban hành quy chế nội bộ"),
                ("cv-1023-stttt", "Công văn số 1023/STTTT-BCVT về bảo đảm thông tin liên lạc mùa mưa bão"),
            )
        )
        links = "".join(f'<option value="{u}">{esc(n)}</option>' for n, u in LINKS_OUT)
        return f"""</main>
<aside class="sidebar">
 <section data-block="latest"><h3 class="bt">Tin mới</h3>
{latest}
 </section>
 <section data-block="notice"><h3 class="bt">Thông báo</h3>
{"".join(self.mini(s) for s in notices)}
 </section>
 <section data-block="docs"><h3 class="bt">Văn bản mới</h3><ul>{docs}</ul></section>
 <section data-block="banners">
  <a href="https://dichvucong.haugiang.gov.vn/" target="_blank"><img src="/static/img/dvc.jpg"
   alt="Cổng dịch vụ công tỉnh Hậu Giang" width="300"></a>
  <a href="https://tinnhiemmang.vn/" target="_blank"><img src="/static/img/tnm.png" alt="Tín nhiệm mạng"
   width="300"></a>
 </section>
 <section data-block="links"><h3 class="bt">Liên kết</h3><select
  onchange="if(this.value)window.open(this.value)"><option value="">-- Chọn --</option>{links}</select>
 </section>
</aside>
</div>
<footer data-block="footer">
 <div class="wrap">
  <p><strong>{SITE_NAME.upper()}</strong></p>
  <p>Địa chỉ: Số 09, đường Ngô Quyền, phường 5, thành phố Vị Thanh, tỉnh Hậu Giang</p>
  <p>Điện thoại: 0293.3xxx.xxx - Email: stttt@haugiang.gov.vn</p>
  <p>Chịu trách nhiệm: {esc(PROVINCE.director)} - Giám đốc Sở</p>
  <p class="counter" data-block="counter">Đang online: {self.rng.randint(5, 80)} | Tổng lượt truy cập:
   {vn_number(self.rng.randint(700_000, 3_000_000))}</p>
 </div>
</footer>
</body>
</html>
"""

    # --- listing -------------------------------------------------------------------------------------------

    def strip(self) -> str:
        picks = self.plan.latest(4)
        cells = "".join(
            f'<div class="cell" data-href="{_url(s)}"><a href="{_url(s)}"><img src="{_thumb(s)}" alt=""'
            f' width="220"><span>{esc(s.title)}</span></a></div>'
            for s in picks
        )
        return f'<section class="focus" data-block="slider"><h3 class="bt">Tiêu điểm</h3>{cells}</section>'

    def lead_story(self, s: Story) -> str:
        return f"""<section class="lead-story" data-id="{s.uid}" data-href="{_url(s)}">
 <figure><a href="{_url(s)}"><img src="{_thumb(s)}" alt="{esc(s.title)}" width="420"></a></figure>
 <h2><a href="{_url(s)}">{esc(s.title)}</a></h2>
 <p>{esc(snippet(s, 50))}</p>
 <span class="meta">{_dot(s.published)}</span>
</section>"""

    def story(self, s: Story) -> str:
        pic = (
            f'\n <dd class="pic"><a href="{_url(s)}"><img src="{_thumb(s)}" alt="" width="160"></a></dd>'
            if s.images
            else ""
        )
        return f"""<dl class="story" data-id="{s.uid}" data-href="{_url(s)}">
 <dt><a href="{_url(s)}">{esc(s.title)}</a></dt>{pic}
 <dd class="sum">{esc(snippet(s, 30))}</dd>
 <dd class="info"><span class="meta">{_dot(s.published)}</span></dd>
</dl>"""

    def pager(self, category: str, page: int, pages: int) -> str:
        nums = []
        for k in range(max(1, page - 1), min(pages, page + 1) + 1):
            nums.append(
                f'<b class="cur">{k}</b>' if k == page else f'<a href="{_page_url(category, k)}">{k}</a>'
            )
        opts = "".join(
            f'<option value="{_page_url(category, k)}"{" selected" if k == page else ""}>Trang {k}</option>'
            for k in range(1, pages + 1)
        )
        return (
            f'<div class="paging" data-pages="{pages}" data-page="{page}">{" ".join(nums)}'
            f' <label>Đến trang <select onchange="location=this.value">{opts}</select></label>'
            f" <span>/ {pages}</span></div>"
        )

    def listing(self, category: str, stories: list[Story], page: int, pages: int) -> str:
        lead, rest = (stories[0], stories[1:]) if page == 1 else (None, stories)
        return (
            self.head(f"{category} | {SITE_NAME}", "category")
            + self.crumbs(category)
            + f"""
<main id="main" data-cat-id="{CIDS[category]}">
{self.strip()}
<header class="cat-head"><h1>{esc(category)}</h1></header>
{self.lead_story(lead) if lead else ""}
<section class="stories" data-layout="list">
{chr(10).join(self.story(s) for s in rest)}
</section>
{self.pager(category, page, pages) if pages > 1 else ""}
"""
            + self.side_and_foot()
        )

    # --- article -------------------------------------------------------------------------------------------

    def body(self, s: Story) -> str:
        pad = "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;" if s.uid in self.indent else ""
        out = []
        for b in s.blocks:
            if b.kind == "p":
                out.append(f"<p>{pad}{esc(b.text)}</p>")
            elif b.kind == "img" and b.image:
                cap = f"<dd>{esc(b.image.caption)}</dd>" if b.image.caption else ""
                out.append(
                    f'<dl class="pic"><dt><img src="{_img(s, b.image.slug)}" alt="" width="700"></dt>'
                    f"{cap}</dl>"
                )
        if s.byline:
            out.append(f'<p style="text-align: right;"><b><i>{esc(s.byline)}</i></b></p>')
        return "\n".join(out)

    def article(self, s: Story) -> str:
        date = f'<span class="meta">{_dot(s.published)}</span> ' if s.date_on_page else ""
        sapo = f'<p class="sapo" data-role="lead"><strong>{esc(s.summary)}</strong></p>' if s.summary else ""
        files = ""
        if s.attachments:
            dds = "".join(
                f'<dd><a href="{_att(a.slug, a.ext)}" target="_blank">{esc(a.name)}</a> '
                f"<small>({a.ext.upper()}, {self.rng.randint(60, 1900)} KB)</small></dd>"
                for a in s.attachments
            )
            files = f'<dl class="files" data-block="files"><dt>Tài liệu đính kèm</dt>{dds}</dl>'
        same = (
            self.plan.older_than(s, 6)
            or [o for o in (self.plan.main if s in self.plan.main else self.plan.decoys) if o is not s][:4]
        )
        related = "\n".join(self.mini(o) for o in same)
        return (
            self.head(f"{s.title} | {SITE_NAME}", "article", snippet(s, 30))
            + self.crumbs(s.category)
            + f"""
<main id="main" data-cat-id="{CIDS[s.category]}">
<article class="detail" data-id="{s.uid}" data-cat="{CIDS[s.category]}">
 <h1 class="headline">{esc(s.title)}</h1>
 <div class="info">{date}<span class="meta views" data-views="{s.views}">{vn_number(s.views)} lượt xem</span>
  <span class="font-size" data-action="font"><a href="#" data-size="-1">A-</a> <a href="#"
   data-size="1">A+</a></span></div>
 {sapo}
 <section class="content" data-role="body">
{self.body(s)}
 </section>
 {files}
 <div class="tools" data-block="tools"><a href="javascript:window.print()">In bài</a> |
  <a href="/gui-email?id={s.uid}">Gửi email</a> |
  <a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fstttt.haugiang.gov.vn{_url(s)}"
   target="_blank">Chia sẻ Facebook</a></div>
</article>
<section class="related" data-block="related"><h3 class="bt">Tin cùng chuyên mục</h3>
{related}
</section>
"""
            + self.side_and_foot()
        )

    # --- assembly ------------------------------------------------------------------------------------------

    def build(self) -> None:
        w, plan = self.w, self.plan
        base = _cat_url(CATEGORY)
        pages = chunks(plan.main, PER_PAGE)
        for i, group in enumerate(pages, start=1):
            path, _, query = _page_url(CATEGORY, i).partition("?")
            w.page(path, self.listing(CATEGORY, group, i, len(pages)), query=query)
            w.listing_page(w.last_route(), [_url(s) for s in group])
            if i == 1:
                w.same_file(base, w.last_route(), query="pg=1")
                w.same_file(base, w.last_route(), query="pg=0")
        last = w.last_route()
        for k in (len(pages) + 1, len(pages) + 2, 999):  # past the end: the last page again
            w.same_file(base, last, query=f"pg={k}")
        others = [s for s in plan.decoys if s.category == "Tin trong tỉnh"] or plan.decoys[:5]
        w.page(_cat_url("Tin trong tỉnh"), self.listing("Tin trong tỉnh", others, 1, 1))

        for s in plan.everything:
            w.page(_url(s), self.article(s))
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
                published_at=iso(s.published, False),
                published_at_raw=_dot(s.published),
                summary=s.summary,
                paragraphs=reader_paragraphs(s, inline_attachments=False),
                images=[(_img(s, i.slug), i.caption) for i in s.images],
                attachments=[(_att(a.slug, a.ext), a.name) for a in s.attachments],
            )
        for n in ("kh-215-stttt", "qd-88-stttt", "cv-1023-stttt"):
            w.binary(f"/media/vanban/{n}.pdf", "pdf")
        w.binary("/static/img/logo.png", "jpg")
        w.write()


def build(out: Path, seed: int = 0) -> None:
    DlSite(out, seed).build()
