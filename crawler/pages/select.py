"""CSS selectors on one page, the same answers as ``lxml.cssselect.CSSSelector(selector)(root)``, faster.

An article page tries a dozen platform-hint selectors (``.news-detail-content``, ``h1.title``,
``[id$='_lblDate']:not([id*='CURRENTDATE'])``...), most of which match nothing. Each compiled CSSSelector
is an XPath that tests every element of the page: on a 150 KB page (1,500 elements) a dozen of them cost
more than the rest of the extraction. Here the simple selectors (what hints and registry overrides are made
of) find their candidates through a cheap XPath on the one attribute they need (``@class`` containing the
class name, ``@id`` equal to the id, the attribute present), remembered per page, and check the rest in
Python:

- compound selectors of a tag or ``*``, ``#id``, ``.class``, ``[attr]``, ``[attr=v]``, ``[attr^=v]``,
  ``[attr$=v]``, ``[attr*=v]``, and ``:not(...)`` of one compound without a tag;
- joined by descendant (``A B``) or child (``A > B``) combinators.

Anything else (groups with commas, sibling combinators, other pseudo-classes, namespaces, case flags, empty
values, escaped names) goes to CSSSelector unchanged. The semantics are cssselect's XPath ones: class tokens
split on XML whitespace, case-sensitive names and values. tests/test_select.py compares both on every saved
page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cssselect import parser as css
from lxml import etree
from lxml.cssselect import CSSSelector

from crawler.pages.links import TreeIndex, attr_xpath, class_tokens

__all__ = ["PageSelector"]

Element = etree._Element

_BY_CLASS = etree.XPath("//*[contains(@class, $name)]")
_BY_ID = etree.XPath("//*[@id = $name]")


@dataclass(frozen=True)
class _Compound:
    tag: str | None  # None: any element
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    attribs: tuple[tuple[str, str, str | None], ...]  # (name, operator, value); operator "exists": value None
    negations: tuple[_Compound, ...]


@dataclass(frozen=True)
class _Plan:
    compounds: tuple[_Compound, ...]  # left to right
    combinators: tuple[str, ...]  # between them: " " or ">"


_SAFE_NAME_RE = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_.-]*$")  # cssselect's is_safe_name
_NON_WS_RE = re.compile(r"^[^ \t\r\n\f]+$")  # cssselect's is_non_whitespace
_OPERATORS = frozenset({"exists", "=", "^=", "$=", "*="})


def _compound(node: object, negated: bool = False) -> _Compound | None:
    """The compound selector of a cssselect parse node, or None when it holds anything unsupported."""
    ids: list[str] = []
    classes: list[str] = []
    attribs: list[tuple[str, str, str | None]] = []
    negations: list[_Compound] = []
    while True:
        if isinstance(node, css.Element):
            tag = node.element if node.element not in (None, "", "*") else None
            if node.namespace is not None or (tag is not None and not _SAFE_NAME_RE.match(tag)):
                return None
            if negated and (tag is not None or not (ids or classes or attribs)):
                return None  # cssselect's own conditions for :not(tag) and :not(*) differ
            return _Compound(
                tag,
                tuple(reversed(ids)),
                tuple(reversed(classes)),
                tuple(reversed(attribs)),
                tuple(negations),
            )
        if isinstance(node, css.Hash):
            ids.append(node.id)
            node = node.selector
        elif isinstance(node, css.Class):
            if not _NON_WS_RE.match(node.class_name):
                return None
            classes.append(node.class_name)
            node = node.selector
        elif isinstance(node, css.Attrib):
            if node.namespace is not None or getattr(node, "flag", None) or node.operator not in _OPERATORS:
                return None
            if not _SAFE_NAME_RE.match(node.attrib):
                return None
            value = node.value.value if node.value is not None else None
            if node.operator != "exists" and not value:
                return None
            attribs.append((node.attrib, node.operator, value))
            node = node.selector
        elif isinstance(node, css.Negation) and not negated:
            sub = _compound(node.subselector, negated=True)
            if sub is None:
                return None
            negations.append(sub)
            node = node.selector
        else:
            return None


@lru_cache(maxsize=512)
def _plan(selector: str) -> _Plan | None:
    """How to run ``selector`` here, or None for CSSSelector."""
    try:
        groups = css.parse(selector)
    except Exception:
        return None
    if len(groups) != 1 or groups[0].pseudo_element is not None:
        return None
    compounds: list[_Compound] = []
    combinators: list[str] = []
    node = groups[0].parsed_tree
    while isinstance(node, css.CombinedSelector):
        if node.combinator not in (" ", ">"):
            return None
        right = _compound(node.subselector)
        if right is None:
            return None
        compounds.append(right)
        combinators.append(node.combinator)
        node = node.selector
    first = _compound(node)
    if first is None:
        return None
    compounds.append(first)
    return _Plan(tuple(reversed(compounds)), tuple(reversed(combinators)))


@lru_cache(maxsize=512)
def _compiled(selector: str) -> CSSSelector:
    return CSSSelector(selector)


_tokens = class_tokens


def _attrib_ok(el: Element, name: str, op: str, want: str | None) -> bool:
    value = el.get(name)
    if value is None:
        return False
    if op == "exists":
        return True
    assert want
    if op == "=":
        return value == want
    if op == "^=":
        return value.startswith(want)
    if op == "$=":
        return value.endswith(want)
    return want in value  # "*="


def _matches(el: Element, c: _Compound) -> bool:
    if c.tag is not None and el.tag != c.tag:
        return False
    for ident in c.ids:
        if el.get("id") != ident:
            return False
    if c.classes:
        value = el.get("class")
        if value is None:
            return False
        tokens = _tokens(value)
        if any(name not in tokens for name in c.classes):
            return False
    for name, op, want in c.attribs:
        if not _attrib_ok(el, name, op, want):
            return False
    return not any(_matches(el, neg) for neg in c.negations)


class PageSelector:
    """CSS selection on one parsed page; candidate lists are remembered for the page's next selectors.

    ``index`` (crawler.pages.links.TreeIndex of the root's document, as Document.index holds it) gives the
    candidates of class and id selectors without searching the page.
    """

    def __init__(self, root: Element, index: TreeIndex | None = None) -> None:
        self.root = root
        self.index = index
        self._candidates: dict[tuple[str, str], list[Element]] = {}

    def select(self, selector: str) -> list[Element]:
        """Elements matching ``selector`` under the root (the root included), in document order."""
        plan = _plan(selector)
        if plan is None:
            return [el for el in _compiled(selector)(self.root) if isinstance(el.tag, str)]
        last = plan.compounds[-1]
        return [
            el
            for el in self._pool(last)
            if _matches(el, last) and self._context_ok(el, plan, len(plan.compounds) - 1)
        ]

    def _pool(self, c: _Compound) -> list[Element]:
        """A superset of the elements ``c`` matches, in document order."""
        if self.index is not None:
            if c.ids:
                found = self.index.by_id(c.ids[0])
            elif c.classes:
                found = self.index.by_class(c.classes[0])
            elif c.attribs:
                found = self.index.with_attr(c.attribs[0][0])
            else:
                found = None
            if found is not None:
                if not found or self.root.getparent() is None:
                    return found
                return [el for el in found if self._under_root(el)]
        if c.ids:
            key = ("id", c.ids[0])
            query = lambda: _BY_ID(self.root, name=c.ids[0])  # noqa: E731
        elif c.classes:
            key = ("class", c.classes[0])
            query = lambda: _BY_CLASS(self.root, name=c.classes[0])  # noqa: E731
        elif c.attribs:
            name = c.attribs[0][0]
            key = ("attr", name)
            query = lambda: attr_xpath(name)(self.root)  # noqa: E731
        elif c.tag is not None:
            key = ("tag", c.tag)
            query = lambda: list(self.root.iter(c.tag))  # noqa: E731
        else:
            key = ("any", "")
            query = lambda: [el for el in self.root.iter() if isinstance(el.tag, str)]  # noqa: E731
        found = self._candidates.get(key)
        if found is None:
            found = self._candidates[key] = [el for el in query() if self._under_root(el)]
        return found

    def _under_root(self, el: Element) -> bool:
        """The XPaths search the whole document; CSSSelector(root) sees the root's subtree only."""
        if self.root.getparent() is None:
            return True
        return el is self.root or any(a is self.root for a in el.iterancestors())

    def _context_ok(self, el: Element, plan: _Plan, i: int) -> bool:
        """``el`` matched compound ``i``: do the compounds left of it match its ancestors as combined?"""
        if i == 0:
            return True
        prev = plan.compounds[i - 1]
        if plan.combinators[i - 1] == ">":
            parent = el.getparent()
            return (
                parent is not None
                and self._in_root(parent)
                and _matches(parent, prev)
                and self._context_ok(parent, plan, i - 1)
            )
        for anc in el.iterancestors():
            if not self._in_root(anc):
                return False
            if _matches(anc, prev) and self._context_ok(anc, plan, i - 1):
                return True
        return False

    def _in_root(self, el: Element) -> bool:
        return self.root.getparent() is None or el is self.root or self._under_root(el)
