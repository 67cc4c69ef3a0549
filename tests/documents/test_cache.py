"""The layout cache: what it serves is what a cold build makes, and nothing else.

Which documents a build laid out is read from its spans (PITCH_TIMINGS):
each layout in a worker records a "job: pitch" or "job: summary" span.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from pitch.build import BuildOptions, build, build_funders
from pitch.cli import main
from pitch.documents.cache import CACHE_FOLDER, SUFFIX, Entry, LayoutCache
from pitch.project import Project
from pitch.timings import TIMINGS_VARIABLE

DOCUMENTS = ("tiny-pitch-v0.1.0.pdf", "tiny-pitch-v0.1.0-summary.pdf", "tiny-pitch-v0.1.0.docx")


@pytest.fixture
def timings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the builds of a test record their spans."""
    path = tmp_path / "timings.jsonl"
    monkeypatch.setenv(TIMINGS_VARIABLE, str(path))
    return path


def _jobs(timings: Path) -> list[str]:
    """The PDFs laid out since the last call (pitch, summary), and forget them."""
    if not timings.exists():
        return []
    names = [json.loads(line)["name"] for line in timings.read_text().splitlines()]
    timings.unlink()
    return sorted(name.removeprefix("job: ") for name in names
                  if name in ("job: pitch", "job: summary"))


def _documents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in DOCUMENTS}


def _build(root: Path, out: str = "build", **options: object) -> None:
    build(Project(root), BuildOptions(out=root / out, **options))  # type: ignore[arg-type]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_documents_from_the_cache_are_byte_identical_to_a_cold_build(
    minimal_project: Path, timings: Path
) -> None:
    _build(minimal_project)
    assert _jobs(timings) == ["pitch", "summary"]
    strategy = minimal_project / "inputs" / "strategy.yaml"
    strategy.write_text(strategy.read_text() + "# a comment changes neither PDF\n")
    _build(minimal_project)
    assert _jobs(timings) == []
    _build(minimal_project, out="cold", cache=False)
    assert _jobs(timings) == ["pitch", "summary"]
    assert _documents(minimal_project / "build") == _documents(minimal_project / "cold")


def test_an_edit_seen_only_in_the_pitch_lays_out_only_the_pitch(
    minimal_project: Path, timings: Path
) -> None:
    _build(minimal_project)
    summary = (minimal_project / "build" / DOCUMENTS[1]).read_bytes()
    _jobs(timings)
    _edit(minimal_project / "inputs" / "strategy.yaml", "[Plan the workshop]",
          "[Plan the workshop with both groups]")
    _build(minimal_project)
    assert _jobs(timings) == ["pitch"]
    assert (minimal_project / "build" / DOCUMENTS[1]).read_bytes() == summary


def test_a_stylesheet_edit_lays_both_documents_out_again(
    minimal_project: Path, timings: Path
) -> None:
    """The HTML is the same, but a file the layout read changed: the entries are stale."""
    _build(minimal_project)
    _jobs(timings)
    stylesheet = minimal_project / "templates" / "pitch.css"
    stylesheet.write_text(stylesheet.read_text() + "\nh1 { letter-spacing: 0.01em }\n")
    _build(minimal_project)
    assert _jobs(timings) == ["pitch", "summary"]


def test_a_corrupt_or_foreign_entry_is_laid_out_again_and_replaced(
    minimal_project: Path, timings: Path
) -> None:
    _build(minimal_project)
    _jobs(timings)
    cold = _documents(minimal_project / "build")
    entries = {_kind(path): path for path in (minimal_project / "build" / CACHE_FOLDER).glob(f"*{SUFFIX}")}
    pitch, summary, docx = entries["pitch"], entries["summary"], entries["docx"]
    good = {path: path.read_bytes() for path in (pitch, docx)}
    pitch.write_bytes(good[pitch][:-100] + bytes(100))  # damaged
    docx.write_bytes(summary.read_bytes())  # another key's entry under the DOCX's name
    _build(minimal_project, out="again")
    assert _jobs(timings) == ["pitch"]
    assert _documents(minimal_project / "again") == cold
    assert {path: path.read_bytes() for path in (pitch, docx)} == good


def _kind(entry: Path) -> str:
    """What an entry holds, from its header: the charts' pictures, a DOCX, or a PDF of one
    page (the summary) or more (the pitch)."""
    details = json.loads(entry.read_bytes().split(b"\n")[1])["details"]
    if "lengths" in details:
        return "charts"
    if "pages" not in details:
        return "docx"
    return "summary" if details["pages"] == 1 else "pitch"


def test_no_cache_lays_out_everything_and_leaves_the_cache_as_it_was(
    minimal_project: Path, timings: Path
) -> None:
    _build(minimal_project)
    _jobs(timings)
    cache = minimal_project / "build" / CACHE_FOLDER
    before = {path.name: path.read_bytes() for path in cache.glob(f"*{SUFFIX}")}
    assert main(["--quiet", "build", str(minimal_project), "--no-cache"]) == 0
    assert _jobs(timings) == ["pitch", "summary"]
    assert {path.name: path.read_bytes() for path in cache.glob(f"*{SUFFIX}")} == before


def test_variants_with_the_same_summary_share_one_layout(
    minimal_project: Path, timings: Path
) -> None:
    funders = minimal_project / "inputs" / "funders"
    shutil.copy(funders / "small-fund.yaml", funders / "other-fund.yaml")
    _edit(funders / "other-fund.yaml", "pitch_pages: 8", "pitch_pages: 9")
    outcomes = dict(build_funders(Project(minimal_project), ["small-fund", "other-fund"],
                                  BuildOptions(out=minimal_project / "build")))
    assert all(not isinstance(outcome, Exception) for outcome in outcomes.values())
    assert _jobs(timings).count("summary") == 1
    summaries = {(minimal_project / "build" / funder / DOCUMENTS[1]).read_bytes()
                 for funder in outcomes}
    assert len(summaries) == 1


def test_an_entry_whose_bytes_or_key_or_files_changed_is_deleted(tmp_path: Path) -> None:
    read = tmp_path / "style.css"
    read.write_text("p { margin: 0 }")
    cache = LayoutCache(tmp_path / "cache", readable=(tmp_path,))
    read_then = {str(read): hashlib.sha256(read.read_bytes()).hexdigest()}
    cache.store("a" * 64, Entry(b"laid out", {"pages": 1}, read_then))
    cache.store("b" * 64, Entry(b"laid out", {"pages": 1}, read_then))
    assert cache.lookup("a" * 64) == Entry(b"laid out", {"pages": 1}, read_then)
    read.write_text("p { margin: 1em }")
    assert cache.lookup("b" * 64) is None  # a file it read has other bytes now
    read.write_text("p { margin: 0 }")
    entry = tmp_path / "cache" / f"{'a' * 64}{SUFFIX}"
    shutil.copy(entry, tmp_path / "cache" / f"{'c' * 64}{SUFFIX}")
    assert cache.lookup("c" * 64) is None  # written for another key
    entry.write_bytes(entry.read_bytes().replace(b"laid out", b"laid 0ut"))
    assert cache.lookup("a" * 64) is None  # its bytes changed
    elsewhere = LayoutCache(tmp_path / "cache", readable=(tmp_path / "project",))
    elsewhere.store("d" * 64, Entry(b"laid out", {"pages": 1}, read_then))
    assert elsewhere.lookup("d" * 64) is None  # it names a file outside the project
    assert sorted(path.name for path in (tmp_path / "cache").iterdir()) == []


def test_the_cache_stays_under_its_limit_dropping_the_entries_used_longest_ago(
    tmp_path: Path,
) -> None:
    cache = LayoutCache(tmp_path / "cache", limit=2_500)  # no files read: any folder will do
    for number, key in enumerate(("a", "b", "c")):
        cache.store(key * 64, Entry(bytes(1_000)))
        path = tmp_path / "cache" / f"{key * 64}{SUFFIX}"
        os.utime(path, ns=(number * 10**9, number * 10**9))
    cache.store("d" * 64, Entry(bytes(1_000)))
    kept = sorted(path.name[0] for path in (tmp_path / "cache").iterdir())
    assert kept == ["c", "d"]
    assert sum(path.stat().st_size for path in (tmp_path / "cache").iterdir()) <= 2_500


def test_a_file_the_layout_could_not_find_lays_it_out_again_once_it_is_there(
    minimal_project: Path, timings: Path
) -> None:
    """A missing picture is a warning; adding it later must not leave the cached PDF without it."""
    from PIL import Image

    stylesheet = minimal_project / "templates" / "pitch.css"
    stylesheet.write_text(stylesheet.read_text() + '\nbody { background-image: url("paper.png") }\n')
    _build(minimal_project)
    assert _jobs(timings) == ["pitch", "summary"]
    _build(minimal_project, out="again")
    assert _jobs(timings) == []  # still missing: the entries hold
    Image.new("RGB", (2, 2), "white").save(minimal_project / "templates" / "paper.png")
    _build(minimal_project)
    assert _jobs(timings) == ["pitch", "summary"]


def test_a_file_added_where_the_docx_reads_pictures_writes_the_docx_again(
    minimal_project: Path, timings: Path
) -> None:
    def docx_writes() -> int:
        names = [json.loads(line)["name"] for line in timings.read_text().splitlines()]
        timings.unlink()
        return names.count("docx write")

    _build(minimal_project)
    assert docx_writes() == 1
    _build(minimal_project, out="again")
    assert docx_writes() == 0
    (minimal_project / "inputs" / "logo.png").write_bytes(b"not used yet")
    _build(minimal_project, out="third")
    assert docx_writes() == 1


def _stored_templates(root: Path) -> list[Path]:
    return sorted((root / "build" / CACHE_FOLDER).glob("templates-*/*"))


def test_compiled_templates_are_kept_for_the_next_build_and_an_edit_is_seen(
    minimal_project: Path,
) -> None:
    _build(minimal_project)
    assert _stored_templates(minimal_project)
    html = minimal_project / "build" / "tiny-pitch-v0.1.0.html"
    template = minimal_project / "templates" / "pitch.html.j2"
    _edit(template, "{% block body %}", "{% block body %}<p>Seen at once.</p>")
    _build(minimal_project)
    assert "<p>Seen at once.</p>" in html.read_text()


def test_a_damaged_compiled_template_is_compiled_again(minimal_project: Path) -> None:
    _build(minimal_project)
    html = minimal_project / "build" / "tiny-pitch-v0.1.0.html"
    before = html.read_bytes()
    for stored in _stored_templates(minimal_project):
        stored.write_bytes(stored.read_bytes()[:40])  # cut short: magic and a broken pickle
    strategy = minimal_project / "inputs" / "strategy.yaml"
    strategy.write_text(strategy.read_text() + "# rebuild\n")
    _build(minimal_project)
    assert html.read_bytes() == before


def test_no_cache_keeps_no_compiled_templates(minimal_project: Path) -> None:
    _build(minimal_project, cache=False)
    assert not _stored_templates(minimal_project)


def test_templates_compiled_by_another_version_are_dropped(minimal_project: Path) -> None:
    leftover = minimal_project / "build" / CACHE_FOLDER / "templates-0123456789abcdef"
    leftover.mkdir(parents=True)
    (leftover / "old").write_bytes(b"compiled by an older pitch")
    _build(minimal_project)
    assert not leftover.exists()
    assert _stored_templates(minimal_project)


@pytest.fixture
def fingerprint_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process has not computed (nor learnt) the tools' fingerprint yet."""
    from pitch.documents import cache

    monkeypatch.setattr(cache, "_TOOLS", {})


def test_a_worker_that_cannot_compute_the_fingerprint_leaves_it_to_the_parent_with_the_same_keys(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch, fingerprint_unknown: None,
    timings: Path,
) -> None:
    from pitch.documents import cache

    _build(minimal_project)  # keys from the worker's fingerprint, or this process's
    assert _jobs(timings) == ["pitch", "summary"]
    monkeypatch.setattr(cache, "_TOOLS", {})
    parent, real = os.getpid(), cache.read_tool_fingerprint

    def only_here() -> dict[str, str]:
        if os.getpid() != parent:
            raise OSError("a worker that cannot read the packages' metadata")
        return real()

    monkeypatch.setattr(cache, "read_tool_fingerprint", only_here)
    strategy = minimal_project / "inputs" / "strategy.yaml"
    strategy.write_text(strategy.read_text() + "# a comment changes neither PDF\n")
    _build(minimal_project)  # keys from this process's own: the same, so nothing is laid out
    assert _jobs(timings) == []
    assert cache.tool_fingerprint() == real()
