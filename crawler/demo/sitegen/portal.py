"""The "portal/Pages/YYYY-M-D" portal (Ninh Thuận from 2022, probably Nam Định): SharePoint 2013 underneath.

Articles: ``/portal/Pages/2022-3-16/<Title-Slug><6 random letters>.aspx`` (slug cut near 50 characters).
Article pages show ``Đăng ngày 16 - 03 - 2022`` and ``Lượt xem: 148`` and most have a sapo. Listing pages
paginate with ``?Page=N`` (capital P); asking past the end shows the last page again.
"""

from __future__ import annotations

import string
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
from crawler.demo.sitegen.chrome import Link, breadcrumb, link_list, nested_menu, page_window, visits_text
from crawler.demo.sitegen.corpus import ascii_fold, slugify
from crawler.demo.sitegen.htmltext import Quirks, esc, inline

LISTING = "/portal/Pages/Tin-hoat-dong.aspx"


class Portal(Family):
    platform = "portal"
    site_name = "Sở Thông tin và Truyền thông tỉnh Ninh Thuận"
    province = "Ninh Thuận"
    real_base = "https://sotttt.ninhthuan.gov.vn"
    address = "Số 03 đường 16 tháng 4, phường Mỹ Hương, thành phố Phan Rang - Tháp Chàm, tỉnh Ninh Thuận"
    email = "sotttt@ninhthuan.gov.vn"
    phone = "(0259) 3 830 022"
    newest = datetime(2023, 6, 22, 10, 0)
    page_size = 8
    id_start = 3400
    summary_rate = 0.8
    quirks = Quirks(nbsp=0.04, nfd=0.01, wrap=0.02)
    tthc_url = "https://dichvucong.ninhthuan.gov.vn/"

    def locate(self, a: Article) -> None:
        words, size = [], 0
        for w in ascii_fold(a.title).replace("“", " ").replace("”", " ").split():
            w = "".join(c for c in w if c.isalnum())
            if not w:
                continue
            if size + len(w) > 50 and words:
                break
            words.append(w)
            size += len(w) + 1
        rand = "".join(self.rng.choice(string.ascii_lowercase) for _ in range(6))
        day = f"{a.published.year}-{a.published.month}-{a.published.day}"
        a.path = self.claim(
            lambda n: f"/portal/Pages/{day}/{'-'.join(words)}{rand}{'' if n == 1 else n}.aspx"
        )

    def category_req(self, cat: Category) -> Req:
        return Req("GET", f"/portal/Pages/{slugify(cat.name, keep_case=True)}.aspx")

    def listing_req(self, page: int) -> Req:
        return Req("GET", LISTING, "" if page == 1 else f"Page={page}")

    def home_href(self) -> str:
        return "/portal/Pages/default.aspx"

    def static_href(self, key: str) -> str:
        return (
            "/portal/Pages/"
            + {"gioithieu": "Gioi-thieu", "lienhe": "Lien-he", "vanban": "Van-ban"}[key]
            + ".aspx"
        )

    def image_path(self, a: Article, i: int, ext: str) -> str:
        return f"/portal/Photos/{a.published:%Y-%m}/{slugify(a.title, max_len=20)}{a.num}-{i}.{ext}"

    def attachment_path(self, a: Article, j: int, ext: str) -> str:
        return f"/portal/VanBan/{a.published:%Y-%m}/{a.num}_{j + 1}.{ext}"

    def article_date(self, a: Article) -> DateText:
        raw = f"{a.published.day:02d} - {a.published.month:02d} - {a.published.year}"
        return DateText(f"Đăng ngày {raw}", raw, False)

    def listing_date(self, a: Article) -> DateText:
        d = f"{a.published:%d/%m/%Y}"
        return DateText(d, d, False)

    def static_assets(self) -> list[str]:
        return [
            "/portal/Style%20Library/images/favicon.png",
            "/portal/Style%20Library/css/portal.css",
            "/portal/Style%20Library/images/logo-sotttt.png",
            "/portal/Style%20Library/images/banner-dvc.png",
            "/portal/Style%20Library/images/banner-cds.png",
            "/portal/Style%20Library/images/banner-ioc.png",
            "/portal/Style%20Library/images/no-image.png",
        ]

    def extra_routes(self, n_pages: int) -> list[dict]:
        # ?Page=1 is page 1; any other query (Page=99, Page=abc) shows the last page, as the portal does.
        return [
            {"method": "GET", "path": LISTING, "query": "Page=1", "file": "pages/listing-1.html"},
            {"method": "GET", "path": LISTING, "query": "*", "file": f"pages/listing-{n_pages}.html"},
        ]

    # ---- pages ----------------------------------------------------------------------------------------
    def _shell(self, title: str, action: str, main: str) -> str:
        today = self.newest
        return render(
            "portal_shell.html",
            title=esc(title),
            action=esc(action),
            digest=f"0x{self.rng.randbytes(64).hex().upper()},{today:%d %b %Y} 03:12:09 -0000",
            viewstate="/wEPDwUBMA9kFgJmD2QWAgIBD2QWAmYPZBYC" + self.rng.randbytes(300).hex(),
            home=self.home_href(),
            site_upper=esc(self.site_name.upper()),
            today=f"{WEEKDAYS[today.weekday()]}, ngày {today:%d/%m/%Y}",
            menu=nested_menu(
                self.menu(), ul_class="nav navbar-nav", li_class="dropdown", sub_class="dropdown-menu"
            ),
            main=main,
            latest=link_list(self.latest(), ul_class="list-side", date_tpl=' <i class="date">{}</i>'),
            popular=link_list(self.popular(), ul_class="list-side"),
            weblinks=link_list([Link(u, t) for t, u in self.weblinks], ul_class="list-links"),
            footer="".join(f"<p>{esc(x)}</p>" for x in self.footer()),
            visits=visits_text(self.visits),
            online=self.rng.randint(20, 400),
        )

    def _items(self, entries: list[Article]) -> str:
        out = []
        for a in entries:
            href = esc(a.href)
            img = a.images[0].path if a.images else "/portal/Style%20Library/images/no-image.png"
            out.append(
                f'<div class="news-item"><a class="news-img" href="{href}"><img src="{esc(img)}"'
                ' alt="" /></a>'
                f'<h3 class="news-title"><a href="{href}">{esc(a.title)}</a></h3>'
                f'<span class="news-date">{self.listing_date(a).display}</span>'
                f'<p class="news-sapo">{inline(a.story.sapo, self.rng)}</p></div>'
            )
        return "\n".join(out)

    def _pager(self, page: int, n_pages: int) -> str:
        pages, before, after = page_window(page, n_pages, 5)
        link = lambda p, label, cls="": f'<a class="{cls}" href="{LISTING}?Page={p}">{label}</a>'  # noqa: E731
        parts = []
        if page > 1:
            parts += [link(1, "Trang đầu", "first"), link(page - 1, "«", "prev")]
        if before:
            parts.append(link(before, "..."))
        parts += [f'<span class="current">{p}</span>' if p == page else link(p, str(p)) for p in pages]
        if after:
            parts.append(link(after, "..."))
        if page < n_pages:
            parts += [link(page + 1, "Trang sau", "next"), link(n_pages, "Trang cuối", "last")]
        return f'<div class="pagination">{" ".join(parts)}</div>'

    def _crumb(self, *items: tuple[str, str | None]) -> str:
        return breadcrumb([("Trang chủ", self.home_href()), *items], sep=" / ", cls="breadcrumb")

    def render_listing(self, page: int, entries: list[Article], n_pages: int) -> str:
        main = render(
            "portal_listing.html",
            crumb=self._crumb(("Tin tức - Sự kiện", None), (TARGET, None)),
            title=TARGET,
            items=self._items(entries),
            pager=self._pager(page, n_pages),
        )
        return self._shell(TARGET, "./Tin-hoat-dong.aspx" + (f"?Page={page}" if page > 1 else ""), main)

    def render_category(self, cat: Category) -> str:
        main = render(
            "portal_listing.html",
            crumb=self._crumb((cat.name, None)),
            title=esc(cat.name),
            items=self._items(cat.articles),
            pager="",
        )
        return self._shell(cat.name, self.category_req(cat).path.rsplit("/", 1)[-1], main)

    def _img(self, image: Image) -> str:
        cap = (
            f'<tr><td class="img-desc"><em>{inline(image.caption, self.rng)}</em></td></tr>'
            if image.caption
            else ""
        )
        return (
            '<table align="center" class="tbl-img" border="0" cellpadding="1" cellspacing="1"><tbody>'
            f'<tr><td><img alt="" src="{esc(image.path)}" style="width:600px" /></td></tr>{cap}'
            "</tbody></table>"
        )

    def render_article(self, a: Article) -> str:
        cat_href = (
            self.listing_req(1).href if a.category is self.target else self.category_req(a.category).href
        )
        body = self.body_html(a, img=self._img, p_tpl='<p style="text-align:justify">{}</p>')
        if a.story.byline:
            body += f'\n<p style="text-align:right"><b>{esc(a.story.byline[0])}</b></p>'
        date = f'<span class="date">{self.article_date(a).display}</span> | ' if a.show_date else ""
        main = render(
            "portal_article.html",
            crumb=self._crumb((a.category.name, cat_href)),
            title=esc(a.title),
            title_attr=esc(quote(a.title)),
            date=date,
            views=a.views,
            sapo=f'<div class="sapo-detail"><b>{inline(a.story.sapo, self.rng)}</b></div>'
            if a.show_summary
            else "",
            body=body,
            share=esc(quote(self.share_url(a), safe="")),
            related=link_list(
                self.related(a), ul_class="list-related", date_tpl=' <span class="date">({})</span>'
            ),
        )
        return self._shell(a.title, a.path.rsplit("/", 1)[-1], main)

    def render_static(self, key: str, title: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
        main = f'{self._crumb((title, None))}<h1 class="title-detail">{esc(title)}</h1><div>{body}</div>'
        return self._shell(title, self.static_href(key).rsplit("/", 1)[-1], main)

    def render_home(self) -> str:
        images = "/portal/Style%20Library/images"
        main = self.home_main(
            "portal_home.html",
            slider={"cls": "hot-item", "title_tag": "h2", "title_cls": "hot-title", "img_cls": "hot-img"},
            thumbs_cls="list-hot",
            box={
                "box_tpl": '<div class="home-box"><div class="home-box-title"><h2><a href="{href}">{title}'
                '</a></h2></div><div class="home-box-body">{body}</div>'
                '<div class="view-more">{more}</div></div>',
                "lead_cls": "news-item first",
                "title_cls": "news-title",
                "img_cls": "news-img",
                "date_tpl": '<span class="news-date">{}</span>',
                "sapo_tpl": '<p class="news-sapo">{}</p>',
                "list_cls": "list-home",
                "more_tpl": '<a href="{href}">Xem thêm <i class="fa fa-angle-double-right"></i></a>',
            },
            banners=[
                (self.tthc_url, f"{images}/banner-dvc.png", "Cổng dịch vụ công tỉnh Ninh Thuận"),
                (
                    "https://ioc.ninhthuan.gov.vn/",
                    f"{images}/banner-ioc.png",
                    "Trung tâm điều hành thông minh",
                ),
                ("https://chuyendoiso.ninhthuan.gov.vn/", f"{images}/banner-cds.png", "Chuyển đổi số"),
            ],
            banner_cls="row home-banners",
            banner_tpl='<div class="col-md-4">{}</div>',
        )
        return self._shell(self.site_name, "default.aspx", main)
