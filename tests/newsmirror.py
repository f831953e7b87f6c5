"""A small news site written as a mirror (crawler/demo/server.py format), that can grow between runs.

Article k (1..n) keeps its path and content whatever n is, and the listing shows the newest first, `per_page`
to a page, with `?page=N` links: so rebuilding with a larger n is "the site published new articles".
"""

from __future__ import annotations

import json
import random
from pathlib import Path

_WORDS = (
    "sở thông tin truyền hội nghị tổng kết công tác năm triển khai nhiệm vụ chuyển đổi số tỉnh huyện xã "
    "cán bộ công chức đào tạo bồi dưỡng kỹ năng hệ thống quản lý văn bản điều hành dịch vụ công trực tuyến "
    "người dân doanh nghiệp bưu chính viễn thông báo chí xuất bản phát thanh truyền hình an toàn mạng lưới "
    "hạ tầng kinh tế xã hội nông thôn mới đoàn thanh niên công đoàn chi bộ đảng ủy ban nhân dân kế hoạch"
)
SYLLABLES = tuple(_WORDS.split(" "))


def article_path(k: int) -> str:
    return f"/tin-hoat-dong/bai-viet-so-{k}.html"


def _body(k: int) -> list[str]:
    rng = random.Random(k)
    paragraphs = []
    for _ in range(4):
        words = [rng.choice(SYLLABLES) for _ in range(rng.randint(40, 60))]
        paragraphs.append(" ".join(words).capitalize() + ".")
    return paragraphs


def _article_html(k: int) -> str:
    body = "".join(f"<p>{p}</p>" for p in _body(k))
    date = f"{1 + k % 28:02d}/{1 + k % 12:02d}/2024"
    return (
        f"<html><head><title>Bài số {k}</title></head><body>"
        "<div class='header'><a href='/'>Trang chủ</a></div>"
        f"<div class='content'><h1>Hội nghị số {k} của Sở Thông tin và Truyền thông</h1>"
        f"<div class='date'>{date}</div>{body}<p>Quốc Trạng</p></div></body></html>"
    )


def _listing_html(ids: list[int], page: int, pages: int) -> str:
    items = "".join(
        f"<div class='item'><a href='{article_path(k)}'>Hội nghị số {k} của Sở Thông tin và Truyền thông</a>"
        f"<span class='date'>{1 + k % 28:02d}/{1 + k % 12:02d}/2024</span></div>"
        for k in ids
    )
    nav = "".join(f"<a href='/tin-hoat-dong?page={p}'>{p}</a> " for p in range(1, pages + 1) if p != page)
    nxt = f"<a href='/tin-hoat-dong?page={page + 1}'>Trang sau</a>" if page < pages else ""
    return (
        "<html><body><div class='menu'><a href='/'>Trang chủ</a> <a href='/lien-he'>Liên hệ</a></div>"
        f"<h1>Tin hoạt động</h1><div class='list'>{items}</div>"
        f"<div class='pager'>{nav}{nxt}</div></body></html>"
    )


def build(root: Path, n: int, per_page: int = 5) -> Path:
    """Write (or rewrite) the mirror of a site holding articles 1..n."""
    (root / "pages").mkdir(parents=True, exist_ok=True)
    routes = []
    for k in range(1, n + 1):
        (root / "pages" / f"a{k}.html").write_text(_article_html(k), encoding="utf-8")
        routes.append({"path": article_path(k), "file": f"pages/a{k}.html"})
    newest_first = list(range(n, 0, -1))
    pages = max(1, -(-n // per_page))
    for page in range(1, pages + 1):
        ids = newest_first[(page - 1) * per_page : page * per_page]
        (root / "pages" / f"list{page}.html").write_text(_listing_html(ids, page, pages), encoding="utf-8")
        routes.append({"path": "/tin-hoat-dong", "query": f"page={page}", "file": f"pages/list{page}.html"})
    routes.append({"path": "/tin-hoat-dong", "file": "pages/list1.html"})
    (root / "routes.json").write_text(json.dumps({"routes": routes}), encoding="utf-8")
    truth = {
        "site": {"id": root.name, "name": "Sở TT&TT", "province": "Thử", "start_paths": ["/tin-hoat-dong"]},
        "articles": [{"path": article_path(k)} for k in range(1, n + 1)],
    }
    (root / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return root
