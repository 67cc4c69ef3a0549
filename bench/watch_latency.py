"""How long `pitch watch` takes from a save to the edit on screen, for the coalition pitch.

    .venv/bin/python bench/watch_latency.py [--runs N]

A preview session (with its background PDF builds, as `pitch watch` runs)
serves a copy of this project; Chromium (playwright, /usr/bin/chromium)
shows the pitch. Each run saves an edit of the title and takes, on the
browser's clock, the moment the reloaded page first painted (its
first-contentful-paint entry, at performance.timeOrigin + startTime),
less the moment of the save (the same wall clock, read just after the
write). Prints a JSON object: median_s, worst_s, runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pitch.preview.watch import WatchEvent

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAINTED = """() => new Promise((resolve) => {
  new PerformanceObserver((list, observer) => {
    const paint = list.getEntriesByName("first-contentful-paint")[0];
    if (paint) {
      observer.disconnect();
      resolve([performance.timeOrigin, performance.timeOrigin + paint.startTime]);
    }
  }).observe({type: "paint", buffered: true});
})"""


def measure(runs: int) -> tuple[list[float], list[float]]:
    """Seconds from each save to the first paint of the page showing it, and of each
    re-render (load, check and render both documents) within that."""
    from playwright.sync_api import expect, sync_playwright

    from pitch.preview.watch import PreviewSession, WatchOptions
    from pitch.project import Project

    latencies, renders = [], []
    published: list[float] = []
    with tempfile.TemporaryDirectory(prefix="pitch-watch-bench-") as folder:
        project = Path(folder) / "project"
        for name in ("inputs", "templates"):
            shutil.copytree(ROOT / name, project / name)
        pitch_yaml = project / "inputs" / "pitch.yaml"
        original = pitch_yaml.read_text(encoding="utf-8")
        options = WatchOptions(out=project / "build", port=0)
        def keep_render(event: WatchEvent) -> None:
            if event.kind == "rendered":
                renders.append(event.seconds)
                published.append(time.time() * 1000)

        with PreviewSession(Project(project), options, keep_render) as session, \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            view = browser.new_page()
            view.goto(session.url)
            title = view.locator("header.cover h1")
            expect(title).to_have_text("From Surviving to Thriving", timeout=30_000)
            time.sleep(3)  # let the first background build settle
            for run in range(runs):
                wanted = f"From Surviving to Thriving, take {run}"
                pitch_yaml.write_text(original.replace(
                    "title: From Surviving to Thriving", f"title: {wanted}"), encoding="utf-8")
                saved_ms = time.time() * 1000
                expect(title).to_have_text(wanted, timeout=30_000)
                origin_ms, painted_ms = view.evaluate(PAINTED)
                latencies.append((painted_ms - saved_ms) / 1000)
                done = published[-1]
                print(f"run {run}: start render +{done - renders[-1]*1000 - saved_ms:.0f} ms, "
                      f"published +{done - saved_ms:.0f}, navigation +{origin_ms - saved_ms:.0f}, "
                      f"painted +{painted_ms - saved_ms:.0f}", file=sys.stderr)
                time.sleep(2)  # the background PDF build of this edit
            browser.close()
    return latencies, renders[1:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print("no /usr/bin/chromium", file=sys.stderr)
        return 1
    latencies, renders = measure(args.runs)
    print(json.dumps({"median_s": round(statistics.median(latencies), 3),
                      "worst_s": round(max(latencies), 3), "runs": len(latencies),
                      "each_s": [round(value, 3) for value in latencies],
                      "render_median_s": round(statistics.median(renders), 3)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
