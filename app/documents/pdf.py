"""PDF copies of the Word documents through LibreOffice, headless; only the scheduler process and scripts call this.

Debian package: ``libreoffice-writer-nogui`` (``apt-get install libreoffice-writer-nogui``). Without ``soffice``
on the PATH the documents stay Word-only and the run page says how to install it.
"""
import os
import shutil
import subprocess
import tempfile

INSTALL_HINT = "apt-get install libreoffice-writer-nogui"
TIMEOUT_SECONDS = 180


class ConversionFailed(RuntimeError):
    """LibreOffice did not produce a PDF; the message holds what it said."""


def soffice():
    """The path of LibreOffice's ``soffice``, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx_path, pdf_path):
    """Convert ``docx_path`` to ``pdf_path`` with a private LibreOffice profile (its profile lock is per process)."""
    program = soffice()
    if program is None:
        raise ConversionFailed(f"soffice not found; install it with: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="pantau-lo-") as work:
        profile = os.path.join(work, "profile")
        source = os.path.join(work, "document.docx")
        shutil.copyfile(docx_path, source)
        result = subprocess.run(
            [program, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", work, source],
            capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
        )
        produced = os.path.join(work, "document.pdf")
        if result.returncode != 0 or not os.path.exists(produced) or os.path.getsize(produced) == 0:
            raise ConversionFailed(f"soffice exit {result.returncode}: {(result.stderr or result.stdout).strip()[:500]}")
        shutil.move(produced, pdf_path)
    return pdf_path
