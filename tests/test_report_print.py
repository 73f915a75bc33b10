"""The demo package prints on A4 as an evaluator needs it: no text under 8 pt, no "###", the signature block
on one page (tests/print_check.py, LibreOffice and poppler). Skipped only where soffice is missing outside CI."""
import datetime
import os
import shutil
import zipfile

import pytest
from sqlalchemy import select

from tests import print_check

NEEDS_PRINTER = not (shutil.which("soffice") and shutil.which("pdftotext"))


@pytest.mark.skipif(NEEDS_PRINTER and not os.environ.get("CI"), reason="LibreOffice or poppler-utils not installed")
def test_the_demo_package_prints_without_small_text_hashes_or_split_signatures(fresh, db, tmp_path):
    from app.demo_records import load_demo_records
    from app.models.org import OrgNode
    from app.reports.catalogues import seed_catalogues
    from app.reports.runs import build_now

    load_demo_records(today=datetime.date(2026, 7, 6))
    seed_catalogues()
    db.session.commit()
    jateng = db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()
    path = tmp_path / "paket_JATENG_2026-H1.xlsx"
    summary = build_now("paket", jateng, "2026-H1", str(path))
    assert summary["as_of"] == "Keadaan per 30 Juni 2026"
    problems, pages = print_check.check(str(path), keep=os.environ.get("PANTAU_PRINT_KEEP"))
    assert pages > 1
    assert problems == []


def _chart_below_a_page_of_rows(path, keep):
    """A landscape sheet of 26 rows (390 pt) and a chart (243 pt) below them: together more than one page."""
    from app.reports.layout import bar_chart
    from app.xlsx import open_workbook, print_setup, write_table

    workbook = open_workbook(str(path))
    sheet = workbook.add_worksheet("Grafik")
    print_setup(sheet, title="Uji grafik")
    formats = workbook.pantau_formats
    next_row = write_table(sheet, [("Unit", None), ("Nilai", "int")], [(f"Unit {i}", i) for i in range(1, 26)], formats)
    bar_chart(workbook, sheet, "Grafik", 1, 25, 0, 1, "Nilai per unit", next_row, largest=25)
    if not keep:
        sheet.pantau_keep.clear()
    workbook.close()
    return next_row


@pytest.mark.skipif(NEEDS_PRINTER and not os.environ.get("CI"), reason="LibreOffice or poppler-utils not installed")
def test_a_chart_that_would_cross_a_page_end_starts_the_next_page_and_a_cut_chart_is_reported(app, tmp_path):
    with app.test_request_context():
        row = _chart_below_a_page_of_rows(tmp_path / "utuh.xlsx", keep=True)
        _chart_below_a_page_of_rows(tmp_path / "terpotong.xlsx", keep=False)
    with zipfile.ZipFile(tmp_path / "utuh.xlsx") as archive:
        assert f'<brk id="{row}"' in archive.read("xl/worksheets/sheet1.xml").decode()

    problems, pages = print_check.check(str(tmp_path / "utuh.xlsx"))
    assert (problems, pages) == ([], 2)
    problems, pages = print_check.check(str(tmp_path / "terpotong.xlsx"))
    assert pages == 2
    assert [p.split(":")[0] for p in problems] == ["halaman 1", "halaman 2"]
    assert all("grafik terpotong" in p for p in problems)
