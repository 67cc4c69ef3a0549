"""The shape of a pitch project: where its inputs, templates, builds and releases live.

One `Project` is made by the command line and passed down; it is the only
place that names the project's folders and files, so no stage joins
"inputs" or "releases" by hand, and every path a writer is shown has the
same base (the current folder), so an editor can open it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pitch.errors import Problem, display_path

INPUTS, TEMPLATES, BUILD, RELEASES, SCHEMAS = "inputs", "templates", "build", "releases", "schemas"
# The files a build reads (and a release freezes): what decides the outputs' bytes.
SOURCE_FOLDERS = (INPUTS, TEMPLATES)
# Nothing is ever written into these: they hold the sources and the frozen releases.
PROTECTED_FOLDERS = (INPUTS, TEMPLATES, RELEASES)
# The single input files, by the name of the file they are read from.
SINGLE_FILES = {"pitch.yaml": "pitch", "values.yaml": "values",
                "strategy.yaml": "strategy", "asks.yaml": "asks"}
# Folders of one file per item; the file name is the item's id.
ITEM_FOLDERS = {"organisations": "organisation", "funders": "funder", "sections": "section"}
PITCH_FILE = "pitch.yaml"
REFERENCE_DOCX = "reference.docx"


@dataclass(frozen=True)
class Project:
    """A pitch project on disk, named by its root folder."""

    root: Path

    @property
    def inputs(self) -> Path:
        """inputs/: the YAML the writers edit."""
        return self.root / INPUTS

    @property
    def templates(self) -> Path:
        """templates/: the Jinja2 templates, stylesheets and Word reference styles."""
        return self.root / TEMPLATES

    @property
    def build(self) -> Path:
        """build/: where outputs go unless told otherwise."""
        return self.root / BUILD

    @property
    def releases(self) -> Path:
        """releases/: frozen versions, one folder each."""
        return self.root / RELEASES

    @property
    def schemas(self) -> Path:
        """schemas/: the JSON Schemas editors use."""
        return self.root / SCHEMAS

    @property
    def pitch_file(self) -> Path:
        """inputs/pitch.yaml, which holds the version, date and DOI."""
        return self.inputs / PITCH_FILE

    @property
    def reference_docx(self) -> Path:
        """templates/reference.docx, the Word styles."""
        return self.templates / REFERENCE_DOCX

    def release(self, version: str) -> Path:
        """The folder of one released version."""
        return self.releases / version

    def funder_file(self, funder_id: str) -> Path:
        """inputs/funders/<id>.yaml."""
        return self.inputs / "funders" / f"{funder_id}.yaml"

    def funder_ids(self) -> list[str]:
        """The ids of the project's funder files, sorted."""
        return sorted(path.stem for path in (self.inputs / "funders").glob("*.yaml"))

    def source_folders(self) -> list[Path]:
        """The folders whose files decide the outputs (inputs/, templates/) that exist."""
        return [self.root / name for name in SOURCE_FOLDERS if (self.root / name).is_dir()]

    def variant_output(self, funder_id: str, out: Path | None = None) -> Path:
        """Where a funder's variant is built: build/<id>/ unless an output folder is named."""
        return out if out is not None else self.build / funder_id

    def display(self, path: Path | str) -> str:
        """A path as the writer can open it: relative to the current folder.

        A str is a project path such as 'inputs/asks.yaml' (as manifests record them).
        """
        return display_path(self.root / path if isinstance(path, str) else path)

    def protected_folder(self, path: Path) -> str | None:
        """The source or release folder that `path` lies in (or is), if any."""
        target = path.resolve()
        for name in PROTECTED_FOLDERS:
            folder = (self.root / name).resolve()
            if target == folder or folder in target.parents:
                return name
        return None

    def links_outside(self) -> list[Problem]:
        """A problem for each link in inputs/ or templates/ that leads out of the project.

        The build reads nothing outside the project folder: a symlinked input
        file, or a symlinked folder (inputs/ itself, inputs/organisations/, a
        folder of templates), is refused where the link is, and nothing below
        a refused folder is read. Links that stay inside the project are fine.
        """
        root = self.root.resolve()
        problems = []
        for folder in self.source_folders():
            for link in [folder] if folder.is_symlink() else _links_below(folder):
                target = link.resolve()
                if target != root and root not in target.parents:
                    kind = "folder" if target.is_dir() else "file"
                    shown = (Path(display_path(link.parent)) / link.name).as_posix()  # not its target
                    problems.append(Problem(shown + ("/" if kind == "folder" else ""), message=(
                        f"this {kind} is a link to {target}, outside the project; the build "
                        f"reads nothing outside the project folder, so copy the {kind} in "
                        "instead of linking to it")))
        return problems


def _links_below(folder: Path) -> list[Path]:
    """Every symlink under `folder`, not following any of them."""
    links = []
    for parent, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            if (Path(parent) / name).is_symlink():
                links.append(Path(parent) / name)
        folders.sort()
    return links
