"""Template "cardsite": a Bootstrap 4 site of "card"/"news-item" blocks with a large sidebar.

Traits: path pagination (``/chuyen-muc/<cat>/trang-N``; ``trang-1`` redirects; numbers past the end answer
with
the last page), one article URL shape for every category (``/bai-viet/<slug>-<id>.html``), a "Tin nổi bật" and
a long "Tin mới nhất" sidebar mixing categories, a "Tin cùng chuyên mục" card grid under each article, a sapo
element, ``<figure>/<figcaption>`` images (``alt`` = article title when there is no caption), attachments in a
card *after* the body, share/print/font-size tools and a view counter next to the date.
"""

from __future__ import annotations

import random
from datetime import datetime
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
    name="Vĩnh Long",
    districts=(
        "huyện Long Hồ",
        "huyện Mang Thít",
        "huyện Vũng Liêm",
        "huyện Tam Bình",
        "huyện Trà Ôn",
        "huyện Bình Tân",
        "thị xã Bình Minh",
        "thành phố Vĩnh Long",
    ),
    director="Trần Minh Tuấn",
    deputies=("Phạm Thị Ngọc Hân", "Nguyễn Văn Bảy"),
    vice_chair="Đặng Văn Chính",
    enterprises=("VNPT Vĩnh Long", "Viettel Vĩnh Long", "MobiFone tỉnh Vĩnh Long", "Bưu điện tỉnh Vĩnh Long"),
    source_tag="",
)
SITE = {
    "id": "heldout_cardsite",
    "name": "Sở Thông tin và Truyền thông tỉnh Vĩnh Long",
    "province": "Vĩnh Long",
    "start_paths": ["/chuyen-muc/hoat-dong-cua-so"],
}
CATEGORY = "Hoạt động của Sở"
PER_PAGE = 12
CAT_SLUG = {CATEGORY: "hoat-dong-cua-so"}


def _cat_url(category: str) -> str:
    return "/chuyen-muc/" + CAT_SLUG.get(category, slugify(category))


def _url(s: Story) -> str:
    return f"/bai-viet/{s.slug}-{s.uid}.html"


def _img(s: Story, slug: str) -> str:
    return f"/uploads/{s.published:%Y}/{s.published:%m}/{slug}.jpg"


def _thumb(s: Story) -> str:
    return f"/uploads/thumbs/{s.uid}.jpg"


def _att(slug: str, ext: str) -> str:
    return f"/uploads/files/{slug}.{ext}"


def _dmy(dt: datetime) -> str:
    return dt.strftime("%d/%m/%Y")


def _full_date(dt: datetime) -> str:
    return f"{WEEKDAYS[dt.weekday()]}, {dt:%d/%m/%Y %H:%M}"


class CardSite:
    def __init__(self, out: Path, seed: int) -> None:
        self.rng = random.Random(f"cardsite-{seed}")
        self.w = SiteWriter(out, dict(SITE))
        self.plan: Plan = plan_stories(
            StoryFactory(PROVINCE, self.rng),
            self.rng,
            n_main=46,
            n_decoy=12,
            newest=datetime(2020, 12, 29),
            main_category=CATEGORY,
        )
        by_views = sorted(self.plan.everything, key=lambda s: s.views, reverse=True)
        self.most_read = by_views[:6]

    # --- chrome ------------------------------------------------------------------------------------------

    def head(self, title: str, description: str, og_image: str | None = None) -> str:
        og = f'\n<meta property="og:image" content="{og_image}">' if og_image else ""
        return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<title>{esc(title)} | Sở Thông tin và Truyền thông tỉnh Vĩnh Long</title>
<meta name="description" content="{esc(description)}">
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="Sở Thông tin và Truyền thông tỉnh Vĩnh Long">{og}
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/assets/vendor/bootstrap/css/bootstrap.min.css">
<link rel="stylesheet" href="/assets/vendor/fontawesome/css/all.min.css">
<link rel="stylesheet" href="/assets/css/main.css?v=2.3.1">
</head>
<body>
<div class="topbar bg-primary text-white small py-1">
 <div class="container d-flex justify-content-between">
  <span><i class="far fa-calendar-alt"></i> Hôm nay: {WEEKDAYS[self.plan.main[0].published.weekday()]},
   {_dmy(self.plan.main[0].published)}</span>
  <span><a class="text-white" href="/lien-he">Liên hệ</a> | <a class="text-white" href="/so-do-trang">Sơ đồ
trang</a>
   | <a class="text-white" href="/rss">RSS</a> | <a class="text-white" href="/dang-nhap">Đăng nhập</a></span>
 </div>
</div>
<header class="site-header py-3">
 <div class="container d-flex align-items-center">
  <a class="brand d-flex align-items-center" href="/"><img src="/assets/img/logo.png" alt="Logo" height="72">
   <div class="brand-text ml-3"><div class="brand-top">UBND TỈNH VĨNH LONG</div>
   <div class="brand-name">SỞ THÔNG TIN VÀ TRUYỀN THÔNG</div></div></a>
  <form class="form-inline ml-auto search-form" action="/tim-kiem" method="get">
   <input class="form-control form-control-sm" type="search" name="q" placeholder="Nhập từ khóa...">
   <button class="btn btn-sm btn-primary" type="submit"><i class="fa fa-search"></i></button>
  </form>
 </div>
</header>
{self.navbar()}
<div class="container my-3">
"""

    def navbar(self) -> str:
        items = ['<li class="nav-item"><a class="nav-link" href="/"><i class="fa fa-home"></i></a></li>']
        for i, (label, subs) in enumerate(MENU):
            if not subs:
                items.append(
                    f'<li class="nav-item"><a class="nav-link" href="/{slugify(label)}">{esc(label)}</a></li>'
                )
                continue
            sub = "".join(
                f'<a class="dropdown-item" href="{_cat_url(CATEGORY if s == "Tin hoạt động" else s)}">'
                f"{esc(CATEGORY if s == 'Tin hoạt động' else s)}</a>"
                for s in subs
            )
            items.append(
                f'<li class="nav-item dropdown"><a class="nav-link dropdown-toggle" href="#" id="dd{i}" '
                f'data-toggle="dropdown">{esc(label)}</a><div class="dropdown-menu">{sub}</div></li>'
            )
        return (
            '<nav class="navbar navbar-expand-lg navbar-dark bg-primary main-nav"><div class="container">'
            '<button class="navbar-toggler" type="button" data-toggle="collapse" data-target="#mainNav">'
            '<span class="navbar-toggler-icon"></span></button><div class="collapse navbar-collapse" '
            'id="mainNav">'
            f'<ul class="navbar-nav">{"".join(items)}</ul></div></div></nav>'
        )

    def breadcrumb(self, category: str) -> str:
        return f"""<nav aria-label="breadcrumb"><ol class="breadcrumb bg-light">
 <li class="breadcrumb-item"><a href="/">Trang chủ</a></li>
 <li class="breadcrumb-item"><a href="/chuyen-muc/tin-tuc">Tin tức</a></li>
 <li class="breadcrumb-item active" aria-current="page"><a
href="{_cat_url(category)}">{esc(category)}</a></li>
</ol></nav>"""

    def media(self, s: Story) -> str:
        return f"""<li class="media mb-3"><a href="{_url(s)}"><img class="mr-2 rounded" src="{_thumb(s)}"
width="96"
 height="64" alt="{esc(s.title)}"></a><div class="media-body"><a class="title-sm"
href="{_url(s)}">{esc(s.title)}</a>
 <div class="small text-muted"><i class="far fa-clock"></i> {_dmy(s.published)}</div></div></li>"""

    def sidebar(self) -> str:
        latest = "\n".join(self.media(s) for s in self.plan.latest(12))
        featured = self.plan.latest(30)[5:8]
        hot = "\n".join(
            f'<li class="list-group-item"><a href="{_url(s)}">{esc(s.title)}</a></li>' for s in self.most_read
        )
        cats = "".join(
            f'<a class="list-group-item list-group-item-action" href="{_cat_url(c)}">{esc(c)}</a>'
            for c in (CATEGORY, "Tin trong tỉnh", "Chuyển đổi số", "Thông báo", "Tin trong nước")
        )
        feat = "".join(
            f'<div class="card news-item mb-2"><a href="{_url(s)}"><img class="card-img-top" '
            f'src="{_thumb(s)}" '
            f'alt="{esc(s.title)}"></a><div class="card-body p-2"><a class="card-title" href="{_url(s)}">'
            f"{esc(s.title)}</a></div></div>"
            for s in featured
        )
        links = "".join(f'<option value="{u}">{esc(n)}</option>' for n, u in LINKS_OUT)
        return f"""<aside class="col-lg-4 sidebar">
 <div class="widget mb-4"><h4 class="widget-title"><span>Tin nổi bật</span></h4>{feat}</div>
 <div class="widget mb-4"><h4 class="widget-title"><span>Tin mới nhất</span></h4><ul class="list-unstyled">
{latest}
 </ul></div>
 <div class="widget mb-4"><h4 class="widget-title"><span>Tin đọc nhiều</span></h4><ul class="list-group
list-group-flush">
{hot}
 </ul></div>
 <div class="widget mb-4"><h4 class="widget-title"><span>Chuyên mục</span></h4><div
class="list-group">{cats}</div></div>
 <div class="widget mb-4 banners">
  <a href="https://dichvucong.vinhlong.gov.vn/"><img class="img-fluid mb-2" src="/assets/img/banner-dvc.jpg"
   alt="Dịch vụ công trực tuyến"></a>
  <a href="/chuyen-doi-so"><img class="img-fluid mb-2" src="/assets/img/banner-cds.jpg" alt="Chuyển đổi
số"></a>
  <a href="https://tinnhiemmang.vn/"><img class="img-fluid" src="/assets/img/tinnhiemmang.png" alt="Tín nhiệm
mạng"></a>
 </div>
 <div class="widget mb-4"><h4 class="widget-title"><span>Liên kết website</span></h4>
  <select class="custom-select" onchange="window.open(this.value)"><option>-- Chọn liên kết
--</option>{links}</select>
 </div>
</aside>"""

    def foot(self) -> str:
        col = "".join(
            f'<li><a href="{_cat_url(c)}">{esc(c)}</a></li>' for c in ("Tin trong tỉnh", "Thông báo")
        )
        return f"""</div>
<footer class="site-footer bg-dark text-white-50 pt-4 pb-2 mt-4">
 <div class="container"><div class="row">
  <div class="col-md-6"><h5 class="text-white">SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH VĨNH LONG</h5>
   <p>Địa chỉ: Số 88, đường Phạm Thái Bường, Phường 4, thành phố Vĩnh Long<br>Điện thoại: (0270) 3xxx xxx -
   Email: stttt@vinhlong.gov.vn<br>Chịu trách nhiệm chính: Giám đốc Sở {esc(PROVINCE.director)}</p></div>
  <div class="col-md-3"><h6 class="text-white">Chuyên mục</h6><ul class="list-unstyled">
   <li><a href="{_cat_url(CATEGORY)}">{esc(CATEGORY)}</a></li>{col}
   <li><a href="/van-ban">Văn bản</a></li><li><a href="/thu-tuc-hanh-chinh">Thủ tục hành
chính</a></li></ul></div>
  <div class="col-md-3"><h6 class="text-white">Thống kê truy cập</h6><p>Đang online:
{self.rng.randint(8, 90)}<br>
   Tổng truy cập: {vn_number(self.rng.randint(900_000, 2_000_000))}</p></div>
 </div>
 <div class="text-center small border-top border-secondary pt-2">© Bản quyền thuộc Sở Thông tin và Truyền
thông tỉnh
  Vĩnh Long. Ghi rõ nguồn khi phát hành lại thông tin từ trang này.</div></div>
</footer>
<a href="#" class="back-to-top"><i class="fa fa-chevron-up"></i></a>
<script src="/assets/vendor/jquery/jquery.min.js"></script>
<script src="/assets/vendor/bootstrap/js/bootstrap.bundle.min.js"></script>
<script src="/assets/js/main.js"></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXXXXX"></script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('js',new
Date());</script>
</body>
</html>
"""

    # --- pages -------------------------------------------------------------------------------------------

    def card(self, s: Story, hero: bool = False) -> str:
        if hero:
            return f"""<div class="card news-item news-featured mb-4">
 <a href="{_url(s)}"><img class="card-img-top" src="{_thumb(s)}" alt="{esc(s.title)}"></a>
 <div class="card-body"><h2 class="card-title h4"><a href="{_url(s)}">{esc(s.title)}</a></h2>
 <p class="card-text">{esc(snippet(s, 45))}</p>
 <small class="text-muted"><i class="far fa-calendar"></i> {_dmy(s.published)}</small></div>
</div>"""
        return f"""<div class="col-md-6 mb-4"><div class="card news-item h-100">
 <a href="{_url(s)}"><img class="card-img-top" src="{_thumb(s)}" alt="{esc(s.title)}"></a>
 <div class="card-body"><h3 class="card-title h6"><a href="{_url(s)}">{esc(s.title)}</a></h3>
 <p class="card-text small">{esc(snippet(s, 24))}</p></div>
 <div class="card-footer bg-white border-0"><small class="text-muted"><i class="far fa-calendar"></i>
  {_dmy(s.published)}</small></div>
</div></div>"""

    def listing(self, category: str, stories: list[Story], page: int, pages: int) -> str:
        base = _cat_url(category)

        def href(k: int) -> str:
            return base if k == 1 else f"{base}/trang-{k}"

        items = [
            f'<li class="page-item{" active" if k == page else ""}"><a class="page-link" '
            f'href="{href(k)}">{k}</a></li>'
            for k in range(1, pages + 1)
        ]
        prev = (
            f'<li class="page-item"><a class="page-link" href="{href(page - 1)}" '
            'aria-label="Previous">&laquo;</a></li>'
            if page > 1
            else '<li class="page-item disabled"><span class="page-link">&laquo;</span></li>'
        )
        nxt = (
            f'<li class="page-item"><a class="page-link" href="{href(page + 1)}" '
            'aria-label="Next">&raquo;</a></li>'
            if page < pages
            else '<li class="page-item disabled"><span class="page-link">&raquo;</span></li>'
        )
        hero, rest = (stories[0], stories[1:]) if page == 1 else (None, stories)
        cards = "\n".join(self.card(s) for s in rest)
        return (
            self.head(category, f"Tin tức {category} - Sở Thông tin và Truyền thông tỉnh Vĩnh Long")
            + self.breadcrumb(category)
            + f"""<div class="row">
<div class="col-lg-8">
<h1 class="page-title h4 text-primary text-uppercase border-bottom pb-2">{esc(category)}</h1>
{self.card(hero, hero=True) if hero else ""}
<div class="row news-list">
{cards}
</div>
<nav aria-label="Phân trang"><ul class="pagination
justify-content-center">{prev}{"".join(items)}{nxt}</ul></nav>
</div>
{self.sidebar()}
</div>
"""
            + self.foot()
        )

    def content(self, s: Story) -> str:
        parts = []
        for b in s.blocks:
            if b.kind == "p":
                parts.append(f'<p style="text-align: justify;">{esc(b.text)}</p>')
            elif b.kind == "img" and b.image:
                alt = b.image.caption or s.title
                cap = f"<figcaption>{esc(b.image.caption)}</figcaption>" if b.image.caption else ""
                parts.append(
                    f'<figure class="image"><img src="{_img(s, b.image.slug)}" alt="{esc(alt)}" width="800" '
                    f'height="533">{cap}</figure>'
                )
        if s.byline:
            parts.append(f'<p style="text-align: right;"><strong>{esc(s.byline)}</strong></p>')
        return "\n".join(parts)

    def article(self, s: Story) -> str:
        date = (
            f'<span class="post-date mr-3"><i class="far fa-clock"></i> {_full_date(s.published)}</span>'
            if s.date_on_page
            else ""
        )
        sapo = f'<div class="post-sapo font-weight-bold mb-3">{esc(s.summary)}</div>' if s.summary else ""
        atts = ""
        if s.attachments:
            lis = "".join(
                f'<li class="list-group-item"><a href="{_att(a.slug, a.ext)}" target="_blank"><i class="far '
                f'fa-file-{"pdf" if a.ext == "pdf" else "word"}"></i> {esc(a.name)}</a> <small '
                'class="text-muted">'
                f"({self.rng.randint(80, 2400)} KB)</small></li>"
                for a in s.attachments
            )
            atts = (
                '<div class="post-attachments card mb-3"><div class="card-header"><i class="fa '
                'fa-paperclip"></i> '
                f'Tài liệu đính kèm</div><ul class="list-group list-group-flush">{lis}</ul></div>'
            )
        tags = ", ".join(f'<a href="/tag/{slugify(t)}">{esc(t)}</a>' for t in s.tags)
        related = "\n".join(
            f'<div class="col-md-4 mb-3"><div class="card news-item h-100"><a href="{_url(o)}"><img '
            f'class="card-img-top" src="{_thumb(o)}" alt="{esc(o.title)}"></a><div class="card-body p-2"><a '
            f'class="card-title small" href="{_url(o)}">{esc(o.title)}</a><div class="small text-muted">'
            f"{_dmy(o.published)}</div></div></div></div>"
            for o in self.plan.older_than(s, 6)
        )
        share = f"https%3A%2F%2Fstttt.vinhlong.gov.vn{_url(s).replace('/', '%2F')}"
        first_img = _img(s, s.images[0].slug) if s.images else None
        return (
            self.head(s.title, s.summary or snippet(s), first_img)
            + self.breadcrumb(s.category)
            + f"""<div class="row">
<div class="col-lg-8">
<article class="post-detail">
<h1 class="post-title">{esc(s.title)}</h1>
<div class="post-meta d-flex align-items-center text-muted small mb-3">
 {date}<span class="post-views"><i class="far fa-eye"></i> {vn_number(s.views)} lượt xem</span>
 <div class="post-tools ml-auto"><a href="javascript:void(0)" class="js-font-minus">A-</a>
  <a href="javascript:void(0)" class="js-font-plus">A+</a>
  <a href="javascript:window.print()" title="In bài viết"><i class="fa fa-print"></i> In</a>
  <a href="mailto:?subject={esc(s.title)}" title="Gửi email"><i class="far fa-envelope"></i></a></div>
</div>
{sapo}
<div class="post-content">
{self.content(s)}
</div>
{atts}
<div class="post-tags mb-3"><i class="fa fa-tags"></i> Từ khóa: {tags}</div>
<div class="share-bar mb-4"><span>Chia sẻ:</span>
 <a class="btn btn-sm btn-facebook" href="https://www.facebook.com/sharer/sharer.php?u={share}"
target="_blank">
 <i class="fab fa-facebook-f"></i> Facebook</a>
 <a class="btn btn-sm btn-zalo" href="https://sp.zalo.me/share_inline?d={share}" target="_blank">Zalo</a>
 <a class="btn btn-sm btn-twitter" href="https://twitter.com/intent/tweet?url={share}"
target="_blank">Twitter</a>
</div>
</article>
<section class="related mt-4"><h3 class="section-title h5 border-bottom pb-2"><span>Tin cùng chuyên
mục</span></h3>
<div class="row">
{related}
</div></section>
</div>
{self.sidebar()}
</div>
"""
            + self.foot()
        )

    # --- assembly ----------------------------------------------------------------------------------------

    def build(self) -> None:
        w, plan = self.w, self.plan
        base = _cat_url(CATEGORY)
        pages = chunks(plan.main, PER_PAGE)
        for i, group in enumerate(pages, start=1):
            w.page(base if i == 1 else f"{base}/trang-{i}", self.listing(CATEGORY, group, i, len(pages)))
            w.listing_page(w.last_route(), [_url(s) for s in group])
        last = w.last_route()
        for k in (len(pages) + 1, len(pages) + 2, 999):  # past the end: the last page again
            w.same_file(f"{base}/trang-{k}", last)
        w.redirect(f"{base}/trang-1", base)
        in_province = [s for s in plan.decoys if s.category == "Tin trong tỉnh"] or plan.decoys[:6]
        w.page(_cat_url("Tin trong tỉnh"), self.listing("Tin trong tỉnh", in_province, 1, 1))

        for s in plan.everything:
            w.page(_url(s), self.article(s))
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
                published_at=iso(s.published, True) if s.date_on_page else iso(s.published, False),
                published_at_raw=f"{s.published:%d/%m/%Y %H:%M}" if s.date_on_page else _dmy(s.published),
                summary=s.summary,
                paragraphs=reader_paragraphs(s, inline_attachments=False),
                images=[(_img(s, i.slug), i.caption) for i in s.images],
                attachments=[(_att(a.slug, a.ext), a.name) for a in s.attachments],
            )
        for chrome in ("/assets/img/logo.png", "/assets/img/banner-dvc.jpg", "/assets/img/banner-cds.jpg"):
            w.binary(chrome, "jpg")
        w.write()


def build(out: Path, seed: int = 0) -> None:
    CardSite(out, seed).build()
