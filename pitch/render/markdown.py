"""Markdown in prose fields, rendered to the small HTML subset the outputs share.

Writers get emphasis, links and lists. Raw HTML is never live (markdown-it
escapes it), links keep only http(s) and mailto targets, and constructs the
DOCX writer does not know (headings, code, rules, quotes, images) are turned
off, so prose can never break the document's outline or its HTML contract.

The body of an open section (inputs/sections/) may also hold sub-headings,
pipe tables and footnotes: see pitch/render/section_markdown.py.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup

from pitch.render.marks import PATH_ATTRIBUTE, mark_html, value_path_of

ALLOWED_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
DISABLED_RULES = [
    "code", "fence", "blockquote", "hr", "heading", "lheading", "html_block",
    "backticks", "html_inline",
]


def render_markdown(text: str) -> Markup:
    """Render a prose field as block HTML (paragraphs and lists).

    Text from an input value puts its path on each top-level block, so the
    DOCX can mark the value without a wrapper that would change the layout.
    """
    parser = _parser()
    tokens = parser.parse(str(text))
    value_path = value_path_of(text)
    if value_path is not None:
        for token in tokens:
            if token.level == 0 and token.nesting == 1:
                token.attrSet(PATH_ATTRIBUTE, value_path)
    return Markup(parser.renderer.render(tokens, parser.options, {}))


def render_inline(text: str) -> Markup:
    """Render a short prose field as inline HTML, without a wrapping <p>."""
    return mark_html(Markup(_parser().renderInline(str(text))), value_path_of(text))


def is_allowed_link(href: str) -> bool:
    """Whether a link target may appear in the outputs: http(s) or mailto only."""
    try:
        scheme = urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in ALLOWED_LINK_SCHEMES


@cache
def _parser() -> MarkdownIt:
    """The one configured parser for prose fields; it holds no state between documents."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
    parser.disable(DISABLED_RULES)
    return configure_safety(parser)


def configure_safety(parser: MarkdownIt) -> MarkdownIt:
    """Smart quotes and dashes, and only safe links: what every Markdown in the pitch gets."""
    # Curly quotes, but no "replacements": they turn a typed (c) or (R) into © and ®.
    parser.enable(["smartquotes"])
    # Let every link through the parser, then decide here, so a refused
    # link still shows its text instead of the raw [text](target) syntax.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.core.ruler.push("drop_unsafe_links", _drop_unsafe_links)
    parser.core.ruler.before("smartquotes", "dashes", _dashes)
    return parser


_EM_DASH = re.compile(r"(^|[^-])---(?=[^-]|$)")
_EN_DASH = re.compile(r"(^|[^-])--(?=[^-]|$)")


def _dashes(state: StateCore) -> None:
    """Typed -- and --- become en and em dashes, ... an ellipsis; nothing else is replaced."""
    for block in state.tokens:
        for token in block.children or []:
            if token.type == "text":
                text = _EM_DASH.sub("\\1\u2014", token.content)
                text = _EN_DASH.sub("\\1\u2013", text)
                token.content = text.replace("...", "\u2026")


def _drop_unsafe_links(state: StateCore) -> None:
    for block in state.tokens:
        if block.type == "inline" and block.children:
            block.children = _safe_children(block.children)


def _safe_children(children: list[Token]) -> list[Token]:
    kept: list[Token] = []
    open_links: list[bool] = []
    for token in children:
        if token.type == "link_open":
            allowed = is_allowed_link(str(token.attrGet("href") or ""))
            open_links.append(allowed)
            if allowed:
                kept.append(token)
        elif token.type == "link_close":
            allowed = open_links.pop() if open_links else True
            if allowed:
                kept.append(token)
        elif token.type == "image":
            kept.append(_text_token(token.content))
        else:
            kept.append(token)
    return kept


def _text_token(content: str) -> Token:
    """A plain text token: images in prose show their alt text only."""
    token = Token("text", "", 0)
    token.content = content
    return token
