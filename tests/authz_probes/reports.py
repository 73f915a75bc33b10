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
