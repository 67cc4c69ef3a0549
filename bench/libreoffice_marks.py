"""How many value marks of a built DOCX survive a LibreOffice round trip with their text intact.

    .venv/bin/python bench/libreoffice_marks.py build/coalition-pitch-v1.0.0.docx
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pitch.roundtrip.docx_file import open_reviewed


def main(docx: Path) -> None:
    """Convert `docx` with soffice --headless --convert-to docx, and count the marks still mapped."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(docx, work / docx.name)
        subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                        "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                        str(work / "out"), str(work / docx.name)], check=True, capture_output=True)
        before, after = open_reviewed(docx), open_reviewed(work / "out" / docx.name)
    total = len(before.record.marks)
    found = sum(mark.number in after.document.marks for mark in after.record.marks)
    intact = sum(mark.number in after.document.marks and
                 after.document.marks[mark.number].markdown(accept_changes=True, block=mark.block) == mark.built
                 for mark in after.record.marks)
    print(f"{total} values marked; after LibreOffice: {found} marks found, "
          f"{intact} with their text intact ({intact / total:.1%}); build record kept: "
          f"{after.record.marks == before.record.marks}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
