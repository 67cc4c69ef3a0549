"""The budget charts, ready to draw: labelled parts, shares, and the SVG a template draws.

The numbers come from pitch/inputs/charts.py; here they get their labels and
shares. The drawing itself is templates/charts/bars.svg.j2 (a designer's
file: sizes, colours and type are set at its top), rendered by the
`chart_image` filter into a data: URL for an <img>, so the PDF gets vector
art and the DOCX writer a picture to rasterise (pitch/documents/raster.py).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import jinja2
from jinja2.runtime import Context
from markupsafe import Markup

from pitch.inputs.charts import chart_parts, chosen_charts
from pitch.inputs.model import AsksFile, ChartKind
from pitch.render.data_urls import svg_data_url
from pitch.render.marks import strip_marks

CHART_TEMPLATE = "charts/bars.svg.j2"


def budget_charts(asks: AsksFile, labels: dict[ChartKind, Callable[[Any], str]]) -> list[dict[str, Any]]:
    """Each chosen chart: its kind, its parts (label, amount, percent, share of the largest), total."""
    charts = []
    for kind in chosen_charts(asks):
        parts = chart_parts(asks, kind)
        if not parts:
            continue  # `pitch check` reports a named chart without data; a variant may empty one
        order = sorted(parts) if kind == "period" else sorted(parts, key=lambda key: -parts[key])
        charts.append(_chart(kind, [(labels[kind](key), parts[key]) for key in order],
                             asks.currency))
    return charts


def _chart(kind: ChartKind, parts: list[tuple[str, Decimal]], currency: str) -> dict[str, Any]:
    total = sum((amount for _, amount in parts), Decimal(0))
    largest = max(amount for _, amount in parts)
    shown = [{"label": str(label), "amount": Decimal(amount),
              "percent": (100 * amount / total).quantize(Decimal(1), ROUND_HALF_UP),
              "of_largest": float(round(amount / largest, 4))}
             for label, amount in parts]
    return {
        "kind": kind,
        "currency": currency,
        "total": total,
        "parts": shown,
        "largest": sorted(shown, key=_amount, reverse=True)[:3],
    }


def _amount(part: dict[str, Any]) -> Decimal:
    amount: Decimal = part["amount"]
    return amount


@jinja2.pass_context
def chart_image(context: Context, chart: dict[str, Any]) -> Markup:
    """The chart drawn by templates/charts/bars.svg.j2, as a data: URL for <img src>."""
    template = context.environment.get_template(CHART_TEMPLATE)
    svg = strip_marks(template.render(chart=chart, language=context.get("language", "en")))
    return Markup(svg_data_url(svg))
