"""Time the build as whole processes, the way a writer runs it, and compare in the same run.

    make bench            (or: .venv/bin/python bench/run.py [--runs N] [--no-watch])

Every case runs in fresh processes on a copy of this project (so its
build/ and cache are the bench's own), in N rounds, the cases taking turns,
so that a machine busy with other work slows every case alike; the figures
are medians. The cold build and the CLI on the pitch's HTML, the pair whose
bound leaves the least room, run three times a round, alternating. Each ratio compares cases measured in this same run:

- a cold build (empty build/, so an empty layout cache) against the
  WeasyPrint command line laying out the build's own pitch HTML alone, with
  the same fonts (the `font:` URLs pointed at the font packages' files, and
  a fontconfig that knows only those);
- a rebuild after an edit that changes neither PDF's HTML (a YAML comment; a
  funder file the build does not use), and after an edit seen only in the
  pitch (a pillar's action), against the cold build;
- `--all-funders` against building each funder one after the other.

Each case's peak RSS is that of the largest single process of the build
(wait4's ru_maxrss covers every process it and its workers reaped). One
cold build and one pitch-only edit also record their spans (PITCH_TIMINGS):
the breakdown by stage and the critical path. The figures go to
bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from breakdown import critical_path, format_table, read_spans, stages

ROOT = Path(__file__).resolve().parent.parent
PITCH = [sys.executable, "-m", "pitch"]
WEASYPRINT = [sys.executable, "-m", "weasyprint"]
RSS_LIMIT_MIB = 200
PAIRED_TURNS = 3
"""The cold build and the CLI on the pitch's HTML (the bound with the least room) run
this many times per round, one after the other, for a steadier ratio."""


@dataclass
class Case:
    """One timed command, with what to do (untimed) before each run."""

    name: str
    command: list[str]
    prepare: Callable[[int], None] = lambda run: None
    environment: dict[str, str] = field(default_factory=dict)
    turns: int = 1
    """Runs per round: the closest ratio's two cases take more, alternating."""
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)

    def run(self, number: int, cwd: Path) -> None:
        """Prepare, then run once, keeping the wall time and the peak RSS."""
        self.prepare(number)
        start = time.perf_counter()
        process = subprocess.Popen(self.command, cwd=cwd, stdout=subprocess.DEVNULL,
                                   env={**os.environ, **self.environment})
        _, status, usage = os.wait4(process.pid, 0)
        self.seconds.append(time.perf_counter() - start)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{self.name}: {' '.join(self.command)} exited {process.returncode}")
        self.peak_kib.append(usage.ru_maxrss)

    @property
    def median(self) -> float:
        """The median wall time, in seconds."""
        return statistics.median(self.seconds)


class Bench:
    """A copy of the project to build, and the cases that build it."""

    def __init__(self, folder: Path) -> None:
        self.project = folder / "project"
        for name in ("inputs", "templates"):
            shutil.copytree(ROOT / name, self.project / name)
        self.build = self.project / "build"
        self.funders = sorted(path.stem for path in (self.project / "inputs" / "funders").glob("*.yaml"))
        self.cli_folder = folder / "cli"

    def empty_build(self, run: int = 0) -> None:
        """No outputs and no layout cache: a cold build."""
        shutil.rmtree(self.build, ignore_errors=True)

    def append_comment(self, relative: str) -> Callable[[int], None]:
        """An edit that only adds a YAML comment (a new one each run)."""
        def edit(run: int) -> None:
            path = self.project / relative
            path.write_text(path.read_text(encoding="utf-8") + f"# bench edit {run}\n",
                            encoding="utf-8")
        return edit

    def edit_an_action(self, run: int) -> None:
        """An edit seen only in the pitch: the words of the first pillar's first action."""
        path = self.project / "inputs" / "strategy.yaml"
        text = path.read_text(encoding="utf-8")
        text, count = re.subn(r"joint funding pipeline( \(take \d+\))?",
                              f"joint funding pipeline (take {run})", text, count=1)
        assert count == 1, "the first action's words are not in strategy.yaml"
        path.write_text(text, encoding="utf-8")

    def prepare_cli(self) -> list[Path]:
        """The build's HTML with the templates and `font:` URLs made plain files, for the CLI."""
        from pitch.fonts import find_font_file

        self.empty_build()
        subprocess.run([*PITCH, "build", "-q", str(self.project)], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.copytree(self.project / "templates", self.cli_folder)
        fonts = self.cli_folder / "fonts.css"

        def to_file(match: re.Match[str]) -> str:
            from urllib.parse import unquote
            font = find_font_file(unquote(match[1]))
            assert font is not None, match[1]
            return f'url("{font.resolve().as_uri()}")'

        fonts.write_text(re.sub(r'url\("font:([^"]+)"\)', to_file,
                                fonts.read_text(encoding="utf-8")), encoding="utf-8")
        pages = []
        for html in sorted(self.build.glob("*.html")):
            shutil.copy(html, self.cli_folder / html.name)
            pages.append(self.cli_folder / html.name)
        return pages

    def fontconfig(self) -> Path:
        """A fontconfig file knowing only the packaged fonts, as the build's own."""
        from pitch.fonts import font_folders, fontconfig_text

        path = self.cli_folder.parent / "fonts.conf"
        path.write_text(fontconfig_text(font_folders()), encoding="utf-8")
        return path


def cases(bench: Bench) -> list[Case]:
    """Every case, in the order they take turns."""
    pages = bench.prepare_cli()
    pitch_html = next(page for page in pages if not page.stem.endswith("-summary"))
    fonts = {"FONTCONFIG_FILE": str(bench.fontconfig())}
    out = bench.cli_folder.parent / "cli-out.pdf"
    build = [*PITCH, "build", "-q", str(bench.project)]
    first_funder = bench.funders[0]
    serial = " && ".join(f"{sys.executable} -m pitch build -q {bench.project} --funder {funder}"
                         " --no-cache" for funder in bench.funders)
    serial_cached = " && ".join(f"{sys.executable} -m pitch build -q {bench.project} "
                                f"--funder {funder}" for funder in bench.funders)
    both = " && ".join(f"{sys.executable} -m weasyprint {page} {out}" for page in pages)

    def warm(run: int) -> None:
        subprocess.run(build, check=True, stdout=subprocess.DEVNULL)

    def then(*steps: Callable[[int], None]) -> Callable[[int], None]:
        def prepare(run: int) -> None:
            for step in steps:
                step(run)
        return prepare

    return [
        Case("cold build", build, bench.empty_build, turns=PAIRED_TURNS),
        Case("weasyprint CLI, pitch HTML alone", [*WEASYPRINT, str(pitch_html), str(out)],
             environment=fonts, turns=PAIRED_TURNS),
        Case("weasyprint CLI, both HTML files", ["sh", "-c", both], environment=fonts),
        Case("nothing changed", build, warm),
        Case("YAML comment", build, then(warm, bench.append_comment("inputs/strategy.yaml"))),
        Case("unused funder file", build,
             then(warm, bench.append_comment(f"inputs/funders/{first_funder}.yaml"))),
        Case("pitch-only edit (an action)", build, then(warm, bench.edit_an_action)),
        Case(f"--all-funders ({len(bench.funders)})", [*build, "--all-funders"], bench.empty_build),
        Case("each funder, one after the other (--no-cache)", ["sh", "-c", serial],
             bench.empty_build),
        Case("each funder, one after the other (cache shared)", ["sh", "-c", serial_cached],
             bench.empty_build),
    ]


def ratios(by_name: dict[str, Case]) -> list[tuple[str, float, str]]:
    """Each ratio the issue asks for: (what, ratio of medians, the bound)."""
    cold = by_name["cold build"].median
    funders = next(case for name, case in by_name.items() if name.startswith("--all-funders"))
    serial = by_name["each funder, one after the other (--no-cache)"].median
    serial_cached = by_name["each funder, one after the other (cache shared)"].median
    return [
        ("cold build / CLI on the pitch HTML alone", cold / by_name[
            "weasyprint CLI, pitch HTML alone"].median, "<= 1.1"),
        ("cold build / CLI on both HTML files", cold / by_name[
            "weasyprint CLI, both HTML files"].median, ""),
        ("YAML comment / cold build", by_name["YAML comment"].median / cold, "<= 0.3"),
        ("unused funder file / cold build", by_name["unused funder file"].median / cold, "<= 0.3"),
        ("pitch-only edit / cold build", by_name["pitch-only edit (an action)"].median / cold, ""),
        ("nothing changed / cold build", by_name["nothing changed"].median / cold, ""),
        ("speed-up of --all-funders over serial (--no-cache)", serial / funders.median, ">= 1.5"),
        ("speed-up of --all-funders over serial (cache shared)", serial_cached / funders.median,
         ""),
    ]


def spans_of(bench: Bench, prepare: Callable[[int], None], label: str) -> str:
    """One build with PITCH_TIMINGS on: its stages and its critical path, as Markdown."""
    prepare(0)
    timings = bench.cli_folder.parent / f"{label}.jsonl"
    timings.unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([*PITCH, "build", "-q", str(bench.project)], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PITCH_TIMINGS": str(timings)})
    ended = time.perf_counter() - start
    spans = read_spans(timings, start)
    return "\n\n".join([format_table(stages(spans, ended), f"### {label}: every stage"),
                        format_table(critical_path(spans, ended),
                                     f"### {label}: the critical path ({ended:.3f} s)")])


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.machine()) \
        if Path("/proc/cpuinfo").exists() else platform.machine()
    import weasyprint
    return {"python": platform.python_version(), "system": platform.platform(),
            "processor": model, "cores": str(os.cpu_count()),
            "weasyprint": weasyprint.__version__,
            "load average at the start": " ".join(f"{load:.2f}" for load in os.getloadavg())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-watch", action="store_true", help="skip the preview's latency")
    args = parser.parse_args()
    details = machine()
    with tempfile.TemporaryDirectory(prefix="pitch-bench-") as folder:
        bench = Bench(Path(folder))
        every_case = cases(bench)
        for number in range(args.runs):
            for turn in range(PAIRED_TURNS):
                for case in every_case:
                    if turn < case.turns:
                        case.run(number * PAIRED_TURNS + turn, ROOT)
        breakdowns = [spans_of(bench, bench.empty_build, "cold build"),
                      spans_of(bench, lambda run: bench.edit_an_action(10_000), "pitch-only edit")]
    watch = None if args.no_watch else _watch_latency(args.runs)
    by_name = {case.name: case for case in every_case}
    report = {
        "machine": details,
        "runs": args.runs,
        "cases": {case.name: {"median_s": round(case.median, 3), "best_s": round(min(case.seconds), 3),
                              "peak_rss_mib": round(max(case.peak_kib) / 1024, 1),
                              "runs_s": [round(seconds, 3) for seconds in case.seconds]}
                  for case in every_case},
        "ratios": {what: round(value, 3) for what, value, _ in ratios(by_name)},
        "watch": watch,
    }
    destination = ROOT / "bench" / "results" / "latest.json"
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _print(every_case, ratios(by_name), breakdowns, details, watch, args.runs)
    print(f"\nwritten to {destination.relative_to(ROOT)}")
    worst = max(max(case.peak_kib) for case in every_case) / 1024
    return 0 if worst <= RSS_LIMIT_MIB else 1


def _watch_latency(runs: int) -> dict[str, float] | None:
    """The preview's save-to-screen latency (bench/watch_latency.py), or None without a browser."""
    script = ROOT / "bench" / "watch_latency.py"
    result = subprocess.run([sys.executable, str(script), "--runs", str(max(runs, 5))],
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        print(f"watch latency not measured: {result.stderr.strip().splitlines()[-1:]}")
        return None
    return dict(json.loads(result.stdout))


def _print(every_case: list[Case], ratios: list[tuple[str, float, str]], breakdowns: list[str],
           details: dict[str, str], watch: dict[str, float] | None, runs: int) -> None:
    print(f"## Cases (median and best of {runs} rounds, the cases taking turns; seconds)\n")
    print("| case | runs | median s | best s | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for case in every_case:
        print(f"| {case.name} | {len(case.seconds)} | {case.median:.3f} | {min(case.seconds):.3f} "
              f"| {max(case.peak_kib) / 1024:.1f} |")
    print("\n## Ratios (of the medians above, measured in this run)\n")
    print("| ratio | value | bound |")
    print("|---|---|---|")
    for what, value, bound in ratios:
        print(f"| {what} | {value:.2f} | {bound} |")
    if watch is not None:
        print("\n## Preview\n")
        print(f"save to repaint in the browser, `pitch watch`, coalition pitch: median "
              f"{watch['median_s']:.3f} s, worst {watch['worst_s']:.3f} s "
              f"of {int(watch['runs'])} edits (bound 0.3 s)")
    for breakdown in breakdowns:
        print(f"\n{breakdown}")
    print(f"\nmachine: {details}")


if __name__ == "__main__":
    raise SystemExit(main())
