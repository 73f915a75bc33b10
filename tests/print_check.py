"""Print check of a report workbook: convert it to PDF with LibreOffice, then read every word's box with
``pdftotext -bbox`` and report what an evaluator would reject on paper.

    python tests/print_check.py paket.xlsx [--keep DIR]

Checks: no printed text under 8 pt, no "###" (a number or date too wide for its column), the signature block
(from the place-and-date line to the NIP line) on one page, and no chart cut by a page break. LibreOffice prints a
chart that crosses a page break whole on both pages, clipped to each page's printable area: its words then lie in
the top or bottom margin, where only the footer belongs. Exit status 1 with the problems listed. The pytest
suite runs it on the demo package (tests/test_report_print.py).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from html.parser import HTMLParser

MIN_POINTS = 8.0
# A word's box is taller than the font's size: 1.30 x for Carlito (LibreOffice's Calibri), measured on the
# title (14 pt) and body (10 pt) lines of a printed sheet.
BOX_PER_POINT = 1.30
PLACE_LINE = re.compile(r"^[A-Z][\w .'-]*, \d{1,2} \w+ \d{4}$")
FOOTER_LINE = re.compile(r"Halaman \d+ dari \d+$")
POINTS_PER_INCH = 72


def to_pdf(xlsx, folder):
    """The PDF LibreOffice prints of ``xlsx`` (one conversion at a time: its own profile per process)."""
    profile = f"file:///tmp/lo-{os.getpid()}"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                    "--outdir", folder, xlsx], check=True, capture_output=True, timeout=300)
    return os.path.join(folder, os.path.splitext(os.path.basename(xlsx))[0] + ".pdf")


class _Words(HTMLParser):
    """Pages and words (text, height in points) of pdftotext -bbox output."""

    def __init__(self):
        super().__init__()
        self.pages, self.page_heights, self._word = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "page":
            self.pages.append([])
            self.page_heights.append(float(attrs["height"]))
        elif tag == "word":
            self._word = (float(attrs["ymin"]), float(attrs["ymax"]))

    def handle_data(self, data):
        if self._word is not None and data.strip():
            ymin, ymax = self._word
            self.pages[-1].append((data.strip(), ymax - ymin, ymin, ymax))

    def handle_endtag(self, tag):
        if tag == "word":
            self._word = None


def words_of(pdf):
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True, text=True).stdout
    parser = _Words()
    parser.feed(html)
    return parser.pages, parser.page_heights


def margins_of(xlsx):
    """The smallest top and bottom margins (points) of the workbook's sheets."""
    tops, bottoms = [], []
    with zipfile.ZipFile(xlsx) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                found = re.search(rb"<pageMargins [^>]*top=\"([\d.]+)\"[^>]*bottom=\"([\d.]+)\"", archive.read(name))
                if found:
                    tops.append(float(found.group(1)))
                    bottoms.append(float(found.group(2)))
    return (min(tops, default=0.75) * POINTS_PER_INCH, min(bottoms, default=0.75) * POINTS_PER_INCH)


def lines_of(page):
    """The page's words grouped into lines by their top edge, each line's text in reading order."""
    lines = {}
    for text, _height, top, _bottom in page:
        lines.setdefault(round(top), []).append(text)
    return [" ".join(words) for _top, words in sorted(lines.items())]


def clipped_lines(page, page_height, margins):
    """Lines of ``page`` printed in its top or bottom margin that are not the footer: a clipped chart's words."""
    top_margin, bottom_margin = margins
    outside = [word for word in page if word[2] < top_margin - 1 or word[3] > page_height - bottom_margin + 1]
    return [line for line in lines_of(outside) if not FOOTER_LINE.search(line)]


def problems_of(pages, page_heights=None, margins=None):
    problems = []
    for number, page in enumerate(pages, start=1):
        if margins is not None:
            clipped = clipped_lines(page, page_heights[number - 1], margins)
            if clipped:
                problems.append(f"halaman {number}: grafik terpotong batas halaman: {' / '.join(clipped[:3])!r}")
        for text, height, _top, _bottom in page:
            points = height / BOX_PER_POINT
            if points < MIN_POINTS - 0.05:
                problems.append(f"halaman {number}: teks {points:.1f} pt < {MIN_POINTS:g} pt: {text!r}")
            if "###" in text:
                problems.append(f"halaman {number}: '###' (kolom terlalu sempit)")
        lines = lines_of(page)
        for index, line in enumerate(lines):
            if PLACE_LINE.match(line) and not any(l.startswith("NIP ") for l in lines[index + 1:index + 8]):
                problems.append(f"halaman {number}: blok tanda tangan terpotong setelah {line!r}")
    return problems


def check(xlsx, keep=None):
    """Problems found in the printout of ``xlsx`` (an empty list when it prints well), and the page count."""
    folder = keep or tempfile.mkdtemp(prefix="pantau-print-")
    try:
        pages, heights = words_of(to_pdf(os.path.abspath(xlsx), folder))
        return problems_of(pages, heights, margins_of(xlsx)), len(pages)
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xlsx")
    parser.add_argument("--keep", help="folder for the PDF (kept)")
    args = parser.parse_args(argv)
    problems, pages = check(args.xlsx, args.keep)
    for problem in problems:
        print(problem)
    print(f"{pages} halaman; {len(problems)} masalah")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
