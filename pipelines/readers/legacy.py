"""Legacy Word (.doc), WPS (.wps) and RTF files: converted to .docx by
LibreOffice in headless mode, then read by the .docx reader.

Each conversion runs with its own LibreOffice user profile in a fresh
temporary folder, so parallel conversions never share a lock, and with a
time limit. The Document keeps the source format ("doc"/"wps").
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipelines.model import ReportError
from pipelines.readers.base import Document

#: Seconds one conversion may take.
TIMEOUT = 90


def find_soffice() -> str | None:
    """Path of LibreOffice's soffice (env NIANBAO_SOFFICE overrides), or None."""
    override = os.environ.get("NIANBAO_SOFFICE")
    if override is not None:
        return override if override and Path(override).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


#: LibreOffice import filter per detected content. Naming it stops soffice
#: from falling back to its plain-text import for a damaged file.
_INFILTER = {"ole": "MS Word 97", "rtf": "Rich Text Format"}


def _kill_group(proc: subprocess.Popen) -> None:
    """End a conversion that ran over time, with the processes it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def _infilter(data: bytes, content: str) -> list[str]:
    """The import filter to force: Word 97 only when the OLE file has a
    WordDocument stream (a Kingsoft WPS file without one is left to soffice)."""
    if content == "ole" and "WordDocument".encode("utf-16-le") not in data[:2_000_000]:
        return []
    return [f"--infilter={_INFILTER[content]}"]


def read(path: str, data: bytes, fmt: str = "doc", content: str = "ole") -> Document:
    """Convert with soffice and read the resulting .docx. ``fmt`` is the format
    reported (doc/wps), ``content`` what the bytes are (ole or rtf)."""
    from pipelines.readers import docx

    soffice = find_soffice()
    name = os.path.basename(path) or "report"
    if soffice is None:
        raise ReportError(path, "converter_missing", f"LibreOffice (soffice) is not installed; cannot convert {name}")
    with tempfile.TemporaryDirectory(prefix="nianbao-soffice-") as tmp:
        src = Path(tmp) / ("input" + (".rtf" if content == "rtf" else ".wps" if fmt == "wps" else ".doc"))
        src.write_bytes(data)
        out = Path(tmp) / "out"
        profile = Path(tmp) / "profile"
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", *_infilter(data, content), "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env={**os.environ, "HOME": tmp}, start_new_session=True)
        except OSError as err:
            raise ReportError(path, "converter_missing", f"LibreOffice (soffice) cannot be started ({err}); cannot convert {name}") from err
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as err:
            _kill_group(proc)  # soffice.bin runs as a child of the soffice script: end the whole group
            raise ReportError(path, "timeout", f"LibreOffice did not convert {name} within {TIMEOUT} s") from err
        result = out / "input.docx"
        if not result.exists():
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            hint = detail[-1] if detail else f"exit code {proc.returncode}"
            raise ReportError(path, "unreadable", f"LibreOffice could not convert {name} to .docx: {hint}"[:300])
        converted = result.read_bytes()
    doc = docx.read(path, converted, fmt=fmt)
    doc.meta["converted_with"] = "soffice"
    doc.meta["extractor"] = "soffice→docx-xml"
    return doc
