"""What an MCP/MCSP evidence row must satisfy, as a function returning problems.

The screen calls it through its ``rules``, as any further door must. A report
request and a schedule are checked by ``app/reports/runs.check_request`` and
``app/reports/schedules.validate``, which every door of theirs already calls.
"""
from flask_babel import lazy_gettext as _l

from app.reports.catalogues import is_pantau_path

FOREIGN_RUN = _l("Laporan yang ditautkan harus milik instansi yang sama.")


def evidence_problems(evidence):
    """Evidence links only a report of its own instansi, and only a page inside Pantau."""
    problems = []
    if evidence.report_run is not None and (evidence.instansi is None
                                            or evidence.report_run.org.instansi.id != evidence.instansi.id):
        problems.append(FOREIGN_RUN)
    if evidence.record_link and not is_pantau_path(evidence.record_link):
        problems.append(_l("Tautan data Pantau harus berupa alamat di dalam Pantau, diawali '/'."))
    return problems
