"""Print an HTML page to PDF with a headless Chromium, when one is installed.

Chromium is no dependency: it is a system package (`apt-get install chromium`) that many
machines have, and without it the HTML page prints from any browser. The PDF is written
atomically; Chromium runs with a fresh profile and no network features.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import OutputError, ToolError

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    """A headless-capable Chromium on PATH, or None."""
    for name in _BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_path: Path, pdf_path: Path, *, browser: str | None = None,
              timeout: float = 60.0) -> None:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (atomically)."""
    exe = browser or find_browser()
    if exe is None:
        raise ToolError("PDF output needs Chromium (apt-get install chromium); the HTML page "
                        "prints to PDF from any browser too")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="crosspost-chromium-") as profile:
        partial = pdf_path.with_name(f".{pdf_path.name}.{os.getpid()}.partial")
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={profile}", "--no-pdf-header-footer",
                f"--print-to-pdf={partial}", html_path.resolve().as_uri()]
        try:
            subprocess.run(args, capture_output=True, timeout=timeout, check=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise ToolError(f"Chromium could not print the canvas to PDF: {exc}") from None
        if not partial.is_file() or partial.stat().st_size == 0:
            partial.unlink(missing_ok=True)
            raise ToolError("Chromium wrote no PDF")
        try:
            os.replace(partial, pdf_path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise OutputError(f"could not write {pdf_path}: {exc.strerror or exc}") from None
