"""Shared building blocks: the mirror writer (routes.json + files + truth.json) and small HTML helpers.

The templates only decide markup and URL shapes; everything about *what the truth is* (which paragraphs a
reader sees, how dates are written in ISO) is computed here, the same way for every template.
"""

from __future__ import annotations

import html
import io
import json
import random
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .corpus import Story, StoryFactory, publication_dates

# A 1x1 baseline JPEG, a one-page PDF, an OLE (.doc) header and a fixed-date .docx: the files behind the
# image and attachment links, so that a link checker or a downloader gets a real answer.
_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010101004800480000ffdb004300030202020202030202020303030304060404040404080606"
    "050609080a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f101010ffc9000b0800010001"
    "01011100ffcc000600101005ffda0008010100003f00d2cf20ffd9"
)
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count "
    b"1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
_DOC = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("word/document.xml", date_time=(2020, 1, 1, 0, 0, 0))
        z.writestr(info, "<w:document/>")
    return buf.getvalue()


BINARIES: dict[str, tuple[str, bytes, str]] = {
    "jpg": ("static/image.jpg", _JPEG, "image/jpeg"),
    "pdf": ("static/file.pdf", _PDF, "application/pdf"),
    "doc": ("static/file.doc", _DOC, "application/msword"),
    "docx": (
        "static/file.docx",
        _docx(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xls": ("static/file.xls", _DOC, "application/vnd.ms-excel"),
}


def esc(text: str) -> str:
    """HTML-escape text content (quotes too: it also goes into attributes)."""
    return html.escape(text, quote=True)


def ncr(text: str) -> str:
    """Escape, then write every non-ASCII character as a numeric reference, as old ASP pages stored text."""
    return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in esc(text))


def collapse(text: str) -> str:
    """NFC and single spaces: the form truth.json keeps."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def iso(dt: datetime, with_time: bool, *, seconds: bool = False) -> str:
    """ISO 8601 as the item schema wants it; seconds only where the page prints them."""
    if not with_time:
        return dt.strftime("%Y-%m-%d")
    return (dt if seconds else dt.replace(second=0)).strftime("%Y-%m-%dT%H:%M:%S+07:00")


WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


@dataclass
class SiteWriter:
    """Collects one mirror's routes, files and truth, then writes the folder."""

    out: Path
    site: dict
    routes: list[dict] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    other_articles: list[str] = field(default_factory=list)
    listing: list[dict] = field(default_factory=list)
    _files: dict[str, bytes] = field(default_factory=dict)
    _names: set[str] = field(default_factory=set)

    def _file_name(self, path: str, query: str, method: str) -> str:
        stem = re.sub(r"[^a-z0-9]+", "-", f"{path}-{query}".lower()).strip("-") or "index"
        stem = stem[:90] + ("-post" if method == "POST" else "")
        name, n = f"pages/{stem}.html", 1
        while name in self._names:
            n += 1
            name = f"pages/{stem}-{n}.html"
        self._names.add(name)
        return name

    def page(
        self,
        path: str,
        body: str,
        *,
        query: str = "",
        method: str = "GET",
        form: dict[str, str] | None = None,
        status: int = 200,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
        encoding: str = "utf-8",
    ) -> None:
        """Serve ``body`` at path?query (GET) or as the answer to a POST with these form fields."""
        name = self._file_name(path, query, method)
        self._files[name] = body.encode(encoding)
        route: dict = {"method": method, "path": path}
        if query:
            route["query"] = query
        if form:
            route["form"] = form
        route["file"] = name
        if status != 200:
            route["status"] = status
        if content_type:
            route["content_type"] = content_type
        if headers:
            route["headers"] = headers
        self.routes.append(route)

    def same_file(
        self, path: str, like: dict, *, query: str = "", method: str = "GET", form: dict | None = None
    ):
        """Another route answering with the file of an earlier route (repeated last page, postback combos)."""
        route = {"method": method, "path": path}
        if query:
            route["query"] = query
        if form:
            route["form"] = form
        route["file"] = like["file"]
        for key in ("status", "content_type", "headers"):
            if key in like:
                route[key] = like[key]
        self.routes.append(route)

    def redirect(self, path: str, location: str, *, query: str = "", status: int = 301) -> None:
        route: dict = {"method": "GET", "path": path}
        if query:
            route["query"] = query
        route.update({"status": status, "headers": {"Location": location}})
        self.routes.append(route)

    def binary(self, path: str, kind: str) -> None:
        """Serve one of the shared small binaries (image, pdf, doc...) at ``path``."""
        name, data, ctype = BINARIES[kind]
        self._files[name] = data
        if not any(r["path"] == path and r["method"] == "GET" for r in self.routes):
            self.routes.append({"method": "GET", "path": path, "file": name, "content_type": ctype})

    def last_route(self) -> dict:
        return self.routes[-1]

    def listing_page(self, route: dict, stories_paths: list[str]) -> None:
        """Record that ``route`` answers with listing page N (next in order) holding these articles."""
        request = {k: route[k] for k in ("method", "path", "query", "form") if k in route}
        self.listing.append({"page": len(self.listing) + 1, "request": request, "articles": stories_paths})

    def truth(
        self,
        story: Story,
        path: str,
        *,
        published_at: str,
        published_at_raw: str,
        summary: str | None,
        paragraphs: list[str],
        images: list[tuple[str, str | None]],
        attachments: list[tuple[str, str]],
    ) -> None:
        """Record what a reader sees on this article page (texts collapsed and NFC, as truth.json wants)."""
        self.articles.append(
            {
                "path": path,
                "title": collapse(story.title),
                "published_at": published_at,
                "published_at_raw": published_at_raw,
                "date_source": "article" if story.date_on_page else "listing",
                "author": collapse(story.author) if story.author else None,
                "summary": collapse(summary) if summary else None,
                "text": "\n\n".join(p for p in (collapse(x) for x in paragraphs) if p),
                "images": [{"path": p, "caption": collapse(c) if c else None} for p, c in images],
                "attachments": [{"path": p, "name": collapse(n)} for p, n in attachments],
            }
        )

    def write(self) -> None:
        if self.out.exists():
            shutil.rmtree(self.out)
        for name, data in sorted(self._files.items()):
            target = self.out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        dump = {"ensure_ascii": False, "indent": 1}
        (self.out / "routes.json").write_text(json.dumps({"routes": self.routes}, **dump) + "\n", "utf-8")
        truth = {
            "site": self.site,
            "listing_pages": len(self.listing),
            "articles": self.articles,
            "other_articles": self.other_articles,
            "listing": self.listing,
        }
        (self.out / "truth.json").write_text(json.dumps(truth, **dump) + "\n", "utf-8")


# A paragraph of the body such as "Tải về: Kế hoạch số 45/KH-STTTT" (the name being the link) is text a reader
# sees, so the truth keeps it. Flip this (and regenerate) if the project decides such lines are not body text.
INLINE_ATTACHMENT_LINES_ARE_TEXT = True


def reader_paragraphs(story: Story, *, inline_attachments: bool, lead_prefix: str = "") -> list[str]:
    """The body paragraphs as a reader sees them: no captions, no byline; inline attachment lines kept."""
    out: list[str] = []
    for b in story.blocks:
        if b.kind == "p":
            out.append(b.text)
        elif b.kind == "att" and inline_attachments and INLINE_ATTACHMENT_LINES_ARE_TEXT and b.attachment:
            out.append(f"{b.attachment.lead} {b.attachment.name}")
    if out and lead_prefix:
        out[0] = lead_prefix + out[0]
    return out


# Chrome shared by the templates (labels only; every template has its own markup and URL scheme).
MENU: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Giới thiệu",
        ("Chức năng, nhiệm vụ", "Cơ cấu tổ chức", "Lãnh đạo Sở", "Phòng chuyên môn", "Đơn vị trực thuộc"),
    ),
    (
        "Tin tức - Sự kiện",
        ("Tin hoạt động", "Tin trong tỉnh", "Tin trong nước", "Chuyển đổi số", "Thông báo"),
    ),
    ("Văn bản", ("Văn bản pháp quy", "Văn bản chỉ đạo, điều hành", "Văn bản dự thảo", "Công văn")),
    ("Thủ tục hành chính", ("Bưu chính", "Viễn thông và Internet", "Báo chí", "Xuất bản, in và phát hành")),
    ("Chuyển đổi số", ("Chính quyền số", "Kinh tế số", "Xã hội số", "An toàn thông tin")),
    ("Thanh tra", ("Kế hoạch thanh tra", "Kết luận thanh tra", "Tiếp công dân")),
    ("Hỏi đáp", ()),
    ("Liên hệ", ()),
)
OTHER_CATEGORIES = ("Tin trong tỉnh", "Chuyển đổi số", "Thông báo", "Tin trong nước")
LINKS_OUT = (
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Bộ Thông tin và Truyền thông", "https://mic.gov.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Trung tâm Giám sát an toàn không gian mạng quốc gia", "https://khonggianmang.vn/"),
    ("Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
)


@dataclass
class Plan:
    """The stories of one site: the listing's own (newest first) and other categories' (the decoys)."""

    main: list[Story]
    decoys: list[Story]

    @property
    def everything(self) -> list[Story]:
        return sorted(self.main + self.decoys, key=lambda s: s.published, reverse=True)

    def latest(self, n: int) -> list[Story]:
        """What a "Tin mới nhất" box shows: the newest stories of every category."""
        return self.everything[:n]

    def older_than(self, story: Story, n: int) -> list[Story]:
        """What a "Các tin khác" list under an article shows: older stories of the same category."""
        pool = self.main if story in self.main else self.decoys
        return [s for s in pool if s.published < story.published][:n]


def plan_stories(
    factory: StoryFactory,
    rng: random.Random,
    *,
    n_main: int,
    n_decoy: int,
    newest: datetime,
    main_category: str,
    no_date_share: float = 0.15,
) -> Plan:
    """Publication times, ids and categories for a site; about ``no_date_share`` of its articles show no
    date."""
    dates = publication_dates(rng, newest, n_main + n_decoy)  # newest first
    slots = list(range(1, len(dates)))
    rng.shuffle(slots)
    decoy_slots = set(slots[:n_decoy])  # the newest story is always the listing's own
    uids: dict[int, int] = {}
    uid = rng.randint(1200, 4800)
    for i in reversed(range(len(dates))):  # ids grow with time, as database keys do
        uid += rng.randint(1, 9)
        uids[i] = uid
    main: list[Story] = []
    decoys: list[Story] = []
    for i, when in enumerate(dates):
        if i in decoy_slots:
            decoys.append(factory.make(uids[i], when, rng.choice(OTHER_CATEGORIES)))
        else:
            main.append(factory.make(uids[i], when, main_category))
    n_nodate = max(2, round(no_date_share * n_main))
    for s in rng.sample(main[1:], k=n_nodate):
        s.date_on_page = False
    return Plan(main, decoys)


def chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def snippet(story: Story, words: int = 28) -> str:
    """The teaser a listing shows: the sapo, else the start of the lead, cut at a word with an ellipsis."""
    text = story.summary or story.paragraphs[0]
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + "..."
