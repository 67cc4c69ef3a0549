"""The Markdown of section bodies: sub-headings below the section's, tables, footnotes."""

from __future__ import annotations

from pitch.render.markdown import render_markdown
from pitch.render.section_markdown import render_section_markdown

BODY = """Others do parts of this.[^1]

# Where we differ

## In numbers

| Network | Members |
|---------|--------:|
| Ours    | 5 |

[^1]: From the convening notes.
"""


def test_sub_headings_sit_below_the_sections_own_heading() -> None:
    html = render_section_markdown(BODY, "landscape")
    assert "<h3>Where we differ</h3>" in html and "<h4>In numbers</h4>" in html
    assert "<h1>" not in html and "<h2>" not in html


def test_headings_never_go_deeper_than_h6() -> None:
    assert "<h6>Deep</h6>" in render_section_markdown("##### Deep\n", "s")


def test_tables_scope_their_header_cells_and_mark_numbers() -> None:
    html = render_section_markdown(BODY, "landscape")
    assert '<th scope="col">Network</th>' in html
    assert '<th scope="col" class="num">Members</th>' in html
    assert '<td class="num">5</td>' in html and "style=" not in html


def test_footnotes_are_numbered_notes_whose_ids_carry_the_section() -> None:
    html = render_section_markdown(BODY, "landscape")
    assert ('<sup class="footnote-ref"><a href="#fn-landscape-1" id="fnref-landscape-1">1</a>'
            "</sup>") in html
    assert '<div class="footnotes" role="doc-endnotes">' in html
    assert '<li id="fn-landscape-1" class="footnote-item"><p>From the convening notes.</p>' in html
    assert "↩" not in html and "<hr" not in html


def test_two_sections_notes_never_share_an_anchor() -> None:
    first = render_section_markdown("A.[^1]\n\n[^1]: One.\n", "one")
    second = render_section_markdown("B.[^1]\n\n[^1]: Two.\n", "two")
    assert 'id="fn-one-1"' in first and 'id="fn-two-1"' in second


def test_section_bodies_stay_as_safe_as_prose() -> None:
    html = render_section_markdown("<script>x</script> [link](javascript:alert(1))\n", "s")
    assert "<script>" not in html and "javascript:" not in html


def test_ordinary_prose_fields_still_have_no_headings_tables_or_notes() -> None:
    html = render_markdown("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText.[^1]\n\n[^1]: N.\n")
    assert "<h" not in html and "<table" not in html and "footnote" not in html

