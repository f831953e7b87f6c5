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


def teaser(
    link: Link,
    sapo: str,
    *,
    cls: str,
    title_tag: str = "h3",
    title_cls: str = "title",
    img_cls: str = "img",
    date_tpl: str = '<span class="date">{}</span>',
    sapo_tpl: str = '<p class="sapo">{}</p>',
) -> str:
    """One highlighted article of a home-page block: picture, headline, date, lead (``sapo`` is HTML)."""
    href = esc(link.href)
    img = (
        f'<a class="{img_cls}" href="{href}"><img src="{esc(link.thumb)}" alt="{esc(link.text)}" /></a>'
        if link.thumb
        else ""
    )
    date = date_tpl.format(esc(link.date)) if link.date else ""
    head = f'<{title_tag} class="{title_cls}"><a href="{href}">{esc(link.text)}</a></{title_tag}>'
    return f'<div class="{cls}">{img}{head}{date}{sapo_tpl.format(sapo) if sapo else ""}</div>'


def thumb_list(links: Iterable[Link], *, ul_class: str, li_class: str = "") -> str:
    """The small pictures with headlines beside a slider."""
    li = f' class="{li_class}"' if li_class else ""
    rows = [
        f'<li{li}><a class="thumb" href="{esc(x.href)}"><img src="{esc(x.thumb or "")}" alt="" /></a>'
        f'<a class="title" href="{esc(x.href)}">{esc(x.text)}</a></li>'
        for x in links
    ]
    return f'<ul class="{ul_class}">\n' + "\n".join(rows) + "\n</ul>"


def home_box(
    title: str,
    href: str,
    lead: str,
    rest: Sequence[Link],
    *,
    box_tpl: str,
    list_cls: str = "",
    date_tpl: str = ' <span class="date">({})</span>',
    more_tpl: str = '<a class="more" href="{href}">Xem thêm</a>',
) -> str:
    """A home-page box of one category: its title linking to the listing, the newest article as a
    ``lead``, a few more headlines, and a "Xem thêm" link to the listing again.

    ``box_tpl`` is the CMS's wrapper with ``{title}``, ``{href}``, ``{body}`` and ``{more}`` slots.
    """
    body = lead + (link_list(rest, ul_class=list_cls, date_tpl=date_tpl) if rest else "")
    more = more_tpl.format(href=esc(href))
    return box_tpl.format(title=esc(title), href=esc(href), body=body, more=more)


def banner_list(items: Iterable[tuple[str, str, str]], *, cls: str, item_tpl: str = "{}") -> str:
    """Picture links to other portals: (href, image src, alt) each, wrapped by ``item_tpl``."""
    links = [
        item_tpl.format(
            f'<a href="{esc(href)}" target="_blank"><img src="{esc(src)}" alt="{esc(alt)}" /></a>'
        )
        for href, src, alt in items
    ]
    return f'<div class="{cls}">' + "".join(links) + "</div>"
