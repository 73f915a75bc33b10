"""The demo package prints on A4 as an evaluator needs it: no text under 8 pt, no "###", the signature block
on one page (tests/print_check.py, LibreOffice and poppler). Skipped only where soffice is missing outside CI."""
import datetime
import os
import shutil

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
