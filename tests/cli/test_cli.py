"""The command line: exit codes, and what it prints for the real pitch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pitch.cli import main

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_check_passes_on_the_coalition_inputs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pitch.cli.reporter._interactive", lambda: True)
    assert main(["check", str(REPO_ROOT)]) == 0
    assert "22 input files checked, 4 funder variants resolved, no problems" in capsys.readouterr().out


def test_piped_output_holds_only_problems_and_paths(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(minimal_project)]) == 0
    assert capsys.readouterr().out == ""


def test_quiet_may_follow_the_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pitch.cli.reporter._interactive", lambda: True)
    assert main(["check", str(REPO_ROOT), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_check_takes_the_project_folder_as_an_argument(minimal_project: Path) -> None:
    assert main(["check", str(minimal_project)]) == 0


def test_check_names_files_relative_to_the_current_folder(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (minimal_project / "inputs" / "values.yaml").write_text("values: []\n")
    monkeypatch.chdir(minimal_project.parent)
    assert main(["check", "project"]) == 1
    assert capsys.readouterr().err.startswith("project/inputs/values.yaml:1:9: error: values:")


def test_unknown_command_is_misuse(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["chekc"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'chekc'" in capsys.readouterr().err


def test_a_project_folder_that_does_not_exist_is_misuse(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "/no/such/folder"])
    assert exit_info.value.code == 2
    assert "no folder '/no/such/folder'" in capsys.readouterr().err


def test_a_stray_yaml_file_is_a_warning_not_an_error(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (minimal_project / "inputs" / "value.yaml").write_text("values: []\n")
    assert main(["check", str(minimal_project)]) == 0
    err = capsys.readouterr().err
    assert "inputs/value.yaml: warning: this file is not read; did you mean values.yaml?" in err


def test_python_dash_m_runs_the_cli_as_a_process(minimal_project: Path) -> None:
    (minimal_project / "inputs" / "asks.yaml").write_text("currency: USD\n")
    result = subprocess.run(
        [sys.executable, "-m", "pitch", "check", str(minimal_project)],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, check=False,
    )
    assert result.returncode == 1
    assert "asks.yaml:1:1: error: total: missing required key 'total'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_piped_build_prints_its_paths_as_they_are_without_loading_rich(
    minimal_project: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pitch", "build", "-q", str(minimal_project)],
        capture_output=True, text=True, check=True,
    )
    written = result.stdout.splitlines()
    assert str(minimal_project / "build" / "tiny-pitch-v0.1.0.pdf") in written
    assert all(Path(line).is_file() for line in written)
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")]
    assert "pitch.build" in imported  # the import log is there to read
    assert not [name for name in imported if name.split(".")[0] == "rich"]


def test_version_flag_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("pitch ")


def test_check_resolves_every_funder_variant(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    funder = minimal_project / "inputs" / "funders" / "small-fund.yaml"
    funder.write_text("name: Small\noverrides:\n  strategy.pilars[0].summary: x\n")
    assert main(["check", str(minimal_project)]) == 1
    assert "there is no key 'pilars' in strategy — did you mean 'pillars'?" in \
        capsys.readouterr().err


def test_a_funder_file_named_yml_is_not_silently_ignored(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    funders = minimal_project / "inputs" / "funders"
    (funders / "small-fund.yaml").rename(funders / "small-fund.yml")
    assert main(["check", str(minimal_project)]) == 0
    assert "small-fund.yml: warning: this file is not read; name it small-fund.yaml" in \
        capsys.readouterr().err


@pytest.mark.parametrize("out, message", [
    ("afile", "afile is a file; --out names a folder"),
    ("releases/0.1.0", "will not write into releases/0.1.0: releases/ holds frozen releases"),
    ("inputs/out", "will not write into inputs/out: inputs/ holds the sources"),
])
def test_an_output_folder_that_cannot_be_used_is_misuse(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    out: str, message: str,
) -> None:
    monkeypatch.chdir(minimal_project)
    Path("afile").write_text("not a folder")
    assert main(["build", "--out", out]) == 2
    assert message in capsys.readouterr().err


def test_reference_docx_onto_a_folder_is_misuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reference-docx", str(tmp_path), "--force"]) == 2
    assert f"cannot write {tmp_path}" in capsys.readouterr().err


def test_a_full_disk_is_reported_at_the_path_not_as_misuse(
    minimal_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def no_space(source: object, destination: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.chdir(minimal_project)
    monkeypatch.setattr("pitch.outputs.os.replace", no_space)
    assert main(["build", "--jobs", "1"]) == 1
    assert capsys.readouterr().err == (
        "build: error: cannot write: No space left on device\n1 error in 1 file\n")
    assert not list(Path("build").glob("*.pdf"))


def test_an_unknown_funder_and_an_unknown_version_are_misuse_without_a_file_count(
    minimal_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal_project)
    assert main(["build", "--funder", "nobody"]) == 2
    assert capsys.readouterr().err == (
        "pitch: error: no funder 'nobody' in inputs/funders/ (the funders are: small-fund)\n")
    assert main(["diff", "9.9.9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pitch: error: no released version '9.9.9' in releases/; ")
    assert err.count("\n") == 1
