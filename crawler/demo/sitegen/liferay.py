"""Liferay portals (Hà Nội ict-hanoi, Đồng Tháp, Quảng Bình, Hòa Bình shapes).

The listing is a category portlet paginated by GET with the long portlet query
(``p_p_id=..._INSTANCE_x&..._delta=10&..._cur=N``); a ``_cur`` past the end shows the last page.
Two article shapes coexist, as on sites that moved content between portlets:
``/tin-tuc-su-kien/-/view_content/<id>-<slug>.html`` (``Ngày đăng 03/07/2018 | 02:24 | View count: 628``,
leads starting ``HNP - ``, sometimes a sapo) and the asset publisher's
``/web/stttt/chi-tiet-bai-viet/-/asset_publisher/<inst>/content/id/<id>?plidlayout=198`` whose header
prints a literal ``null`` before the title and whose date reads ``14:58, Thứ Ba, 9-6-2020``.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from crawler.demo.sitegen.base import (
    TARGET,
    WEEKDAYS,
    Article,
    Category,
    DateText,
    Family,
    Image,
    Req,
    qs,
    render,
)
from crawler.demo.sitegen.chrome import breadcrumb, link_list, nested_menu, select_links, visits_text
from crawler.demo.sitegen.corpus import slugify
from crawler.demo.sitegen.htmltext import Quirks, esc, inline

LISTING = "/web/stttt/tin-hoat-dong"
PORTLET = "com_soft_article_listnew_ListNewByCategoryPortlet_INSTANCE_byxk"
ASSET_INST = "1mOzUrGkrdAE"


class Liferay(Family):
    platform = "liferay"
    site_name = "Sở Thông tin và Truyền thông thành phố Hà Nội"
    province = "Hà Nội"
    real_base = "https://ict-hanoi.gov.vn"
    address = "Số 185 Giảng Võ, phường Cát Linh, quận Đống Đa, thành phố Hà Nội"
    email = "sotttt@hanoi.gov.vn"
    phone = "(024) 3 512 3456"
    newest = datetime(2020, 6, 9, 14, 58)
    page_size = 10
    id_start = 2_600_000
    id_step = 900
    summary_rate = 0.5
    quirks = Quirks(nbsp=0.05, nfd=0.01)
    menu_label = "Tin hoạt động ngành"
    home_path = "/"  # the virtual host's root serves the site's home layout
    tthc_url = "https://dichvucong.hanoi.gov.vn/"

    def locate(self, a: Article) -> None:
        if self.rng.random() < 0.3:
            a.extra["shape"] = "asset"
            a.show_summary = False
            a.path = f"/web/stttt/chi-tiet-bai-viet/-/asset_publisher/{ASSET_INST}/content/id/{a.num}"
            a.query = "plidlayout=198"
            return
        a.extra["shape"] = "view"
        # Hà Nội's portal prefixed leads with its source tag.
        if a.story.paragraphs and self.rng.random() < 0.7:
            a.story.paragraphs[0] = "HNP - " + a.story.paragraphs[0]
        a.path = self.claim(
            lambda n: f"/tin-tuc-su-kien/-/view_content/{a.num + n - 1}-{slugify(a.title)}.html"
        )

    def category_req(self, cat: Category) -> Req:
        return Req("GET", f"/web/stttt/{cat.slug}")

    def listing_req(self, page: int) -> Req:
        if page == 1:
            return Req("GET", LISTING)
        params = [
            ("p_p_id", PORTLET),
            ("p_p_lifecycle", "0"),
            ("p_p_state", "normal"),
            ("p_p_mode", "view"),
            (f"_{PORTLET}_delta", str(self.page_size)),
            (f"_{PORTLET}_cur", str(page)),
        ]
        return Req("GET", LISTING, qs(params))

    def home_href(self) -> str:
        return "/web/stttt/trang-chu"

    def static_href(self, key: str) -> str:
        return "/web/stttt/" + {"gioithieu": "gioi-thieu", "lienhe": "lien-he", "vanban": "van-ban"}[key]

    def image_path(self, a: Article, i: int, ext: str) -> str:
        return f"/documents/20182/{a.num}/{slugify(a.title, max_len=30)}-{i + 1}.{ext}"

    def attachment_path(self, a: Article, j: int, ext: str) -> str:
        return f"/documents/20182/{a.num}/van-ban-{j + 1}.{ext}"

    def article_date(self, a: Article) -> DateText:
        d = a.published
        if a.extra.get("shape") == "asset":
            raw = f"{d:%H:%M}, {WEEKDAYS[d.weekday()]}, {d.day}-{d.month}-{d.year}"
            return DateText(raw, raw, True)
        raw = f"{d:%d/%m/%Y} | {d:%H:%M}"
        return DateText(f"Ngày đăng {raw}  |", raw, True)

    def listing_date(self, a: Article) -> DateText:
        d = f"{a.published:%d/%m/%Y}"
        return DateText(d, d, False)

    def static_assets(self) -> list[str]:
        return [
            "/o/hanoi-theme/images/favicon.ico",
            "/o/hanoi-theme/images/logo.png",
            "/o/hanoi-theme/css/main.css",
            "/o/hanoi-theme/images/banner-dvc.png",
            "/o/hanoi-theme/images/banner-ioc.png",
        ]

    def extra_routes(self, n_pages: int) -> list[dict]:
        # Liferay's search container clamps ``_cur``: any other query shows the last page.
        return [{"method": "GET", "path": LISTING, "query": "*", "file": f"pages/listing-{n_pages}.html"}]

    # ---- pages ------------------------------------------------------------------------------------------
    def _shell(self, title: str, main: str) -> str:
        return render(
            "liferay_shell.html",
            title=esc(title),
            site_name=esc(self.site_name),
            layout_id=self.rng.randint(100, 400),
            home=self.home_href(),
            menu=nested_menu(
                self.menu(), ul_class="nav nav-collapse", li_class="lfr-nav-item", sub_class="child-menu"
            ),
            main=main,
            latest=link_list(self.latest(), ul_class="list-latest", date_tpl=' <span class="date">{}</span>'),
            popular=link_list(self.popular(), ul_class="list-popular"),
            weblinks=select_links(self.weblinks, name="lienket"),
            footer="".join(f"<p>{esc(x)}</p>" for x in self.footer()),
            visits=visits_text(self.visits),
        )

    def _items(self, entries: list[Article]) -> str:
        out = []
        for a in entries:
            href = esc(a.href)
            thumb = (
                f'<div class="news-image"><a href="{href}"><img src="{esc(a.images[0].path)}" /></a></div>'
                if a.images
                else ""
            )
            out.append(
                f'<div class="news-item">{thumb}<div class="news-content"><a class="news-title"'
                f' href="{href}">'
                f'{esc(a.title)}</a><p class="news-date">{self.listing_date(a).display}</p>'
                f'<p class="news-desc">{inline(a.story.sapo, self.rng)}</p></div></div>'
            )
        return "\n".join(out)

    def _pager(self, page: int, n_pages: int, total: int) -> str:
        def item(p: int, label: str, cls: str = "") -> str:
            if p < 1 or p > n_pages or p == page:
                state = "active" if p == page and label == str(p) else "disabled"
                return (
                    f'<li class="page-item {state}"><a class="page-link" href="javascript:;">{label}</a></li>'
                )
            return (
                f'<li class="page-item {cls}"><a class="page-link"'
                f' href="{esc(self.listing_req(p).href)}">{label}</a></li>'
            )

        first = (page - 1) * self.page_size + 1
        last = min(total, page * self.page_size)
        items = [item(1, "Đầu"), item(page - 1, "«")]
        items += [item(p, str(p)) for p in range(max(1, page - 4), min(n_pages, page + 4) + 1)]
        items += [item(page + 1, "»"), item(n_pages, "Cuối")]
        return (
            '<div class="taglib-page-iterator"><div class="clearfix lfr-pagination">'
            '<div class="lfr-pagination-config"><span class="lfr-icon-menu-text">Mục trên trang'
            f" {self.page_size}</span></div>"
            f'<small class="search-results">Hiển thị {first} - {last} của {total} kết quả.</small>'
            f'<ul class="lfr-pagination-buttons pager pagination">{"".join(items)}</ul></div></div>'
        )

    def render_listing(self, page: int, entries: list[Article], n_pages: int) -> str:
        main = render(
            "liferay_listing.html",
            portlet=PORTLET,
            title=TARGET,
            items=self._items(entries),
            pager=self._pager(page, n_pages, len(self.target.articles)),
        )
        return self._shell(TARGET, main)

    def render_category(self, cat: Category) -> str:
        main = render(
            "liferay_listing.html",
            portlet=PORTLET,
            title=esc(cat.name),
            items=self._items(cat.articles),
            pager="",
        )
        return self._shell(cat.name, main)

    def _img(self, image: Image) -> str:
        cap = (
            f'<br /><span style="font-size:12px"><em>{inline(image.caption, self.rng)}</em></span>'
            if image.caption
            else ""
        )
        return (
            f'<p style="text-align:center"><img alt="" src="{esc(image.path)}"'
            f' style="width:550px" />{cap}</p>'
        )

    def render_article(self, a: Article) -> str:
        cat_href = (
            self.listing_req(1).href if a.category is self.target else self.category_req(a.category).href
        )
        body = self.body_html(a, img=self._img, p_tpl='<p style="text-align:justify">{}</p>', spacer_rate=0.1)
        if a.story.byline:
            body += f'\n<p style="text-align:right"><strong>{esc(a.story.byline[0])}</strong></p>'
        date = self.article_date(a).display if a.show_date else ""
        common = {
            "title": esc(a.title),
            "cat_href": esc(cat_href),
            "cat_name": esc(a.category.name),
            "body": body,
            "share": esc(quote(self.share_url(a), safe="")),
            "related": link_list(self.related(a), ul_class="list-related", date_tpl=" ({})"),
        }
        if a.extra.get("shape") == "asset":
            main = render("liferay_asset.html", inst=ASSET_INST, date=date, **common)
        else:
            summary = (
                f'<div class="sapo-news"><strong>{inline(a.story.sapo, self.rng)}</strong></div>'
                if a.show_summary
                else ""
            )
            crumb = breadcrumb(
                [("Trang chủ", self.home_href()), (a.category.name, cat_href)], sep=" / ", cls="breadcrumb"
            )
            main = render(
                "liferay_view_content.html", crumb=crumb, date=date, views=a.views, summary=summary, **common
            )
        return self._shell(a.title, main)

    def render_static(self, key: str, title: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
        return self._shell(title, f'<div class="journal-content-article"><h1>{esc(title)}</h1>{body}</div>')

    def render_home(self) -> str:
        images = "/o/hanoi-theme/images"
        main = self.home_main(
            "liferay_home.html",
            slider={
                "cls": "item active",
                "title_tag": "h3",
                "title_cls": "carousel-caption",
                "img_cls": "slide-img",
                "date_tpl": '<p class="news-date">{}</p>',
                "sapo_tpl": '<p class="news-desc">{}</p>',
            },
            thumbs_cls="carousel-indicators list-hot",
            box={
                "box_tpl": '<section class="portlet portlet-home-category"><header class="portlet-topper">'
                '<h2 class="portlet-title-text"><a href="{href}">{title}</a></h2></header>'
                '<div class="portlet-content">{body}<div class="view-more">{more}</div></div></section>',
                "lead_cls": "news-item news-first",
                "title_tag": "h3",
                "title_cls": "news-title",
                "img_cls": "news-image",
                "date_tpl": '<p class="news-date">{}</p>',
                "sapo_tpl": '<p class="news-desc">{}</p>',
                "list_cls": "list-home",
                "list_date_tpl": ' <span class="date">{}</span>',
                "more_tpl": '<a href="{href}" title="Xem thêm">Xem thêm</a>',
            },
            banners=[
                (self.tthc_url, f"{images}/banner-dvc.png", "Cổng dịch vụ công thành phố Hà Nội"),
                ("https://ioc.hanoi.gov.vn/", f"{images}/banner-ioc.png", "Trung tâm điều hành thông minh"),
            ],
            banner_cls="portlet banner-portlet",
        )
        return self._shell(self.site_name, main)
