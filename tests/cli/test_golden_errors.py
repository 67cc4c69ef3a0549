"""Every kind of bad input gives the exact report in its golden file.

Each folder under fixtures/bad-inputs/ holds files laid over a copy of the
minimal project (delete.txt names paths to remove, pad.txt names a file to
grow past the size limit) and expected.txt, the report `pitch check` must
print. Run pytest with --regenerate-golden to rewrite the expected files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pitch.cli import main
from pitch.inputs.load import MAX_FILE_BYTES

BAD_INPUTS = Path(__file__).resolve().parents[1] / "fixtures" / "bad-inputs"
CASES = sorted(path.name for path in BAD_INPUTS.iterdir() if path.is_dir())


def _prepare(case: Path, project: Path) -> None:
    if (case / "inputs").is_dir():
        shutil.copytree(case / "inputs", project / "inputs", dirs_exist_ok=True)
    if (case / "delete.txt").exists():
        for name in (case / "delete.txt").read_text().split():
            target = project / name
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    if (case / "pad.txt").exists():
        target = project / (case / "pad.txt").read_text().strip()
        with target.open("a", encoding="utf-8") as handle:
            handle.write("# padding\n" * (MAX_FILE_BYTES // 10 + 1))


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gives_the_golden_report(
    case: str, minimal_project: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], regenerate_golden: bool,
) -> None:
    _prepare(BAD_INPUTS / case, minimal_project)
    monkeypatch.chdir(minimal_project)
    exit_code = main(["check"])
    captured = capsys.readouterr()
    report = f"exit: {exit_code}\n{captured.err}"
    expected_file = BAD_INPUTS / case / "expected.txt"
    if regenerate_golden:
        expected_file.write_text(report, encoding="utf-8")
    assert report == expected_file.read_text(encoding="utf-8")
    assert exit_code == 1
    assert "Traceback" not in report


def test_every_case_has_a_golden_report() -> None:
    missing = [case for case in CASES if not (BAD_INPUTS / case / "expected.txt").exists()]
    assert missing == []
