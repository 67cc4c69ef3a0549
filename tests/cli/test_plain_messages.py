"""Messages print user text and paths exactly: no emoji codes, no markup, no highlighting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pitch.cli import main

USER_TEXT = ":smile: [bold]x[/bold]"


def test_line_100_and_user_text_print_exactly_as_they_are(
    minimal_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pitch_yaml = minimal_project / "inputs" / "pitch.yaml"
    rest = re.sub(r"(?m)^paper: .*\n", "", pitch_yaml.read_text(encoding="utf-8"))
    comments = "".join(f"# note {number}\n" for number in range(1, 100))
    pitch_yaml.write_text(f"{comments}paper: '{USER_TEXT}'\n{rest}", encoding="utf-8")
    monkeypatch.chdir(minimal_project)
    assert main(["check"]) == 1
    first = capsys.readouterr().err.splitlines()[0]
    # Rich would print `:100:` as an emoji, drop `[bold]` as markup and turn :smile: into a face.
    assert first == (f"inputs/pitch.yaml:100:8: error: paper: '{USER_TEXT}' is not one of: "
                     "a4, letter")
