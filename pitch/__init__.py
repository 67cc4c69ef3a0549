"""funder-pitch: YAML inputs → validated model → Jinja2 → HTML → PDF and DOCX."""

__version__ = "0.1.0"

from pitch.timings import mark as _mark

_mark("interpreter ready")
