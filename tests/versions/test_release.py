"""Frozen releases: a released version is never rebuilt with other content."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pitch.cli import main
from pitch.project import Project
from pitch.versions.release import next_version, released_versions


def _hashes(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def released(minimal_project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["release", str(minimal_project)]) == 0
    capsys.readouterr()
    return minimal_project


def test_release_freezes_outputs_manifest_and_sources(released: Path) -> None:
    folder = released / "releases" / "0.1.0"
    names = {path.name for path in folder.iterdir()}
    assert {"tiny-pitch-v0.1.0.pdf", "tiny-pitch-v0.1.0.docx", "tiny-pitch-v0.1.0-summary.pdf",
            "manifest.json", "inputs", "templates"} <= names
    assert (folder / "inputs" / "asks.yaml").read_bytes() == (released / "inputs" / "asks.yaml").read_bytes()
    assert (folder / "tiny-pitch-v0.1.0.pdf").read_bytes() == (
        released / "build" / "tiny-pitch-v0.1.0.pdf").read_bytes()
    assert released_versions(Project(released)) == ["0.1.0"]


def test_releasing_again_without_changes_changes_nothing(
    released: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pitch.cli.reporter._interactive", lambda: True)
    before = _hashes(released / "releases")
    assert main(["release", str(released)]) == 0
    assert "already released, unchanged" in capsys.readouterr().out
    assert _hashes(released / "releases") == before


def test_building_a_released_version_with_changed_inputs_asks_for_a_new_version(
    released: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _hashes(released)
    _edit(released / "inputs" / "values.yaml", "We share what we make.", "We share everything.")
    assert main(["build", str(released)]) == 1
    err = capsys.readouterr().err
    assert "pitch.yaml:3:10: error: version: version 0.1.0 is already released" in err
    assert "these files have changed since: inputs/values.yaml" in err
    assert "raise the version to 0.1.1 or higher" in err
    after = _hashes(released)
    del after["inputs/values.yaml"], before["inputs/values.yaml"]
    assert after == before


def test_a_raised_version_releases_beside_the_old_one(
    released: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_release = _hashes(released / "releases" / "0.1.0")
    _edit(released / "inputs" / "values.yaml", "We share what we make.", "We share everything.")
    _edit(released / "inputs" / "pitch.yaml", 'version: "0.1.0"', 'version: "0.1.1"')
    assert main(["release", str(released)]) == 0
    assert released_versions(Project(released)) == ["0.1.0", "0.1.1"]
    assert _hashes(released / "releases" / "0.1.0") == old_release
    assert (released / "releases" / "0.1.1" / "tiny-pitch-v0.1.1.pdf").is_file()


def test_next_version_raises_the_patch_number() -> None:
    assert next_version("1.0.0") == "1.0.1"
    assert next_version("2.3.9") == "2.3.10"


def test_the_next_version_points_back_to_the_deposited_doi_of_the_last(
    released: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    # The first release was deposited after all: its DOI is recorded in its manifest.
    manifest_path = released / "releases" / "0.1.0" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["pitch"]["version_doi"] = "10.1234/tiny.v1"
    manifest_path.write_text(json.dumps(manifest))
    _edit(released / "inputs" / "pitch.yaml", 'version: "0.1.0"', 'version: "0.2.0"')
    assert main(["build", str(released)]) == 0
    record = json.loads((released / "build" / "tiny-pitch-v0.2.0.datacite.json").read_text())
    related = {(item["relationType"], item["relatedIdentifier"]) for item in record["relatedIdentifiers"]}
    assert ("IsNewVersionOf", "10.1234/tiny.v1") in related
    assert ("IsDerivedFrom", "10.1234/tiny.5678") in related


def test_a_release_pulled_in_later_stops_an_up_to_date_build(
    released: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    colleague = tmp_path / "colleague"
    shutil.copytree(released, colleague, ignore=shutil.ignore_patterns("releases", "build"))
    _edit(colleague / "inputs" / "values.yaml", "We share what we make.", "We share all.")
    assert main(["build", str(colleague)]) == 0
    shutil.copytree(released / "releases", colleague / "releases")
    capsys.readouterr()
    assert main(["build", str(colleague)]) == 1
    assert "version 0.1.0 is already released" in capsys.readouterr().err


def test_release_freezes_every_funder_variant_and_verify_places_them(
    released: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    variant = released / "releases" / "0.1.0" / "small-fund"
    assert (variant / "manifest.json").is_file()
    assert main(["verify", str(variant / "tiny-pitch-v0.1.0.pdf"),
                 "--project", str(released)]) == 0
    out = capsys.readouterr().out
    assert "unchanged since it was built" in out
    assert "releases/0.1.0/small-fund/manifest.json" in out


def test_a_release_from_mixed_sources_is_refused_whole(released: Path) -> None:
    import json

    from pitch.errors import PitchError
    from pitch.versions.manifest import read_manifest
    from pitch.versions.release import make_release

    _edit(released / "inputs" / "pitch.yaml", 'version: "0.1.0"', 'version: "0.2.0"')
    assert main(["build", str(released)]) == 0
    assert main(["build", str(released), "--funder", "small-fund"]) == 0
    variant_manifest = released / "build" / "small-fund" / "manifest.json"
    manifest = json.loads(variant_manifest.read_text())
    manifest["inputs"]["inputs/values.yaml"] = "0" * 64  # built from other inputs
    variant_manifest.write_text(json.dumps(manifest))
    main_manifest = read_manifest(released / "build" / "manifest.json")
    assert main_manifest is not None
    with pytest.raises(PitchError) as error:
        make_release(Project(released), released / "build", main_manifest,
                     {"small-fund": released / "build" / "small-fund"})
    assert "changed while the release was made" in str(error.value)
    assert released_versions(Project(released)) == ["0.1.0"]
    assert not list((released / "releases").glob(".*"))
