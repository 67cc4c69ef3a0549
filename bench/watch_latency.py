"""How long `pitch watch` takes from a save to the edit on screen, for the coalition pitch.

    .venv/bin/python bench/watch_latency.py [--runs N]

A preview session (with its background PDF builds, as `pitch watch` runs)
serves a copy of this project; Chromium (playwright, /usr/bin/chromium)
shows the pitch. Each run saves an edit of the title and takes the moment
the edit was on screen, less the moment of the save (the same wall clock,
read just after the write).

The page swaps in each new render without a navigation (live.js), so "on
screen" is read on the browser's clock: a MutationObserver, set up before
the save, notes when the new title is in the DOM, and the run ends when
the second requestAnimationFrame after that fires, that is once the frame
holding the change has been laid out and painted (performance.timeOrigin +
performance.now()). Should the page navigate instead (a full reload), the
new document's first-contentful-paint entry is taken, as before the swap.

Prints each run's breakdown (on stderr): when the watcher started the
re-render, when it was published, when the new text was in the DOM, and
when it was painted; then a JSON object: median_s, worst_s, runs, each_s,
render_median_s (load, check and render both documents) and how each run
was shown (swap or reload).
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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pitch.preview.watch import WatchEvent

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TITLE = "header.cover h1"
WATCH_FOR = """(wanted) => {
  window.pitchBenchShown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const title = document.querySelector("header.cover h1");
      if (!title || title.textContent.replace(/\\s+/g, " ").trim() !== wanted) return;
      observer.disconnect();
      const inDom = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() =>
        resolve({how: "swap", dom: performance.timeOrigin + inDom,
                 painted: performance.timeOrigin + performance.now()})));
    });
    observer.observe(document, {subtree: true, childList: true, characterData: true});
  });
}"""
SHOWN = """() => window.pitchBenchShown || new Promise((resolve) => {
  new PerformanceObserver((list, observer) => {
    const paint = list.getEntriesByName("first-contentful-paint")[0];
    if (paint) {
      observer.disconnect();
      resolve({how: "reload", dom: performance.timeOrigin,
               painted: performance.timeOrigin + paint.startTime});
    }
  }).observe({type: "paint", buffered: true});
})"""


def measure(runs: int) -> tuple[list[float], list[float], list[str]]:
    """Seconds from each save to the paint of the page showing it, the re-render (load,
    check and render both documents) within that, and how the page showed it."""
    from playwright.sync_api import expect, sync_playwright

    from pitch.preview.watch import PreviewSession, WatchOptions
    from pitch.project import Project

    latencies, renders, ways = [], [], []
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
            title = view.locator(TITLE)
            expect(title).to_have_text("From Surviving to Thriving", timeout=30_000)
            time.sleep(3)  # let the first background build settle
            for run in range(runs):
                wanted = f"From Surviving to Thriving, take {run}"
                view.evaluate(WATCH_FOR, wanted)
                pitch_yaml.write_text(original.replace(
                    "title: From Surviving to Thriving", f"title: {wanted}"), encoding="utf-8")
                saved_ms = time.time() * 1000
                expect(title).to_have_text(wanted, timeout=30_000)
                shown: dict[str, Any] = view.evaluate(SHOWN)
                latencies.append((shown["painted"] - saved_ms) / 1000)
                ways.append(shown["how"])
                done = published[-1]
                print(f"run {run}: render started +{done - renders[-1] * 1000 - saved_ms:.0f} ms, "
                      f"published +{done - saved_ms:.0f}, in the DOM ({shown['how']}) "
                      f"+{shown['dom'] - saved_ms:.0f}, painted +{shown['painted'] - saved_ms:.0f}",
                      file=sys.stderr)
                time.sleep(2)  # the background PDF build of this edit
            browser.close()
    return latencies, renders[1:], ways


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print("no /usr/bin/chromium", file=sys.stderr)
        return 1
    latencies, renders, ways = measure(args.runs)
    print(json.dumps({"median_s": round(statistics.median(latencies), 3),
                      "worst_s": round(max(latencies), 3), "runs": len(latencies),
                      "each_s": [round(value, 3) for value in latencies],
                      "render_median_s": round(statistics.median(renders), 3),
                      "shown_by": {way: ways.count(way) for way in sorted(set(ways))}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
