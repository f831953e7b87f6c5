"""One pass over a freshly parsed page: links made absolute as lxml.html makes them, and a class/id index.

lxml's ``make_links_absolute`` walks every element in Python, asks for each of sixteen link attributes one by
one, and joins every link with ``urljoin``: on a 150 KB page (1,500 elements, 500 links) that was half of
the page's extraction time. ``prepare`` walks the elements once, reads each one's attribute names once, and
does exactly the same rewrite (the same attributes, the same special cases for ``<object>``, ``<meta
refresh>``, ``<param>``, ``<style>`` and ``style=""``, the same results, failures discarded), remembering
joins: a site's menus and footers repeat the same links on every page, and a root-relative link joins the
same way from every page of a host. While it is there it indexes the elements by class token and id, which
is what CSS selection (crawler.pages.select) needs instead of one XPath over the whole page per selector.

It also parses with lxml.html's element classes chosen in C (``html_parser``), which makes every walk over
the tree cheaper.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlparse

from lxml import etree
from lxml.html import (
    _archive_re,
    _iter_css_imports,
    _iter_css_urls,
    _nons,
    _parse_meta_refresh_url,
    _unquote_match,
    defs,
)

__all__ = ["TreeIndex", "has_base_tag", "html_parser", "make_links_absolute", "prepare"]

# Two patterns, not one with an optional prefix: a pattern that starts with a literal is scanned for fast.
_BASE_TAG_RE = re.compile(r"<base(?:[\s/>]|$)", re.I)
_NS_BASE_TAG_RE = re.compile(r":base(?:[\s/>]|$)", re.I)  # <x:base ...>
_LINK_ATTRS = tuple(defs.link_attrs)
_LINK_SET = frozenset(_LINK_ATTRS)
_SPECIAL_TAGS = frozenset({"object", "meta", "param", "style"})  # iterlinks' special cases
# What prepare() does for an attribute name (anything else: nothing).
_LINK, _CLASS, _ID, _ITEMPROP, _STYLE = "link", "class", "id", "itemprop", "style"
_ACTIONS = {
    **dict.fromkeys(_LINK_ATTRS, _LINK),
    "class": _CLASS,
    "id": _ID,
    "itemprop": _ITEMPROP,
    "style": _STYLE,
}
_JOINS: dict[tuple[str, str], dict[str, str | None]] = {}  # (scheme, netloc) -> {href: joined}
# Bounds: some 64 x 1,024 links of ~250 bytes, 16 MB at most, whatever the length of the crawl. A host's
# menus and footers (the links every page repeats) fit; when a host's memo is full it starts over.
_JOINS_MAX_HOSTS = 64
_JOINS_MAX_LINKS = 1_024
_SET = etree._Element.set  # lxml.html's HtmlMixin.set only calls it (a Python frame per call)
_MISSING = object()


_PARSER: etree.HTMLParser | None = None


def html_parser() -> etree.HTMLParser:
    """lxml.html's parser, with its element classes chosen in C rather than by a Python callback.

    ``lxml.html.HTMLParser`` picks each element's class (``FormElement`` for ``<form>``, ``InputElement``,
    ..., ``HtmlElement`` otherwise) in ``HtmlElementClassLookup.lookup``, a Python method that runs every
    time an element is first touched from Python: on a 1,500-element page that is a large share of every
    walk over it. The same mapping as lxml.html's, held by lxml's own name-based lookup, gives the same
    classes (and the same parse: the parser's options are lxml.html's) without the callback.
    """
    global _PARSER
    if _PARSER is None:
        from lxml import html as lhtml

        fallback = etree.ElementDefaultClassLookup(
            element=lhtml.HtmlElement,
            comment=lhtml.HtmlComment,
            pi=lhtml.HtmlProcessingInstruction,
            entity=lhtml.HtmlEntity,
        )
        lookup = etree.ElementNamespaceClassLookup(fallback)
        names = lookup.get_namespace(None)
        for tag, element_class in lhtml.HtmlElementClassLookup._default_element_classes.items():
            names[tag] = element_class
        parser = etree.HTMLParser()
        parser.set_element_class_lookup(lookup)
        _PARSER = parser
    return _PARSER


def has_base_tag(html: str) -> bool:
    """False when the source has no ``<base>`` tag, so its tree has no ``<base href>`` to resolve."""
    return _BASE_TAG_RE.search(html) is not None or _NS_BASE_TAG_RE.search(html) is not None


def _join(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href)
    except ValueError:
        return None  # lxml's handle_failures="discard"


class _Joiner:
    """``urljoin(base, href)``, or None where it raises (lxml's ``handle_failures="discard"``), memoised.

    A path-absolute link (``/a/b``, not ``//host/b``) and an absolute ``http(s)://host...`` one join the same
    way from any page of a host (urljoin reads only the base's scheme, and netloc, then): those answers are
    kept per scheme and host, for every later page of the site. Other links are kept for this page only.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.page: dict[str, str | None] = {}
        try:
            parts = urlparse(base, "")
        except ValueError:
            self.host = self.page  # every join fails: nothing to share
            return
        host = _JOINS.get((parts.scheme, parts.netloc))
        if host is None:
            if len(_JOINS) >= _JOINS_MAX_HOSTS:
                _JOINS.clear()
            host = _JOINS[(parts.scheme, parts.netloc)] = {}
        elif len(host) >= _JOINS_MAX_LINKS:
            host.clear()
        self.host = host

    def __call__(self, href: str) -> str | None:
        memo = self.host if _host_wide(href) else self.page
        found = memo.get(href, _MISSING)
        if found is _MISSING:
            found = memo[href] = _join(self.base, href)
        return found  # type: ignore[return-value]


def _host_wide(href: str) -> bool:
    """True when urljoin(base, href) depends on nothing but the base's scheme and netloc."""
    if href[:1] == "/":
        return href[1:2] != "/"
    if href[:4] != "http":
        return False
    rest = href[8:] if href[:8] == "https://" else href[7:] if href[:7] == "http://" else None
    # a host must follow (urlsplit drops tabs and newlines anywhere, which could leave none)
    return bool(rest) and rest[0] not in "/?#" and "\n" not in href and "\t" not in href and "\r" not in href


_XML_WS_RE = re.compile(r"[ \t\r\n]+")


def class_tokens(value: str) -> list[str]:
    """Class tokens as XPath's normalize-space (and so cssselect) sees them: split on XML whitespace only."""
    if value.isascii() and value.isprintable():  # only " " can separate: str.split is exact
        return value.split()
    return [t for t in _XML_WS_RE.split(value) if t]


@dataclass
class TreeIndex:
    """Elements by class token, by id, and that have an id or an itemprop, in document order (``prepare``).

    Classes are recorded by the whole attribute value as the pass meets them (a page repeats a few values
    hundreds of times: ``fa fa-angle-right`` on every menu link); ``by_class`` splits the values into tokens
    the first time a class is asked for.
    """

    by_value: dict[str, list[tuple[int, etree._Element]]] = field(default_factory=dict)
    by_id: dict[str, list[etree._Element]] = field(default_factory=dict)
    by_attr: dict[str, list[etree._Element]] = field(default_factory=lambda: {"id": [], "itemprop": []})
    _tokens: dict[str, list[str]] | None = None  # token -> class values that hold it

    def by_class(self, token: str) -> list[etree._Element]:
        """The elements whose class attribute holds ``token`` (split on XML whitespace), in document order."""
        if self._tokens is None:
            self._tokens = {}
            for value in self.by_value:
                for tok in dict.fromkeys(class_tokens(value)):
                    self._tokens.setdefault(tok, []).append(value)
        values = self._tokens.get(token)
        if not values:
            return []
        if len(values) == 1:
            return [el for _, el in self.by_value[values[0]]]
        return [el for _, el in heapq.merge(*(self.by_value[v] for v in values), key=_first)]


def _first(pair: tuple[int, etree._Element]) -> int:
    return pair[0]


def prepare(tree: etree._Element, base_url: str, html: str | None = None) -> TreeIndex:
    """Make the tree's links absolute against ``base_url`` and index its classes and ids.

    The links end as ``tree.make_links_absolute(base_url, resolve_base_href=True, handle_failures="discard")``
    leaves them. ``html``, the source the tree was parsed from, lets it skip looking for a ``<base href>``
    when the source has no ``<base>`` tag.
    """
    if html is None or has_base_tag(html):
        tree.resolve_base_href()  # type: ignore[attr-defined]
    join = _Joiner(base_url)
    host_memo, page_memo, base = join.host, join.page, join.base
    index = TreeIndex()
    by_value, by_id = index.by_value, index.by_id
    with_id, with_itemprop = index.by_attr["id"], index.by_attr["itemprop"]
    special, missing, host_wide = _SPECIAL_TAGS, _MISSING, _host_wide
    actions = _ACTIONS
    for seq, el in enumerate(tree.iter(etree.Element)):
        keys = el.keys()
        if not keys:
            if el.tag in special:  # a <style> without attributes still has its text's url()s
                _rewrite_special(el, el.tag, join)
            continue
        links: list[str] | None = None
        styled = False
        for name in keys:  # one dict lookup per attribute name: most elements have one or two
            action = actions.get(name)
            if action is None:
                continue
            if action is _LINK:
                if links is None:
                    links = [name]
                else:
                    links.append(name)
            elif action is _CLASS:
                value = el.get("class")
                found = by_value.get(value)
                if found is None:
                    by_value[value] = [(seq, el)]
                else:
                    found.append((seq, el))
            elif action is _ID:
                with_id.append(el)
                value = el.get("id")
                found = by_id.get(value)
                if found is None:
                    by_id[value] = [el]
                else:
                    found.append(el)
            elif action is _ITEMPROP:
                with_itemprop.append(el)
            else:  # style
                styled = True
        tag = el.tag
        if styled or tag in special or tag[:1] == "{":
            _rewrite_special(el, _nons(tag), join)
            continue
        if links is None:
            continue
        # lxml's rewrite_links loop, plain case (each attribute on its own: their order does not matter)
        for attrib in links:
            link = el.get(attrib)
            href = link.strip()
            if href[:1] == "/":  # _host_wide's first case, inlined
                memo = host_memo if href[1:2] != "/" else page_memo
            else:
                memo = host_memo if host_wide(href) else page_memo
            new_link = memo.get(href, missing)
            if new_link is missing:
                new_link = memo[href] = _join(base, href)
            if new_link == link:
                continue
            if new_link is None:
                del el.attrib[attrib]
            else:
                _SET(el, attrib, new_link)
    return index


def make_links_absolute(tree: etree._Element, base_url: str, html: str | None = None) -> None:
    """``tree.make_links_absolute(base_url, resolve_base_href=True, handle_failures="discard")``, faster."""
    prepare(tree, base_url, html)


def _rewrite_special(el: etree._Element, tag: str, join: _Joiner) -> None:
    """lxml.html's rewrite_links loop over the links of one element with positions inside a value."""
    for el_, attrib, link, pos in _iterlinks_one(el, tag):
        new_link = join(link.strip())
        if new_link == link:
            continue
        if new_link is None:
            if attrib is None:
                el_.text = ""
            else:
                del el_.attrib[attrib]
            continue
        if attrib is None:
            el_.text = el_.text[:pos] + new_link + el_.text[pos + len(link) :]
        else:
            cur = el_.get(attrib)
            if not pos and len(cur) == len(link):
                el_.set(attrib, new_link)
            else:
                el_.set(attrib, cur[:pos] + new_link + cur[pos + len(link) :])


def _iterlinks_one(el: etree._Element, tag: str) -> Iterator[tuple[etree._Element, str | None, str, int]]:
    """``lxml.html.HtmlMixin.iterlinks`` for ``el`` alone: its loop body, line for line."""
    attribs = el.attrib
    if tag == "object":
        codebase = None
        if "codebase" in attribs:
            codebase = el.get("codebase")
            yield (el, "codebase", codebase, 0)
        for attrib in ("classid", "data"):
            if attrib in attribs:
                value = el.get(attrib)
                if codebase is not None:
                    value = urljoin(codebase, value)
                yield (el, attrib, value, 0)
        if "archive" in attribs:
            for match in _archive_re.finditer(el.get("archive")):
                value = match.group(0)
                if codebase is not None:
                    value = urljoin(codebase, value)
                yield (el, "archive", value, match.start())
    else:
        for attrib in _LINK_ATTRS:
            if attrib in attribs:
                yield (el, attrib, attribs[attrib], 0)
    if tag == "meta":
        http_equiv = attribs.get("http-equiv", "").lower()
        if http_equiv == "refresh":
            content = attribs.get("content", "")
            match = _parse_meta_refresh_url(content)
            url = (match.group("url") if match else content).strip()
            if url:
                url, pos = _unquote_match(url, match.start("url") if match else content.find(url))
                yield (el, "content", url, pos)
    elif tag == "param":
        valuetype = el.get("valuetype") or ""
        if valuetype.lower() == "ref":
            yield (el, "value", el.get("value"), 0)
    elif tag == "style" and el.text:
        urls = [_unquote_match(match.group(1), match.start(1))[::-1] for match in _iter_css_urls(el.text)] + [
            (match.start(1), match.group(1)) for match in _iter_css_imports(el.text)
        ]
        if urls:
            urls.sort(reverse=True)
            for start, url in urls:
                yield (el, None, url, start)
    if "style" in attribs:
        urls = list(_iter_css_urls(attribs["style"]))
        if urls:
            for match in urls[::-1]:
                url, start = _unquote_match(match.group(1), match.start(1))
                yield (el, "style", url, start)
