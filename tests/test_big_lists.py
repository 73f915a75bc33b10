"""List pages over big tables: a count that stops at its cap and still pages, open complaints first, every list
query served by an index (PostgreSQL's plan read with sequential scans priced out)."""
import datetime
import json
import re

import pytest
from sqlalchemy import func, select, text

from app.models.complaints import Complaint, Status
from app.models.org import OrgNode
from app.views import lists
from tests.factories.complaints import make_complaint_row


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def count_line(page):
    return re.search(r"Jumlah Data:</strong>\s*([^<]*?)\s*</div>|Record Count:</strong>\s*([^<]*?)\s*</div>", page)


def test_a_long_list_counts_only_to_its_cap_and_still_pages(fresh, db, as_user, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_CAP", 3)
    dinkes = node(db, "JTG-DINKES")
    for n in range(12):
        make_complaint_row(dinkes, title=f"Keluhan berurutan {n:02d}")
    db.session.commit()
    in_scope = db.session.execute(select(func.count()).select_from(Complaint).join(OrgNode, Complaint.org_id == OrgNode.id)
                                  .where(OrgNode.path.startswith(dinkes.path))).scalar()
    client = as_user("penghubung.dinkes")

    first = client.get("/pengaduan/list/?psize_ComplaintView=2").get_data(as_text=True)
    # Two rows a page: counted up to five pages (10 rows), and page links up to there.
    assert count_line(first).group(1) == "lebih dari 10"
    assert "page_ComplaintView=4" in first and "page_ComplaintView=6" not in first

    last_page = (in_scope - 1) // 2
    last = client.get(f"/pengaduan/list/?psize_ComplaintView=2&page_ComplaintView={last_page}").get_data(as_text=True)
    assert count_line(last).group(1) == str(in_scope)  # near the end the count is exact again
    assert f"page_ComplaintView={last_page - 1}" in last  # and the previous page is a link

    client.get("/lang/en")
    english = client.get("/pengaduan/list/?psize_ComplaintView=2").get_data(as_text=True)
    assert count_line(english).group(2) == "more than 10"


def test_a_short_list_shows_its_exact_count(fresh, db, as_user):
    page = as_user("operator.rsud").get("/pengaduan/list/").get_data(as_text=True)
    rows = db.session.execute(select(func.count()).select_from(Complaint)
                              .where(Complaint.org_id == node(db, "JTG-RSUD-MOEWARDI").id)).scalar()
    assert count_line(page).group(1) == str(rows)


def test_the_complaint_list_opens_with_open_complaints_nearest_deadline_first(fresh, db, as_user):
    dinkes = node(db, "JTG-DINKES")
    finished = make_complaint_row(dinkes, status=Status.SELESAI, title="Sudah selesai kemarin",
                                  received_at=datetime.datetime(2025, 12, 30, 9), finished_at=datetime.datetime(2025, 12, 31, 9))
    later = make_complaint_row(dinkes, status=Status.DIPROSES, title="Tenggat kedua")
    sooner = make_complaint_row(dinkes, status=Status.DIPROSES, title="Tenggat pertama")
    finished.active_due = None
    sooner.active_due, later.active_due = datetime.date(2020, 1, 2), datetime.date(2020, 1, 3)
    db.session.commit()

    page = as_user("penghubung.dinkes").get("/pengaduan/list/?psize_ComplaintView=100").get_data(as_text=True)
    assert page.index("Tenggat pertama") < page.index("Tenggat kedua") < page.index("Sudah selesai kemarin")


# --- Every list query has an index to use ---------------------------------------------------------------------------
# The queries a list page runs (its rows and its capped count), by view and URL, as FAB builds them.
LIST_PAGES = [
    ("penghubung.dinkes", "/pengaduan/list/", "pantau_complaint"),
    ("penghubung.dinkes", "/pengaduan/list/?_flt_0_status=diproses", "pantau_complaint"),
    ("penghubung.dinkes", "/pengaduan/list/?_oc_ComplaintView=received_at&_od_ComplaintView=desc", "pantau_complaint"),
    ("admin.instansi", "/pengaduan/list/?_flt_0_active_due=1", "pantau_complaint"),
    ("penghubung.dinkes", "/antrean-pengaduan/list/", "pantau_complaint"),
    ("pimpinan", "/antrean-pengaduan/list/", "pantau_complaint"),
    ("operator.rsud", "/respondentview/list/", "pantau_skm_respondent"),
    ("admin.instansi", "/respondentview/list/?_oc_RespondentView=survey_date&_od_RespondentView=desc",
     "pantau_skm_respondent"),
    ("admin.instansi", "/fkpforumview/list/", "pantau_fkp_forum"),
    ("admin.instansi", "/fkpagreementview/list/", "pantau_fkp_agreement"),
    ("admin.instansi", "/auditlogview/list/", "pantau_audit_log"),
    ("admin.instansi", "/reportrunview/list/", "pantau_report_run"),
]


def seq_scans(plan):
    """The tables a PostgreSQL JSON plan reads by sequential scan."""
    found = []
    if plan.get("Node Type") == "Seq Scan":
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found.extend(seq_scans(child))
    return found


@pytest.fixture
def recorded_selects(app, db):
    """The SELECT statements (with their parameters) the app sends while the fixture is active."""
    from sqlalchemy import event

    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    yield statements
    event.remove(db.engine, "before_cursor_execute", record)


@pytest.mark.parametrize("username,url,table", LIST_PAGES)
def test_every_list_query_can_use_an_index(db, as_user, recorded_selects, username, url, table):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("reads PostgreSQL plans with sequential scans priced out (enable_seqscan); SQLite and MariaDB "
                    "have no such switch, and their plans on a small table say nothing about a big one")
    client = as_user(username)
    recorded_selects.clear()
    assert client.get(url).status_code == 200
    on_table = [(sql, params) for sql, params in recorded_selects if f"FROM {table}" in sql]
    assert on_table, f"{url} ran no query over {table}"
    with db.engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        for sql, params in on_table:
            raw = conn.connection.driver_connection.execute("EXPLAIN (FORMAT JSON) " + sql, params).fetchone()[0]
            plan = (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
            assert table not in seq_scans(plan), f"{url}: no index for\n{sql}"
