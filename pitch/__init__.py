"""funder-pitch: YAML inputs → validated model → Jinja2 → HTML → PDF and DOCX."""

__version__ = "0.1.0"
