"""The Markdown of an open section's body: prose plus sub-headings, tables and footnotes.

A section's own heading is h2, so the body's `#` becomes h3 and `##` h4
(never deeper than h6). Pipe tables get header cells scoped to their
columns and right-aligned columns the `num` class, as the templates' tables
have. Footnotes (`[^1]` and `[^1]: text`) become numbered notes at the end
of the section, with ids prefixed by the section's id so two sections'
notes never share an anchor; the PDF and the DOCX show the same notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup, escape
from mdit_py_plugins.footnote import footnote_plugin

from pitch.render.markdown import DISABLED_RULES, configure_safety
from pitch.render.marks import PATH_ATTRIBUTE, value_path_of

SECTION_HEADING_LEVEL = 2
"""The level of a section's own heading; the body's headings go below it."""
DEEPEST_HEADING = 6
NOTES_LABEL = "Notes"


def render_section_markdown(text: str, section_id: str) -> Markup:
    """Render a section body as block HTML, its notes at the end of it.

    A body from an input value is wrapped in one element that carries its
    path, so the DOCX marks the whole body, tables and notes included, as
    one value.
    """
    html = _section_parser().render(str(text), {"docId": section_id})
    value_path = value_path_of(text)
    if value_path is None:
        return Markup(html)
    return Markup(f'<div class="section-body" {PATH_ATTRIBUTE}="{escape(value_path)}">\n'
                  f"{html}</div>\n")


@cache
def _section_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
    parser.disable([rule for rule in DISABLED_RULES if rule not in ("heading", "lheading")])
    parser.enable("table")
    parser.use(footnote_plugin, inline=False, always_match_refs=False)
    configure_safety(parser)
    parser.core.ruler.push("shift_headings", _shift_headings)
    parser.core.ruler.push("table_cells", _table_cells)
    rules = parser.add_render_rule
    rules("footnote_caption", _footnote_caption)
    rules("footnote_block_open", _notes_open)
    rules("footnote_block_close", _notes_close)
    rules("footnote_anchor", _no_back_link)
    return parser


def _shift_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1]) + SECTION_HEADING_LEVEL
            token.tag = f"h{min(level, DEEPEST_HEADING)}"


def _table_cells(state: StateCore) -> None:
    """Header cells scoped to their column; right-aligned cells are numbers (class num)."""
    for token in state.tokens:
        if token.type not in ("th_open", "td_open"):
            continue
        style = str(token.attrGet("style") or "")
        token.attrs.pop("style", None)
        if token.type == "th_open":
            token.attrSet("scope", "col")
        if "text-align:right" in style:
            token.attrSet("class", "num")


def _footnote_caption(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return str(tokens[idx].meta["id"] + 1)


def _notes_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return (f'<div class="footnotes" role="doc-endnotes">\n<p class="label">{NOTES_LABEL}</p>\n'
            '<ol class="footnotes-list">\n')


def _notes_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "</ol>\n</div>\n"


def _no_back_link(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """No ↩ link back: it is noise in print and in Word, and a glyph fonts may lack."""
    return ""
