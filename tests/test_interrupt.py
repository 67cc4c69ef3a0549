"""A build that is stopped leaves the last good outputs and nothing half-written."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pitch.build import BuildOptions, build
from pitch.documents.cache import CACHE_FOLDER
from pitch.outputs import STAGING_PREFIX
from pitch.project import Project


def _hashes(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def outputs(hashes: dict[str, str]) -> set[str]:
    """The names of the outputs, without the layout cache's entries."""
    return {name for name in hashes if not name.startswith(f"{CACHE_FOLDER}/")}


def _all_new_and_recorded(folder: Path, before: dict[str, str]) -> bool:
    """True when every output is the one the new manifest records, and the manifest is new."""
    import json

    after = _hashes(folder)
    recorded = json.loads((folder / "manifest.json").read_text())["outputs"]
    return (after["manifest.json"] != before["manifest.json"]
            and outputs(after) == outputs(before)
            and all(after[name] == sha for name, sha in recorded.items()))


@pytest.mark.parametrize("stop_after", [0.3, 1.2])
def test_a_stopped_build_keeps_the_last_good_outputs(minimal_project: Path, stop_after: float) -> None:
    build(Project(minimal_project), BuildOptions(out=minimal_project / "build"))
    before = _hashes(minimal_project / "build")
    values = minimal_project / "inputs" / "values.yaml"
    values.write_text(values.read_text().replace("We share what we make.", "We share."))
    process = subprocess.Popen([sys.executable, "-m", "pitch", "build", str(minimal_project)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "NO_COLOR": "1"})
    try:
        time.sleep(stop_after)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    after = _hashes(minimal_project / "build")
    if process.returncode == 0:  # the build won the race: all outputs are new, and complete
        assert outputs(after) == outputs(before)  # the layout cache gained the new layouts
        assert set(before) < set(after)
    else:  # 130 once pitch handles the signal; -15 if it came before Python got that far
        assert process.returncode in (130, -signal.SIGTERM), err.decode()
        # Either nothing moved, or the stop came after every output had moved into
        # place together (the manifest moves last): never a mix of old and new.
        assert after == before or _all_new_and_recorded(minimal_project / "build", before)
        assert b"Traceback" not in err
    assert not list((minimal_project / "build").glob(f"{STAGING_PREFIX}*"))


def test_ctrl_c_stops_every_funder_build_at_once(minimal_project: Path) -> None:
    funders = minimal_project / "inputs" / "funders"
    for name in ("fund-a", "fund-b", "fund-c", "fund-d"):
        (funders / f"{name}.yaml").write_text(f"name: {name}\n")
    process = subprocess.Popen([sys.executable, "-m", "pitch", "build", "--all-funders",
                                str(minimal_project)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        time.sleep(1.0)
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        waited = time.monotonic() - started
    finally:
        process.kill()
    built = [folder for folder in (minimal_project / "build").glob("*")
             if (folder / "manifest.json").is_file()] if (minimal_project / "build").exists() else []
    assert process.returncode == 130, err.decode()
    assert len(built) < 5, "an interrupt must not let every queued funder build run on"
    assert b"Traceback" not in err
    assert waited < 5
