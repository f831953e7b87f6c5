"""Shared shapes of page parsing: what a listing page and an article page yield.

Page objects only parse: they never schedule requests, write files or read settings.
The spider turns these plain values into Scrapy requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ListingEntry:
    """One article link found in the main list of a listing page."""

    url: str
    title: str | None = None
    date_raw: str | None = None  # date text shown beside the link, if any


@dataclass(frozen=True)
class PageRequest:
    """A request for another listing page: a GET URL or a form POST (postback, AJAX)."""

    url: str
    method: str = "GET"
    formdata: tuple[tuple[str, str], ...] = ()  # ordered form fields for POST
    headers: tuple[tuple[str, str], ...] = ()
    page_no: int | None = None  # listing page number, when known
    kind: str = "link"  # how it was found: rel-next, next-text, numbered, postback, ajax, ...
    last_page: int | None = None  # the pager's last page, when the page says (AJAX pagers)

    def form(self) -> dict[str, str]:
        return dict(self.formdata)


@dataclass
class ListingResult:
    """What one listing page gives: the entries of its main list and the ways to the next pages."""

    entries: list[ListingEntry] = field(default_factory=list)
    next_pages: list[PageRequest] = field(default_factory=list)
    category: str | None = None  # the listing's category name as shown on the site
    platform: str = "generic"
    fragment: bool = False  # True when the page is an AJAX HTML fragment, not a whole page
    list_path: tuple[str, ...] | None = None  # where the list sits in the page, for the next page of it


@dataclass
class Document:
    """A fetched page, decoded once and parsed once, shared by platform detection and the page objects."""

    url: str
    html: str  # decoded, NFC
    encoding: str
    tree: object  # lxml.html.HtmlElement (typed loosely to keep lxml out of this module's API)
    links: object = None  # crawler.pages.links.PageLinks: link attributes made absolute when read
    _index: object = field(default=None, repr=False, compare=False)
    # ``html`` as UTF-8 when known (``from_text``'s ``utf8``: from_bytes passes the body): platform detection
    # reads it without encoding the page again. None when unknown.
    utf8: bytes | None = field(default=None, repr=False, compare=False)

    def absolute(self, value: str | None) -> str | None:
        """A link attribute's raw value made absolute, as lxml's make_links_absolute would have left it
        (against the page's ``<base href>``, then its URL); None when absent or not a URL."""
        if self.links is None:  # a Document made by hand
            from crawler.pages.links import PageLinks

            self.links = PageLinks(self.tree, self.url)  # type: ignore[arg-type]
        return self.links.absolute(value)  # type: ignore[attr-defined]

    @property
    def index(self) -> object:
        """crawler.pages.links.TreeIndex of the tree (by class, id, itemprop), built when first asked."""
        if self._index is None:
            from crawler.pages.links import build_index

            self._index = build_index(self.tree)  # type: ignore[arg-type]
        return self._index

    @classmethod
    def from_bytes(cls, body: bytes, url: str, header_charset: str | None = None) -> Document:
        """Decode raw bytes exactly as the crawler does (see crawler.text.decode) and parse them.

        The mojibake check and lxml both read the text's UTF-8 form. On the usual page (valid UTF-8, NFC,
        no mojibake) that is ``body`` itself; on another (NFC changed it, another encoding) the text is
        encoded once, as the mojibake check did anyway. lxml's parse of UTF-8 bytes costs some 15 % less
        than that of a str holding Vietnamese, which it converts from UTF-16 first, and gives the same tree
        (tests/test_fast_paths.py compares them on every saved page).
        """
        from crawler.text.decode import decode_html_source
        from crawler.text.normalize import repair_mojibake

        html, encoding, exact = decode_html_source(body, header_charset)
        # surrogatepass: the decoders never make a lone surrogate (errors="replace"); this cannot fail
        utf8 = body if exact else html.encode("utf-8", "surrogatepass")
        text = repair_mojibake(html, utf8)
        return cls.from_text(text, url, encoding, utf8=utf8 if text is html else None)

    @classmethod
    def from_text(cls, html: str, url: str, encoding: str = "utf-8", utf8: bytes | None = None) -> Document:
        """Parse ``html``; ``utf8``, its UTF-8 form when the caller has it, is parsed in its place if it
        starts with a tag and ends with one once stripped (so stripping it strips the text alike)."""
        import lxml.html

        from crawler.pages.links import PageLinks, html_parser

        source = utf8.strip() if utf8 is not None else b""
        if source[:1] == b"<" and source[-1:] == b">" and not source.startswith(b"<?xml"):
            tree = lxml.html.document_fromstring(source, parser=html_parser(utf8=True))
        else:
            text = html.strip() or "<html></html>"
            # lxml refuses str input that carries an XML encoding declaration.
            if text.startswith("<?xml"):
                text = text.split("?>", 1)[1]
            tree = lxml.html.document_fromstring(text, parser=html_parser())
        return cls(url=url, html=html, encoding=encoding, tree=tree, links=PageLinks(tree, url), utf8=utf8)
