"""Importing WeasyPrint with its libraries found in the linker's cache: the same libraries, sooner."""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pitch.documents.libraries import libraries_from_the_linker_cache, linker_cache_finder

pytestmark = pytest.mark.skipif(not Path("/sbin/ldconfig").exists(), reason="needs glibc's ldconfig")

LOADED = """
import json, sys
from pathlib import Path
{import_line}
from weasyprint.text import ffi
names = ("gobject", "pango-", "pangoft2", "harfbuzz", "fontconfig")
maps = Path("/proc/self/maps").read_text().splitlines()
loaded = sorted({{line.split()[-1] for line in maps
                 if ".so" in line and any("lib" + name in line for name in names)}})
print(json.dumps({{"loaded": loaded, "subset": ffi.harfbuzz_subset is not None}}))
"""


def _loaded(import_line: str) -> dict[str, object]:
    script = LOADED.format(import_line=import_line)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    return dict(json.loads(result.stdout))


def test_the_cache_finds_what_find_library_finds_and_misses_what_it_misses() -> None:
    find = linker_cache_finder()
    assert find is not None
    for name in ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0", "c"):
        assert find(name) == ctypes.util.find_library(name), name
    assert find("harfbuzz") == "libharfbuzz.so.0"  # not libharfbuzz-subset, which starts alike
    assert find("no-such-library-anywhere") is None
    assert find("libgobject-2.0-0") is None  # WeasyPrint's first guess, a Windows name


def test_weasyprint_loads_the_same_libraries_as_a_plain_import() -> None:
    plain = _loaded("import weasyprint")
    fast = _loaded("from pitch.documents.libraries import import_weasyprint; import_weasyprint()")
    assert fast == plain
    assert any("libpango-1.0" in path for path in fast["loaded"])  # type: ignore[attr-defined]


def test_the_import_compiles_nothing_with_gcc() -> None:
    # A plain import asks gcc for each name ldconfig lacks: most of WeasyPrint's guesses.
    refuse_gcc = ("import ctypes.util, sys\n"
                  "def gcc(name): sys.exit(f'asked gcc for {name}')\n"
                  "ctypes.util._findLib_gcc = gcc\n")
    fast = subprocess.run([sys.executable, "-c", refuse_gcc + "from pitch.documents.libraries "
                           "import import_weasyprint; import_weasyprint()"],
                          capture_output=True, text=True)
    assert fast.returncode == 0, fast.stderr
    plain = subprocess.run([sys.executable, "-c", refuse_gcc + "import weasyprint"],
                           capture_output=True, text=True)
    assert plain.returncode == 1 and "asked gcc for" in plain.stderr


def test_find_library_is_itself_again_after_the_block() -> None:
    original = ctypes.util.find_library
    with libraries_from_the_linker_cache():
        assert ctypes.util.find_library is not original
    assert ctypes.util.find_library is original
