"""The UIArticleInMenu ASP.NET portal CMS (Hải Phòng, Lào Cai, Ninh Bình sites).

Listing ``/tin-hoat-dong-cua-so``: page 1 is plain HTML (``.UIListNews_Default .item a``) with an inline
script holding the category/site ids and ``maxPage = parseInt(N)``; pages 2..N only come from a POST to
``/DesktopModule/UIArticleInMenu/ArticleInMenuPagination.aspx/LoadArticle`` which answers an HTML fragment.
Articles ``/tin-hoat-dong-cua-so/<slug>-<id>``: ``.ArticleHeader``, ``.PostDate``, ``.ArticleSummary``,
``.ArticleContent`` and the byline after ``Tác giả:`` below the content.
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
    render,
)
from crawler.demo.sitegen.chrome import breadcrumb, link_list, nested_menu, select_links, visits_text
from crawler.demo.sitegen.corpus import slugify
from crawler.demo.sitegen.htmltext import Quirks, esc, inline

LISTING = "/tin-hoat-dong-cua-so"
LOAD = "/DesktopModule/UIArticleInMenu/ArticleInMenuPagination.aspx/LoadArticle"
CATEGORY_ID, SITE_ID = 12, 3


class UIArticle(Family):
    platform = "uiarticle"
    site_name = "Sở Thông tin và Truyền thông thành phố Hải Phòng"
    province = "Hải Phòng"
    real_base = "https://sotttt.haiphong.gov.vn"
    address = "Số 62 Võ Thị Sáu, phường Máy Tơ, quận Ngô Quyền, thành phố Hải Phòng"
    email = "stttt@haiphong.gov.vn"
    phone = "(0225) 3 640 636"
    newest = datetime(2022, 11, 18, 9, 0)
    page_size = 10
    id_start = 254000
    id_step = 40
    summary_rate = 0.9
    quirks = Quirks(nbsp=0.03, nfd=0.008)
    menu_label = "Tin hoạt động của Sở"
    tthc_url = "https://dichvucong.haiphong.gov.vn/"

    def form(self, page: int) -> tuple[tuple[str, str], ...]:
        """The fields the listing's script posts, in its order."""
        return (
            ("article_category_id", str(CATEGORY_ID)),
            ("categoryIds", str(CATEGORY_ID)),
            ("site_id", str(SITE_ID)),
            ("page", str(page)),
            ("page_size", str(self.page_size)),
            ("keyword", ""),
            ("date_begin", ""),
            ("date_end", ""),
            ("show_no", "False"),
            ("show_post_date", "True"),
            ("num_of_text", "0"),
            ("show_view_count", "False"),
            ("filter_order_in_list", "False"),
            ("is_default", "False"),
            ("new", "False"),
            ("number_of_day", "3"),
            ("no", str(-self.page_size)),
            ("articlelang", "vi-VN"),
            ("is_authenticated", "False"),
        )

    def locate(self, a: Article) -> None:
        prefix = LISTING if a.category is self.target else f"/{a.category.slug}"
        a.path = self.claim(lambda n: f"{prefix}/{slugify(a.title, max_len=90)}-{a.num + n - 1}")

    def category_req(self, cat: Category) -> Req:
        return Req("GET", f"/{cat.slug}")

    def listing_req(self, page: int) -> Req:
        return Req("GET", LISTING) if page == 1 else Req("POST", LOAD, form=self.form(page))

    def route_form(self, req: Req) -> dict[str, str]:
        keep = ("page", "article_category_id")
        return {k: v for k, v in req.form if k in keep}

    def home_href(self) -> str:
        return "/"

    def static_href(self, key: str) -> str:
        return "/" + {"gioithieu": "gioi-thieu", "lienhe": "lien-he", "vanban": "van-ban"}.get(key, key)

    def chrome_pages(self) -> list[tuple[str, str, list[str]]]:
        return [("sitemap", "Sơ đồ site", [label for label, _, _ in self.menu()])]

    def image_path(self, a: Article, i: int, ext: str) -> str:
        return f"/Portals/3/Images/{a.published:%Y/%m}/{a.num}_{i + 1}.{ext}"

    def attachment_path(self, a: Article, j: int, ext: str) -> str:
        return f"/Portals/3/Files/{a.published:%Y/%m}/{a.num}-tep-{j + 1}.{ext}"

    def article_date(self, a: Article) -> DateText:
        raw = f"{a.published:%d/%m/%Y %H:%M}"
        return DateText(raw, raw, True)

    def listing_date(self, a: Article) -> DateText:
        d = f"{a.published:%d/%m/%Y}"
        return DateText(d, d, False)

    def static_assets(self) -> list[str]:
        return [
            "/Portals/3/skins/default/css/style.css",
            "/Portals/3/skins/default/js/jquery.min.js",
            "/Portals/3/skins/default/images/banner.png",
            "/Portals/3/skins/default/images/dvc.png",
            "/Portals/3/skins/default/images/banner-cds.jpg",
            "/Portals/3/skins/default/images/banner-hotline.jpg",
        ]

    def extra_routes(self, n_pages: int) -> list[dict]:
        page1 = {"page": "1", "article_category_id": str(CATEGORY_ID)}
        self.files["pages/fragment-1.html"] = self._items(self.page_entries(1)).encode("utf-8")
        self.files["pages/fragment-empty.html"] = b""
        return [
            {"method": "POST", "path": LOAD, "form": page1, "file": "pages/fragment-1.html"},
            # Past maxPage (or another category) the service answers an empty fragment.
            {"method": "POST", "path": LOAD, "file": "pages/fragment-empty.html"},
        ]

    # ---- pages ------------------------------------------------------------------------------------------
    def _shell(self, title: str, action: str, main: str, description: str = "") -> str:
        today = self.newest
        return render(
            "uiarticle_shell.html",
            title=esc(title),
            description=esc(description or self.site_name),
            action=esc(action),
            viewstate="/wEPDwUKLTYxNjc4NDYyMmRk" + self.rng.randbytes(24).hex(),
            today=f"{WEEKDAYS[today.weekday()]}, {today:%d/%m/%Y}",
            home="/",
            site_name=esc(self.site_name),
            menu=nested_menu(
                self.menu(), ul_class="UIMenuRoot", li_class="UIMenuItem", sub_class="UISubMenu"
            ),
            main=main,
            latest=link_list(self.latest(), date_tpl=' <span class="PostDate">{}</span>'),
            popular=link_list(self.popular()),
            weblinks=select_links(self.weblinks, name="ddlWebLink"),
            footer="".join(f"<p>{esc(x)}</p>" for x in self.footer()),
            visits=visits_text(self.visits),
        )

    def _items(self, entries: list[Article]) -> str:
        out = []
        for a in entries:
            href = esc(a.href)
            img = a.images[0].path if a.images else "/Portals/3/skins/default/images/banner.png"
            out.append(
                f'<div class="item"><a class="image" href="{href}"><img src="{esc(img)}"'
                f' alt="{esc(a.title)}" />'
                f'</a><a class="title" href="{href}">{esc(a.title)}</a>'
                f'<span class="PostDate">{self.listing_date(a).display}</span>'
                f'<div class="summary">{inline(a.story.sapo, self.rng)}</div></div>'
            )
        return "\n".join(out)

    def _crumb(self, *items: tuple[str, str | None]) -> str:
        return breadcrumb([("Trang chủ", "/"), *items], sep=" &raquo; ", cls="UIBreadcrumb")

    def render_listing(self, page: int, entries: list[Article], n_pages: int) -> str:
        if page > 1:
            return self._items(entries)  # the LoadArticle fragment
        pager = "".join(
            f'<li class="{"active" if p == 1 else ""}"><a href="javascript:void(0)"'
            f' data-page="{p}">{p}</a></li>'
            for p in range(1, min(n_pages, 10) + 1)
        )
        main = render(
            "uiarticle_listing.html",
            crumb=self._crumb((TARGET, None)),
            title=TARGET,
            items=self._items(entries),
            pager=pager,
            max_page=n_pages,
            category_id=CATEGORY_ID,
            site_id=SITE_ID,
            page_size=self.page_size,
        )
        return self._shell(TARGET, LISTING, main)

    def render_category(self, cat: Category) -> str:
        main = (
            f'{self._crumb((cat.name, None))}<div class="UIArticleInMenu"><div class="CategoryTitle">'
            f"<h1>{esc(cat.name)}</h1></div><div"
            f' class="UIListNews_Default">{self._items(cat.articles)}</div></div>'
        )
        return self._shell(cat.name, self.category_req(cat).path, main)

    def _img(self, image: Image) -> str:
        cap = f"<figcaption>{inline(image.caption, self.rng)}</figcaption>" if image.caption else ""
        return (
            f'<div style="text-align:center"><figure class="image" style="display:inline-block">'
            f'<img alt="" src="{esc(image.path)}" width="600" />{cap}</figure></div>'
        )

    def render_article(self, a: Article) -> str:
        cat_href = (
            self.listing_req(1).href if a.category is self.target else self.category_req(a.category).href
        )
        date = f'<span class="PostDate">{self.article_date(a).display}</span> | ' if a.show_date else ""
        summary = ""
        if a.show_summary:
            summary = f'<div class="ArticleSummary">{inline(a.story.sapo, self.rng)}</div>'
        author = ""
        if a.author:
            author = (
                f'<div class="ArticleAuthor" style="text-align:right"><b>Tác giả: {esc(a.author)}</b></div>'
            )
        main = render(
            "uiarticle_article.html",
            crumb=self._crumb((a.category.name, cat_href)),
            title=esc(a.title),
            date=date,
            views=a.views,
            share=esc(quote(self.share_url(a), safe="")),
            summary=summary,
            body=self.body_html(a, img=self._img, p_tpl='<p style="text-align:justify">{}</p>'),
            author=author,
            related=link_list(self.related(a), date_tpl=' <span class="PostDate">({})</span>'),
        )
        return self._shell(a.title, a.path, main, a.story.sapo)

    def render_static(self, key: str, title: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
        main = f'{self._crumb((title, None))}<h1 class="ArticleHeader">{esc(title)}</h1><div>{body}</div>'
        return self._shell(title, self.static_href(key), main)

    def render_home(self) -> str:
        images = "/Portals/3/skins/default/images"
        main = self.home_main(
            "uiarticle_home.html",
            slider={
                "cls": "item",
                "title_tag": "h2",
                "img_cls": "image",
                "date_tpl": '<span class="PostDate">{}</span>',
            },
            thumbs_cls="UIListNews_Slide",
            box={
                "box_tpl": '<div class="UIBox UIArticleInHome"><div class="UIBoxTitle"><a href="{href}">'
                '{title}</a></div><div class="UIListNews_Home">{body}</div>'
                '<div class="UIViewMore">{more}</div></div>',
                "lead_cls": "item first",
                "img_cls": "image",
                "date_tpl": '<span class="PostDate">{}</span>',
                "sapo_tpl": '<div class="summary">{}</div>',
                "list_date_tpl": ' <span class="PostDate">{}</span>',
                "more_tpl": '<a class="viewmore" href="{href}">Xem thêm</a>',
            },
            banners=[
                (self.tthc_url, f"{images}/dvc.png", "Dịch vụ công trực tuyến Hải Phòng"),
                ("https://cds.haiphong.gov.vn/", f"{images}/banner-cds.jpg", "Chuyển đổi số thành phố"),
                ("https://1022.haiphong.gov.vn/", f"{images}/banner-hotline.jpg", "Tổng đài 1022"),
            ],
            banner_cls="UIBanner",
        )
        return self._shell(self.site_name, "/", main)
