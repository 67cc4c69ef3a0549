"""Byte-identical rebuilds: the same inputs give the same bytes, whatever the clock and folder.

Each pair of builds runs in two processes (so hash seeds differ too), in
two project folders at different depths, the second under `faketime` in
2031. Debian's faketime package is needed; the tests skip without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from pitch.documents.cache import CACHE_FOLDER

REPO_ROOT = Path(__file__).resolve().parent.parent
LATER = "2031-05-05 12:00:00"
FAKETIME = shutil.which("faketime")
SAFE_LINKS = ("https://", "http://", "mailto:")

pytestmark = pytest.mark.skipif(FAKETIME is None, reason="needs faketime (apt-get install faketime)")

BUILD = "from pitch.cli import main; raise SystemExit(main(['build', '.']))"
BUILD_WITHOUT_HARFBUZZ_SUBSET = (
    "import weasyprint.pdf.fonts as fonts; fonts.harfbuzz_subset = None; " + BUILD
)
"""The build as it runs on a machine without libharfbuzz-subset0: fontTools subsets the fonts."""


def _project(folder: Path) -> Path:
    root = folder / "project"
    shutil.copytree(REPO_ROOT / "tests" / "fixtures" / "minimal", root)
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    return root


def _start(root: Path, script: str, clock: str | None) -> subprocess.Popen[str]:
    """One build in its own process, under `faketime clock` when a clock is given."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("SOURCE_DATE_EPOCH", "FAKETIME", "LD_PRELOAD")}
    command = [sys.executable, "-c", script]
    if clock is not None:
        command = [str(FAKETIME), clock, *command]
    return subprocess.Popen(command, cwd=root, env=environment, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _build_twice(base: Path, script: str) -> tuple[Path, Path, str]:
    """Build the minimal project now in one folder and in 2031 in a deeper one, side by side."""
    first = _project(base / "a")
    second = _project(base / "somewhere" / "much" / "deeper")
    builds = [_start(first, script, None), _start(second, script, LATER)]
    errors = ""
    for process in builds:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        errors += err
    return first / "build", second / "build", errors


def _files(folder: Path) -> dict[str, bytes]:
    """Every output (the layout cache, keyed on where the project is, aside)."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and CACHE_FOLDER not in path.relative_to(folder).parts}


def _differing(first: Path, second: Path) -> list[str]:
    one, other = _files(first), _files(second)
    assert sorted(one) == sorted(other)
    return [name for name in one if one[name] != other[name]]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first, second, _ = _build_twice(tmp_path_factory.mktemp("reproducible"), BUILD)
    return first, second


def test_faketime_moves_the_clock_of_a_python_process() -> None:
    result = subprocess.run([str(FAKETIME), LATER, sys.executable, "-c",
                             "import datetime; print(datetime.date.today().year)"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "2031"


def test_every_output_is_byte_identical_across_folders_and_clocks(
    builds: tuple[Path, Path]
) -> None:
    first, second = builds
    names = set(_files(first))
    expected = {"tiny-pitch-v0.1.0.pdf", "tiny-pitch-v0.1.0-summary.pdf", "tiny-pitch-v0.1.0.docx",
                "tiny-pitch-v0.1.0.html", "tiny-pitch-v0.1.0-summary.html", "manifest.json",
                "CITATION.cff", "tiny-pitch-v0.1.0.datacite.json"}
    assert expected <= names
    assert _differing(first, second) == []


def test_no_output_names_the_folder_it_was_built_in(builds: tuple[Path, Path]) -> None:
    for folder in builds:
        project = folder.parent.resolve().as_posix().encode()
        leaking = [name for name, content in _files(folder).items() if project in content]
        assert leaking == []
        for pdf in folder.glob("*.pdf"):
            assert [link for link in _link_targets(pdf) if not link.startswith(SAFE_LINKS)] == []


def _link_targets(pdf: Path) -> list[str]:
    targets = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                targets.append(str(action.get_object()["/URI"]))
    return targets


def test_pdfs_are_byte_identical_when_fonttools_subsets_the_fonts(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = tmp_path_factory.mktemp("fonttools")
    first, second, errors = _build_twice(base, BUILD_WITHOUT_HARFBUZZ_SUBSET)
    assert "Using fontTools instead of HarfBuzz-Subset" in errors
    assert _differing(first, second) == []
