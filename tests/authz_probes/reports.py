"""Probes of the report run status JSON, the report download and the MCP evidence download."""
from tests.authz_probes import probe


def _reachable(app, username, model, pk, key, visible):
    from app.extensions import db
    from app.scope import Scope

    if key not in visible:
        return False
    if username == "admin":
        return True
    return Scope.of_user(app.appbuilder.sm.find_user(username=username)).contains(db.session.get(model, pk))


@probe("ReportRunView.status", "ReportRunView.report_file")
def _report_runs(app, client, username, world, visible):
    """Status JSON and file of a run: the user's own scope only; another scope's run answers 404 (no data)."""
    from app.models.reports import ReportRun

    for key, pk in world["rows"]["ReportRunView"].items():
        status = client.get(f"/reportrunview/status/{pk}")
        download = client.get(f"/reportrunview/file/{pk}")
        if _reachable(app, username, ReportRun, pk, key, visible):
            assert status.status_code == 200, (username, key, status.status_code)
            assert status.get_json()["id"] == pk
            assert download.status_code == 200 and download.data.startswith(b"PK"), (username, key)
        else:
            assert status.status_code in (302, 403, 404), (username, key, status.status_code)
            assert b'"status"' not in status.data
            assert download.status_code in (302, 403, 404), (username, key, download.status_code)
            assert not download.data.startswith(b"PK")


@probe("McpEvidenceView.evidence_file")
def _mcp_evidence(app, client, username, world, visible):
    """Evidence files: Admin Instansi and Pimpinan of the instansi (and Admin Sistem); 404 for another instansi."""
    from app.models.reports import McpEvidence

    for key, pk in world["rows"]["McpEvidenceView"].items():
        response = client.get(f"/mcpevidenceview/file/{pk}")
        allowed = username in ("admin", "admin.instansi", "pimpinan")
        if allowed and _reachable(app, username, McpEvidence, pk, key, visible):
            assert response.status_code == 200 and response.data.startswith(b"%PDF"), (username, key, response.status_code)
        else:
            assert response.status_code in (302, 403, 404), (username, key, response.status_code)
            assert not response.data.startswith(b"%PDF")


@probe("BackgroundRunView.page", "BackgroundRunView.status", "BackgroundRunView.result_file")
def _background_runs(app, client, username, world, visible):
    """A background export is its requester's alone: Admin Instansi's own run in scope answers; every other user,
    even one whose scope covers the node (Admin Sistem, Pimpinan), and the report-run screens get 404."""
    from app.extensions import db
    from app.models.reports import ReportRun, RunStatus
    from tests.factories.reports import stored_file

    owner = app.appbuilder.sm.find_user(username="admin.instansi")
    runs = {}
    for key, unit_id in world["units"].items():
        run = ReportRun(kind="ekspor_skm", org_id=unit_id, period_code="-", language="id", status=RunStatus.DONE,
                        requested_by_id=owner.id, stored_name=stored_file(), file_name="skm.xlsx", size=20,
                        params={"file_name": "skm.xlsx"}, progress_done=5, progress_total=5)
        db.session.add(run)
        db.session.flush()
        runs[key] = run.id
    db.session.commit()
    try:
        for key, pk in runs.items():
            page, status = client.get(f"/proses/{pk}"), client.get(f"/proses/{pk}/status")
            download = client.get(f"/proses/{pk}/berkas")
            if username == "admin.instansi" and key in visible:
                assert page.status_code == 200 and "baris 5 dari 5" in page.get_data(as_text=True), (username, key)
                assert status.get_json()["id"] == pk
                assert download.status_code == 200 and download.data.startswith(b"PK"), (username, key)
            else:
                for response in (page, status, download):
                    assert response.status_code in (302, 403, 404), (username, key, response.status_code)
                    assert not response.data.startswith(b"PK") and b"baris 5" not in response.data
            for url in (f"/reportrunview/status/{pk}", f"/reportrunview/file/{pk}", f"/reportrunview/show/{pk}"):
                assert client.get(url).status_code in (302, 403, 404), (username, url)
    finally:
        db.session.rollback()
        for pk in runs.values():
            db.session.delete(db.session.get(ReportRun, pk))
        db.session.commit()
