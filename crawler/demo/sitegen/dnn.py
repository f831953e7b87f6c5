"""DotNetNuke portal (Thừa Thiên Huế shape: ``/UploadFiles/TinTuc/2015/5/8/...``), 2014-2016 content.

Listing ``/tin-hoat-dong/tabid/55/Default.aspx``; its pager posts the ``Form`` back with
``__EVENTTARGET=dnn$ctr412$ListNews$pager`` and ``__EVENTARGUMENT=<page number>``.
Articles ``/tin-hoat-dong/tabid/55/ctl/ViewDetail/mid/412/ItemID/<id>/Default.aspx``; the sidebars link
the same articles by ``/Default.aspx?tabid=55&ctl=ViewDetail&mid=412&ItemID=<id>`` (both answer).
Dates read ``Cập nhật lúc 08:30 ngày 10/10/2015``; titles and sapo are HTML-encoded the .NET 2.0 way.
"""

from __future__ import annotations

import base64
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
from crawler.demo.sitegen.chrome import Link, link_list, nested_menu, page_window, select_links, visits_text
from crawler.demo.sitegen.corpus import slugify
from crawler.demo.sitegen.htmltext import Quirks, esc, inline, net20_encode

TAB, MID = 55, 412
LISTING = f"/tin-hoat-dong/tabid/{TAB}/Default.aspx"
PAGER = f"dnn$ctr{MID}$ListNews$pager"


class DNN(Family):
    platform = "dnn"
    site_name = "Sở Thông tin và Truyền thông tỉnh Thừa Thiên Huế"
    province = "Thừa Thiên Huế"
    real_base = "https://stttt.thuathienhue.gov.vn"
    address = "Số 06 Trần Hưng Đạo, thành phố Huế, tỉnh Thừa Thiên Huế"
    email = "stttt@thuathienhue.gov.vn"
    phone = "(0234) 3 822 478"
    newest = datetime(2015, 10, 10, 15, 36)
    page_size = 15
    id_start = 5200
    id_step = 9
    summary_rate = 0.7
    inline_attachments = False
    quirks = Quirks(nbsp=0.05, entity=0.02, indent=0.1)
    home_path = "/"
    tthc_url = "https://dichvucong.thuathienhue.gov.vn/"

    def locate(self, a: Article) -> None:
        tab = TAB if a.category is self.target else 60 + a.category.num
        slug = "tin-hoat-dong" if a.category is self.target else a.category.slug
        a.path = f"/{slug}/tabid/{tab}/ctl/ViewDetail/mid/{MID}/ItemID/{a.num}/Default.aspx"
        a.extra["alias"] = qs(
            (("tabid", str(tab)), ("ctl", "ViewDetail"), ("mid", str(MID)), ("ItemID", str(a.num)))
        )

    def alias(self, a: Article) -> str:
        return "/Default.aspx?" + a.extra["alias"]

    def category_req(self, cat: Category) -> Req:
        return Req("GET", f"/{cat.slug}/tabid/{60 + cat.num}/Default.aspx")

    def listing_req(self, page: int) -> Req:
        if page == 1:
            return Req("GET", LISTING)
        return Req("POST", LISTING, form=(("__EVENTTARGET", PAGER), ("__EVENTARGUMENT", str(page))))

    def home_href(self) -> str:
        return "/Default.aspx"

    def static_href(self, key: str) -> str:
        slug, tab = {"gioithieu": ("gioi-thieu", 40), "lienhe": ("lien-he", 41), "vanban": ("van-ban", 42)}[
            key
        ]
        return f"/{slug}/tabid/{tab}/Default.aspx"

    def image_path(self, a: Article, i: int, ext: str) -> str:
        d = a.published
        return f"/UploadFiles/TinTuc/{d.year}/{d.month}/{d.day}/{slugify(a.title, max_len=16)}{i + 1}.{ext}"

    def attachment_path(self, a: Article, j: int, ext: str) -> str:
        d = a.published
        return f"/UploadFiles/VanBan/{d.year}/{d.month}/{a.num}_{j + 1}.{ext}"

    def attachment_name(self, a: Article, j: int, ext: str, document: str) -> str:
        return f"{document} (.{ext})"

    def article_date(self, a: Article) -> DateText:
        raw = f"{a.published:%H:%M} ngày {a.published:%d/%m/%Y}"
        return DateText(f"Cập nhật lúc {raw}", raw, True)

    def listing_date(self, a: Article) -> DateText:
        d = f"{a.published:%d/%m/%Y}"
        return DateText(d, d, False)

    def static_assets(self) -> list[str]:
        return [
            "/Portals/_default/default.css",
            "/Portals/0/Skins/STTTT/skin.css",
            "/js/dnncore.js",
            "/Portals/0/logo_sotttt.png",
            "/Portals/0/Banner/dichvucong.gif",
            "/Portals/0/Banner/congttdt.jpg",
        ]

    def extra_routes(self, n_pages: int) -> list[dict]:
        routes = [
            {"method": "GET", "path": "/Default.aspx", "query": a.extra["alias"], "file": a.file}
            for a in self.all_articles()
        ]
        routes.append(
            {
                "method": "POST",
                "path": LISTING,
                "form": {"__EVENTTARGET": PAGER, "__EVENTARGUMENT": "1"},
                "file": "pages/listing-1.html",
            }
        )
        return routes

    # ---- pages ------------------------------------------------------------------------------------------
    def _shell(self, title: str, action: str, main: str, description: str = "") -> str:
        today = self.newest
        sidebar = lambda links: [Link(self.alias(self.by_href[x.href]), x.text, x.date) for x in links]  # noqa: E731
        return render(
            "dnn_shell.html",
            title=esc(title),
            description=esc(description or self.site_name),
            action=esc(action),
            viewstate=base64.b64encode(self.rng.randbytes(600)).decode(),
            eventvalidation=base64.b64encode(self.rng.randbytes(60)).decode(),
            site_name=esc(self.site_name),
            home=self.home_href(),
            today=f"{WEEKDAYS[today.weekday()]}, {today.day} tháng {today.month}, {today.year}",
            menu=nested_menu(self.menu(), ul_class="dnnmenu", li_class="mi", sub_class="m"),
            main=main,
            latest=link_list(sidebar(self.latest()), ul_class="list-news", date_tpl=" ({})"),
            popular=link_list(sidebar(self.popular()), ul_class="list-news"),
            weblinks=select_links(self.weblinks, name="dnn$ctr390$LienKet$ddlLienKet"),
            footer="".join(f"<p>{esc(x)}</p>" for x in self.footer()),
            visits=visits_text(self.visits),
        )

    @property
    def by_href(self) -> dict[str, Article]:
        if not hasattr(self, "_by_href"):
            self._by_href = {a.href: a for a in self.all_articles()}
        return self._by_href

    def _items(self, entries: list[Article]) -> str:
        out = []
        for a in entries:
            href = esc(a.href)
            img = (
                f'<a href="{href}"><img class="news-img" src="{esc(a.images[0].path)}" border="0" /></a>'
                if a.images
                else ""
            )
            out.append(
                f'<tr><td><div class="news-item">{img}<a class="news-title"'
                f' href="{href}">{net20_encode(a.title)}</a>'
                f' <span class="news-date">({self.listing_date(a).display})</span>'
                f'<div class="news-sapo">{net20_encode(a.story.sapo)}</div></div></td></tr>'
            )
        return "\n".join(out)

    def _pager(self, page: int, n_pages: int) -> str:
        def link(p: int, label: str) -> str:
            return f"<a class=\"CommandButton\" href=\"javascript:__doPostBack('{PAGER}','{p}')\">{label}</a>"

        pages, before, after = page_window(page, n_pages)
        parts = [link(1, "Trang đầu"), link(page - 1, "Trang trước")] if page > 1 else []
        parts += [link(before, "...")] if before else []
        parts += [f'<span class="NormalDisabled">{p}</span>' if p == page else link(p, str(p)) for p in pages]
        parts += [link(after, "...")] if after else []
        if page < n_pages:
            parts += [link(page + 1, "Trang sau"), link(n_pages, "Trang cuối")]
        return f'<span class="Normal">Trang {page}/{n_pages}:</span> ' + " ".join(parts)

    def render_listing(self, page: int, entries: list[Article], n_pages: int) -> str:
        main = render(
            "dnn_listing.html", title=TARGET, items=self._items(entries), pager=self._pager(page, n_pages)
        )
        return self._shell(TARGET, LISTING, main)

    def render_category(self, cat: Category) -> str:
        main = render("dnn_listing.html", title=esc(cat.name), items=self._items(cat.articles), pager="")
        return self._shell(cat.name, self.category_req(cat).path, main)

    def _img(self, image: Image) -> str:
        cap = f"<br /><i>{inline(image.caption, self.rng)}</i>" if image.caption else ""
        return (
            f'<div style="text-align:center"><img src="{esc(image.path)}" alt="" width="500"'
            f' border="0" />{cap}</div>'
        )

    def render_article(self, a: Article) -> str:
        cat_href = (
            self.listing_req(1).href if a.category is self.target else self.category_req(a.category).href
        )
        body = self.body_html(
            a, img=self._img, p_tpl='<p style="text-align: justify">{}</p>', spacer_rate=0.1
        )
        if a.story.byline:
            body += f'\n<p style="text-align: right"><strong>{esc(a.story.byline[0])}</strong></p>'
        summary = ""
        if a.show_summary:
            summary = (
                '<div class="news-sapo"><span id="dnn_ctr412_ViewDetail_lblSummary">'
                f"<b>{net20_encode(a.story.sapo)}</b></span></div>"
            )
        files = ""
        if a.attachments:
            links = link_list([Link(f.path, f.name) for f in a.attachments], ul_class="file-list")
            files = f'<div class="news-files"><span class="SubHead">File đính kèm:</span>{links}</div>'
        main = render(
            "dnn_article.html",
            home=self.home_href(),
            cat_href=esc(cat_href),
            cat_name=esc(a.category.name),
            title=net20_encode(a.title),
            date=self.article_date(a).display if a.show_date else "",
            views=a.views,
            summary=summary,
            body=body,
            files=files,
            share=esc(quote(self.share_url(a), safe="")),
            related=link_list(self.related(a), ul_class="list-other", date_tpl=" ({})"),
        )
        return self._shell(a.title, a.path, main, a.story.sapo)

    def render_static(self, key: str, title: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
        return self._shell(
            title,
            self.static_href(key),
            f'<h2 class="Head">{esc(title)}</h2><div class="Normal">{body}</div>',
        )

    def render_home(self) -> str:
        main = self.home_main(
            "dnn_home.html",
            slider={
                "cls": "news-hot",
                "title_tag": "div",
                "title_cls": "news-title",
                "img_cls": "news-img",
                "date_tpl": '<span class="news-date">({})</span>',
                "sapo_tpl": '<div class="news-sapo">{}</div>',
            },
            thumbs_cls="list-hot",
            box={
                "box_tpl": '<div class="DNNModuleContent ModTinTucC"><div class="Head"><a href="{href}"'
                ' class="Head">{title}</a></div><div class="Normal">{body}</div><div'
                ' class="xemtiep">{more}</div></div>',
                "lead_cls": "news-item",
                "title_tag": "div",
                "title_cls": "news-title",
                "img_cls": "news-img",
                "date_tpl": '<span class="news-date">({})</span>',
                "sapo_tpl": '<div class="news-sapo">{}</div>',
                "list_cls": "list-news",
                "list_date_tpl": " ({})",
                "more_tpl": '<a class="CommandButton" href="{href}">Xem thêm</a>',
            },
            banners=[
                (self.tthc_url, "/Portals/0/Banner/dichvucong.gif", "Dịch vụ công trực tuyến"),
                ("https://thuathienhue.gov.vn/", "/Portals/0/Banner/congttdt.jpg", "Cổng TTĐT tỉnh"),
            ],
            banner_cls="DNNModuleContent ModBannerC",
        )
        return self._shell(self.site_name, "/Default.aspx", main)
