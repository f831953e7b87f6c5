"""Template "nukesite": a NukeViet 4-like portal (blind set: written after the extraction code was tuned).

Traits: ``/index.php/vi/news/<cat>/`` listings paged as ``.../page-N/`` (``page-1/`` redirects to the
category, a page past the end is NukeViet's 404 page), articles at ``/index.php/vi/news/<cat>/<slug>-<id>/``
for every category, ``.news_column`` panels (page 1 opens with a larger featured item), the date as
``Thứ năm - 16/03/2023 08:10`` next to a view counter, an ``article:published_time`` meta written with PHP's
``Y-m-dTH:i:s`` (so the ``T`` is the zone name: ``2023-03-16ICT08:10:00``) and a later
``article:modified_time``, a hometext sapo, bodies that are either ``<p>`` paragraphs or one ``<div>`` whose
paragraphs are ``<br /><br />`` apart, captions as a centred small-print line under the image, "Tin liên quan"
right under the body, then "Nguồn tin", attachments in a "Tập tin đính kèm" panel, keywords, a rating form
and "Những tin mới hơn / cũ hơn" lists. Breadcrumbs sit in a hidden list that a script copies into view.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from .corpus import Province, Story, StoryFactory, slugify, vn_number
from .site import (
    LINKS_OUT,
    MENU,
    WEEKDAYS,
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
    name="Hà Giang",
    districts=(
        "thành phố Hà Giang",
        "huyện Đồng Văn",
        "huyện Mèo Vạc",
        "huyện Yên Minh",
        "huyện Quản Bạ",
        "huyện Bắc Mê",
        "huyện Hoàng Su Phì",
        "huyện Xín Mần",
        "huyện Vị Xuyên",
        "huyện Bắc Quang",
        "huyện Quang Bình",
    ),
    director="Triệu Đức Thanh",
    deputies=("Nguyễn Văn Hoàng", "Lương Thị Thu Trang"),
    vice_chair="Hoàng Gia Long",
    enterprises=("VNPT Hà Giang", "Viettel Hà Giang", "Bưu điện tỉnh Hà Giang", "MobiFone Hà Giang"),
    source_tag="",
)
SITE = {
    "id": "heldout_nukesite",
    "name": "Sở Thông tin và Truyền thông tỉnh Hà Giang",
    "province": "Hà Giang",
    "start_paths": ["/index.php/vi/news/tin-hoat-dong/"],
}
CATEGORY = "Tin hoạt động"
PER_PAGE = 10
SITE_NAME = "Sở Thông tin và Truyền thông tỉnh Hà Giang"


def _cat_url(category: str) -> str:
    return f"/index.php/vi/news/{slugify(category)}/"


def _url(s: Story) -> str:
    return f"{_cat_url(s.category)}{slugify(s.title, 60)}-{s.uid}/"


def _upload(s: Story, name: str) -> str:
    return f"/uploads/news/{s.published:%Y_%m}/{name}"


def _img(s: Story, slug: str) -> str:
    return _upload(s, f"{slug}.jpg")


def _thumb(s: Story) -> str:
    return f"/assets/news/{s.published:%Y_%m}/{slugify(s.title, 30)}-{s.uid}.jpg"


def _att(s: Story, slug: str, ext: str) -> str:
    return _upload(s, f"{slug}.{ext}")


def _shown(dt: datetime) -> str:
    return f"{dt:%d/%m/%Y %H:%M}"


def _weekday(dt: datetime) -> str:
    """NukeViet writes "Thứ năm", "Chủ nhật": only the first word capitalised."""
    first, rest = WEEKDAYS[dt.weekday()].split(" ", 1)
    return f"{first} {rest.lower()}"


def _php_t(dt: datetime) -> str:
    """PHP ``date('Y-m-dTH:i:s')``: the ``T`` is the time-zone abbreviation, not a separator."""
    return f"{dt:%Y-%m-%d}ICT{dt:%H:%M}:00"


class NukeSite:
    def __init__(self, out: Path, seed: int) -> None:
        self.rng = random.Random(f"nukesite-{seed}")
        self.w = SiteWriter(out, dict(SITE))
        self.plan: Plan = plan_stories(
            StoryFactory(PROVINCE, self.rng),
            self.rng,
            n_main=38,
            n_decoy=12,
            newest=datetime(2024, 5, 17),
            main_category=CATEGORY,
        )
        self.legacy = {s.uid for s in self.plan.everything if self.rng.random() < 0.3}
        self.source = {s.uid: self.rng.random() < 0.45 for s in self.plan.everything}
        self.edited = {s.uid: self.rng.randint(0, 40) * 3 for s in self.plan.everything}  # hours

    # --- chrome ------------------------------------------------------------------------------------------

    def head(self, title: str, *, description: str = "", meta: str = "") -> str:
        menu = []
        for label, subs in MENU:
            if not subs:
                menu.append(
                    f'<li><a title="{esc(label)}" href="/index.php/vi/{slugify(label)}/">'
                    f"{esc(label)}</a></li>"
                )
                continue
            sub = "".join(
                f'<li><a title="{esc(x)}" href="'
                + (
                    _cat_url(x)
                    if x in (CATEGORY, *self._decoy_cats())
                    else f"/index.php/vi/page/{slugify(x)}.html"
                )
                + f'">{esc(x)}</a></li>'
                for x in subs
            )
            menu.append(
                f'<li class="dropdown"><a class="dropdown-toggle" title="{esc(label)}" '
                f'href="/index.php/vi/{slugify(label)}/" role="button" aria-expanded="false">{esc(label)} '
                f'<strong class="caret">&nbsp;</strong></a><ul class="dropdown-menu">{sub}</ul></li>'
            )
        return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head>
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}" />
<meta name="author" content="{SITE_NAME}" />
<meta name="copyright" content="{SITE_NAME} [stttt@hagiang.gov.vn]" />
<meta name="generator" content="NukeViet v4.4" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta property="og:site_name" content="{SITE_NAME}" />{meta}
<link rel="shortcut icon" href="/uploads/favicon.ico">
<link rel="StyleSheet" href="/themes/default/css/bootstrap.min.css">
<link rel="StyleSheet" href="/themes/default/css/style.css">
<link rel="StyleSheet" href="/themes/default/css/news.css">
<script data-show="inline" type="text/javascript">var nv_base_siteurl="/",nv_lang_data="vi",
nv_lang_interface="vi",nv_name_variable="nv",nv_fc_variable="op",nv_lang_variable="language",
nv_module_name="news",nv_func_name="main",nv_is_user=0;</script>
<script src="/assets/js/jquery/jquery.min.js"></script>
<script src="/assets/js/language/vi.js"></script>
<script src="/assets/js/global.js"></script>
<script src="/themes/default/js/main.js"></script>
</head>
<body>
<noscript><div class="alert alert-danger">Trình duyệt của bạn đã tắt chức năng hỗ trợ JavaScript.<br />
 Website chỉ
 làm việc khi bạn bật nó trở lại.<br />Để tham khảo cách bật JavaScript, hãy click chuột <a
 href="http://wiki.nukeviet.vn/support:browser:enable_javascript">vào đây</a>!</div></noscript>
<div class="body-bg">
<div class="wraper">
<header>
 <div class="container">
  <div id="header" class="row">
   <div class="logo col-xs-24 col-sm-24 col-md-8">
    <a title="{SITE_NAME}" href="/index.php/vi/"><img src="/uploads/logo-stttt-hg.png" width="120"
     height="120"
     alt="{SITE_NAME}" /></a>
    <span class="site_name">Sở Thông tin và Truyền thông</span>
    <span class="site_description">Tỉnh Hà Giang</span>
   </div>
   <div class="col-xs-24 col-sm-24 col-md-16">
    <div class="headerSearch"><form action="/index.php/vi/seek/" method="get"><input type="text"
     class="form-control" maxlength="60" name="q" placeholder="Tìm kiếm..." /><button type="submit"
     class="btn btn-info"><em class="fa fa-search fa-lg"></em></button></form></div>
   </div>
  </div>
 </div>
</header>
<nav class="second-nav" id="menusite">
 <div class="container"><div class="row"><div class="bg box-shadow">
  <ul class="nav navbar-nav">
   <li class="home"><a title="Trang nhất" href="/index.php/vi/"><em class="fa fa-lg fa-home">&nbsp;</em><span
    class="visible-xs-inline-block"> Trang nhất</span></a></li>
   {"".join(menu)}
  </ul>
 </div></div></div>
</nav>
<section>
<div class="container" id="body">
"""

    def _decoy_cats(self) -> tuple[str, ...]:
        return tuple(sorted({s.category for s in self.plan.decoys}))

    def breadcrumbs(self, trail: list[tuple[str, str]]) -> str:
        today = self.plan.main[0].published
        items = "".join(
            f'<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
            f'<a href="{href}" itemprop="item" title="{esc(name)}"><span itemprop="name">{esc(name)}</span>'
            f'</a><i class="hidden" itemprop="position" content="{k}"></i></li>'
            for k, (name, href) in enumerate(
                [("Trang nhất", "/index.php/vi/"), ("Tin tức", "/index.php/vi/news/"), *trail], 1
            )
        )
        return f"""<nav class="third-nav">
 <div class="row"><div class="bg"><div class="clearfix">
  <div class="col-xs-24 col-sm-18 col-md-18">
   <div class="breadcrumbs-wrap">
    <div class="display"><a class="show-subs-breadcrumbs hidden" href="#"
     onclick="showSubBreadcrumbs(this, event);"><em
     class="fa fa-lg fa-angle-right"></em></a><ul class="breadcrumbs list-none"></ul></div>
    <ul class="subs-breadcrumbs"></ul>
    <ul class="temp-breadcrumbs hidden" itemscope itemtype="https://schema.org/BreadcrumbList">{items}</ul>
   </div>
  </div>
  <div class="headerSearch col-xs-24 col-sm-6 col-md-6 text-right"><span
   class="current-time">{_weekday(today)}, {today:%d/%m/%Y}</span></div>
 </div></div></div>
</nav>
<div class="row">
"""

    def left(self) -> str:
        cats = "".join(
            f'<li><a title="{esc(c)}" href="{_cat_url(c)}">{esc(c)}</a></li>'
            for c in (CATEGORY, *self._decoy_cats())
        )
        return f"""<div class="col-sm-24 col-md-6">
 <div class="panel panel-primary"><div class="panel-heading">Chuyên mục</div><div class="panel-body">
  <ul class="nv-list-item sm">{cats}<li><a href="/index.php/vi/laws/">Văn bản pháp quy</a></li></ul>
 </div></div>
 <div class="panel panel-primary"><div class="panel-heading">Hỗ trợ trực tuyến</div><div class="panel-body">
  <p><em class="fa fa-phone">&nbsp;</em> Văn phòng Sở: 0219.3xxx.xxx</p>
  <p><em class="fa fa-envelope">&nbsp;</em> stttt@hagiang.gov.vn</p>
 </div></div>
</div>
<div class="col-sm-24 col-md-12">
"""

    def block_item(self, s: Story) -> str:
        return (
            f'<li class="clearfix"><a title="{esc(s.title)}" href="{_url(s)}"><img src="{_thumb(s)}" '
            f'alt="{esc(s.title)}" width="60" class="img-thumbnail pull-left mr-1"/></a><a class="show" '
            f'href="{_url(s)}" data-content="{esc(snippet(s, 20))}" data-img="{_thumb(s)}" '
            'data-rel="block_tooltip" '
            f'title="{esc(s.title)}">{esc(s.title)}</a></li>'
        )

    def right_and_foot(self) -> str:
        latest = "".join(self.block_item(s) for s in self.plan.latest(8))
        hot = sorted(self.plan.everything, key=lambda s: s.views, reverse=True)[:6]
        notices = [s for s in self.plan.decoys if s.category == "Thông báo"][:5] or self.plan.decoys[:3]
        links = "".join(f'<option value="{u}">{esc(n)}</option>' for n, u in LINKS_OUT)
        notice = "".join(f'<li><a href="{_url(s)}">{esc(s.title)}</a></li>' for s in notices)
        online = self.rng.randint(12, 140)
        today_n = vn_number(self.rng.randint(800, 4000))
        month = vn_number(self.rng.randint(30_000, 90_000))
        total = vn_number(self.rng.randint(2_000_000, 6_000_000))
        return f"""</div>
<div class="col-sm-24 col-md-6">
 <div class="panel panel-primary"><div class="panel-heading">Tin mới</div><div class="panel-body">
  <ul class="block_news list-none list-items">{latest}</ul></div></div>
 <div class="panel panel-primary"><div class="panel-heading">Thông báo</div><div class="panel-body">
  <ul class="list-none list-items">{notice}</ul>
 </div></div>
 <div class="panel panel-primary"><div class="panel-heading">Tin xem nhiều</div><div class="panel-body">
  <ul class="block_news list-none list-items">{"".join(self.block_item(s) for s in hot)}</ul></div></div>
 <div class="panel panel-primary"><div class="panel-heading">Liên kết website</div><div class="panel-body">
  <select class="form-control" onchange="if(this.value) window.open(this.value);"><option value="">-- Chọn
   liên kết --</option>{links}</select>
  <a href="https://dichvucong.hagiang.gov.vn/" target="_blank"><img src="/uploads/banner/dvc.jpg" width="100%"
   alt="Dịch vụ công trực tuyến tỉnh Hà Giang" /></a>
 </div></div>
 <div class="panel panel-primary"><div class="panel-heading">Thống kê truy cập</div><div class="panel-body">
  <ul class="counter list-none display-table">
   <li><span><em class="fa fa-bolt fa-lg fa-horizon"></em>Đang truy cập</span><span>{online}</span></li>
   <li><span><em class="fa fa-filter fa-lg fa-horizon margin-top-lg"></em>Hôm nay</span><span
    class="margin-top-lg">{today_n}</span></li>
   <li><span><em class="fa fa-calendar-o fa-lg fa-horizon"></em>Tháng hiện tại</span><span>{month}</span></li>
   <li><span><em class="fa fa-bars fa-lg fa-horizon"></em>Tổng lượt truy cập</span><span>{total}</span></li>
  </ul>
 </div></div>
</div>
</div>
</div>
</section>
</div>
<footer id="footer">
 <div class="wraper"><div class="container"><div class="row">
  <div class="col-xs-24 col-sm-24 col-md-12">
   <div class="panel-body">
    <h3 class="company-name">{SITE_NAME.upper()}</h3>
    <ul class="company_info">
     <li class="company_name">Cơ quan chủ quản: UBND tỉnh Hà Giang</li>
     <li><em class="fa fa-map-marker"></em><span>Địa chỉ: Số 415, đường Nguyễn Trãi, phường Nguyễn Trãi, thành
      phố Hà Giang</span></li>
     <li><em class="fa fa-phone"></em><span>Điện thoại: 0219.3xxx.xxx</span></li>
     <li><em class="fa fa-envelope"></em><span>Email: <a
      href="mailto:stttt@hagiang.gov.vn">stttt@hagiang.gov.vn</a></span></li>
    </ul>
   </div>
  </div>
  <div class="col-xs-24 col-sm-24 col-md-12">
   <div class="panel-body">Chịu trách nhiệm chính: Ông {esc(PROVINCE.director)} - Giám đốc Sở<br />
    Giấy phép số
    12/GP-TTĐT do Cục Phát thanh, truyền hình và thông tin điện tử cấp.<br />Ghi rõ nguồn
    "{SITE_NAME}" khi phát hành lại thông tin từ website này.</div>
  </div>
 </div></div></div>
 <div class="footer-bottom"><div class="wraper"><div class="container"><div class="row">
  <div class="col-xs-24 col-sm-12"><div class="copyright">&copy; Bản quyền thuộc về {SITE_NAME}</div></div>
  <div class="col-xs-24 col-sm-12 text-right"><a href="/index.php/vi/siteterms/">Điều khoản sử dụng</a> |
   <a href="/index.php/vi/feeds/">RSS</a> | <a href="/index.php/vi/SitemapIndex/">Sơ đồ site</a> |
   Thiết kế bởi VINADES.,JSC</div>
 </div></div></div></div>
 <div id="totop"><a href="#" title="Lên đầu trang"><em class="fa fa-angle-up fa-2x"></em></a></div>
</footer>
</div>
<script src="/themes/default/js/bootstrap.min.js"></script>
<script src="/themes/default/js/news.js"></script>
<script>$(function(){{$('.temp-breadcrumbs li').each(function(){{
$('.breadcrumbs').append($(this).clone());}});}});</script>
</body>
</html>
"""

    # --- listing -------------------------------------------------------------------------------------------

    def entry(self, s: Story, featured: bool = False) -> str:
        img = (
            f'<a href="{_url(s)}" title="{esc(s.title)}"><img alt="{esc(s.title)}" src="{_thumb(s)}" '
            f'width="{360 if featured else 183}" class="img-thumbnail pull-left imghome" /></a>'
            if s.images or featured
            else ""
        )
        tag, words = ("h2", 60) if featured else ("h3", 35)
        return f"""<div class="news_column panel panel-default" itemtype="http://schema.org/NewsArticle"
 itemscope>
 <div class="panel-body{" featured" if featured else ""}">
  {img}
  <{tag}><a href="{_url(s)}" title="{esc(s.title)}"><span
   itemprop="headline">{esc(s.title)}</span></a></{tag}>
  <div class="text-muted">
   <ul class="list-unstyled list-inline">
    <li><em class="fa fa-clock-o">&nbsp;</em> {_shown(s.published)}</li>
    <li><em class="fa fa-eye">&nbsp;</em> Đã xem: {vn_number(s.views)}</li>
   </ul>
  </div>
  <div itemprop="description">{esc(snippet(s, words))}</div>
 </div>
</div>"""

    def pager(self, category: str, page: int, pages: int) -> str:
        base = _cat_url(category)

        def href(k: int) -> str:
            return base if k == 1 else f"{base}page-{k}/"

        out = [
            f'<li><a href="{href(page - 1)}" title="Trang trước">&laquo;</a></li>'
            if page > 1
            else '<li class="disabled"><a href="#">&laquo;</a></li>'
        ]
        for k in range(1, pages + 1):
            out.append(
                f'<li class="active"><a href="#">{k}</a></li>'
                if k == page
                else f'<li><a href="{href(k)}" title="Trang {k}">{k}</a></li>'
            )
        out.append(
            f'<li><a href="{href(page + 1)}" title="Trang sau">&raquo;</a></li>'
            if page < pages
            else '<li class="disabled"><a href="#">&raquo;</a></li>'
        )
        return f'<div class="text-center"><ul class="pagination">{"".join(out)}</ul></div>'

    def listing(self, category: str, stories: list[Story], page: int, pages: int) -> str:
        title = category + (f" - Trang {page}" if page > 1 else "")
        trail = [(category, _cat_url(category))]
        body = "\n".join(self.entry(s, featured=page == 1 and i == 0) for i, s in enumerate(stories))
        return (
            self.head(f"{title} - {SITE_NAME}", description=f"{category} - {SITE_NAME}")
            + self.breadcrumbs(trail)
            + self.left()
            + f"""<div class="news_column viewcat_page_new">
<h1 class="hidden">{esc(category)}</h1>
{body}
</div>
{self.pager(category, page, pages) if pages > 1 else ""}
"""
            + self.right_and_foot()
        )

    def not_found(self) -> str:
        return (
            self.head(f"Thông báo - {SITE_NAME}")
            + self.breadcrumbs([])
            + self.left()
            + """<div class="alert alert-info clearfix">
 <p class="text-center"><strong>Thông báo</strong></p>
 <p>Đối tượng bạn yêu cầu không tồn tại hoặc đã bị xóa. Xin vui lòng thử lại hoặc quay lại <a
  href="/index.php/vi/">trang chủ</a>.</p>
</div>
"""
            + self.right_and_foot()
        )

    # --- article -------------------------------------------------------------------------------------------

    def caption_html(self, cap: str, legacy: bool) -> str:
        if legacy:
            return f'<div style="text-align: center;"><em>{esc(cap)}</em></div>'
        return f'<p style="text-align: center;"><span style="font-size:11px;"><em>{esc(cap)}</em></span></p>'

    def body(self, s: Story) -> str:
        legacy = s.uid in self.legacy
        out: list[str] = []
        run: list[str] = []  # legacy: consecutive paragraphs share one <div>, <br /><br /> apart

        def flush() -> None:
            if run:
                out.append('<div style="text-align: justify;">' + "<br />\n<br />\n".join(run) + "</div>")
                run.clear()

        for b in s.blocks:
            if b.kind == "p":
                if legacy:
                    run.append(esc(b.text))
                else:
                    out.append(f'<p style="text-align: justify;">{esc(b.text)}</p>')
            elif b.kind == "img" and b.image:
                flush()
                alt = esc(b.image.caption or s.title)
                img = f'<img alt="{alt}" height="533" src="{_img(s, b.image.slug)}" width="800" />'
                out.append(
                    f'<div style="text-align: center;">{img}</div>'
                    if legacy
                    else f'<p style="text-align: center;">{img}</p>'
                )
                if b.image.caption:
                    out.append(self.caption_html(b.image.caption, legacy))
        flush()
        if s.byline:
            tag = "div" if legacy else "p"
            out.append(f'<{tag} style="text-align: right;"><strong>{esc(s.byline)}</strong></{tag}>')
        return "\n".join(out)

    def other_list(self, heading: str, items: list[Story]) -> str:
        return (
            f'<p class="h3"><strong>{heading}</strong></p><div class="clearfix">'
            f'<ul class="related list-items">{self.related_list(items)}</ul></div>'
        )

    def related_list(self, items: list[Story]) -> str:
        return "".join(
            f'<li><em class="fa fa-angle-right">&nbsp;</em><a class="list-inline" href="{_url(o)}" '
            f'title="{esc(o.title)}">{esc(o.title)}</a> <em>({o.published:%d/%m/%Y})</em></li>'
            for o in items
        )

    def article(self, s: Story) -> str:
        pool = self.plan.main if s in self.plan.main else self.plan.decoys
        newer = [o for o in pool if o.published > s.published][-5:]
        older = self.plan.older_than(s, 5)
        related = [o for o in pool if o is not s and set(o.tags) & set(s.tags)][:4] or (newer + older)[:3]
        meta = ""
        published = s.published.replace(second=0)
        if s.date_on_page:
            modified = published + timedelta(hours=self.edited[s.uid], minutes=self.rng.randint(0, 59))
            meta = (
                '\n<meta property="og:type" content="article" />'
                f'\n<meta property="og:title" content="{esc(s.title)}" />'
                f'\n<meta property="og:description" content="{esc(snippet(s, 30))}" />'
                f'\n<meta property="article:published_time" content="{_php_t(published)}" />'
                f'\n<meta property="article:modified_time" content="{_php_t(modified)}" />'
                f'\n<meta property="article:section" content="{esc(s.category)}" />'
            )
        if s.images:
            meta += f'\n<meta property="og:image" content="{_img(s, s.images[0].slug)}" />'
        date = (
            f'<span class="h5">{_weekday(s.published)} - {_shown(s.published)}</span>'
            if s.date_on_page
            else ""
        )
        hometext = f'<div class="hometext m-bottom">{esc(s.summary)}</div>' if s.summary else ""
        related_html = (
            f"""<div class="news_column panel panel-default">
 <div class="panel-body other-news">
  <p class="h3"><strong>Tin liên quan</strong></p>
  <ul class="related list-items">{self.related_list(related)}</ul>
 </div>
</div>"""
            if related
            else ""
        )
        source = (
            '<p class="h5 text-right"><strong>Nguồn tin: </strong>Sở Thông tin và Truyền thông</p>'
            if self.source[s.uid]
            else ""
        )
        files = ""
        if s.attachments:
            lis = "".join(
                f'<div class="list-group-item"><span class="badge"><a role="button" data-toggle="collapse" '
                f'href="#file-{s.uid}-{k}" aria-expanded="false"><i class="fa fa-eye"></i></a></span>'
                f'<a href="{_att(s, a.slug, a.ext)}" title="{esc(a.name)}" download>{esc(a.name)}</a></div>'
                for k, a in enumerate(s.attachments)
            )
            files = f"""<div class="news_column panel panel-default">
 <div class="panel-body">
  <h3 class="newh3"><em class="fa fa-download">&nbsp;</em><strong>Tập tin đính kèm</strong></h3>
  <div class="list-group news-download-file">{lis}</div>
 </div>
</div>"""
        keywords = ", ".join(
            f'<a title="{esc(t)}" href="/index.php/vi/news/tag/{slugify(t)}"><em>{esc(t)}</em></a>'
            for t in s.tags
        )
        votes = self.rng.randint(0, 9)
        share = f"http://stttt.hagiang.gov.vn{_url(s)}"
        lists = ""
        if newer:
            lists += self.other_list("Những tin mới hơn", newer)
        if older:
            lists += self.other_list("Những tin cũ hơn", older)
        return (
            self.head(f"{s.title} - {s.category} - {SITE_NAME}", description=snippet(s, 30), meta=meta)
            + self.breadcrumbs([(s.category, _cat_url(s.category))])
            + self.left()
            + f"""<div class="news_column panel panel-default">
 <div class="panel-body">
  <h1 class="title margin-bottom-lg">{esc(s.title)}</h1>
  <div class="row margin-bottom-lg">
   <div class="col-md-12">{date}</div>
   <div class="col-md-12">
    <ul class="list-inline text-right">
     <li><a class="dimgray" rel="nofollow" title="Gửi bài viết qua email" href="javascript:void(0);"
      onclick="nv_open_browse('/index.php/vi/news/sendmail/{s.uid}','',650,500,
      'resizable=no,scrollbars=yes');return false"><em
      class="fa fa-envelope fa-lg">&nbsp;</em></a></li>
     <li><a class="dimgray" rel="nofollow" title="In ấn" href="javascript: void(0)"
      onclick="nv_open_browse('/index.php/vi/news/print/{s.uid}','',840,500,
      'resizable=yes,scrollbars=yes');return false"><em
      class="fa fa-print fa-lg">&nbsp;</em></a></li>
    </ul>
   </div>
  </div>
  <div class="clearfix">
   {hometext}
  </div>
  <div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{self.body(s)}
  </div>
 </div>
</div>
{related_html}
<div class="news_column panel panel-default"><div class="panel-body">{source}
 <p class="h5 text-right"><em class="fa fa-eye">&nbsp;</em> Đã xem: {vn_number(s.views)}</p></div></div>
{files}
<div class="news_column panel panel-default">
 <div class="panel-body">
  <div class="h5"><em class="fa fa-tags">&nbsp;</em><strong>Từ khóa: </strong>{keywords}</div>
 </div>
</div>
<div class="news_column panel panel-default">
 <div class="panel-body">
  <form id="form3B" action="">
   <div class="h5 clearfix">
    <p id="stringrating">Tổng số điểm của bài viết là: {votes * 4} trong {votes} đánh giá</p>
    <div style="padding: 5px;"><input class="hover-star" type="radio" value="1" title="Bài viết rất kém" />
     <input class="hover-star" type="radio" value="5" title="Bài viết rất tốt" />
     <span id="hover-test" style="margin: 0 0 0 20px;">Click để đánh giá bài viết</span></div>
   </div>
  </form>
 </div>
</div>
<div class="news_column panel panel-default">
 <div class="panel-body">
  <div class="socialicon clearfix margin-bottom-lg">
   <div class="fb-like" data-href="{share}" data-layout="button_count" data-action="like"
    data-show-faces="false"
    data-share="true">&nbsp;</div>
   <a href="http://twitter.com/share" class="twitter-share-button">Tweet</a>
  </div>
 </div>
</div>
<div class="news_column panel panel-default">
 <div class="panel-body other-news">
  {lists}
 </div>
</div>
"""
            + self.right_and_foot()
        )

    # --- assembly ------------------------------------------------------------------------------------------

    def build(self) -> None:
        w, plan = self.w, self.plan
        base = _cat_url(CATEGORY)
        pages = chunks(plan.main, PER_PAGE)
        for i, group in enumerate(pages, start=1):
            w.page(base if i == 1 else f"{base}page-{i}/", self.listing(CATEGORY, group, i, len(pages)))
            w.listing_page(w.last_route(), [_url(s) for s in group])
        w.redirect(f"{base}page-1/", base)
        for k in (len(pages) + 1, len(pages) + 2, 999):  # NukeViet answers past the end with its 404 page
            w.page(f"{base}page-{k}/", self.not_found(), status=404)
        others = [s for s in plan.decoys if s.category == "Tin trong tỉnh"] or plan.decoys[:5]
        w.page(_cat_url("Tin trong tỉnh"), self.listing("Tin trong tỉnh", others, 1, 1))

        for s in plan.everything:
            w.page(_url(s), self.article(s))
            w.redirect(_url(s).rstrip("/"), _url(s))
            w.binary(_thumb(s), "jpg")
            for img in s.images:
                w.binary(_img(s, img.slug), "jpg")
            for att in s.attachments:
                w.binary(_att(s, att.slug, att.ext), att.ext)
            if s not in plan.main:
                w.other_articles.append(_url(s))
        for s in plan.main:
            w.truth(
                s,
                _url(s),
                published_at=iso(s.published, True),  # the listing shows the time too
                published_at_raw=_shown(s.published),
                summary=s.summary,
                paragraphs=reader_paragraphs(s, inline_attachments=False),
                images=[(_img(s, i.slug), i.caption) for i in s.images],
                attachments=[(_att(s, a.slug, a.ext), a.name) for a in s.attachments],
            )
        w.binary("/uploads/logo-stttt-hg.png", "jpg")
        w.binary("/uploads/banner/dvc.jpg", "jpg")
        w.write()


def build(out: Path, seed: int = 0) -> None:
    NukeSite(out, seed).build()
