"""A parsed page's links, made absolute when read, and its class/id index, built when first needed.

``PageLinks`` gives the value lxml.html's ``make_links_absolute`` would have left in a link attribute, for
the few attributes the page objects read, instead of rewriting every link of the page up front. The
``TreeIndex`` lists elements by class token and id, which is what CSS selection (crawler.pages.select)
needs instead of one XPath over the whole page per selector. ``html_parser`` parses with lxml.html's
element classes chosen in C, which makes every walk over the tree cheaper.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlparse

from lxml import etree

__all__ = ["PageLinks", "TreeIndex", "base_tags", "build_index", "html_parser"]

_XHTML_BASE = "{http://www.w3.org/1999/xhtml}base"
_JOINS: dict[tuple[str, str], dict[str, str | None]] = {}  # (scheme, netloc) -> {href: joined}
# Bounds: some 64 x 1,024 links of ~250 bytes, 16 MB at most, whatever the length of the crawl. A host's
# menus and footers (the links every page repeats) fit; when a host's memo is full it starts over.
_JOINS_MAX_HOSTS = 64
_JOINS_MAX_LINKS = 1_024
_MISSING = object()


_PARSERS: dict[bool, etree.HTMLParser] = {}


def html_parser(utf8: bool = False) -> etree.HTMLParser:
    """lxml.html's parser, with its element classes chosen in C rather than by a Python callback.

    ``lxml.html.HTMLParser`` picks each element's class (``FormElement`` for ``<form>``, ``InputElement``,
    ..., ``HtmlElement`` otherwise) in ``HtmlElementClassLookup.lookup``, a Python method that runs every
    time an element is first touched from Python: on a 1,500-element page that is a large share of every
    walk over it. The same mapping as lxml.html's, held by lxml's own name-based lookup, gives the same
    classes (and the same parse: the parser's options are lxml.html's) without the callback.

    ``utf8``: the parser of bytes known to be UTF-8 (whatever the page's ``<meta>`` says).
    """
    parser = _PARSERS.get(utf8)
    if parser is None:
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
        parser = etree.HTMLParser(encoding="utf-8" if utf8 else None)
        parser.set_element_class_lookup(lookup)
        _PARSERS[utf8] = parser
    return parser


def base_tags(tree: etree._Element) -> list[etree._Element]:
    """The ``<base href>`` elements, as lxml.html's ``//base[@href]|//x:base[@href]`` finds them (document
    order), by lxml's tag iterator: it walks the tree in C without making an object per element, a hundredth
    of the XPath's cost, so no scan of the source is needed to skip it on the usual page without one."""
    return [el for el in tree.iter("base", _XHTML_BASE) if el.get("href") is not None]


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


# Smart strings: each value knows its element (getparent), made only for the values a lookup asks for.
_CLASS_VALUES = etree.XPath("//@class")
_ID_VALUES = etree.XPath("//@id")
# The class values of a subtree a scan did not walk: as plain strings first (no element made), as smart
# strings only for a subtree holding a class asked for.
_SUBTREE_CLASSES = {
    (self_too, smart): etree.XPath(
        "descendant-or-self::*/@class" if self_too else "descendant::*/@class", smart_strings=smart
    )
    for self_too in (False, True)
    for smart in (False, True)
}


@lru_cache(maxsize=64)
def attr_xpath(name: str) -> etree.XPath:
    """``//*[@name]`` compiled once per attribute name (a safe XML name)."""
    return etree.XPath(f"//*[@{name}]")


class TreeIndex:
    """A document's elements by class token, by id, and with a given attribute, in document order; each
    answer is looked up when first asked for and remembered.

    A page's CSS selection tries a dozen platform hints, mostly classes the page does not have. The page's
    class values are read in one XPath pass when the first class is asked for, and joined into one string:
    a class no value contains as a substring is absent (one ``in`` on that string); for one that is there,
    only the values holding its text are split into tokens, and each match gives its element
    (``getparent``). Mapping every value's tokens up front cost more than the lookups; one XPath scan per
    class, the way before, about 1 ms each on a 150 KB page.
    """

    def __init__(self, tree: etree._Element) -> None:
        self._tree = tree
        self._class_values: list | None = None  # smart strings, in document order
        self._class_text = ""  # the class values joined by NUL (which no attribute value holds)
        self._class_walk: list | None = None  # a scan's class_walk (adopt_scan), read on the first lookup
        self._walked: _WalkedClasses | None = None
        self._ids: dict[str, list] | None = None  # id -> its id values (smart strings)
        self._by_class: dict[str, list[etree._Element]] = {}
        self._by_id: dict[str, list[etree._Element]] = {}
        self._with_attr: dict[str, list[etree._Element]] = {}

    def adopt_scan(self, class_walk: list) -> None:
        """Answer ``by_class`` from a scan's ``class_walk`` (crawler.pages.dom.Scan) of this tree.

        The scan walked most of the page's elements and read their classes already; the subtrees it did not
        walk (menus and footers pruned, scripts, ``<head>``) hold most of the class values, though, and are
        read as plain strings, each subtree's elements made only when it holds a class asked for. The one
        ``//@class`` pass of smart strings made an element for every value. A no-op once a class was asked.
        """
        if self._class_values is None and not self._by_class:
            self._class_walk = class_walk

    def by_class(self, token: str) -> list[etree._Element]:
        """The elements whose class attribute holds ``token`` (split on XML whitespace), in document order."""
        found = self._by_class.get(token)
        if found is None and self._class_walk is not None:
            if self._walked is None:
                self._walked = _WalkedClasses(self._class_walk)
            found = self._by_class[token] = self._walked.by_class(token)
        if found is None:
            if self._class_values is None:
                self._class_values = _CLASS_VALUES(self._tree)
                self._class_text = "\0".join(self._class_values)
            if not token or token not in self._class_text:
                found = []
            else:
                found = [
                    value.getparent()
                    for value in self._class_values
                    if token in value and token in class_tokens(value)
                ]
            self._by_class[token] = found
        return found

    def by_id(self, value: str) -> list[etree._Element]:
        """The elements whose id is ``value``, in document order."""
        found = self._by_id.get(value)
        if found is None:
            if self._ids is None:
                self._ids = {}
                for id_value in _ID_VALUES(self._tree):
                    self._ids.setdefault(str(id_value), []).append(id_value)
            found = self._by_id[value] = [v.getparent() for v in self._ids.get(value, ())]
        return found

    def with_attr(self, name: str) -> list[etree._Element]:
        """The elements that have the attribute ``name`` (a safe XML name), in document order."""
        found = self._with_attr.get(name)
        if found is None:
            found = self._with_attr[name] = attr_xpath(name)(self._tree)
        return found


class _WalkedClasses:
    """``TreeIndex.by_class`` from a scan's ``class_walk``: the same answers as the ``//@class`` pass."""

    def __init__(self, class_walk: list) -> None:
        # Runs of (value, element) and the subtrees not walked, in document order.
        parts: list[list | _Subtree] = []  # a run: [(value, element), ...], or a subtree not walked
        run: list[tuple[str, etree._Element]] = []
        texts: list[str] = []
        for first, second in class_walk:
            if isinstance(first, str):
                run.append((first, second))
                texts.append(first)
            else:
                values = _SUBTREE_CLASSES[second, False](first)
                if values:
                    if run:
                        parts.append(run)
                        run = []
                    parts.append(_Subtree(first, second, "\0".join(values)))
                    texts.extend(values)
        if run:
            parts.append(run)
        self._parts = parts
        self._text = "\0".join(texts)

    def by_class(self, token: str) -> list[etree._Element]:
        if not token or token not in self._text:
            return []
        found: list[etree._Element] = []
        for part in self._parts:
            if isinstance(part, list):
                found.extend(el for value, el in part if token in value and token in class_tokens(value))
            elif token in part.text:
                if part.values is None:
                    part.values = _SUBTREE_CLASSES[part.self_too, True](part.root)
                found.extend(v.getparent() for v in part.values if token in v and token in class_tokens(v))
        return found


class _Subtree:
    """A subtree the scan did not walk: its class values joined, and as smart strings once asked."""

    __slots__ = ("root", "self_too", "text", "values")

    def __init__(self, root: etree._Element, self_too: bool, text: str) -> None:
        self.root = root
        self.self_too = self_too
        self.text = text
        self.values: list | None = None


def build_index(tree: etree._Element) -> TreeIndex:
    """The index of a document (lazy: see TreeIndex)."""
    return TreeIndex(tree)


class PageLinks:
    """A page's links made absolute when they are read, as lxml.html's ``make_links_absolute`` would have.

    lxml's ``make_links_absolute`` (and a one-pass rewrite of every element after it) walked every element
    of the page in Python to rewrite sixteen link attributes: on a 150 KB page (2,000 elements, 650 links)
    that was more than half of the page's parse, for links that are mostly never read (menus, footers,
    scripts, stylesheets). The page objects read a handful of attributes (``href``, ``src``, a form's
    ``action``) and ask ``absolute`` for the value the rewrite would have left there: the same join (against
    the ``<base href>`` first when there is one, then the page URL), the same stripping, ``None`` where the
    rewrite would have dropped the attribute (a URL ``urljoin`` refuses). tests/test_fast_paths.py checks
    every link attribute of every saved page against lxml's rewrite.

    Like ``resolve_base_href``, construction takes the ``<base href>`` tags out of the tree (the last one
    gives the base). Joins are remembered (``_Joiner``): the menus and footers repeat on every page.
    """

    def __init__(self, tree: etree._Element, url: str) -> None:
        base_href = None
        for base in base_tags(tree):
            base_href = base.get("href")
            base.drop_tree()
        self._base = _Joiner(base_href) if base_href else None
        self._page = _Joiner(url)

    def absolute(self, value: str | None) -> str | None:
        """The absolute form of a link attribute's raw ``value`` (None stays None; None if it cannot be)."""
        if value is None:
            return None
        if self._base is not None:
            value = self._base(value.strip())
            if value is None:
                return None
        return self._page(value.strip())
