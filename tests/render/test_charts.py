"""Budget charts from asks.yaml: parts that add up, alt text from the same numbers, a template's style."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from pathlib import Path
from xml.etree.ElementTree import Element, fromstring

import pytest

from pitch.inputs.charts import CHART_KINDS, chart_parts, chosen_charts
from pitch.inputs.validate import load_inputs
from pitch.inputs.variant import resolve_variant
from pitch.project import Project
from pitch.render.data_urls import svg_of
from pitch.render.html import render_html
from tests.conftest import REPO_ROOT, write_tree

IMAGE = re.compile(r'<img class="chart" src="([^"]+)" alt="([^"]*)"')
SVG = "{http://www.w3.org/2000/svg}"
TWO_ASKS_FUNDER = "name: Euro Fund\ncurrency: EUR\namounts:\n  workshop: 2700\n"


def _charts(html: str) -> list[tuple[Element, str]]:
    """Each chart in rendered HTML: its SVG root and its alt text."""
    return [(fromstring(svg_of(unescape(source)) or b""), unescape(alt))
            for source, alt in IMAGE.findall(html)]


def _bar_labels(svg: Element) -> list[str]:
    texts = [text.text or "" for text in svg.iter(f"{SVG}text")]
    return texts[0::2]


@pytest.fixture(scope="module")
def coalition_html() -> str:
    pitch = load_inputs(Project(REPO_ROOT)).pitch
    return render_html(pitch, REPO_ROOT / "templates", "pitch")


def test_every_chart_splits_the_whole_ask() -> None:
    asks = load_inputs(Project(REPO_ROOT)).pitch.asks
    for kind in CHART_KINDS:
        assert sum(chart_parts(asks, kind).values(), Decimal(0)) == asks.total == 1355200, kind
    assert chart_parts(asks, "period") == {2027: 677600, 2028: 677600}


def test_the_coalition_pitch_draws_four_charts_largest_part_first(coalition_html: str) -> None:
    charts = _charts(coalition_html)
    assert len(charts) == 4
    labels = [_bar_labels(svg) for svg, _ in charts]
    assert labels[0] == ["Staff", "Stipends", "Services", "Indirect costs", "Events", "Travel"]
    assert labels[1] == ["rOpenSci", "PREreview", "OLS", "pyOpenSci", "The Carpentries"]
    assert labels[3] == ["2027", "2028"]  # years stay in order


def test_alt_text_gives_the_largest_parts_and_the_total(coalition_html: str) -> None:
    alts = [alt for _, alt in _charts(coalition_html)]
    assert alts[2] == (
        "The ask by pillar, in 3 parts. The largest is Shared financial sustainability, with "
        "USD\u00a0583,000 or 43 percent; then Collaborative engagement strategies, with "
        "USD\u00a0470,800 or 35 percent; and Equity-centred design, with USD\u00a0301,400 "
        "or 22 percent. The total is USD\u00a01,355,200.")


def test_each_bar_is_labelled_with_its_amount_and_share(coalition_html: str) -> None:
    svg, _ = _charts(coalition_html)[1]
    values = [text.text for text in svg.iter(f"{SVG}text")][1::2]
    assert values[0] == "600,600 · 44%"
    widths = [float(rect.get("width", "0")) for rect in svg.iter(f"{SVG}rect")]
    assert widths == sorted(widths, reverse=True) and widths[0] > 3 * widths[-1]


def _luminance(colour: str) -> float:
    channels = [int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def test_chart_colours_keep_wcag_aa_contrast_on_the_page(coalition_html: str) -> None:
    svg, _ = _charts(coalition_html)[0]
    text_colours = {svg.get("fill", "")} | {text.get("fill", "") for text in svg.iter(f"{SVG}text")} - {""}
    bar_colours = {rect.get("fill", "") for rect in svg.iter(f"{SVG}rect")}
    assert text_colours and bar_colours
    assert all(_contrast_on_white(colour) >= 4.5 for colour in text_colours), text_colours
    assert all(_contrast_on_white(colour) >= 3 for colour in bar_colours), bar_colours
    assert svg.get("font-family") == "Atkinson Hyperlegible"


def test_a_designer_restyles_the_charts_in_their_template(minimal_project: Path) -> None:
    template = minimal_project / "templates" / "charts" / "bars.svg.j2"
    template.write_text(template.read_text().replace('"#0b5563"', '"#5b2a86"'), encoding="utf-8")
    html = render_html(load_inputs(Project(minimal_project)).pitch, minimal_project / "templates",
                       "pitch")
    fills = {rect.get("fill") for svg, _ in _charts(html) for rect in svg.iter(f"{SVG}rect")}
    assert fills == {"#5b2a86"}


def test_charts_in_asks_yaml_choose_and_order_them(minimal_project: Path) -> None:
    asks_file = minimal_project / "inputs" / "asks.yaml"
    asks_file.write_text(asks_file.read_text() + "charts: [organisation, category]\n", encoding="utf-8")
    pitch = load_inputs(Project(minimal_project)).pitch
    assert chosen_charts(pitch.asks) == ["organisation", "category"]
    alts = [alt for _, alt in _charts(render_html(pitch, minimal_project / "templates", "pitch"))]
    assert [alt.split(",")[0] for alt in alts] == ["The ask by organisation", "The ask by kind of cost"]


def test_without_charts_key_only_charts_with_data_are_drawn(minimal_project: Path) -> None:
    # The minimal ask runs within 2026, so there is no spending over years to show.
    assert chosen_charts(load_inputs(Project(minimal_project)).pitch.asks) == [
        "category", "organisation", "pillar"]


def test_an_empty_charts_list_draws_none(minimal_project: Path) -> None:
    asks_file = minimal_project / "inputs" / "asks.yaml"
    asks_file.write_text(asks_file.read_text() + "charts: []\n", encoding="utf-8")
    html = render_html(load_inputs(Project(minimal_project)).pitch, minimal_project / "templates",
                       "pitch")
    assert _charts(html) == [] and "at a glance" not in html


def test_a_funder_variant_charts_follow_its_amounts_and_currency(minimal_project: Path) -> None:
    write_tree(minimal_project, {"inputs/funders/small-fund.yaml": TWO_ASKS_FUNDER})
    variant = resolve_variant(load_inputs(Project(minimal_project)), "small-fund")
    html = render_html(variant.pitch, minimal_project / "templates", "pitch")
    svg, alt = _charts(html)[0]
    assert alt.endswith("The total is EUR\u00a02,700.")
    assert "USD" not in alt
    assert [text.text for text in svg.iter(f"{SVG}text")][1] == "1,800 · 67%"

