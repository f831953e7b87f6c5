"""Template "wpsite": a WordPress site with a local theme.

Traits: ``/chuyen-muc/<parent>/<cat>/page/N/`` pagination (``page/1/`` redirects to the category, a page past
the
end is a real 404 as WordPress does), date permalinks ``/YYYY/MM/DD/<slug>/`` (the slash-less form
redirects), a calendar widget full of ``/YYYY/MM/DD/`` day links, "Bài viết mới" and category widgets,
``<time datetime>`` + ``article:published_time`` + JSON-LD dates, an ``og:description`` that is *not* a sapo,
block-editor and classic-editor captions, ``srcset`` images, empty ``<p>&nbsp;</p>`` paragraphs, a view
counter
and sharing buttons injected *inside* ``entry-content`` after the byline, prev/next links across categories.
"""

from __future__ import annotations

import calendar
import json
import random
from datetime import datetime
from pathlib import Path

from .corpus import Province, Story, StoryFactory, slugify
from .site import LINKS_OUT, Plan, SiteWriter, chunks, esc, iso, plan_stories, reader_paragraphs, snippet

PROVINCE = Province(
    name="Quảng Trị",
    districts=(
        "thành phố Đông Hà",
        "thị xã Quảng Trị",
        "huyện Vĩnh Linh",
        "huyện Gio Linh",
        "huyện Cam Lộ",
        "huyện Triệu Phong",
        "huyện Hải Lăng",
        "huyện Hướng Hóa",
        "huyện Đakrông",
    ),
    director="Lê Quang Phục",
    deputies=("Nguyễn Thị Thu Thủy", "Hồ Xuân Hải"),
    vice_chair="Hoàng Nam Huy",
    enterprises=("VNPT Quảng Trị", "Viettel Quảng Trị", "Bưu điện tỉnh Quảng Trị"),
    source_tag="",
)
SITE = {
    "id": "heldout_wpsite",
    "name": "Sở Thông tin và Truyền thông tỉnh Quảng Trị",
    "province": "Quảng Trị",
    "start_paths": ["/chuyen-muc/tin-tuc/tin-hoat-dong/"],
}
CATEGORY = "Tin hoạt động"
PER_PAGE = 10


def _cat_url(category: str) -> str:
    return f"/chuyen-muc/tin-tuc/{slugify(category)}/"


def _url(s: Story) -> str:
    return f"/{s.published:%Y/%m/%d}/{s.slug}/"


def _upload(s: Story, name: str) -> str:
    return f"/wp-content/uploads/{s.published:%Y/%m}/{name}"


def _img(s: Story, slug: str) -> str:
    return _upload(s, f"{slug}-1024x683.jpg")


def _att(s: Story, slug: str, ext: str) -> str:
    return _upload(s, f"{slug}.{ext}")


class WpSite:
    def __init__(self, out: Path, seed: int) -> None:
        self.rng = random.Random(f"wpsite-{seed}")
        self.w = SiteWriter(out, dict(SITE))
        self.plan: Plan = plan_stories(
            StoryFactory(PROVINCE, self.rng),
            self.rng,
            n_main=37,
            n_decoy=10,
            newest=datetime(2022, 6, 24),
            main_category=CATEGORY,
        )
        self.post_ids = {s.uid: s.uid * 3 + 11 for s in self.plan.everything}  # wp post ids
        cut = self.plan.everything[len(self.plan.everything) // 3].published
        self.classic = {s.uid for s in self.plan.everything if s.published < cut}  # before the block editor

    # --- chrome ------------------------------------------------------------------------------------------

    def head(self, title: str, extra_meta: str, body_class: str) -> str:
        return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{esc(title)} &#8211; Sở Thông tin và Truyền thông Quảng Trị</title>
<meta name='robots' content='max-image-preview:large' />
{extra_meta}
<link rel="alternate" type="application/rss+xml" title="Sở Thông tin và Truyền thông Quảng Trị &raquo; Dòng
thông tin"
 href="/feed/" />
<link rel='stylesheet' id='wp-block-library-css'
href='/wp-includes/css/dist/block-library/style.min.css?ver=5.9.3'
 media='all' />
<link rel='stylesheet' id='stttt-style-css' href='/wp-content/themes/stttt-qt/style.css?ver=1.4.2'
media='all' />
<script src='/wp-includes/js/jquery/jquery.min.js?ver=3.6.0' id='jquery-core-js'></script>
<link rel="https://api.w.org/" href="/wp-json/" />
<meta name="generator" content="WordPress 5.9.3" />
</head>
<body class="{body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">Chuyển đến nội dung</a>
<header id="masthead" class="site-header">
 <div class="header-top"><div class="wrap">
  <span class="header-date">{esc(self.today)}</span>
  <ul class="header-links"><li><a href="/lien-he/">Liên hệ</a></li><li><a href="/so-do-website/">Sơ đồ
website</a>
  </li><li><a href="/feed/">RSS</a></li></ul>
 </div></div>
 <div class="site-branding wrap"><a href="/" rel="home"><img src="/wp-content/uploads/2019/05/logo-stttt.png"
  class="custom-logo" alt="Sở Thông tin và Truyền thông Quảng Trị" width="90" height="90"></a>
  <p class="site-title"><a href="/" rel="home">Sở Thông tin và Truyền thông Quảng Trị</a></p>
  <p class="site-description">Trang thông tin điện tử</p></div>
 <nav id="site-navigation" class="main-navigation"><button class="menu-toggle" aria-controls="primary-menu"
  aria-expanded="false">Menu</button>
{self.menu()}
 </nav>
</header>
<div id="content" class="site-content wrap">
"""

    @property
    def today(self) -> str:
        d = self.plan.everything[0].published
        return f"{d.day} Tháng {d.month}, {d.year}"

    def menu(self) -> str:
        def item(label: str, href: str, subs: list[tuple[str, str]] | None = None) -> str:
            inner = ""
            if subs:
                inner = '<ul class="sub-menu">' + "".join(item(a, b) for a, b in subs) + "</ul>"
            cls = "menu-item" + (" menu-item-has-children" if subs else "")
            return f'<li class="{cls}"><a href="{href}">{esc(label)}</a>{inner}</li>'

        news = [(c, _cat_url(c)) for c in (CATEGORY, "Tin trong tỉnh", "Chuyển đổi số", "Thông báo")]
        return (
            '<ul id="primary-menu" class="menu">'
            + item("Trang chủ", "/")
            + item(
                "Giới thiệu",
                "/gioi-thieu/",
                [
                    ("Chức năng nhiệm vụ", "/gioi-thieu/chuc-nang-nhiem-vu/"),
                    ("Cơ cấu tổ chức", "/gioi-thieu/co-cau-to-chuc/"),
                    ("Lãnh đạo Sở", "/gioi-thieu/lanh-dao-so/"),
                ],
            )
            + item("Tin tức", "/chuyen-muc/tin-tuc/", news)
            + item(
                "Văn bản",
                "/van-ban/",
                [("Văn bản pháp quy", "/van-ban/phap-quy/"), ("Văn bản chỉ đạo", "/van-ban/chi-dao/")],
            )
            + item("Chuyển đổi số", _cat_url("Chuyển đổi số"))
            + item("Thủ tục hành chính", "/thu-tuc-hanh-chinh/")
            + item("Liên hệ", "/lien-he/")
            + "</ul>"
        )

    def calendar(self) -> str:
        """The calendar widget of the newest month: every day with a post links to its day archive."""
        newest = self.plan.everything[0].published
        days = {
            s.published.day
            for s in self.plan.everything
            if (s.published.year, s.published.month) == (newest.year, newest.month)
        }
        rows = []
        for week in calendar.Calendar().monthdayscalendar(newest.year, newest.month):
            cells = []
            for d in week:
                if not d:
                    cells.append('<td class="pad">&nbsp;</td>')
                elif d in days:
                    cells.append(
                        f'<td><a href="/{newest:%Y/%m}/{d:02d}/" aria-label="Bài viết đăng ngày '
                        f'{d} Tháng {newest.month}, {newest.year}">{d}</a></td>'
                    )
                else:
                    cells.append(f"<td>{d}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        prev = f"/{newest.year if newest.month > 1 else newest.year - 1}/{(newest.month - 2) % 12 + 1:02d}/"
        return f"""<table id="wp-calendar" class="wp-calendar-table"><caption>Tháng {newest.month}
{newest.year}
</caption><thead><tr><th scope="col" title="Thứ Hai">H</th><th scope="col" title="Thứ Ba">B</th><th
scope="col"
 title="Thứ Tư">T</th><th scope="col" title="Thứ Năm">N</th><th scope="col" title="Thứ Sáu">S</th><th
scope="col"
 title="Thứ Bảy">B</th><th scope="col" title="Chủ
Nhật">C</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<nav aria-label="Tháng trước và tháng sau" class="wp-calendar-nav"><span class="wp-calendar-nav-prev"><a
 href="{prev}">&laquo; Th{(newest.month - 2) % 12 + 1}</a></span></nav>"""

    def sidebar(self) -> str:
        recent = "".join(f'<li><a href="{_url(s)}">{esc(s.title)}</a></li>' for s in self.plan.latest(8))
        counts = {}
        for s in self.plan.everything:
            counts[s.category] = counts.get(s.category, 0) + 1
        cats = "".join(
            f'<li class="cat-item"><a href="{_cat_url(c)}">{esc(c)}</a> ({n})</li>'
            for c, n in sorted(counts.items())
        )
        months = sorted({(s.published.year, s.published.month) for s in self.plan.everything}, reverse=True)
        archive = "".join(f"<li><a href='/{y}/{m:02d}/'>Tháng {m} {y}</a></li>" for y, m in months[:12])
        links = "".join(
            f'<li><a href="{u}" target="_blank" rel="noopener">{esc(n)}</a></li>' for n, u in LINKS_OUT
        )
        return f"""<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form"
action="/">
<label><span class="screen-reader-text">Tìm kiếm cho:</span><input type="search" class="search-field"
 placeholder="Tìm kiếm &hellip;" value="" name="s" /></label><input type="submit" class="search-submit"
 value="Tìm kiếm" /></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Bài viết mới</h2>
<ul>{recent}</ul></section>
<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Chuyên mục</h2>
<ul>{cats}</ul></section>
<section id="calendar-2" class="widget widget_calendar"><div id="calendar_wrap" class="calendar_wrap">
{self.calendar()}</div></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Lưu trữ</h2><ul>{archive}</ul>
</section>
<section id="text-3" class="widget widget_text"><h2 class="widget-title">Liên kết</h2><div class="textwidget">
<ul>{links}</ul></div></section>
</aside>"""

    def foot(self) -> str:
        return f"""</div><!-- #content -->
<footer id="colophon" class="site-footer">
 <div class="footer-widgets wrap"><div class="footer-col"><h3>Sở Thông tin và Truyền thông tỉnh Quảng Trị</h3>
  <p>Địa chỉ: 45 Hùng Vương, thành phố Đông Hà, tỉnh Quảng Trị<br>Điện thoại: 0233.3xxx.xxx &ndash; Email:
  stttt@quangtri.gov.vn</p><p>Chịu trách nhiệm: Giám đốc {esc(PROVINCE.director)}</p></div>
  <div class="footer-col"><ul><li><a href="/gioi-thieu/">Giới thiệu</a></li><li><a href="/van-ban/">Văn
bản</a></li>
  <li><a href="/thu-tuc-hanh-chinh/">Thủ tục hành chính</a></li><li><a href="/lien-he/">Liên
hệ</a></li></ul></div>
 </div>
 <div class="site-info wrap">&copy; 2022 Sở Thông tin và Truyền thông Quảng Trị. Phát triển trên nền
  <a href="https://wordpress.org/">WordPress</a>.</div>
</footer>
</div><!-- #page -->
<script src='/wp-content/themes/stttt-qt/js/navigation.js?ver=1.4.2' id='stttt-navigation-js'></script>
<script src='/wp-includes/js/wp-embed.min.js?ver=5.9.3' id='wp-embed-js'></script>
</body>
</html>
"""

    # --- pages -------------------------------------------------------------------------------------------

    def excerpt(self, s: Story) -> str:
        pid = self.post_ids[s.uid]
        thumb = (
            f'<a class="post-thumbnail" href="{_url(s)}" aria-hidden="true" tabindex="-1"><img width="300" '
            f'height="200" src="{_upload(s, s.images[0].slug + "-300x200.jpg")}" class="attachment-medium '
            f'size-medium wp-post-image" alt="" loading="lazy" /></a>'
            if s.images
            else ""
        )
        return f"""<article id="post-{pid}" class="post-{pid} post type-post status-publish format-standard
 {"has-post-thumbnail " if s.images else ""}hentry category-{slugify(s.category)}">
{thumb}
<header class="entry-header"><h2 class="entry-title"><a href="{_url(s)}"
rel="bookmark">{esc(s.title)}</a></h2>
<div class="entry-meta"><span class="posted-on"><span
class="entry-date">{s.published:%d/%m/%Y}</span></span></div>
</header>
<div class="entry-summary"><p>{esc(snippet(s, 40))} [&hellip;]</p></div>
<a class="more-link" href="{_url(s)}">Xem thêm<span class="screen-reader-text">
&#8220;{esc(s.title)}&#8221;</span></a>
</article>"""

    def listing(self, category: str, stories: list[Story], page: int, pages: int) -> str:
        base = _cat_url(category)

        def href(k: int) -> str:
            return base if k == 1 else f"{base}page/{k}/"

        links = []
        if page > 1:
            links.append(f'<a class="prev page-numbers" href="{href(page - 1)}">&laquo; Trước</a>')
        for k in range(1, pages + 1):
            if k == page:
                links.append(f'<span aria-current="page" class="page-numbers current">{k}</span>')
            else:
                links.append(f'<a class="page-numbers" href="{href(k)}">{k}</a>')
        if page < pages:
            links.append(f'<a class="next page-numbers" href="{href(page + 1)}">Tiếp &raquo;</a>')
        pager = (
            '<nav class="navigation pagination" aria-label="Bài viết"><h2 class="screen-reader-text">Điều '
            "hướng "
            f'bài viết</h2><div class="nav-links">{"".join(links)}</div></nav>'
            if pages > 1
            else ""
        )
        title = category + (f" &#8211; Trang {page}" if page > 1 else "")
        meta = f'<link rel="canonical" href="{href(page)}" />'
        if page < pages:
            meta += f'\n<link rel="next" href="{href(page + 1)}" />'
        body_class = f"archive category category-{slugify(category)} hfeed" + (" paged" if page > 1 else "")
        return (
            self.head(title, meta, body_class)
            + f"""<main id="primary" class="site-main">
<header class="page-header"><h1 class="page-title">Chuyên mục: <span>{esc(category)}</span></h1></header>
{chr(10).join(self.excerpt(s) for s in stories)}
{pager}
</main>
{self.sidebar()}
"""
            + self.foot()
        )

    def content(self, s: Story) -> str:
        out = []
        n_img = 0
        for b in s.blocks:
            if b.kind == "p":
                out.append(f"<p>{esc(b.text)}</p>")
                if self.rng.random() < 0.12:
                    out.append("<p>&nbsp;</p>")
            elif b.kind == "img" and b.image:
                n_img += 1
                src = _img(s, b.image.slug)
                srcset = (
                    f"{src} 1024w, {_upload(s, b.image.slug + '-300x200.jpg')} 300w, "
                    f"{_upload(s, b.image.slug + '-768x512.jpg')} 768w"
                )
                wid = self.post_ids[s.uid] + n_img
                img = (
                    f'<img loading="lazy" width="1024" height="683" src="{src}" alt="" '
                    f'class="wp-image-{wid}" '
                    f'srcset="{srcset}" sizes="(max-width: 1024px) 100vw, 1024px" />'
                )
                cap = b.image.caption
                if s.uid in self.classic:
                    if cap:
                        out.append(
                            f'<div id="attachment_{wid}" style="width: 1034px" class="wp-caption '
                            'aligncenter">'
                            f'{img}<p id="caption-attachment-{wid}" '
                            f'class="wp-caption-text">{esc(cap)}</p></div>'
                        )
                    else:
                        out.append(f'<p style="text-align: center;">{img}</p>')
                else:
                    figcap = f"<figcaption>{esc(cap)}</figcaption>" if cap else ""
                    out.append(f'<figure class="wp-block-image size-large">{img}{figcap}</figure>')
            elif b.kind == "att" and b.attachment:
                a = b.attachment
                out.append(f'<p>{esc(a.lead)} <a href="{_att(s, a.slug, a.ext)}">{esc(a.name)}</a></p>')
        if s.byline:
            if self.rng.random() < 0.5:
                out.append(f'<p style="text-align: right;"><strong>{esc(s.byline)}</strong></p>')
            else:
                out.append(f'<p style="text-align: right;"><em><strong>{esc(s.byline)}</strong></em></p>')
        # Plugins append these to the_content, so they sit inside .entry-content.
        out.append(
            '<div class="post-views content-post post-{0} entry-meta"><span class="post-views-icon dashicons '
            'dashicons-chart-bar"></span><span class="post-views-label">Lượt xem: </span><span '
            f'class="post-views-count">{s.views}</span></div>'.format(self.post_ids[s.uid])
        )
        out.append(
            '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social '
            'sd-social-icon-text sd-sharing"><h3 class="sd-title">Chia sẻ:</h3><div class="sd-content"><ul>'
            '<li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook '
            'sd-button" '
            f'href="{_url(s)}?share=facebook" target="_blank"><span>Facebook</span></a></li>'
            f'<li class="share-twitter"><a class="share-twitter sd-button" href="{_url(s)}?share=twitter" '
            f'target="_blank"><span>Twitter</span></a></li><li class="share-print"><a class="share-print '
            f'sd-button" href="{_url(s)}#print"><span>In</span></a></li><li class="share-end"></li></ul>'
            "</div></div></div>"
        )
        return "\n".join(out)

    def article(self, s: Story) -> str:
        pid = self.post_ids[s.uid]
        everything = self.plan.everything
        i = everything.index(s)
        prev_s = everything[i + 1] if i + 1 < len(everything) else None
        next_s = everything[i - 1] if i > 0 else None
        iso_dt = iso(s.published, True)  # the theme prints minutes only
        desc = snippet(s, 30)
        meta = [
            f'<link rel="canonical" href="{_url(s)}" />',
            '<meta property="og:locale" content="vi_VN" />\n<meta property="og:type" content="article" />',
            f'<meta property="og:title" content="{esc(s.title)}" />',
            f'<meta property="og:description" content="{esc(desc)}" />',
            f'<meta name="description" content="{esc(desc)}" />',
        ]
        if s.images:
            meta.append(f'<meta property="og:image" content="{_img(s, s.images[0].slug)}" />')
        posted = ""
        if s.date_on_page:
            meta.append(f'<meta property="article:published_time" content="{iso_dt}" />')
            ld = {
                "@context": "https://schema.org",
                "@type": "Article",
                "headline": s.title,
                "datePublished": iso_dt,
                "mainEntityOfPage": _url(s),
            }
            meta.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
            posted = (
                f'<span class="posted-on">Cập nhật: <time class="entry-date published" datetime="{iso_dt}">'
                f"{s.published:%d/%m/%Y %H:%M}</time></span>"
            )
        nav = '<nav class="navigation post-navigation" aria-label="Bài viết"><div class="nav-links">'
        if prev_s:
            nav += (
                f'<div class="nav-previous"><a href="{_url(prev_s)}" rel="prev"><span '
                'class="meta-nav">Bài trước'
                f'</span> <span class="post-title">{esc(prev_s.title)}</span></a></div>'
            )
        if next_s:
            nav += (
                f'<div class="nav-next"><a href="{_url(next_s)}" rel="next"><span class="meta-nav">Bài '
                "tiếp"
                f'</span> <span class="post-title">{esc(next_s.title)}</span></a></div>'
            )
        nav += "</div></nav>"
        related = "".join(
            f'<li><a href="{_url(o)}">{esc(o.title)}</a> <span '
            f'class="date">({o.published:%d/%m/%Y})</span></li>'
            for o in self.plan.older_than(s, 6)
        )
        tags = ", ".join(f'<a href="/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>' for t in s.tags)
        body_class = f"post-template-default single single-post postid-{pid} single-format-standard"
        return (
            self.head(s.title, "\n".join(meta), body_class)
            + f"""<main id="primary" class="site-main">
<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/">Trang chủ</a> &raquo; <a
href="/chuyen-muc/tin-tuc/">Tin
 tức</a> &raquo; <a href="{_cat_url(s.category)}">{esc(s.category)}</a></nav>
<article id="post-{pid}" class="post-{pid} post type-post status-publish format-standard hentry
 category-{slugify(s.category)}">
<header class="entry-header">
<h1 class="entry-title">{esc(s.title)}</h1>
<div class="entry-meta">{posted}</div>
</header>
<div class="entry-content">
{self.content(s)}
</div><!-- .entry-content -->
<footer class="entry-footer"><span class="cat-links">Chuyên mục: <a href="{_cat_url(s.category)}"
rel="category tag">
{esc(s.category)}</a></span> <span class="tags-links">Thẻ: {tags}</span></footer>
</article>
{nav}
<div class="related-posts"><h3 class="related-title">Các tin khác</h3><ul>{related}</ul></div>
<div id="comments" class="comments-area"><p class="no-comments">Bình luận đã bị đóng.</p></div>
</main>
{self.sidebar()}
"""
            + self.foot()
        )

    def not_found(self) -> str:
        return (
            self.head("Không tìm thấy trang", "", "error404 hfeed")
            + """<main id="primary" class="site-main"><section class="error-404 not-found">
<header class="page-header"><h1 class="page-title">Rất tiếc! Không tìm thấy trang này.</h1></header>
<div class="page-content"><p>Có vẻ như không có gì ở địa chỉ này. Hãy thử tìm kiếm?</p></div></section></main>
"""
            + self.sidebar()
            + self.foot()
        )

    # --- assembly ----------------------------------------------------------------------------------------

    def build(self) -> None:
        w, plan = self.w, self.plan
        base = _cat_url(CATEGORY)
        pages = chunks(plan.main, PER_PAGE)
        for i, group in enumerate(pages, start=1):
            w.page(base if i == 1 else f"{base}page/{i}/", self.listing(CATEGORY, group, i, len(pages)))
            w.listing_page(w.last_route(), [_url(s) for s in group])
        w.redirect(f"{base}page/1/", base)
        for k in (len(pages) + 1, 999):  # WordPress answers past the end with its 404 page
            w.page(f"{base}page/{k}/", self.not_found(), status=404)
        others = [s for s in plan.decoys if s.category == "Tin trong tỉnh"] or plan.decoys[:5]
        w.page(_cat_url("Tin trong tỉnh"), self.listing("Tin trong tỉnh", others, 1, 1))

        for s in plan.everything:
            w.page(_url(s), self.article(s))
            w.redirect(_url(s).rstrip("/"), _url(s))
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
                published_at=iso(s.published, s.date_on_page),
                published_at_raw=f"{s.published:%d/%m/%Y %H:%M}"
                if s.date_on_page
                else f"{s.published:%d/%m/%Y}",
                summary=None,  # the theme has no sapo; og:description is a cut of the text
                paragraphs=reader_paragraphs(s, inline_attachments=True),
                images=[(_img(s, i.slug), i.caption) for i in s.images],
                attachments=[(_att(s, a.slug, a.ext), a.name) for a in s.attachments],
            )
        w.binary("/wp-content/uploads/2019/05/logo-stttt.png", "jpg")
        w.write()


def build(out: Path, seed: int = 0) -> None:
    WpSite(out, seed).build()
