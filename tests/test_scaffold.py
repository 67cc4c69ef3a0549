"""`pitch new`: a scaffold that checks and builds at once, written all or nothing."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

import pitch.scaffold as new_module
from pitch.cli import main
from pitch.inputs.model import FILE_MODELS
from pitch.inputs.schema import schema_file_name, schema_text
from pitch.outputs import OutputError
from pitch.resources import default_templates, scaffold_files
from pitch.scaffold import STAGING_PREFIX, create_project, slug_for

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")
KINDS = {"organisations": "organisation", "funders": "funder", "sections": "section"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One new project, made through the command line, for the tests that only read it."""
    root = tmp_path_factory.mktemp("new") / "sloan-2027"
    assert main(["--quiet", "new", str(root)]) == 0
    return root


def _input_files(root: Path) -> list[Path]:
    return sorted((root / "inputs").rglob("*.yaml"))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"/"
            for path in sorted(folder.rglob("*"))}


def _leftover_staging(folder: Path) -> list[Path]:
    return list(folder.glob(f"{STAGING_PREFIX}*"))


def test_a_new_pitch_checks_and_builds_with_a_one_page_summary(project: Path) -> None:
    assert main(["--quiet", "check", str(project)]) == 0
    assert main(["--quiet", "build", str(project), "--jobs", "1"]) == 0
    summary = project / "build" / "sloan-2027-v0.1.0-summary.pdf"
    assert len(PdfReader(summary).pages) == 1
    assert (project / "build" / "sloan-2027-v0.1.0.docx").is_file()


def test_the_new_budget_shows_years_units_a_lead_and_computed_indirect_costs(
        project: Path) -> None:
    asks = yaml.safe_load((project / "inputs" / "asks.yaml").read_text())
    assert asks["indirect"] == {"rate": "10%", "base": "direct"}
    assert all("lead" in ask for ask in asks["asks"])
    lines = asks["budget"]
    assert any("years" in line for line in lines)
    assert any("quantity" in line and "unit_cost" in line for line in lines)
    assert not any(line["category"] == "indirect" for line in lines)
    funder = yaml.safe_load((project / "inputs" / "funders" / "example-foundation.yaml").read_text())
    assert set(funder["budget_rules"]) == {"award_ceiling", "max_indirect", "categories",
                                           "max_period"}


def test_the_new_pitch_prints_its_budget_by_organisation_and_year(project: Path) -> None:
    if not (project / "build").is_dir():
        assert main(["--quiet", "build", str(project), "--jobs", "1"]) == 0
    reader = PdfReader(project / "build" / "sloan-2027-v0.1.0.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Indirect costs (10% of direct costs) 3,600 2,000 5,600" in text
    assert "ORGANISATION (USD) 2027 2028 TOTAL" in text
    assert "Total 41,800 19,800 61,600" in text


def test_the_slug_in_file_names_comes_from_the_folder_name(project: Path) -> None:
    assert "\nslug: sloan-2027\n" in (project / "inputs" / "pitch.yaml").read_text()


@pytest.mark.parametrize(("name", "slug"), [
    ("Sloan 2027", "sloan-2027"), ("pitch_für_CZI", "pitch-fur-czi"), ("---", "my-pitch")])
def test_slug_for_makes_a_valid_id_from_any_folder_name(tmp_path: Path, name: str, slug: str) -> None:
    assert slug_for(tmp_path / name) == slug


def test_every_input_starts_with_a_schema_line_that_points_at_its_schema(project: Path) -> None:
    files = _input_files(project)
    assert {path.parent.name for path in files} == {"inputs", "organisations", "funders",
                                                     "sections"}
    for path in files:
        match = SCHEMA_LINE.match(path.read_text(encoding="utf-8").splitlines()[0])
        assert match, f"{path} has no schema line"
        kind = KINDS.get(path.parent.name, path.stem)
        assert match["path"].endswith(schema_file_name(kind))
        assert (path.parent / match["path"]).resolve().is_file()


def test_the_schemas_match_the_models(project: Path) -> None:
    for kind in FILE_MODELS:
        assert (project / "schemas" / schema_file_name(kind)).read_text() == schema_text(kind)


def _keys(node: yaml.Node, where: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], int]]:
    """(path of names, line) of every key, list items sharing their list's path."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _keys(item, where)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield (*where, key.value), key.start_mark.line
            yield from _keys(value, (*where, key.value))


def _keys_without_comment(path: Path) -> Iterator[str]:
    """Keys whose first use has no comment on its line or the line above."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    first_use: dict[tuple[str, ...], int] = {}
    for names, line in sorted(_keys(yaml.compose(text)), key=lambda item: item[1]):
        first_use.setdefault(names, line)
    for names, line in first_use.items():
        if "#" not in lines[line] and not lines[line - 1].lstrip().startswith("#"):
            yield f"{path.relative_to(path.parents[1])}:{line + 1}: {'.'.join(names)}"


def test_every_key_has_a_comment_where_it_first_appears(project: Path) -> None:
    missing = [key for path in _input_files(project) for key in _keys_without_comment(path)]
    assert missing == []


def test_the_project_has_templates_a_gitignore_and_a_readme(project: Path) -> None:
    templates = sorted(path.relative_to(project / "templates").as_posix()
                       for path in (project / "templates").rglob("*") if path.is_file())
    assert {"pitch.html.j2", "summary.html.j2", "pitch.css", "reference.docx"} <= set(templates)
    assert (project / "templates" / "pitch.css").read_bytes() == (
        default_templates() / "pitch.css").read_bytes()
    assert {"build/", ".venv/"} <= set((project / ".gitignore").read_text().splitlines())
    readme = (project / "README.md").read_text()
    assert "pitch check" in readme and "pitch build" in readme
    assert not (project / "gitignore").exists() and _leftover_staging(project.parent) == []


def test_the_scaffold_is_separate_from_the_coalitions_inputs() -> None:
    ours = {path.name for path in (REPO_ROOT / "inputs" / "organisations").glob("*.yaml")}
    scaffold = {entry.name for entry in (scaffold_files() / "inputs" / "organisations").iterdir()}
    assert scaffold and not ours & scaffold


def test_a_folder_that_is_not_empty_is_refused_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "drafts"
    (target / "notes").mkdir(parents=True)
    (target / "letter.txt").write_text("Dear funder")
    before = _snapshot(target)
    assert main(["new", str(target)]) == 2
    error = capsys.readouterr().err
    assert f"the folder '{target}' is not empty" in error and "letter.txt" in error
    assert _snapshot(target) == before and _leftover_staging(tmp_path) == []


def test_a_file_in_place_of_the_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pitch.txt").write_text("x")
    assert main(["new", str(tmp_path / "pitch.txt")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_a_nested_folder_that_does_not_exist_is_created(tmp_path: Path) -> None:
    target = tmp_path / "funders" / "2027" / "new-pitch"
    files = create_project(target)
    assert (target / "inputs" / "pitch.yaml") in files and all(path.is_file() for path in files)
    assert _leftover_staging(target.parent) == []


def test_an_empty_folder_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path / "empty")
    assert main(["--quiet", "new", "."]) == 0
    assert sorted(path.name for path in Path().iterdir()) == [
        ".github", ".gitignore", "README.md", "inputs", "schemas", "templates"]
    assert "\nslug: empty\n" in Path("inputs/pitch.yaml").read_text()


@pytest.mark.parametrize("exists", [False, True])
def test_a_failure_part_way_leaves_no_half_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exists: bool
) -> None:
    def fail(folder: Path) -> list[Path]:
        raise OSError(28, "No space left on device")

    target = tmp_path / "pitch"
    if exists:
        target.mkdir()
    monkeypatch.setattr(new_module, "write_schemas", fail)
    with pytest.raises(OutputError) as error:
        create_project(target)
    assert error.value.problems[0].message == "cannot write: No space left on device"
    assert (list(target.iterdir()) == []) if exists else not target.exists()
    assert _leftover_staging(tmp_path) == []


def test_every_template_and_scaffold_folder_is_a_listed_package() -> None:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {"pitch.templates": REPO_ROOT / "templates",
               "pitch.scaffold": REPO_ROOT / "pitch" / "scaffold"}
    wanted = {name + "".join(f".{part}" for part in path.relative_to(root).parts)
              for name, root in folders.items()
              for path in [root, *root.rglob("*")] if path.is_dir() and path.name != "__pycache__"}
    assert wanted <= set(config["packages"]), "list the new folder in pyproject.toml"
    assert config["package-dir"]["pitch.templates"] == "templates"
