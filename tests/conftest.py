"""Shared fixtures: tiny projects in temporary folders, and golden files."""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL_PROJECT = FIXTURES / "minimal"
# The day the in-process commands take as today: review dates are measured against it,
# so a fact in inputs/ that falls due does not fail the suite (faketime tests the clock).
TODAY = datetime.date(2026, 12, 3)
# One organisation fact for the minimal project's alpha.yaml, with every key.
ALPHA_FACTS = """
facts:
  learners:
    value: More than 4,000 learners a year
    source: https://alpha.example.org/annual-report-2025
    owner: ada@example.org
    review_by: 2026-06-30
"""


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pitch check` and `pitch release` in-process see TODAY, not the clock."""
    monkeypatch.setattr("pitch.cli.common.today", lambda: TODAY)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regenerate-golden", action="store_true",
                     help="rewrite the golden files from what the code produces now")


@pytest.fixture
def regenerate_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files."""
    return bool(request.config.getoption("--regenerate-golden"))


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a tree of files under `root`, text or bytes, creating folders."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """A copy of the smallest valid project (with the real templates), to break or build."""
    return copy_minimal_project(tmp_path / "project")


def copy_minimal_project(root: Path) -> Path:
    """Copy the smallest valid project, with the real templates, to `root`."""
    shutil.copytree(MINIMAL_PROJECT, root)
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    return root


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project, built once for the whole run: read it, or copy it to change it."""
    from pitch.build import BuildOptions, build
    from pitch.project import Project

    root = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(MINIMAL_PROJECT, root)
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    build(Project(root), BuildOptions(out=root / "build"))
    return root


@pytest.fixture
def coalition_project(tmp_path: Path) -> Path:
    """A copy of the real coalition pitch (inputs and templates)."""
    root = tmp_path / "coalition"
    for folder in ("inputs", "templates", "schemas"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    return root


@pytest.fixture
def project_root() -> Path:
    """The repository itself, with the coalition's real inputs."""
    return REPO_ROOT


@pytest.fixture
def tree() -> Callable[[Path, dict[str, str | bytes]], Path]:
    """The write_tree helper, for tests that build inputs inline."""
    return write_tree
