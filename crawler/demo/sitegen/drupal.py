"""Drupal 7 (An Giang sotttt.angiang.gov.vn, Lạng Sơn): path-alias URLs ``/<slug>`` (a few ``/node/<nid>``).

The category is a View at ``/tin-hoat-dong`` paginated by ``?page=N`` (0-based: the second page is
``?page=1``; "trang sau ›", "cuối »"); a page past the end shows the last one (Drupal clamps the pager).
News nodes show ``<span class="date-display-single">18/10/2019 - 08:30</span>``; nodes migrated from
the old site keep Drupal's default ``Submitted by Ban biên tập on 18 October 2019``. Leads often start
``Sở TTTT AG - ``. Files live under ``/sites/default/files/YYYY-MM/`` and attachments sit in a file field.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from crawler.demo.sitegen.assets import files_by_ext
from crawler.demo.sitegen.base import NEWS, TARGET, Article, Category, DateText, Family, Image, Req, render
from crawler.demo.sitegen.chrome import Link, breadcrumb, link_list, nested_menu, page_window, visits_text
from crawler.demo.sitegen.corpus import slugify
from crawler.demo.sitegen.htmltext import Quirks, esc, inline

LISTING = "/tin-hoat-dong"
MIME = {ext: ctype for ext, (ctype, _) in files_by_ext().items()}
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Drupal(Family):
    platform = "drupal"
    site_name = "Sở Thông tin và Truyền thông tỉnh An Giang"
    province = "An Giang"
    real_base = "https://sotttt.angiang.gov.vn"
    address = "Số 26 Tôn Đức Thắng, phường Mỹ Bình, thành phố Long Xuyên, tỉnh An Giang"
    email = "sotttt@angiang.gov.vn"
    phone = "(0296) 3 957 979"
    newest = datetime(2022, 12, 28, 10, 0)
    page_size = 10
    id_start = 1800
    id_step = 5
    inline_attachments = False
    quirks = Quirks(nbsp=0.05, nfd=0.01, wrap=0.05)
    menu_label = NEWS  # no "Tin hoạt động" entry: the menus' "Tin tức - Sự kiện" is the listing
    tthc_url = "https://dichvucong.angiang.gov.vn/"

    def locate(self, a: Article) -> None:
        a.extra["type"] = "article" if self.rng.random() < 0.25 else "tin_tuc"
        if a.story.paragraphs and self.rng.random() < 0.75:
            a.story.paragraphs[0] = "Sở TTTT AG - " + a.story.paragraphs[0]
        if self.rng.random() < 0.1:
            a.path = f"/node/{a.num}"
            return
        slug = slugify(a.title, max_len=120)
        a.path = self.claim(lambda n: f"/{slug}" if n == 1 else f"/{slug}-{n - 2}")

    def category_req(self, cat: Category) -> Req:
        return Req("GET", f"/{cat.slug}")

    def listing_req(self, page: int) -> Req:
        return Req("GET", LISTING, "" if page == 1 else f"page={page - 1}")

    def home_href(self) -> str:
        return "/"

    def static_href(self, key: str) -> str:
        return {"gioithieu": "/gioi-thieu", "lienhe": "/lien-he", "vanban": "/van-ban"}[key]

    def _files_dir(self, a: Article) -> str:
        return f"/sites/default/files/{a.published:%Y-%m}"

    def image_path(self, a: Article, i: int, ext: str) -> str:
        return f"{self._files_dir(a)}/{slugify(a.title, max_len=40)}-{i + 1}.{ext}"

    def attachment_path(self, a: Article, j: int, ext: str) -> str:
        doc = a.story.documents[j] if j < len(a.story.documents) else "bao cao ket qua"
        return f"{self._files_dir(a)}/{slugify(doc, max_len=40)}.{ext}"

    def attachment_name(self, a: Article, j: int, ext: str, document: str) -> str:
        return f"{slugify(document, max_len=40)}.{ext}"  # the file field shows the file name

    def article_date(self, a: Article) -> DateText:
        d = a.published
        if a.extra.get("type") == "article":  # the visible date has no time; the RDFa content attribute has
            raw = f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
            return DateText(raw, raw, True)
        raw = f"{d:%d/%m/%Y - %H:%M}"
        return DateText(raw, raw, True)

    def listing_date(self, a: Article) -> DateText:
        d = f"{a.published:%d/%m/%Y}"
        return DateText(d, d, False)

    def static_assets(self) -> list[str]:
        return [
            "/sites/all/themes/angiang/favicon.ico",
            "/sites/all/themes/angiang/css/style.css",
            "/misc/jquery.js",
            "/misc/drupal.js",
            "/sites/all/themes/angiang/logo.png",
            "/sites/default/files/banner/dichvucong.png",
            "/sites/default/files/banner/chuyendoiso.png",
        ]

    def extra_routes(self, n_pages: int) -> list[dict]:
        return [
            {"method": "GET", "path": LISTING, "query": "page=0", "file": "pages/listing-1.html"},
            {"method": "GET", "path": LISTING, "query": "*", "file": f"pages/listing-{n_pages}.html"},
        ]

    # ---- pages ------------------------------------------------------------------------------------------
    def _shell(self, title: str, crumb: str, main: str, body_class: str, head: str = "") -> str:
        return render(
            "drupal_shell.html",
            head=head,
            title=esc(title),
            site_name=esc(self.site_name),
            token=self.rng.randbytes(16).hex(),
            body_class=body_class,
            menu=nested_menu(self.menu(), ul_class="menu", li_class="leaf", sub_class="menu"),
            crumb=crumb,
            main=main,
            latest=link_list(self.latest(), date_tpl=' <span class="date-display-single">{}</span>'),
            popular=link_list(self.popular()),
            weblinks=link_list([Link(u, t) for t, u in self.weblinks]),
            footer="".join(f"<p>{esc(x)}</p>" for x in self.footer()),
            visits=visits_text(self.visits),
        )

    def _crumb(self, *items: tuple[str, str]) -> str:
        return breadcrumb([("Trang chủ", "/"), *items], sep=" » ", cls="breadcrumb", tag="div")

    def _rows(self, entries: list[Article]) -> str:
        out = []
        n = len(entries)
        for i, a in enumerate(entries):
            cls = ["views-row", f"views-row-{i + 1}", "views-row-odd" if i % 2 == 0 else "views-row-even"]
            cls += ["views-row-first"] if i == 0 else []
            cls += ["views-row-last"] if i == n - 1 else []
            img = ""
            if a.images:
                img = (
                    '<div class="views-field views-field-field-image"><div class="field-content">'
                    f'<a href="{esc(a.href)}"><img src="{esc(a.images[0].path)}" width="150"'
                    ' alt="" /></a></div></div>'
                )
            out.append(
                f'<div class="{" ".join(cls)}">{img}<div class="views-field views-field-title">'
                '<span class="field-content">'
                f'<a href="{esc(a.href)}">{esc(a.title)}</a></span></div>'
                '<div class="views-field views-field-field-ngay-dang"><div class="field-content">'
                f'<span class="date-display-single">{self.listing_date(a).display}</span></div></div>'
                '<div class="views-field views-field-body"><div'
                f' class="field-content">{inline(a.story.sapo, self.rng)}'
                "</div></div></div>"
            )
        return "\n".join(out)

    def _pager(self, page: int, n_pages: int) -> str:
        href = lambda p: esc(self.listing_req(p).href)  # noqa: E731
        items = []
        if page > 1:
            items += [
                f'<li class="pager-first first"><a title="Đến trang đầu tiên" href="{href(1)}">«'
                " đầu</a></li>",
                f'<li class="pager-previous"><a title="Đến trang trước" href="{href(page - 1)}">‹'
                " trước</a></li>",
            ]
        pages, before, after = page_window(page, n_pages, 9)
        if before:
            items.append('<li class="pager-ellipsis">…</li>')
        for p in pages:
            if p == page:
                items.append(f'<li class="pager-current">{p}</li>')
            else:
                items.append(f'<li class="pager-item"><a title="Đến trang {p}" href="{href(p)}">{p}</a></li>')
        if after:
            items.append('<li class="pager-ellipsis">…</li>')
        if page < n_pages:
            items += [
                '<li class="pager-next"><a title="Đến trang tiếp theo"'
                f' href="{href(page + 1)}">trang sau ›</a></li>',
                '<li class="pager-last last"><a title="Đến trang cuối cùng"'
                f' href="{href(n_pages)}">cuối »</a></li>',
            ]
        return (
            '<h2 class="element-invisible">Trang</h2><div class="item-list"><ul'
            f' class="pager">{"".join(items)}</ul></div>'
        )

    def render_listing(self, page: int, entries: list[Article], n_pages: int) -> str:
        main = render(
            "drupal_listing.html",
            title=TARGET,
            dom=self.rng.randbytes(16).hex(),
            rows=self._rows(entries),
            pager=self._pager(page, n_pages),
        )
        return self._shell(TARGET, self._crumb((TARGET, LISTING)), main, "not-front page-tin-hoat-dong")

    def render_category(self, cat: Category) -> str:
        main = render(
            "drupal_listing.html",
            title=esc(cat.name),
            dom=self.rng.randbytes(16).hex(),
            rows=self._rows(cat.articles),
            pager="",
        )
        return self._shell(cat.name, self._crumb((cat.name, self.category_req(cat).href)), main, "not-front")

    def _img(self, image: Image) -> str:
        tag = f'<img alt="" src="{esc(image.path)}" style="width: 600px; height: 400px;" />'
        if not image.caption:
            return f'<p style="text-align: center;">{tag}</p>'
        return (
            f'<figure class="caption caption-img" role="group">{tag}'
            f"<figcaption>{inline(image.caption, self.rng)}</figcaption></figure>"
        )

    def render_article(self, a: Article) -> str:
        cat_href = (
            self.listing_req(1).href if a.category is self.target else self.category_req(a.category).href
        )
        body = self.body_html(a, img=self._img, spacer_rate=0.1)
        if a.story.byline:
            body += f'\n<p style="text-align: right;"><strong>{esc(a.story.byline[0])}</strong></p>'
        meta = ""
        if a.show_date:
            date = self.article_date(a)
            if a.extra.get("type") == "article":
                meta = (
                    '<div class="submitted"><span property="dc:date dc:created" content="'
                    f'{a.published:%Y-%m-%dT%H:%M:%S}+07:00" datatype="xsd:dateTime">Submitted by '
                    '<span class="username" xml:lang="" typeof="sioc:UserAccount"'
                    ' property="foaf:name">Ban biên tập</span>'
                    f" on {date.display}</span></div>"
                )
            else:
                meta = (
                    '<div class="field field-name-field-ngay-dang field-type-datetime'
                    ' field-label-inline clearfix">'
                    '<div class="field-label">Ngày đăng:&nbsp;</div><div class="field-items">'
                    '<div class="field-item even">'
                    f'<span class="date-display-single" property="dc:date" datatype="xsd:dateTime" '
                    f'content="{a.published:%Y-%m-%dT%H:%M:00}+07:00">{date.display}</span></div></div></div>'
                )
        files = ""
        if a.attachments:
            items = "".join(
                f'<div class="field-item {"even" if i % 2 == 0 else "odd"}"><span class="file">'
                f'<a href="{esc(f.path)}" type="{MIME[f.ext]};'
                f' length={1000 + 37 * a.num % 90000}">{esc(f.name)}</a>'
                "</span></div>"
                for i, f in enumerate(a.attachments)
            )
            files = (
                '<div class="field field-name-field-file-dinh-kem field-type-file field-label-above">'
                '<div class="field-label">Tệp đính kèm:&nbsp;</div><div'
                f' class="field-items">{items}</div></div>'
            )
        main = render(
            "drupal_node.html",
            title=esc(a.title),
            nid=a.num,
            type=a.extra.get("type", "tin_tuc").replace("_", "-"),
            path=esc(a.path),
            meta=meta,
            body=body,
            files=files,
            share=esc(quote(self.share_url(a), safe="")),
            views=a.views,
            related=link_list(self.related(a), date_tpl=' <span class="date-display-single">{}</span>'),
        )
        head = f'<link rel="canonical" href="{esc(a.path)}" />\n<link rel="shortlink" href="/node/{a.num}" />'
        crumb = self._crumb((a.category.name, cat_href))
        return self._shell(
            a.title,
            crumb,
            main,
            f"not-front page-node page-node-{a.num} node-type-{a.extra.get('type')}",
            head,
        )

    def render_static(self, key: str, title: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
        main = f'<h1 class="title" id="page-title">{esc(title)}</h1><div class="content">{body}</div>'
        return self._shell(title, self._crumb(), main, "not-front page-node")

    def render_home(self) -> str:
        main = self.home_main(
            "drupal_home.html",
            slider={
                "cls": "views-slideshow-cycle-main-frame-row views-row-1",
                "title_tag": "div",
                "title_cls": "views-field views-field-title",
                "img_cls": "views-field-field-image",
                "date_tpl": '<span class="date-display-single">{}</span>',
                "sapo_tpl": '<div class="views-field views-field-body">{}</div>',
            },
            thumbs_cls="views-slideshow-pager-fields",
            box={
                "box_tpl": '<div class="block block-views"><h2><a href="{href}">{title}</a></h2><div'
                ' class="content"><div class="view view-home-category">{body}</div>{more}</div></div>',
                "lead_cls": "views-row views-row-1 views-row-first",
                "title_tag": "div",
                "title_cls": "views-field views-field-title",
                "img_cls": "views-field-field-image",
                "date_tpl": '<span class="date-display-single">{}</span>',
                "sapo_tpl": '<div class="views-field views-field-body">{}</div>',
                "list_date_tpl": ' <span class="date-display-single">{}</span>',
                "more_tpl": '<div class="more-link"><a href="{href}">Xem thêm</a></div>',
            },
            banners=[
                (self.tthc_url, "/sites/default/files/banner/dichvucong.png", "Dịch vụ công An Giang"),
                (
                    "https://chuyendoiso.angiang.gov.vn/",
                    "/sites/default/files/banner/chuyendoiso.png",
                    "Chuyển đổi số An Giang",
                ),
            ],
            banner_cls="banner-list",
        )
        return self._shell("Trang chủ", "", main, "front")
