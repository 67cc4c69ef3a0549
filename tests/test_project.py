"""The project's shape: nothing outside the project folder is read, even through a link."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pitch.cli import main


def _move_out(project: Path, relative: str, outside: Path) -> Path:
    """Move a file or folder of the project outside it, and leave a symlink in its place."""
    source = project / relative
    target = outside / source.name
    shutil.move(str(source), str(target))
    source.symlink_to(target, target_is_directory=target.is_dir())
    return target


def test_an_input_file_linked_from_outside_is_refused_and_nothing_is_built(
    minimal_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "elsewhere").mkdir()
    target = _move_out(minimal_project, "inputs/values.yaml", tmp_path / "elsewhere")
    monkeypatch.chdir(minimal_project)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"inputs/values.yaml: error: this file is a link to {target.resolve()}, "
                          "outside the project; the build reads nothing outside the project folder")
    assert "Traceback" not in err
    assert not list((minimal_project / "build").glob("*.pdf"))


def test_a_linked_folder_under_templates_or_inputs_is_refused_where_the_link_is(
    minimal_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "elsewhere").mkdir()
    _move_out(minimal_project, "templates/partials", tmp_path / "elsewhere")
    _move_out(minimal_project, "inputs/organisations", tmp_path / "elsewhere")
    monkeypatch.chdir(minimal_project)
    assert main(["check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": error: ")[0] for line in lines[:2]] == [
        "inputs/organisations/", "templates/partials/"]
    assert all("this folder is a link to" in line for line in lines[:2])


def test_a_link_that_stays_inside_the_project_is_fine(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = minimal_project / "shared"
    shared.mkdir()
    _move_out(minimal_project, "inputs/values.yaml", shared)
    monkeypatch.chdir(minimal_project)
    assert main(["check"]) == 0
