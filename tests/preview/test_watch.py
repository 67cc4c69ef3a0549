"""`pitch watch`: the preview server's routes, live reload, errors in the page, a real browser."""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from pitch.cli import main
from pitch.errors import Problem
from pitch.fonts import ATKINSON
from pitch.preview.background import NICENESS, lower_priority
from pitch.preview.watch import PreviewSession, WatchEvent, WatchOptions, event_line
from pitch.project import Project

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_SECONDS = 15.0
WAIT_MS = WAIT_SECONDS * 1000
BROKEN_YAML = "title: [A Tiny Pitch\n"
OVERLAY = 'id="pitch-preview-overlay"'


def fetch(url: str, path: str, host: str | None = None) -> tuple[int, str, bytes]:
    """Status, content type and body of one GET; `path` is sent exactly as given."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=WAIT_SECONDS)
    try:
        connection.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def page(url: str, path: str = "/") -> str:
    """The text of a served page (which must answer 200)."""
    status, _, body = fetch(url, path)
    assert status == 200
    return body.decode("utf-8")


def text_of(html: str) -> str:
    """What a reader sees of some HTML: its text, without tags."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def wait_until(condition: Callable[[], bool], seconds: float = WAIT_SECONDS) -> None:
    """Poll until `condition` holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


@pytest.fixture
def events() -> list[WatchEvent]:
    """What the session reported."""
    return []


@pytest.fixture
def session(minimal_project: Path, tmp_path: Path,
            events: list[WatchEvent]) -> Iterator[PreviewSession]:
    """A running preview of the minimal project on a free port, without PDF builds."""
    options = WatchOptions(out=tmp_path / "out", port=0, build_pdfs=False)
    with PreviewSession(Project(minimal_project), options, events.append) as running:
        yield running
    assert_all_stopped()


def assert_all_stopped() -> None:
    """No thread or process of a closed session is left running."""
    assert not [thread.name for thread in threading.enumerate()
                if thread.name.startswith("pitch-") or "process_request" in thread.name]
    assert not multiprocessing.active_children()


def test_preview_shows_the_pitch_and_the_summary(session: PreviewSession) -> None:
    pitch = page(session.url)
    assert "A Tiny Pitch" in pitch
    assert 'new EventSource("/events?generation=' in pitch
    assert "A Tiny Pitch" in page(session.url, "/summary")


def test_stylesheet_and_fonts_are_served_for_the_browser(session: PreviewSession) -> None:
    css = page(session.url, "/fonts.css")
    assert 'url("/fonts/AtkinsonHyperlegible-Regular.ttf")' in css
    assert 'url("font:' not in css
    status, kind, body = fetch(session.url, "/fonts/AtkinsonHyperlegible-Regular.ttf")
    assert status == 200 and kind == "font/ttf"
    assert body == (ATKINSON.folder / "AtkinsonHyperlegible-Regular.ttf").read_bytes()


def test_an_edit_is_picked_up_by_the_watcher(session: PreviewSession, minimal_project: Path,
                                             events: list[WatchEvent]) -> None:
    pitch_yaml = minimal_project / "inputs" / "pitch.yaml"
    pitch_yaml.write_text(pitch_yaml.read_text().replace("A Tiny Pitch", "A Retitled Pitch"))
    wait_until(lambda: "A Retitled Pitch" in page(session.url))
    assert any("pitch.yaml" in name for event in events for name in event.changed)


def test_a_yaml_error_shows_in_the_page_and_fixing_it_brings_the_page_back(
        session: PreviewSession, minimal_project: Path) -> None:
    pitch_yaml = minimal_project / "inputs" / "pitch.yaml"
    good = pitch_yaml.read_text()
    pitch_yaml.write_text(BROKEN_YAML + good.split("\n", 1)[1])
    wait_until(lambda: OVERLAY in page(session.url))
    broken = text_of(page(session.url))
    assert "inputs/pitch.yaml:2:5: error: YAML syntax" in broken
    assert "A Tiny Pitch" in broken  # the last good version stays behind the overlay
    pitch_yaml.write_text(good)
    wait_until(lambda: OVERLAY not in page(session.url))


def test_a_template_error_names_the_template_and_line(session: PreviewSession,
                                                      minimal_project: Path) -> None:
    summary = minimal_project / "templates" / "summary.html.j2"
    text = summary.read_text()
    line = text[:text.index('<div class="summary-grid">')].count("\n") + 1
    summary.write_text(text.replace('<div class="summary-grid">', "{{ no_such_name }}<div>", 1))
    session.rebuild()
    shown = text_of(page(session.url, "/summary"))
    assert f"templates/summary.html.j2:{line}: error:" in shown and "no_such_name" in shown


@pytest.mark.parametrize("path", [
    "/../inputs/pitch.yaml", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
    "/fonts/../../../../etc/passwd", "/fonts/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/fonts//etc/passwd", "//etc/passwd", "/build/../inputs/pitch.yaml",
    "/inputs/pitch.yaml", "/pitch.html.j2", "/inputs/../templates/pitch.html.j2",
    "/escape.css", "/fonts/%00.ttf",
])
def test_nothing_outside_the_allowed_files_is_served(session: PreviewSession,
                                                     minimal_project: Path, path: str) -> None:
    (minimal_project / "templates" / "escape.css").symlink_to("/etc/passwd")
    status, _, body = fetch(session.url, path)
    assert status in (400, 404)
    assert b"root:" not in body and b"title:" not in body and b"{%" not in body


def test_a_foreign_host_name_is_refused(session: PreviewSession) -> None:
    status, _, _ = fetch(session.url, "/", host="attacker.example:80")
    assert status == 403


def test_event_stream_tells_the_page_of_each_rebuild(session: PreviewSession) -> None:
    generation = session.state.snapshot.generation
    with EventStream(session.url, generation) as stream:
        assert stream.next_event()[0] == "status"
        session.rebuild()
        assert stream.next_event() == ("reload", str(generation + 1))
        session.rebuild()  # the page swaps the new render in and listens on
        assert stream.next_event() == ("reload", str(generation + 2))


def test_stylesheet_links_name_the_version_of_their_file(session: PreviewSession,
                                                         minimal_project: Path) -> None:
    def version() -> str:
        found = re.search(r'href="pitch\.css\?v=(\w+)"', page(session.url))
        assert found is not None
        return found[1]

    before = version()
    stylesheet = minimal_project / "templates" / "pitch.css"
    stylesheet.write_text(stylesheet.read_text() + "\nh1 { color: red; }\n")
    assert version() != before
    status, kind, _ = fetch(session.url, f"/pitch.css?v={before}")
    assert (status, kind) == (200, "text/css; charset=utf-8")


def test_event_stream_at_once_reloads_a_page_that_is_out_of_date(
        session: PreviewSession) -> None:
    with EventStream(session.url, 0) as stream:
        names = [stream.next_event()[0], stream.next_event()[0]]
    assert names == ["status", "reload"]


def test_closing_the_session_ends_open_event_streams(minimal_project: Path,
                                                     tmp_path: Path) -> None:
    options = WatchOptions(out=tmp_path / "out", port=0, build_pdfs=False)
    running = PreviewSession(Project(minimal_project), options).__enter__()
    with EventStream(running.url, running.state.snapshot.generation) as stream:
        stream.next_event()
        closer = threading.Thread(target=running.close)
        closer.start()
        closer.join(WAIT_SECONDS)
        assert not closer.is_alive()
    assert_all_stopped()


class EventStream:
    """A raw connection to /events that reads one server-sent event at a time."""

    def __init__(self, url: str, generation: int) -> None:
        parts = urlsplit(url)
        self.socket = socket.create_connection((parts.hostname, parts.port), WAIT_SECONDS)
        request = f"GET /events?generation={generation} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n"
        self.socket.sendall(request.encode())
        self.buffer = b""
        self._read_until(b"\r\n\r\n")  # the response headers

    def next_event(self) -> tuple[str, str]:
        """The name and data of the next event (keep-alive comments skipped)."""
        while True:
            block = self._read_until(b"\n\n").decode()
            fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
            if "event" in fields:
                return fields["event"], fields.get("data", "")

    def _read_until(self, end: bytes) -> bytes:
        while end not in self.buffer:
            chunk = self.socket.recv(4096)
            assert chunk, "the stream ended"
            self.buffer += chunk
        block, self.buffer = self.buffer.split(end, 1)
        return block

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.socket.close()


def test_background_build_writes_pdfs_the_page_links_to(minimal_project: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "out"
    with PreviewSession(Project(minimal_project), WatchOptions(out=out, port=0)) as running:
        wait_until(lambda: running.state.snapshot.pdf.state in ("built", "failed"), 120)
        assert running.state.snapshot.pdf.state == "built"
        status, kind, body = fetch(running.url, "/build/tiny-pitch-v0.1.0.pdf")
        assert (status, kind) == (200, "application/pdf") and body.startswith(b"%PDF")
        assert 'href="/build/tiny-pitch-v0.1.0-summary.pdf"' in page(running.url)
    assert_all_stopped()
    built_html = (out / "tiny-pitch-v0.1.0.html").read_text()
    assert "EventSource" not in built_html and "pitch-preview" not in built_html


def test_event_lines_say_what_happened() -> None:
    rendered = WatchEvent("rendered", 0.31, changed=("inputs/asks.yaml",))
    assert event_line(rendered) == "rebuilt in 0.3 s (inputs/asks.yaml)"
    failed = WatchEvent("render-failed", 0.1, (Problem("inputs/asks.yaml", 2, 3, message="x"),))
    assert event_line(failed) == "not rebuilt: 1 problem"


def test_a_port_in_use_is_a_usage_error(minimal_project: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["watch", str(minimal_project), "--port", str(port), "--no-pdf"]) == 2
    assert f"cannot serve on 127.0.0.1:{port}" in capsys.readouterr().err


def test_the_command_prints_the_address_and_stops_cleanly_on_ctrl_c(
        minimal_project: Path) -> None:
    command = [sys.executable, "-m", "pitch", "watch", str(minimal_project), "--port", "0",
               "--no-pdf"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**os.environ, "NO_COLOR": "1"}) as process:
        try:
            assert process.stdout is not None
            ready, _, _ = select.select([process.stdout], [], [], WAIT_SECONDS)
            first = process.stdout.readline().decode() if ready else ""
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=WAIT_SECONDS)
        finally:
            process.kill()
    assert first.startswith("preview: http://127.0.0.1:")
    assert process.returncode == 0
    assert out == b"" and err == b""  # not a terminal: only problems and paths


@contextmanager
def opened_preview(session: PreviewSession) -> Iterator[tuple[Page, Locator]]:
    """The preview open in Chromium, its title shown, and the page marked so that a
    reload (which drops `window.notReloaded`) can be told from a swap."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            view = browser.new_page()
            view.goto(session.url)
            title = view.locator("header.cover h1")
            expect(title).to_have_text("A Tiny Pitch", timeout=WAIT_MS)
            view.evaluate("window.notReloaded = true")
            yield view, title
        finally:
            browser.close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_browser_follows_edits_errors_and_fixes(session: PreviewSession, minimal_project: Path,
                                                tmp_path: Path) -> None:
    from playwright.sync_api import expect

    pitch_yaml = minimal_project / "inputs" / "pitch.yaml"
    good = pitch_yaml.read_text()
    with opened_preview(session) as (view, title):
        assert view.evaluate("document.fonts.check('16px \"Atkinson Hyperlegible\"')")
        pitch_yaml.write_text(good.replace("A Tiny Pitch", "A Pitch Edited Live"))
        expect(title).to_have_text("A Pitch Edited Live", timeout=WAIT_MS)
        assert view.evaluate("window.notReloaded === true")  # swapped in, not reloaded
        assert view.title() == "A Pitch Edited Live"
        pitch_yaml.write_text(BROKEN_YAML + good.split("\n", 1)[1])
        overlay = view.locator("#pitch-preview-overlay")
        expect(overlay).to_contain_text("pitch.yaml:2:5: error: YAML syntax", timeout=WAIT_MS)
        view.screenshot(path=str(tmp_path / "error-overlay.png"))
        pitch_yaml.write_text(good)
        expect(overlay).to_have_count(0, timeout=WAIT_MS)
        expect(title).to_have_text("A Tiny Pitch", timeout=WAIT_MS)
    assert (tmp_path / "error-overlay.png").stat().st_size > 0


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_browser_reloads_the_page_when_a_stylesheet_changes(session: PreviewSession,
                                                            minimal_project: Path) -> None:
    from playwright.sync_api import expect

    stylesheet = minimal_project / "templates" / "pitch.css"
    with opened_preview(session) as (view, title):
        stylesheet.write_text(stylesheet.read_text()
                              + "\nheader.cover h1 { color: rgb(1, 2, 3); }\n")
        expect(title).to_have_css("color", "rgb(1, 2, 3)", timeout=WAIT_MS)
        assert view.evaluate("window.notReloaded === undefined")


def test_the_background_build_runs_below_the_preview() -> None:
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=time.sleep, args=(WAIT_SECONDS,))
    child.start()
    try:
        lower_priority(child)
        assert child.pid is not None
        own = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, child.pid) == min(own + NICENESS, 19) > own
    finally:
        child.terminate()
        child.join()
