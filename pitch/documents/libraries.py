"""Import WeasyPrint without the 0.15 s it spends looking for its libraries.

WeasyPrint opens GObject, Pango, HarfBuzz and fontconfig by trying several
names for each, one per platform. cffi hands every name that is not a file
to `ctypes.util.find_library`, which on Linux reads `ldconfig -p` and, when
the name is not there, compiles a test program with gcc and runs ld: 22
look-ups at each import, most of them misses, about 0.15 s of 0.4 s.

While WeasyPrint loads, `import_weasyprint` answers those look-ups from one
reading of the linker's cache, the first place find_library looks, so every
name it found before is found again, as the same library. A name the cache
lacks is a miss at once, and WeasyPrint goes on to its next name; among them
are the plain file names (libpango-1.0.so.0) that dlopen itself finds on
LD_LIBRARY_PATH. Where there is no ldconfig, nothing changes.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType

LDCONFIG = "/sbin/ldconfig"
ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
       "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}
"""The ABI ldconfig names for this machine, as ctypes.util reads it (the rest: libc6)."""


def import_weasyprint() -> ModuleType:
    """WeasyPrint, imported with its libraries found in the linker's cache."""
    if "weasyprint" not in sys.modules:
        with libraries_from_the_linker_cache():
            import weasyprint  # noqa: F401
    return sys.modules["weasyprint"]


@contextmanager
def libraries_from_the_linker_cache() -> Iterator[None]:
    """Within the block, `ctypes.util.find_library` reads `ldconfig -p` once, not per name."""
    find = linker_cache_finder()
    if find is None:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = find  # type: ignore[assignment]  # the same signature, as a closure
    try:
        yield
    finally:
        ctypes.util.find_library = original


def linker_cache_finder() -> Callable[[str], str | None] | None:
    """find_library's first step, on one reading of the cache; None without ldconfig."""
    if sys.platform != "linux":
        return None
    try:
        listing = subprocess.run([LDCONFIG, "-p"], capture_output=True, check=True,
                                 env={"LC_ALL": "C", "LANG": "C"}).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    abi = re.escape(ABI.get(os.uname().machine + bits, "libc6")).encode()

    def find(name: str) -> str | None:
        found = re.search(rb"\s+(lib" + re.escape(os.fsencode(name)) + rb"\.[^\s]+)\s+\(" + abi,
                          listing)
        return os.fsdecode(found[1]) if found else None

    return find
