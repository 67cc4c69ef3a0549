"""The data: URLs that carry the budget charts' SVG inside the HTML.

Kept apart from pitch/render/charts.py, which draws the charts, so that the
worker processes laying out the PDFs read a chart's SVG without loading the
inputs' models and Jinja2.
"""

from __future__ import annotations

import base64

SVG_DATA_URL = "data:image/svg+xml;base64,"


def svg_data_url(svg: str) -> str:
    """A data: URL holding `svg`."""
    return SVG_DATA_URL + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def svg_of(url: str) -> bytes | None:
    """The SVG a chart's data: URL holds, or None for any other URL."""
    if not url.startswith(SVG_DATA_URL):
        return None
    return base64.b64decode(url.removeprefix(SVG_DATA_URL), validate=True)
