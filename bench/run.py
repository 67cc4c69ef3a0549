"""Time the build as whole processes, the way a writer runs it.

    make bench            (or: .venv/bin/python bench/run.py [--runs N])

Cases: a full build into an empty folder; the pitch PDF alone; the DOCX
alone; `pitch check` alone; a build in which nothing changed; and every
funder's variant at once. Each case runs N times in
fresh processes; the figures (median and best, in seconds) go to
bench/results/latest.json and are printed as a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PITCH = [sys.executable, "-m", "pitch"]
STAGE = [sys.executable, str(ROOT / "bench" / "stage.py")]


def timed(command: list[str], prepare: callable | None = None) -> float:
    """Seconds one run of `command` takes, after `prepare` (not timed)."""
    if prepare:
        prepare()
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int, out: Path) -> dict[str, list[float]]:
    """Every case, `runs` times each."""
    def empty_out() -> None:
        shutil.rmtree(out, ignore_errors=True)

    full = [timed([*PITCH, "build", "--out", str(out)], empty_out) for _ in range(runs)]
    unchanged = [timed([*PITCH, "build", "--out", str(out)]) for _ in range(runs)]
    pdf = [timed([*STAGE, "pdf"]) for _ in range(runs)]
    docx = [timed([*STAGE, "docx"]) for _ in range(runs)]
    check = [timed([*PITCH, "check"]) for _ in range(runs)]
    funders = [timed([*PITCH, "build", "--all-funders", "--out", str(out)], empty_out)
               for _ in range(runs)]
    return {"full build": full, "pitch PDF alone": pdf, "DOCX alone": docx,
            "check only": check, "nothing changed": unchanged, "all funders (2)": funders}


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    return {"python": platform.python_version(), "system": platform.platform(),
            "processor": platform.machine(), "cores": str(os.cpu_count())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = measure(args.runs, Path(folder) / "build")
    summary = {case: {"median_s": round(statistics.median(times), 3),
                      "best_s": round(min(times), 3), "runs": len(times)}
               for case, times in results.items()}
    report = {"machine": machine(), "results": summary}
    destination = ROOT / "bench" / "results" / "latest.json"
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{'case':<18} {'median s':>9} {'best s':>8}")
    for case, figures in summary.items():
        print(f"{case:<18} {figures['median_s']:>9.3f} {figures['best_s']:>8.3f}")
    print(f"machine: {report['machine']}")
    print(f"written to {destination.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
