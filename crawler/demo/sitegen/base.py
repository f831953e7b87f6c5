"""What every mirror has in common: the site model, the build loop, routes, truth.json.

A family module subclasses :class:`Family` and supplies only what its CMS does differently: URL shapes,
date formats, the page skeletons and the way listing pages are requested. The build here stays the same
for all, so the truth a mirror records is always derived from the very values its pages were made from.
"""

from __future__ import annotations

import functools
import json
import random
import shutil
import string
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlencode

from crawler.demo.sitegen import assets
from crawler.demo.sitegen.chrome import (
    WEBLINKS,
    Link,
    banner_list,
    footer_lines,
    home_box,
    teaser,
    thumb_list,
)
from crawler.demo.sitegen.corpus import TOPICS, Story, make_story, person, slugify
from crawler.demo.sitegen.htmltext import NO_QUIRKS, Quirks, emphasise, esc, inline, norm

TEMPLATES = Path(__file__).with_name("templates")
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
TARGET = "Tin hoạt động"
#: The menu entry over all news; the label a crawler falls back to when no menu names the target.
NEWS = "Tin tức - Sự kiện"


@dataclass(frozen=True)
class DateText:
    """A date as a page shows it: the whole label, the minimal date(+time) span, and whether it has a time."""

    display: str
    raw: str
    has_time: bool


@dataclass(frozen=True)
class Req:
    """How one page is asked for: a GET URL (path + query) or a form POST."""

    method: str
    path: str
    query: str = ""
    form: tuple[tuple[str, str], ...] = ()

    @property
    def href(self) -> str:
        return self.path + ("?" + self.query if self.query else "")

    def as_json(self) -> dict:
        return {"method": self.method, "path": self.path, "query": self.query, "form": dict(self.form)}


@dataclass
class Image:
    path: str
    caption: str | None
    after: int  # index of the paragraph it follows


@dataclass
class Attachment:
    path: str
    name: str
    ext: str


@dataclass
class Category:
    key: str
    name: str
    slug: str
    num: int
    articles: list[Article] = field(default_factory=list)
    req: Req | None = None


@dataclass
class Article:
    seq: int  # 0 = newest within its category
    num: int  # the CMS's numeric id
    category: Category
    story: Story
    published: datetime
    path: str = ""
    query: str = ""
    show_date: bool = True
    show_summary: bool = False
    views: int = 0
    images: list[Image] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    file: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.story.title

    @property
    def href(self) -> str:
        return self.path + ("?" + self.query if self.query else "")

    @property
    def author(self) -> str | None:
        return self.story.byline[1] if self.story.byline else None


@dataclass(frozen=True)
class Block:
    """One block of an article body: a paragraph, an image, or a paragraph of attachment links."""

    kind: str  # "p" | "img" | "files"
    text: str = ""
    image: Image | None = None
    files: tuple[Attachment, ...] = ()


class Family:
    """One CMS family's mirror. Subclasses set the class attributes and implement the hooks."""

    platform: ClassVar[str]
    site_name: ClassVar[str]
    province: ClassVar[str]
    real_base: ClassVar[str]  # scheme://host of the real site (fixture URLs)
    address: ClassVar[str]
    email: ClassVar[str]
    phone: ClassVar[str] = "(0259) 3 822 000"
    newest: ClassVar[datetime]
    page_size: ClassVar[int] = 10
    id_start: ClassVar[int] = 1000
    id_step: ClassVar[int] = 7
    summary_rate: ClassVar[float] = 0.0
    image_rate: ClassVar[float] = 0.55
    attachment_rate: ClassVar[float] = 0.3
    inline_attachments: ClassVar[bool] = True  # attachment links as a body paragraph (part of the text)
    quirks: ClassVar[Quirks] = NO_QUIRKS
    content_type: ClassVar[str] = "text/html; charset=utf-8"
    others: ClassVar[tuple[tuple[str, str], ...]] = (
        ("cds", "Chuyển đổi số"),
        ("thongbao", "Thông báo"),
        ("chuyennganh", "Tin chuyên ngành"),
    )
    n_others: ClassVar[int] = 3  # articles per other category
    #: How this site's menus name the target category ("Hoạt động của Sở", ...). ``NEWS`` means the
    #: menus have no such entry: "Tin tức - Sự kiện" itself leads to the listing (the fallback case).
    menu_label: ClassVar[str] = TARGET
    #: Where the home page answers when that differs from ``home_href()`` (``/`` beside ``/Default.aspx``).
    home_path: ClassVar[str | None] = None
    #: "Thủ tục hành chính" leads off-site, to the province's public-service portal.
    tthc_url: ClassVar[str] = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"

    def __init__(self, n_articles: int = 40, seed: int = 0, pad_bytes: int = 0) -> None:
        self.n_articles = max(1, n_articles)
        self.pad_bytes = pad_bytes
        self.seed = seed
        self.rng = random.Random(seed * 1_000_003 + zlib.crc32(self.platform.encode()))
        self.files: dict[str, bytes] = {}
        self.routes: list[dict] = []
        self.visits = self.rng.randint(1_200_000, 9_800_000)
        self.taken: set[str] = set()  # article URLs handed out, so slugs stay unique
        self.target = Category("target", TARGET, "tin-hoat-dong", 3)
        self.other_cats = [
            Category(k, name, slugify(name), 10 + i) for i, (k, name) in enumerate(self.others)
        ]
        self._build_articles()
        # "Tin tức - Sự kiện": the newest news of every category on one page (not where the menus
        # send the fallback family: there that entry is the target listing itself).
        self.hub = Category("tintuc", NEWS, slugify(NEWS), 9)
        self.hub.articles = sorted(self.all_articles(), key=lambda a: (a.published, a.num), reverse=True)[:10]

    # ---- hooks every family implements -------------------------------------------------------------
    def locate(self, a: Article) -> None:
        """Set ``a.path`` / ``a.query`` (and anything in ``a.extra`` the URL needs)."""
        raise NotImplementedError

    def category_req(self, cat: Category) -> Req:
        raise NotImplementedError

    def listing_req(self, page: int) -> Req:
        """How listing page ``page`` (1-based) of the target category is requested."""
        raise NotImplementedError

    def home_href(self) -> str:
        raise NotImplementedError

    def static_href(self, key: str) -> str:
        raise NotImplementedError

    def image_path(self, a: Article, i: int, ext: str) -> str:
        raise NotImplementedError

    def attachment_path(self, a: Article, j: int, ext: str) -> str:
        raise NotImplementedError

    def article_date(self, a: Article) -> DateText:
        raise NotImplementedError

    def listing_date(self, a: Article) -> DateText:
        raise NotImplementedError

    def render_listing(self, page: int, entries: list[Article], n_pages: int) -> str:
        raise NotImplementedError

    def render_article(self, a: Article) -> str:
        raise NotImplementedError

    def render_category(self, cat: Category) -> str:
        raise NotImplementedError

    def render_static(self, key: str, title: str, paragraphs: list[str]) -> str:
        raise NotImplementedError

    def render_home(self) -> str:
        raise NotImplementedError

    def static_assets(self) -> list[str]:
        """Paths of logo, banners, css, js the chrome references (served as tiny files)."""
        return []

    def route_form(self, req: Req) -> dict[str, str]:
        """The form fields a POST route matches on (default: all of them)."""
        return dict(req.form)

    def attachment_name(self, a: Article, j: int, ext: str, document: str) -> str:
        """The link text of attachment ``j`` (default: the document's title)."""
        return document

    def extra_routes(self, n_pages: int) -> list[dict]:
        """Routes beyond one per page: postback aliases, AJAX fragments, beyond-the-end pages."""
        return []

    # ---- model ----------------------------------------------------------------------------------------
    def _build_articles(self) -> None:
        rng = self.rng
        used: set[str] = set()
        when = self.newest
        target: list[Article] = []
        for seq in range(self.n_articles):
            if seq:
                when -= timedelta(days=rng.choice((0, 1, 1, 2, 3, 4, 6)), hours=rng.randint(0, 3))
            published = when.replace(hour=rng.randint(7, 17), minute=rng.randrange(0, 60, 1), second=0)
            story = self._unique_story(published, used)
            target.append(Article(seq, 0, self.target, story, published))
        target.sort(key=lambda a: a.published, reverse=True)  # same-day items got random times
        for seq, a in enumerate(target):
            a.seq = seq
        self.target.articles = target
        span = (target[0].published - target[-1].published) if len(target) > 1 else timedelta(days=30)
        for cat in self.other_cats:
            for seq in range(self.n_others):
                published = self.newest - span * rng.random() * 0.3 - timedelta(days=seq * 5)
                published = published.replace(hour=rng.randint(7, 17), minute=rng.randint(0, 59), second=0)
                story = self._unique_story(published, used)
                cat.articles.append(Article(seq, 0, cat, story, published))
            cat.articles.sort(key=lambda a: a.published, reverse=True)
            for seq, a in enumerate(cat.articles):
                a.seq = seq
        everything = sorted(self.all_articles(), key=lambda a: a.published)
        num = self.id_start
        for a in everything:
            num += rng.randint(1, self.id_step)
            a.num = num
        nodate = min(6, len(target) - 1)
        for a in self.all_articles():
            a.views = rng.randint(40, 3200)
            a.show_summary = rng.random() < self.summary_rate
            a.show_date = not (a.category is self.target and a.seq == nodate and len(target) > 2)
            self.locate(a)
            self._media(a)
            a.file = f"pages/article-{a.category.key}-{a.num}.html"

    def _unique_story(self, published: datetime, used: set[str]) -> Story:
        return make_story(self.rng, published, self.province, used)

    def _media(self, a: Article) -> None:
        rng = self.rng
        n_par = len(a.story.paragraphs)
        if rng.random() < self.image_rate and n_par > 1:
            for i in range(rng.choice((1, 1, 2))):
                ext = rng.choice(("jpg", "jpg", "jpg", "png"))
                captioned = rng.random() < 0.75 and i < len(a.story.captions)
                caption = a.story.captions[i] if captioned else None
                if caption and rng.random() < 0.3:
                    caption = f"{caption} (Ảnh: {a.story.byline[1] if a.story.byline else 'BBT'})"
                a.images.append(Image(self.image_path(a, i, ext), caption, min(n_par - 1, 1 + i * 2)))
        if rng.random() < self.attachment_rate:
            docs = a.story.documents or ("Báo cáo kết quả thực hiện",)
            for j, name in enumerate(docs[: rng.choice((1, 2))]):
                ext = rng.choice(("pdf", "pdf", "doc", "docx"))
                path = self.attachment_path(a, j, ext)
                a.attachments.append(Attachment(path, self.attachment_name(a, j, ext, name), ext))

    def all_articles(self) -> Iterable[Article]:
        yield from self.target.articles
        for cat in self.other_cats:
            yield from cat.articles

    @property
    def n_pages(self) -> int:
        return -(-len(self.target.articles) // self.page_size)

    def page_entries(self, page: int) -> list[Article]:
        return self.target.articles[(page - 1) * self.page_size : page * self.page_size]

    # ---- helpers for the family modules --------------------------------------------------------------
    def body(self, a: Article) -> list[Block]:
        """The body as blocks, in page order (images after their paragraph, attachments last)."""
        blocks: list[Block] = []
        for i, text in enumerate(a.story.paragraphs):
            blocks.append(Block("p", text))
            blocks.extend(Block("img", image=img) for img in a.images if img.after == i)
        if a.attachments and self.inline_attachments:
            blocks.append(Block("files", "Tài liệu kèm theo:", files=tuple(a.attachments)))
        return blocks

    def para_html(self, text: str, *, first: bool = False) -> str:
        """A paragraph's inner HTML with this family's quirks (the dateline bolded on some leads)."""
        q = self.quirks
        indent = q.nbsp_entity * self.rng.randint(5, 10) if q.indent and self.rng.random() < q.indent else ""
        if first and self.rng.random() < 0.4:
            return indent + emphasise(text, self.rng, q)
        return indent + inline(text, self.rng, q)

    def body_html(
        self,
        a: Article,
        *,
        img: Callable[[Image], str],
        p_tpl: str = "<p>{}</p>",
        spacer: str = "<p>&nbsp;</p>",
        spacer_rate: float = 0.0,
        word_paste: float = 0.0,
    ) -> str:
        """Body HTML: paragraphs through ``p_tpl``, images through ``img``, empty spacers, Word paste."""
        out: list[str] = []
        first = True
        for block in self.body(a):
            if block.kind == "img" and block.image:
                out.append(img(block.image))
                continue
            inner = (
                self.files_html(block) if block.kind == "files" else self.para_html(block.text, first=first)
            )
            first = False
            if self.rng.random() < word_paste:
                inner = (
                    '<span style="font-size:14.0pt;line-height:115%;font-family:&quot;Times New Roman&quot;,'
                    f'&quot;serif&quot;">{inner}<o:p></o:p></span>'
                )
                out.append(f'<p class="MsoNormal" style="text-align:justify;text-indent:36.0pt">{inner}</p>')
            else:
                out.append(p_tpl.format(inner))
            if self.rng.random() < spacer_rate:
                out.append(spacer)
        return "\n".join(out)

    def files_html(self, block: Block, sep: str = "; ") -> str:
        links = sep.join(f'<a href="{esc(f.path)}" target="_blank">{esc(f.name)}</a>' for f in block.files)
        return f"{esc(block.text)} {links}"

    def claim(self, make: Callable[[int], str]) -> str:
        """The first of make(1), make(2), ... not yet used by another article (CMSs suffix clashes)."""
        n = 1
        while (path := make(n)) in self.taken:
            n += 1
        self.taken.add(path)
        return path

    def related(self, a: Article, k: int = 5) -> list[Link]:
        """'Tin liên quan' / 'Các tin khác': the next older articles of the same category."""
        arts = a.category.articles
        picks = arts[a.seq + 1 : a.seq + 1 + k]
        picks += [x for x in arts[: k + 1] if x is not a][: k - len(picks)]
        return [Link(x.href, x.title, self.listing_date(x).display) for x in picks]

    def latest(self, k: int = 6) -> list[Link]:
        if not hasattr(self, "_latest"):
            arts = sorted(self.all_articles(), key=lambda x: x.published, reverse=True)[:k]
            self._latest = [Link(x.href, x.title, self.listing_date(x).display) for x in arts]
        return self._latest

    def popular(self, k: int = 5) -> list[Link]:
        if not hasattr(self, "_popular"):
            arts = sorted(self.all_articles(), key=lambda x: (-x.views, x.num))[:k]
            self._popular = [Link(x.href, x.title) for x in arts]
        return self._popular

    @property
    def fallback_home(self) -> bool:
        """True when no menu names the target: only "Tin tức - Sự kiện" leads to it."""
        return self.menu_label == NEWS

    def menu(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """Top menu: (label, href, children); the target's entry reads ``menu_label``."""
        listing = self.listing_req(1).href
        cats = [(c.name, self.category_req(c).href) for c in self.other_cats]
        if self.fallback_home:
            news_href, news = listing, cats
        else:
            news_href, news = self.category_req(self.hub).href, [(self.menu_label, listing), *cats]
        about = [
            ("Chức năng, nhiệm vụ", self.static_href("gioithieu")),
            ("Liên hệ", self.static_href("lienhe")),
        ]
        return [
            ("Trang chủ", self.home_href(), []),
            ("Giới thiệu", self.static_href("gioithieu"), about),
            (NEWS, news_href, news),
            ("Văn bản", self.static_href("vanban"), []),
            ("Thủ tục hành chính", self.tthc_url, []),
            ("Liên hệ", self.static_href("lienhe"), []),
        ]

    # ---- home page ------------------------------------------------------------------------------------
    def home_boxes(self) -> list[tuple[str, str, list[Article]]]:
        """The home page's category boxes: (title, listing href, articles), the target's first."""
        boxes = [(self.menu_label, self.listing_req(1).href, self.target.articles[:5])]
        return boxes + [(c.name, self.category_req(c).href, c.articles[:5]) for c in self.other_cats]

    def home_featured(self, k: int = 5) -> list[Article]:
        """ "Tin nổi bật": the newest articles that have a picture, of any category."""
        arts = [a for a in self.all_articles() if a.images] or list(self.all_articles())
        return sorted(arts, key=lambda a: (a.published, a.num), reverse=True)[:k]

    def home_link(self, a: Article) -> Link:
        """An article as home-page blocks show it: headline, listing date, first picture."""
        return Link(a.href, a.title, self.listing_date(a).display, a.images[0].path if a.images else None)

    def home_box_html(
        self,
        title: str,
        href: str,
        arts: list[Article],
        *,
        box_tpl: str,
        lead_cls: str,
        list_cls: str = "",
        list_date_tpl: str = ' <span class="date">({})</span>',
        more_tpl: str = '<a class="more" href="{href}">Xem thêm</a>',
        **lead_style: str,
    ) -> str:
        """One category box in this CMS's markup (see :func:`chrome.home_box`); the newest article leads."""
        first, *rest = arts
        lead = teaser(self.home_link(first), inline(first.story.sapo, self.rng), cls=lead_cls, **lead_style)
        return home_box(
            title,
            href,
            lead,
            [self.home_link(a) for a in rest],
            box_tpl=box_tpl,
            list_cls=list_cls,
            date_tpl=list_date_tpl,
            more_tpl=more_tpl,
        )

    def home_main(
        self,
        template: str,
        *,
        slider: dict[str, str],
        thumbs_cls: str,
        box: dict[str, str],
        banners: list[tuple[str, str, str]],
        banner_cls: str = "banner-row",
        banner_tpl: str = "{}",
    ) -> str:
        """The home page's main column: "Tin nổi bật" (a lead and thumbnails), the target's box, the
        other categories' boxes (``$boxes``, or split in ``$left`` / ``$right`` columns), banners.

        The family gives its template and class names; the blocks are the same on every CMS.
        """
        first, *others = self.home_featured()
        lead = teaser(self.home_link(first), inline(first.story.sapo, self.rng), **slider)
        boxes = [self.home_box_html(title, href, arts, **box) for title, href, arts in self.home_boxes()]
        return render(
            template,
            slider=lead,
            thumbs=thumb_list([self.home_link(a) for a in others], ul_class=thumbs_cls),
            main_box=boxes[0],
            boxes="\n".join(boxes[1:]),
            left="\n".join(boxes[1::2]),
            right="\n".join(boxes[2::2]),
            banners=banner_list(banners, cls=banner_cls, item_tpl=banner_tpl),
        )

    @contextmanager
    def own_rng(self, name: str) -> Iterator[None]:
        """Render with a random stream of its own, so pages added later leave the others' bytes alone."""
        saved = self.rng
        self.rng = random.Random(self.seed * 1_000_003 + zlib.crc32(f"{self.platform}/{name}".encode()))
        try:
            yield
        finally:
            self.rng = saved

    def footer(self) -> list[str]:
        return footer_lines(self.site_name, self.address, self.phone, self.email, self.newest.year)

    @property
    def weblinks(self) -> tuple[tuple[str, str], ...]:
        return WEBLINKS

    def share_url(self, a: Article) -> str:
        return self.real_base + a.href

    @staticmethod
    def iso(dt: datetime, has_time: bool) -> str:
        return dt.strftime("%Y-%m-%dT%H:%M:00+07:00") if has_time else dt.strftime("%Y-%m-%d")

    # ---- output -------------------------------------------------------------------------------------
    def _page(self, html: str) -> bytes:
        if self.pad_bytes > 0:
            filler = "<!-- " + ("tinhoatdong-pad " * (self.pad_bytes // 16 + 1))[: self.pad_bytes] + " -->\n"
            html = html.replace("</body>", filler + "</body>", 1)
        return html.encode("utf-8")

    def _add(self, req: Req, file: str, **extra: object) -> None:
        route: dict[str, object] = {"method": req.method, "path": req.path}
        if req.query:
            route["query"] = req.query
        if req.form:
            route["form"] = self.route_form(req)
        route["file"] = file
        if self.content_type != "text/html; charset=utf-8" and "content_type" not in extra:
            route["content_type"] = self.content_type
        route.update(extra)
        self.routes.append(route)

    def build(self, out: Path) -> None:
        """Write pages, files, routes.json and truth.json into ``out``."""
        out = Path(out)
        n_pages = self.n_pages
        listings = []
        for page in range(1, n_pages + 1):
            entries = self.page_entries(page)
            file = f"pages/listing-{page}.html"
            self.files[file] = self._page(self.render_listing(page, entries, n_pages))
            req = self.listing_req(page)
            self._add(req, file)
            listings.append(
                {
                    "page": page,
                    **req.as_json(),
                    "file": file,
                    "article_paths": [a.href for a in entries],
                    "next": self.listing_req(page + 1).as_json() if page < n_pages else None,
                }
            )
        for a in self.all_articles():
            self.files[a.file] = self._page(self.render_article(a))
            self._add(Req("GET", a.path, a.query), a.file)
        for cat in self.other_cats:
            file = f"pages/category-{cat.key}.html"
            self.files[file] = self._page(self.render_category(cat))
            self._add(self.category_req(cat), file)
        for key, title, paragraphs in self._static_pages():
            file = f"pages/{key}.html"
            self.files[file] = self._page(self.render_static(key, title, paragraphs))
            href = self.static_href(key)
            path, _, query = href.partition("?")
            self._add(Req("GET", path, query), file)
        with self.own_rng("home"):
            self._home_pages()
        self.routes.extend(self.extra_routes(n_pages))
        self._binary_routes()
        truth = {
            "site": {
                "id": f"demo_{self.platform}",
                "name": self.site_name,
                "province": self.province,
                "start_paths": [self.listing_req(1).href],
                "platform": self.platform,
                "category": TARGET,
                "real_base": self.real_base,
                "home_path": self.home_path or self.home_href(),
                "home_category": self.menu_label,
            },
            "listing_pages": n_pages,
            "articles": [self.truth(a) for a in self.target.articles],
            "listings": listings,
            "distractors": [a.href for cat in self.other_cats for a in cat.articles],
        }
        out.mkdir(parents=True, exist_ok=True)
        for sub in ("pages", "static"):  # a previous build's files, never anything else
            if (out / sub).is_dir() and (out / "routes.json").is_file():
                shutil.rmtree(out / sub)
        for rel, data in self.files.items():
            dest = out / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        dump = lambda obj: json.dumps(obj, ensure_ascii=False, indent=1) + "\n"  # noqa: E731
        (out / "routes.json").write_text(dump({"routes": self.routes}), encoding="utf-8")
        (out / "truth.json").write_text(dump(truth), encoding="utf-8")

    def _binary_routes(self) -> None:
        blobs = assets.files_by_ext()
        seen: set[str] = set()
        paths = list(self.static_assets())
        for a in self.all_articles():
            paths += [img.path for img in a.images] + [f.path for f in a.attachments]
        for path in paths:
            if path in seen:
                continue
            seen.add(path)
            ext = path.rsplit(".", 1)[-1].lower()
            ctype, data = blobs[ext]
            file = f"static/blob.{ext}"
            self.files[file] = data
            self._add(Req("GET", path), file, content_type=ctype)

    def _home_pages(self) -> None:
        """The home page (at ``home_href()`` and ``home_path``) and the pages only its menus lead to."""
        self.files["pages/home.html"] = self._page(self.render_home())
        for href in dict.fromkeys([self.home_href(), self.home_path or self.home_href()]):
            path, _, query = href.partition("?")
            self._add(Req("GET", path, query), "pages/home.html")
        if not self.fallback_home:
            file = "pages/category-tintuc.html"
            self.files[file] = self._page(self.render_category(self.hub))
            self._add(self.category_req(self.hub), file)
        year = self.newest.year
        documents = [
            f"Quyết định số {12 + i * 7}/QĐ-STTTT ngày {3 + i * 4}/{1 + i}/{year}"
            f" của {self.site_name} về {what}"
            for i, what in enumerate(
                (
                    "việc ban hành Quy chế làm việc",
                    "việc kiện toàn Ban Chỉ đạo chuyển đổi số",
                    "kế hoạch kiểm tra chuyên ngành thông tin và truyền thông",
                    "danh mục thủ tục hành chính thuộc thẩm quyền giải quyết",
                )
            )
        ]
        for key, title, paragraphs in [("vanban", "Văn bản", documents), *self.chrome_pages()]:
            file = f"pages/{key}.html"
            self.files[file] = self._page(self.render_static(key, title, paragraphs))
            path, _, query = self.static_href(key).partition("?")
            self._add(Req("GET", path, query), file)

    def chrome_pages(self) -> list[tuple[str, str, list[str]]]:
        """Other plain pages the family's chrome links to (key, title, paragraphs), so no link is dead."""
        return []

    def _static_pages(self) -> list[tuple[str, str, list[str]]]:
        director = person(random.Random(self.platform))
        return [
            (
                "gioithieu",
                "Chức năng, nhiệm vụ",
                [
                    f"{self.site_name} là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, thực hiện chức năng "
                    "tham mưu, giúp UBND tỉnh quản lý nhà nước về báo chí; xuất bản, in và phát"
                    " hành; bưu chính; "
                    "viễn thông; tần số vô tuyến điện; công nghệ thông tin; phát thanh, truyền hình.",
                    f"Giám đốc Sở: {director}.",
                ],
            ),
            (
                "lienhe",
                "Liên hệ",
                [f"Địa chỉ: {self.address}", f"Điện thoại: {self.phone}", f"Email: {self.email}"],
            ),
        ]

    # ---- truth ------------------------------------------------------------------------------------------
    def truth(self, a: Article) -> dict:
        shown = self.article_date(a) if a.show_date else self.listing_date(a)
        text_paras = [
            norm(b.text + (" " + "; ".join(f.name for f in b.files) if b.files else ""))
            for b in self.body(a)
            if b.kind in ("p", "files")
        ]
        return {
            "path": a.href,
            "title": norm(a.title),
            "published_at": self.iso(a.published, shown.has_time),
            "published_at_raw": norm(shown.raw),
            "author": a.author,
            "summary": norm(a.story.sapo) if a.show_summary else None,
            "text": "\n\n".join(p for p in text_paras if p),
            "images": [
                {"path": img.path, "caption": norm(img.caption) if img.caption else None} for img in a.images
            ],
            "attachments": [{"path": f.path, "name": norm(f.name)} for f in a.attachments],
            "date_on_page": a.show_date,
        }


@functools.cache
def _template(name: str) -> string.Template:
    return string.Template((TEMPLATES / name).read_text(encoding="utf-8"))


def render(name: str, **values: object) -> str:
    """Fill ``templates/<name>`` (``$name`` placeholders): the page skeletons live there, not in code."""
    return _template(name).substitute(values)


def dmy(dt: datetime, sep: str = "/", zero: bool = True) -> str:
    """17/03/2021 (zero=True) or 17/3/2021."""
    return (
        f"{dt.day:02d}{sep}{dt.month:02d}{sep}{dt.year}" if zero else f"{dt.day}{sep}{dt.month}{sep}{dt.year}"
    )


def hm(dt: datetime) -> str:
    return f"{dt.hour:02d}:{dt.minute:02d}"


def qs(pairs: Iterable[tuple[str, str]]) -> str:
    """A query string with the parameter order kept (servers compare it as a multiset anyway)."""
    return urlencode(list(pairs))


__all__ = [
    "NEWS",
    "TARGET",
    "TOPICS",
    "WEEKDAYS",
    "Article",
    "Block",
    "Category",
    "DateText",
    "Family",
    "Req",
    "dmy",
    "hm",
    "qs",
]
