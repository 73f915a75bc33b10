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


@probe("ReportRunView.run_file")
def _run_files(app, client, username, world, visible):
    """A further file of a run (PDF, carried document): the run's scope only; another scope answers 404."""
    from app.extensions import db
    from app.models.reports import ReportFile, ReportRun

    for key, pk in world["rows"]["ReportRunView"].items():
        run = db.session.get(ReportRun, pk)
        row = run.files[0] if run.files else None
        if row is None:
            row = ReportFile(run=run, kind="laporan-skm", stored_name=run.stored_name, file_name="lampiran.docx",
                             mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", size=run.size or 1)
            db.session.add(row)
            db.session.commit()
        response = client.get(f"/reportrunview/file/{pk}/{row.id}")
        if _reachable(app, username, ReportRun, pk, key, visible):
            assert response.status_code == 200 and response.data.startswith(b"PK"), (username, key, response.status_code)
        else:
            assert response.status_code in (302, 403, 404), (username, key, response.status_code)
            assert not response.data.startswith(b"PK")


@probe("ReportRunView.queue_forum")
def _queue_forum(app, client, username, world, visible):
    """Queueing a forum document: a forum out of scope answers 404 and queues nothing; Pimpinan may not queue."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models.reports import ReportRun
    from tests.conftest import csrf_token

    token = csrf_token(client)
    for key, pk in world["rows"]["FkpForumView"].items():
        db.session.rollback()
        before = db.session.execute(select(func.count(ReportRun.id))).scalar_one()
        response = client.post(f"/reportrunview/forum/{pk}/berita-acara", data={"csrf_token": token})
        db.session.rollback()
        after = db.session.execute(select(func.count(ReportRun.id))).scalar_one()
        if key in visible and username != "pimpinan":
            assert response.status_code == 302 and "/reportrunview/show/" in response.headers["Location"], (username, key)
            assert after == before + 1
        else:
            assert response.status_code in (302, 400, 403, 404), (username, key, response.status_code)
            assert after == before


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
