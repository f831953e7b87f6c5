"""Joomla 1.5 (Gia Lai tttt.gialai.gov.vn, Đắk Lắk): everything is ``/index.php`` with a query.

Category blog ``option=com_content&view=category&layout=blog&id=55:<alias>&Itemid=115`` paginated by
``&limitstart=N`` ("Trang sau", "Cuối"); articles ``view=article&id=<id>:<alias>&catid=55:<alias>``.
Aliases are Joomla 1.5's: Latin-1 letters transliterated, other Vietnamese letters dropped
("Tin hoạt động" → ``tin-hot-dng``). "Email In PDF" buttons precede the body, the header carries a page
clock (``6:11:13 , 17/1/2018``, not a publication date), ``.createdate`` holds the real date
(``Thứ năm, 15 Tháng 3 2018 08:30``). Served as ``text/html`` with no charset: the meta tag says utf-8.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from datetime import datetime, timedelta

from crawler.demo.sitegen.base import TARGET, Article, Category, DateText, Family, Image, Req, qs, render
from crawler.demo.sitegen.chrome import Link, link_list, nested_menu, page_window, select_links, visits_text
from crawler.demo.sitegen.htmltext import Quirks, esc, inline

ITEMID = 115
WEEKDAYS_LC = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def joomla_alias(text: str) -> str:
    """JFilterOutput::stringURLSafe of Joomla 1.5: transliterate Latin-1/Extended-A, drop other letters."""
    out = []
    for ch in text.lower():
        if ch == "đ":
            out.append("d")
        elif "\u00c0" <= ch <= "\u017f":
            base = unicodedata.normalize("NFD", ch)[0]
            out.append(base if base.isascii() else "")
        elif ch.isascii():
            out.append(ch)
    return re.sub(r"[^a-z0-9]+", "-", "".join(out)).strip("-")


class Joomla(Family):
    platform = "joomla"
    site_name = "Sở Thông tin và Truyền thông tỉnh Gia Lai"
    province = "Gia Lai"
    real_base = "http://tttt.gialai.gov.vn"
    address = "Số 16 Trần Hưng Đạo, thành phố Pleiku, tỉnh Gia Lai"
    email = "stttt@gialai.gov.vn"
    phone = "(0269) 3 824 368"
    newest = datetime(2018, 3, 15, 8, 30)
    page_size = 10
    id_start = 700
    id_step = 6
    quirks = Quirks(nbsp=0.06, entity=0.03, nfd=0.01)
    content_type = "text/html"
    menu_label = "Hoạt động của Sở"
    home_path = "/"
    tthc_url = "https://dichvucong.gialai.gov.vn/"

    def cat_id(self, cat: Category) -> str:
        return f"{55 if cat is self.target else 50 + cat.num}:{joomla_alias(cat.name)}"

    def locate(self, a: Article) -> None:
        a.path = "/index.php"
        params = (
            ("option", "com_content"),
            ("view", "article"),
            ("id", f"{a.num}:{joomla_alias(a.title)}"),
            ("catid", self.cat_id(a.category)),
            ("Itemid", str(ITEMID)),
        )
        a.query = qs(params).replace("%3A", ":")

    def _cat_query(self, cat: Category, limitstart: int | None = None) -> str:
        params = [
            ("option", "com_content"),
            ("view", "category"),
            ("layout", "blog"),
            ("id", self.cat_id(cat)),
            ("Itemid", str(ITEMID)),
        ]
        if limitstart is not None:
            params.append(("limitstart", str(limitstart)))
        return qs(params).replace("%3A", ":")

    def category_req(self, cat: Category) -> Req:
        return Req("GET", "/index.php", self._cat_query(cat))

    def listing_req(self, page: int) -> Req:
        return Req(
            "GET",
            "/index.php",
            self._cat_query(self.target, None if page == 1 else (page - 1) * self.page_size),
        )

    def home_href(self) -> str:
        return "/index.php"

    def static_href(self, key: str) -> str:
        art = {"gioithieu": 12, "lienhe": 13, "vanban": 14}[key]
        params = (("option", "com_content"), ("view", "article"), ("id", str(art)), ("Itemid", "2"))
        return "/index.php?" + qs(params)

    def image_path(self, a: Article, i: int, ext: str) -> str:
        return f"/images/stories/{a.published.year}/thang{a.published.month}/{a.num}_{i + 1}.{ext}"

    def attachment_path(self, a: Article, j: int, ext: str) -> str:
        return f"/images/stories/vanban/{a.published.year}/{joomla_alias(a.title)[:30]}-{j + 1}.{ext}"

    def _joomla_date(self, d: datetime) -> tuple[str, str]:
        raw = f"{d.day} Tháng {d.month} {d.year} {d:%H:%M}"
        return f"{WEEKDAYS_LC[d.weekday()]}, {raw}", raw

    def article_date(self, a: Article) -> DateText:
        display, raw = self._joomla_date(a.published)
        return DateText(display, raw, True)

    def listing_date(self, a: Article) -> DateText:
        return self.article_date(a)

    def static_assets(self) -> list[str]:
        return [
            "/templates/gialai/favicon.ico",
            "/media/system/js/mootools.js",
            "/media/system/js/caption.js",
            "/templates/gialai/css/template.css",
            "/templates/gialai/images/logo.png",
            "/images/M_images/emailButton.png",
            "/images/M_images/printButton.png",
            "/images/M_images/pdf_button.png",
            "/images/banners/dichvucong.gif",
            "/images/banners/vanbandieuhanh.jpg",
        ]

    def extra_routes(self, n_pages: int) -> list[dict]:
        last = f"pages/listing-{n_pages}.html"
        routes = [
            {
                "method": "GET",
                "path": "/index.php",
                "query": self._cat_query(self.target, 0),
                "file": "pages/listing-1.html",
                "content_type": self.content_type,
            },
            {"method": "GET", "path": "/", "file": "pages/home.html", "content_type": self.content_type},
        ]
        for k in range(n_pages, n_pages + 4):  # past the end: the blog shows the last page again
            routes.append(
                {
                    "method": "GET",
                    "path": "/index.php",
                    "query": self._cat_query(self.target, k * self.page_size),
                    "file": last,
                    "content_type": self.content_type,
                }
            )
        return routes

    # ---- pages ------------------------------------------------------------------------------------------
    def _shell(self, title: str, crumb: str, main: str, description: str = "") -> str:
        seen = self.newest + timedelta(
            days=33, hours=self.rng.randint(0, 20), minutes=self.rng.randint(0, 59)
        )
        clock = (
            f"{seen.hour}:{seen.minute:02d}:{self.rng.randint(0, 59):02d} ,"
            f" {seen.day}/{seen.month}/{seen.year}"
        )
        cats = [(self.menu_label, self.listing_req(1).href)] + [
            (c.name, self.category_req(c).href) for c in self.other_cats
        ]
        return render(
            "joomla_shell.html",
            title=esc(title),
            description=esc(description or self.site_name),
            site_name=esc(self.site_name),
            clock=clock,
            menu=nested_menu(self.menu(), ul_class="menu", li_class="item", sub_class="submenu"),
            catmenu=link_list([Link(h, t) for t, h in cats], ul_class="menu"),
            latest=link_list(self.latest(), ul_class="latestnews", li_class="latestnews"),
            popular=link_list(self.popular(), ul_class="mostread", li_class="mostread"),
            weblinks=select_links(self.weblinks, name="weblinks"),
            visits=visits_text(self.visits),
            footer="".join(f"<p>{esc(x)}</p>" for x in self.footer()),
            crumb=crumb,
            main=main,
        )

    def _buttons(self, a: Article) -> dict[str, str]:
        base = f"/index.php?view=article&catid={self.cat_id(a.category)}&id={a.num}:{joomla_alias(a.title)}"
        link = base64.b64encode((self.real_base + a.href).encode()).decode()
        return {
            "mailto": link,
            "print": esc(
                f"{base}&tmpl=component&print=1&layout=default&page=&option=com_content&Itemid={ITEMID}"
            ),
            "pdf": esc(f"{base}&format=pdf&option=com_content&Itemid={ITEMID}"),
        }

    def _crumb(self, *items: tuple[str, str | None]) -> str:
        parts = ['<a href="/index.php" class="pathway">Trang chủ</a>']
        for text, href in items:
            parts.append(f'<a href="{esc(href)}" class="pathway">{esc(text)}</a>' if href else esc(text))
        return ' <img src="/templates/gialai/images/arrow.png" alt=""  /> '.join(parts)

    def _entry(self, a: Article) -> str:
        heading = f'<a href="{esc(a.href)}" class="contentpagetitle">{esc(a.title)}</a>'
        date = f'<tr><td valign="top" colspan="2" class="createdate">{self.listing_date(a).display}</td></tr>'
        intro = f"<p>{self.para_html(a.story.paragraphs[0], first=True)}</p>"
        more = f'<tr><td colspan="2"><a href="{esc(a.href)}" class="readon">Chi tiết...</a></td></tr>'
        return render(
            "joomla_entry.html",
            sfx="",
            heading=heading,
            date=date,
            text=intro,
            after=more,
            **self._buttons(a),
        )

    def _blog(self, title: str, entries: list[Article], pager: str) -> str:
        rows = "\n".join(f'<tr><td valign="top">{self._entry(a)}</td></tr>' for a in entries)
        return (
            f'<div class="componentheading">{esc(title)}</div>\n'
            f'<table class="blog" cellpadding="0" cellspacing="0">\n{rows}\n{pager}\n</table>'
        )

    def _pager(self, page: int, n_pages: int) -> str:
        href = lambda p: esc(self.listing_req(p).href if p > 1 else self.href_limit0)  # noqa: E731
        link = lambda p, label: f'<a href="{href(p)}" title="{label}" class="pagenav">{label}</a>'  # noqa: E731
        pages, _, _ = page_window(page, n_pages)
        parts = ["<span>&laquo;</span>"]
        parts += (
            [link(1, "Đầu"), link(page - 1, "Trước")]
            if page > 1
            else ['<span class="pagenav">Đầu</span>', '<span class="pagenav">Trước</span>']
        )
        parts += [f'<span class="pagenav">{p}</span>' if p == page else link(p, str(p)) for p in pages]
        if page < n_pages:
            parts += [link(page + 1, "Trang sau"), link(n_pages, "Cuối")]
        else:
            parts += ['<span class="pagenav">Trang sau</span>', '<span class="pagenav">Cuối</span>']
        parts.append("<span>&raquo;</span>")
        return (
            '<tr><td valign="top" align="center"><del class="container"><div'
            f' class="pagination">{" ".join(parts)}'
            f'</div></del></td></tr><tr><td valign="top" align="center">Trang {page} của {n_pages}</td></tr>'
        )

    @property
    def href_limit0(self) -> str:
        return "/index.php?" + self._cat_query(self.target, 0)

    def render_listing(self, page: int, entries: list[Article], n_pages: int) -> str:
        main = self._blog(TARGET, entries, self._pager(page, n_pages))
        return self._shell(f"{TARGET} - {self.site_name}", self._crumb((TARGET, None)), main)

    def render_category(self, cat: Category) -> str:
        return self._shell(cat.name, self._crumb((cat.name, None)), self._blog(cat.name, cat.articles, ""))

    def _img(self, image: Image) -> str:
        src = esc(image.path)
        if image.caption and self.rng.random() < 0.35:  # Joomla's caption.js draws the title under the image
            return (
                f'<p style="text-align: center;"><img class="caption" src="{src}" border="0"'
                f' title="{esc(image.caption)}" width="500" /></p>'
            )
        cap = (
            f'<p style="text-align: center;"><em>{inline(image.caption, self.rng)}</em></p>'
            if image.caption
            else ""
        )
        return f'<p style="text-align: center;"><img src="{src}" border="0" width="500" /></p>{cap}'

    def render_article(self, a: Article) -> str:
        cat_href = (
            self.listing_req(1).href if a.category is self.target else self.category_req(a.category).href
        )
        body = self.body_html(
            a, img=self._img, p_tpl='<p style="text-align: justify;">{}</p>', word_paste=0.25, spacer_rate=0.1
        )
        if a.story.byline:
            body += f'\n<p style="text-align: right;"><strong>{esc(a.story.byline[0])}</strong></p>'
        date = ""
        if a.show_date:
            date = (
                '<tr><td valign="top" colspan="2"'
                f' class="createdate">{self.article_date(a).display}</td></tr>'
            )
        after = ""
        if self.rng.random() < 0.4:
            display, _ = self._joomla_date(a.published + timedelta(days=1, hours=2))
            after = (
                '<tr><td colspan="2" align="left" class="modifydate">Lần cập nhật cuối ('
                f" {display} )</td></tr>"
            )
        main = render(
            "joomla_entry.html",
            sfx="",
            heading=esc(a.title),
            date=date,
            text=body,
            after=after,
            **self._buttons(a),
        )
        others = link_list(self.related(a), ul_class="relateditems")
        main += f'\n<div class="blog_more"><strong>Các tin khác:</strong>{others}</div>'
        crumb = self._crumb((a.category.name, cat_href), (a.title, None))
        return self._shell(f"{a.title} - {self.site_name}", crumb, main, a.story.sapo)

    def render_static(self, key: str, title: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
        return self._shell(
            title, self._crumb((title, None)), f'<div class="contentheading">{esc(title)}</div>{body}'
        )

    def render_home(self) -> str:
        main = self.home_main(
            "joomla_home.html",
            slider={
                "cls": "hot_item",
                "title_tag": "div",
                "title_cls": "contentheading",
                "img_cls": "hot_img",
                "date_tpl": '<span class="createdate">{}</span>',
            },
            thumbs_cls="latestnews",
            box={
                "box_tpl": '<div class="moduletable_cat"><h3><a href="{href}">{title}</a></h3>{body}'
                '<div class="readmore">{more}</div></div>',
                "lead_cls": "cat_first",
                "title_tag": "div",
                "title_cls": "contentheading",
                "img_cls": "cat_img",
                "date_tpl": '<span class="createdate">{}</span>',
                "list_cls": "latestnews",
                "list_date_tpl": ' <span class="small">({})</span>',
                "more_tpl": '<a href="{href}" class="readon">Xem thêm...</a>',
            },
            banners=[
                (self.tthc_url, "/images/banners/dichvucong.gif", "Dịch vụ công trực tuyến Gia Lai"),
                (
                    "http://vpdt.gialai.gov.vn/",
                    "/images/banners/vanbandieuhanh.jpg",
                    "Hệ thống quản lý văn bản và điều hành",
                ),
            ],
            banner_cls="bannergroup",
            banner_tpl='<div class="banneritem">{}</div>',
        )
        return self._shell(self.site_name, self._crumb(), main)
