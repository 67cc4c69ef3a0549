"""Files that ship inside the package: the default templates and the new-pitch scaffold.

In a wheel the top-level templates/ folder is installed as the data-only
package `pitch.templates` (see pyproject.toml), so it is found through
importlib.resources. A source checkout, editable install included, has no
such package to import (setuptools' editable finder cannot map a folder
without __init__.py below a regular package), so there the folder beside
the package is used.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pitch
from pitch.project import TEMPLATES

SKIPPED_NAMES = frozenset({"__pycache__", "__init__.py", ".DS_Store"})


def default_templates() -> Traversable:
    """The templates that come with the tool: pitch.html.j2, pitch.css, reference.docx, ..."""
    try:
        return resources.files("pitch.templates")
    except ModuleNotFoundError:
        checkout = Path(pitch.__file__).resolve().parent.parent / TEMPLATES
        if checkout.is_dir():
            return checkout
        raise


def scaffold_files() -> Traversable:
    """The starting inputs, README and gitignore that `pitch new` copies."""
    return resources.files("pitch") / "scaffold"


def copy_tree(source: Traversable, destination: Path) -> list[Path]:
    """Copy a packaged folder to `destination`, byte for byte; return the files written."""
    destination.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for entry in sorted(source.iterdir(), key=lambda item: item.name):
        if entry.name in SKIPPED_NAMES or entry.name.endswith(".pyc"):
            continue
        target = destination / entry.name
        if entry.is_dir():
            written += copy_tree(entry, target)
        else:
            target.write_bytes(entry.read_bytes())
            written.append(target)
    return written
