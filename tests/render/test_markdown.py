"""Prose fields: Markdown in, safe HTML out, within the outputs' HTML contract."""

from __future__ import annotations

import pytest

from pitch.render.markdown import is_allowed_link, render_inline, render_markdown


def test_raw_html_is_escaped_never_live() -> None:
    html = render_markdown("Hello <script>alert(1)</script> and <b>bold</b>")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_a_raw_html_block_is_escaped_too() -> None:
    html = render_markdown("<div onclick=steal()>block</div>\n\nafter")
    assert "<div" not in html
    assert "&lt;div onclick=steal()&gt;block&lt;/div&gt;" in html


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "relative/page.html",
    ],
)
def test_a_link_with_a_refused_target_keeps_only_its_text(target: str) -> None:
    html = render_inline(f"see [the site]({target}) now")
    assert "<a" not in html
    assert html == "see the site now"


@pytest.mark.parametrize(
    "source, href",
    [
        ("[site](https://wildlyopen.com/)", "https://wildlyopen.com/"),
        ("[site](http://example.org)", "http://example.org"),
        ("<https://doi.org/10.71707/qttn-3j47>", "https://doi.org/10.71707/qttn-3j47"),
        ("[write](mailto:team@example.org)", "mailto:team@example.org"),
    ],
)
def test_http_https_and_mailto_links_are_kept(source: str, href: str) -> None:
    assert f'<a href="{href}">' in render_inline(source)


def test_a_refused_link_around_a_kept_one_leaves_the_kept_one_alone() -> None:
    html = render_inline("[a](javascript:x) and [b](https://b.org) and [c](file:///c)")
    assert html == 'a and <a href="https://b.org">b</a> and c'


def test_inline_rendering_has_no_wrapping_paragraph() -> None:
    assert render_inline("some *emphasis* and **strength**") == (
        "some <em>emphasis</em> and <strong>strength</strong>"
    )


def test_block_rendering_gives_paragraphs_and_lists() -> None:
    html = render_markdown("First.\n\n- one\n- two\n\nLast.")
    assert html == "<p>First.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>Last.</p>\n"


def test_headings_code_and_rules_stay_text_so_the_outline_holds() -> None:
    html = render_markdown("# Not a heading\n\n`not code`\n\n---")
    assert "<h1" not in html and "<code" not in html and "<hr" not in html
    assert "# Not a heading" in html and "`not code`" in html


def test_an_image_in_prose_shows_its_alt_text_only() -> None:
    html = render_inline("logo: ![The Carpentries logo](https://example.org/logo.png)")
    assert html == "logo: The Carpentries logo"


def test_quotes_and_dashes_are_typeset() -> None:
    assert render_inline('"open" -- it\'s --- really...') == "“open” – it’s — really…"


def test_typed_symbols_stay_as_typed() -> None:
    assert render_inline("rOpenSci (R) and (c) 2026") == "rOpenSci (R) and (c) 2026"


def test_the_result_is_markup_so_jinja_does_not_escape_it_twice() -> None:
    assert render_markdown("*x*").__html__() == "<p><em>x</em></p>\n"


@pytest.mark.parametrize(
    "href, allowed",
    [("https://a.org", True), ("mailto:a@b.org", True), (" javascript:x", False), ("", False)],
)
def test_only_web_and_mail_links_are_allowed(href: str, allowed: bool) -> None:
    assert is_allowed_link(href) is allowed
