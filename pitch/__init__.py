"""funder-pitch: YAML inputs → validated model → Jinja2 → HTML → PDF and DOCX."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("funder-pitch")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
