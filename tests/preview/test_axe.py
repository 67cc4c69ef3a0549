"""The preview page passes axe-core in Chromium: no violations, on the pitch, the summary and the error overlay.

axe-core comes from npm (package.json, installed by `make test` with
`npm ci`) and is read from node_modules/, never fetched from a CDN.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pitch.preview.watch import PreviewSession, WatchOptions
from pitch.project import Project
from tests.conftest import REPO_ROOT
from tests.preview.test_watch import BROKEN_YAML, CHROMIUM, CHROMIUM_ARGS, WAIT_MS

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm ci`"),
]


def preview(project: Path, out: Path) -> PreviewSession:
    """A preview of `project` on a free port, without PDF builds."""
    return PreviewSession(Project(project), WatchOptions(out=out, port=0, build_pdfs=False))


def axe_violations(url: str, wait_for: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page at `url`, once `wait_for` is visible."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            view = browser.new_page()
            view.goto(url)
            view.locator(wait_for).first.wait_for(timeout=WAIT_MS)
            view.evaluate(AXE.read_text(encoding="utf-8"))
            violations: list[dict[str, Any]] = view.evaluate(
                "async () => (await axe.run(document)).violations"
                ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))")
            return violations
        finally:
            browser.close()


@pytest.fixture
def minimal_preview(minimal_project: Path, tmp_path: Path) -> Iterator[PreviewSession]:
    with preview(minimal_project, tmp_path / "out") as running:
        yield running


def test_axe_finds_no_violation_on_the_pitch_preview(minimal_preview: PreviewSession) -> None:
    violations = axe_violations(minimal_preview.url, "header.cover h1")
    assert violations == [], json.dumps(violations, indent=1)


def test_axe_finds_no_violation_on_the_summary_preview(minimal_preview: PreviewSession) -> None:
    violations = axe_violations(minimal_preview.url + "/summary", "h1")
    assert violations == [], json.dumps(violations, indent=1)


def test_axe_finds_no_violation_on_the_error_overlay(minimal_project: Path,
                                                     tmp_path: Path) -> None:
    pitch_yaml = minimal_project / "inputs" / "pitch.yaml"
    pitch_yaml.write_text(BROKEN_YAML + pitch_yaml.read_text().split("\n", 1)[1])
    with preview(minimal_project, tmp_path / "out") as running:
        violations = axe_violations(running.url, "#pitch-preview-overlay")
    assert violations == [], json.dumps(violations, indent=1)


def test_axe_finds_no_violation_on_the_coalition_preview(coalition_project: Path,
                                                         tmp_path: Path) -> None:
    with preview(coalition_project, tmp_path / "out") as running:
        violations = axe_violations(running.url, "header.cover h1")
    assert violations == [], json.dumps(violations, indent=1)


def test_axe_reports_a_violation_it_is_shown() -> None:
    """The check can fail: an image without alt text is a violation axe-core names."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            view = browser.new_page()
            view.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                             '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                             "</main></body></html>")
            view.evaluate(AXE.read_text(encoding="utf-8"))
            ids = view.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
        finally:
            browser.close()
    assert "image-alt" in ids
