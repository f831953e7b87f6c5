"""SharePoint 2010 subsite of a province portal (Ninh Thuận's /chinhquyen/sotttt, Hà Nam's /stttt).

Listing: a custom web part with a GridView; page 1 is a GET, pages 2..N only answer a postback of the
whole ``aspnetForm`` with ``__EVENTTARGET`` = the grid and ``__EVENTARGUMENT`` = ``Page$N``.
Articles: publishing pages ``/Pages/<Title-Slug>.aspx`` (slug keeps the title's case, is cut at 100
characters and keeps curly quotes percent-encoded) and a few ``Pages/newsdetail.aspx?NewsId=&CatId=``.
The date stands alone under the title (``17/03/2021``); the byline is the body's last line.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime
from urllib.parse import quote

from crawler.demo.sitegen.base import TARGET, Article, Category, DateText, Family, Image, Req, dmy, qs, render
from crawler.demo.sitegen.chrome import (
    Link,
    breadcrumb,
    link_list,
    nested_menu,
    page_window,
    select_links,
    visits_text,
)
from crawler.demo.sitegen.corpus import ascii_fold, slugify
from crawler.demo.sitegen.htmltext import Quirks, esc, inline, net20_encode

WEB = "/chinhquyen/sotttt"
GRID = "ctl00$m$g_8a3b2c1d_5e4f_4a6b_9c7d_1e2f3a4b5c6d$ctl00$gvTinTuc"
GRID_ID = GRID.replace("$", "_")


class SharePoint(Family):
    platform = "sharepoint"
    site_name = "Sở Thông tin và Truyền thông tỉnh Ninh Thuận"
    province = "Ninh Thuận"
    real_base = "https://www.ninhthuan.gov.vn"
    address = "Số 03 đường 16 tháng 4, phường Mỹ Hương, thành phố Phan Rang - Tháp Chàm, tỉnh Ninh Thuận"
    email = "sotttt@ninhthuan.gov.vn"
    phone = "(0259) 3 830 022"
    newest = datetime(2021, 3, 17, 9, 0)
    page_size = 10
    id_start = 11200
    summary_rate = 0.0
    inline_attachments = False
    quirks = Quirks(nbsp=0.03, nbsp_entity="&#160;", nfd=0.006, indent=0.15)
    menu_label = "Hoạt động của Sở"
    tthc_url = "https://dichvucong.ninhthuan.gov.vn/"

    # ---- URLs ----------------------------------------------------------------------------------------
    def locate(self, a: Article) -> None:
        if a.category is self.target and self.rng.random() < 0.15:
            a.path, a.query = f"{WEB}/Pages/newsdetail.aspx", qs((("NewsId", str(a.num)), ("CatId", "43")))
            return
        # SharePoint made the page name from the title: spaces to '-', '/' ':' '?' dropped, commas and
        # hyphens kept (" - " becomes "---"), curly quotes kept and percent-encoded in the URL.
        name = ascii_fold(a.title).replace(" ", "-")
        name = re.sub(r"[/:?#&%*<>{}|\\\"'.]", "", name)
        name = name.replace("“", "%E2%80%9C").replace("”", "%E2%80%9D")
        units = re.findall(r"%E2%80%9[CD]|.", name)  # never cut inside an escape
        slug, size = "", 0
        for unit in units:
            if size + len(unit) > 100:
                break
            slug, size = slug + unit, size + len(unit)
        slug = slug.rstrip("-")
        a.path = self.claim(lambda n: f"{WEB}/Pages/{slug}{'' if n == 1 else n}.aspx")

    def category_req(self, cat: Category) -> Req:
        return Req("GET", f"{WEB}/Pages/{cat.slug}.aspx")

    def listing_req(self, page: int) -> Req:
        if page == 1:
            return Req("GET", f"{WEB}/Pages/tin-hoat-dong.aspx")
        form = (("__EVENTTARGET", GRID), ("__EVENTARGUMENT", f"Page${page}"))
        return Req("POST", f"{WEB}/Pages/tin-hoat-dong.aspx", form=form)

    def home_href(self) -> str:
        return f"{WEB}/Pages/default.aspx"

    def static_href(self, key: str) -> str:
        page = {"gioithieu": "gioi-thieu", "lienhe": "lien-he", "vanban": "van-ban"}[key]
        return f"{WEB}/Pages/{page}.aspx"

    def image_path(self, a: Article, i: int, ext: str) -> str:
        folder = f"{WEB}/PublishingImages/{a.published:%Y}/{a.published:%m}"
        return f"{folder}/{slugify(a.title, max_len=24)}-{i + 1}.{ext}"

    def attachment_path(self, a: Article, j: int, ext: str) -> str:
        name = a.story.documents[j] if j < len(a.story.documents) else "Bao cao"
        return f"{WEB}/Lists/TinTuc/Attachments/{a.num}/{quote(ascii_fold(name))}.{ext}"

    def article_date(self, a: Article) -> DateText:
        d = dmy(a.published)
        return DateText(d, d, False)

    def listing_date(self, a: Article) -> DateText:
        d = dmy(a.published)
        return DateText(d, d, False)

    def static_assets(self) -> list[str]:
        return [
            f"{WEB}/Style%20Library/ninhthuan/images/logo.png",
            f"{WEB}/Style%20Library/ninhthuan/images/banner-dvc.gif",
            f"{WEB}/Style%20Library/ninhthuan/images/banner-cds.jpg",
            f"{WEB}/Style%20Library/ninhthuan/images/banner-pakn.jpg",
            f"{WEB}/Style%20Library/ninhthuan/css/style.css",
            "/_layouts/1066/init.js",
        ]

    def extra_routes(self, n_pages: int) -> list[dict]:
        path = f"{WEB}/Pages/tin-hoat-dong.aspx"
        # The pager on pages 2..N links back to page 1 by postback too; any other postback
        # (a stale or unknown argument) re-renders page 1, as a real GridView does.
        page1 = {"__EVENTTARGET": GRID, "__EVENTARGUMENT": "Page$1"}
        return [
            {"method": "POST", "path": path, "form": page1, "file": "pages/listing-1.html"},
            {"method": "POST", "path": path, "file": "pages/listing-1.html"},
        ]

    # ---- chrome ----------------------------------------------------------------------------------------
    def _hidden(self, name: str, value: str) -> str:
        return f'<input type="hidden" name="{name}" id="{name}" value="{esc(value)}" />'

    def _blob(self, n: int) -> str:
        return base64.b64encode(self.rng.randbytes(n)).decode()

    def _shell(self, title: str, action: str, main: str) -> str:
        digest = f"0x{self.rng.randbytes(64).hex().upper()},{self.newest:%d %b %Y} 02:11:45 -0000"
        hidden = [
            ("MSOWebPartPage_PostbackSource", ""),
            ("MSOTlPn_SelectedWpId", ""),
            ("MSOTlPn_View", "0"),
            ("MSOTlPn_ShowSettings", "False"),
            ("MSOSPWebPartManager_DisplayModeName", "Browse"),
            ("__EVENTTARGET", ""),
            ("__EVENTARGUMENT", ""),
            ("__REQUESTDIGEST", digest),
            ("__VIEWSTATE", "/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAg" + self._blob(900)),
        ]
        dfwp = {"ul_class": "dfwp-column dfwp-list", "li_class": "dfwp-item"}
        return render(
            "sharepoint_shell.html",
            title=esc(title),
            action=esc(action),
            hidden="\n".join(self._hidden(k, v) for k, v in hidden),
            web=WEB,
            home=esc(self.home_href()),
            site_name=esc(self.site_name),
            site_upper=esc(self.site_name.upper()),
            menu=nested_menu(
                self.menu(),
                ul_class="root static",
                li_class="static",
                sub_class="dynamic",
                label_tpl='<span class="additional-background"><span class="menu-item-text">{}</span></span>',
            ),
            main=main,
            latest=link_list(self.latest(), date_tpl=' <span class="ngaydang">({})</span>', **dfwp),
            popular=link_list(self.popular(), **dfwp),
            weblinks=select_links(self.weblinks, name="ddlLienKet"),
            footer="".join(f"<p>{esc(line)}</p>" for line in self.footer()),
            visits=visits_text(self.visits),
            eventvalidation=self._hidden("__EVENTVALIDATION", "/wEWBALe" + self._blob(120)),
        )

    # ---- pages -------------------------------------------------------------------------------------------
    def _rows(self, entries: list[Article]) -> str:
        rows = []
        for i, a in enumerate(entries):
            href = esc(a.href)
            thumb = ""
            if a.images:
                thumb = f'<a class="news-img" href="{href}"><img src="{esc(a.images[0].path)}" alt="" /></a>'
            rows.append(
                f'<tr class="{"row" if i % 2 == 0 else "alt-row"}"><td><div class="news-item">{thumb}'
                f'<a class="news-title" href="{href}">{net20_encode(a.title)}</a>'
                f' <span class="news-date">({self.listing_date(a).display})</span>'
                f'<p class="news-sapo">{inline(a.story.sapo, self.rng)}</p></div></td></tr>'
            )
        return "\n".join(rows)

    def _pager(self, page: int, n_pages: int) -> str:
        pages, before, after = page_window(page, n_pages)

        def cell(p: int, label: str) -> str:
            if p == page:
                return f"<td><span>{label}</span></td>"
            return f"<td><a href=\"javascript:__doPostBack('{GRID}','Page${p}')\">{label}</a></td>"

        cells = [cell(before, "...")] if before else []
        cells += [cell(p, str(p)) for p in pages]
        cells += [cell(after, "...")] if after else []
        row = "".join(cells)
        return f'<tr class="pager"><td colspan="1"><table border="0"><tr>{row}</tr></table></td></tr>'

    def _listing(self, title: str, href: str, entries: list[Article], pager: str) -> str:
        crumb = breadcrumb([("Trang chủ", self.home_href()), (title, None)], sep=" &gt; ", cls="breadcrumb")
        main = render(
            "sharepoint_listing.html",
            crumb=crumb,
            title=esc(title),
            grid_id=GRID_ID,
            rows=self._rows(entries),
            pager=pager,
        )
        return self._shell(title, href.rsplit("/", 1)[-1], main)

    def render_listing(self, page: int, entries: list[Article], n_pages: int) -> str:
        return self._listing(TARGET, self.listing_req(1).path, entries, self._pager(page, n_pages))

    def render_category(self, cat: Category) -> str:
        return self._listing(cat.name, self.category_req(cat).path, cat.articles, "")

    def _img(self, image: Image) -> str:
        tag = f'<img alt="" src="{esc(image.path)}" style="border:0px solid;width:500px;height:333px" />'
        out = f'<p style="text-align:center">{tag}</p>'
        if image.caption:
            out += f'<p style="text-align:center"><em>{inline(image.caption, self.rng)}</em></p>'
        return out

    def render_article(self, a: Article) -> str:
        cat_href = (
            self.listing_req(1).href if a.category is self.target else self.category_req(a.category).href
        )
        body = self.body_html(a, img=self._img, spacer="<p>&#160;</p>", spacer_rate=0.15, word_paste=0.1)
        if a.story.byline:
            body += f'\n<p style="text-align:right"><strong>{esc(a.story.byline[0])}</strong></p>'
        files = ""
        if a.attachments:
            links = link_list([Link(f.path, f.name) for f in a.attachments], ul_class="attach-list")
            files = f'<div class="attach-files"><span class="attach-title">Tệp đính kèm:</span>{links}</div>'
        date = f'<div class="article-date">{self.article_date(a).display} </div>' if a.show_date else ""
        main = render(
            "sharepoint_article.html",
            cat_href=esc(cat_href),
            cat_name=esc(a.category.name),
            title=esc(a.title),
            date=date,
            body=body,
            files=files,
            share=esc(quote(self.share_url(a), safe="")),
            others=link_list(self.related(a), ul_class="other-news-list"),
        )
        return self._shell(a.title, a.href.rsplit("/", 1)[-1], main)

    def render_static(self, key: str, title: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
        main = f'<h2 class="page-title">{esc(title)}</h2><div class="ms-rtestate-field">{body}</div>'
        return self._shell(title, self.static_href(key).rsplit("/", 1)[-1], main)

    def render_home(self) -> str:
        images = f"{WEB}/Style%20Library/ninhthuan/images"
        main = self.home_main(
            "sharepoint_home.html",
            slider={
                "cls": "hot-main",
                "title_tag": "h2",
                "img_cls": "hot-img",
                "date_tpl": '<span class="ngaydang">({})</span>',
            },
            thumbs_cls="hot-others",
            box={
                "box_tpl": '<div class="home-cat"><div class="home-cat-title"><h3><a href="{href}">{title}'
                '</a></h3></div><div class="home-cat-body">{body}</div>'
                '<div class="home-cat-more">{more}</div></div>',
                "lead_cls": "news-first",
                "title_tag": "h4",
                "list_cls": "dfwp-column dfwp-list",
                "date_tpl": '<span class="ngaydang">{}</span>',
                "list_date_tpl": ' <span class="ngaydang">({})</span>',
                "more_tpl": '<a class="xemthem" href="{href}">Xem thêm &raquo;</a>',
            },
            banners=[
                (self.tthc_url, f"{images}/banner-dvc.gif", "Dịch vụ công trực tuyến"),
                (
                    "https://chuyendoiso.ninhthuan.gov.vn/",
                    f"{images}/banner-cds.jpg",
                    "Chuyển đổi số Ninh Thuận",
                ),
                ("https://pakn.ninhthuan.gov.vn/", f"{images}/banner-pakn.jpg", "Phản ánh, kiến nghị"),
            ],
        )
        return self._shell(self.site_name, "default.aspx", main)
