"""Page chrome shared by the family modules: link lists, breadcrumbs, pagers, footers, off-site links.

Families give the class names and wrappers their CMS uses; the pieces here only assemble markup, so the
skeleton of each CMS stays in its own module and nothing is copied between them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crawler.demo.sitegen.htmltext import esc


@dataclass(frozen=True)
class Link:
    """One link of a list: where to, the text shown, and an optional date text shown beside it."""

    href: str
    text: str
    date: str | None = None
    thumb: str | None = None


#: "Liên kết website" — off-site links, absolute as on the real sites.
WEBLINKS: tuple[tuple[str, str], ...] = (
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Bộ Thông tin và Truyền thông", "https://mic.gov.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"),
    ("Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
    ("Cục An toàn thông tin", "https://ais.gov.vn/"),
    ("Tạp chí Thông tin và Truyền thông", "https://ictvietnam.vn/"),
)

SOCIAL = (
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u="),
    ("Zalo", "https://sp.zalo.me/share_inline?url="),
)


def link_list(
    links: Iterable[Link],
    *,
    ul_class: str = "",
    li_class: str = "",
    a_class: str = "",
    date_tpl: str = ' <span class="date">({})</span>',
    tag: str = "ul",
) -> str:
    """``<ul><li><a>text</a> (date)</li>...</ul>`` with the classes a CMS uses."""
    ul = f' class="{ul_class}"' if ul_class else ""
    li = f' class="{li_class}"' if li_class else ""
    ac = f' class="{a_class}"' if a_class else ""
    rows = []
    for link in links:
        date = date_tpl.format(esc(link.date)) if link.date else ""
        rows.append(
            f'<li{li}><a{ac} href="{esc(link.href)}" title="{esc(link.text)}">{esc(link.text)}</a>{date}</li>'
        )
    inner = "\n".join(rows)
    return f"<{tag}{ul}>\n{inner}\n</{tag}>"


def select_links(
    links: Sequence[tuple[str, str]], *, name: str, first: str = "-- Liên kết website --"
) -> str:
    """The drop-down of off-site links many portals use instead of a list."""
    options = "".join(f'<option value="{esc(url)}">{esc(text)}</option>' for text, url in links)
    return (
        f'<select name="{esc(name)}" onchange="if(this.value) window.open(this.value);">'
        f'<option value="">{esc(first)}</option>{options}</select>'
    )


def breadcrumb(items: Sequence[tuple[str, str | None]], *, sep: str, cls: str, tag: str = "div") -> str:
    """Home › Category › ... ; the last item (None href) is the current page."""
    parts = [
        f'<a href="{esc(href)}">{esc(text)}</a>' if href else f'<span class="current">{esc(text)}</span>'
        for text, href in items
    ]
    return f'<{tag} class="{cls}">{sep.join(parts)}</{tag}>'


def page_window(current: int, total: int, width: int = 10) -> tuple[list[int], int | None, int | None]:
    """Numbered pager in blocks of ``width`` (ASP.NET style): pages shown, page before/after the block."""
    block = (current - 1) // width
    first = block * width + 1
    last = min(total, first + width - 1)
    return (
        list(range(first, last + 1)),
        (first - 1 if first > 1 else None),
        (last + 1 if last < total else None),
    )


def visits_text(n: int) -> str:
    """1234567 → '1.234.567' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def footer_lines(site_name: str, address: str, phone: str, email: str, year: int) -> list[str]:
    """The address/copyright lines every footer carries."""
    return [
        f"Cơ quan chủ quản: {site_name}",
        f"Địa chỉ: {address}",
        f"Điện thoại: {phone} - Email: {email}",
        f"Ghi rõ nguồn “{site_name}” khi phát hành lại thông tin từ website này. © {year}",
    ]


def nested_menu(
    items: Sequence[tuple[str, str, Sequence[tuple[str, str]]]],
    *,
    ul_class: str,
    li_class: str,
    sub_class: str,
    label_tpl: str = "{}",
) -> str:
    """Top menu with one level of drop-down (``label_tpl`` wraps the label, e.g. in spans)."""
    rows = []
    for label, href, children in items:
        sub = ""
        if children:
            sub = link_list([Link(h, t) for t, h in children], ul_class=sub_class)
        text = label_tpl.format(esc(label))
        rows.append(f'<li class="{li_class}"><a href="{esc(href)}">{text}</a>{sub}</li>')
    return f'<ul class="{ul_class}">\n' + "\n".join(rows) + "\n</ul>"
