"""Probes of the data subject's request pages and the backup screens."""
from tests.authz_probes import probe
from tests.conftest import csrf_token

SUBJECT_TIERS = ("admin", "admin.instansi")
NOBODY_NIK = "3374000000000000"


@probe("DataSubjectView.index", "DataSubjectView.search", "DataSubjectView.export", "DataSubjectView.anonymise")
def _subject_request(app, client, username, world, visible):
    """Only Admin Instansi (and Admin Sistem) reach the pages; every POST needs the CSRF token."""
    page = client.get("/data-pribadi/")
    token = csrf_token(client)
    form = {"identifier": NOBODY_NIK, "csrf_token": token}
    search = client.post("/data-pribadi/cari", data=form)
    export = client.post("/data-pribadi/ekspor", data=form)
    anonymise = client.post("/data-pribadi/anonimkan", data={**form, "confirm": "1"})
    if username in SUBJECT_TIERS:
        assert page.status_code == 200, (username, page.status_code)
        assert search.status_code == 200 and "0 pengaduan" in search.get_data(as_text=True)
        assert export.status_code == 200 and export.data.startswith(b"PK")
        assert anonymise.status_code == 200
        assert client.post("/data-pribadi/cari", data={"identifier": NOBODY_NIK}).status_code == 400
    else:
        for response in (page, search, export, anonymise):
            assert response.status_code in (302, 403), (username, response.status_code)
        assert not export.data.startswith(b"PK")


@probe("BackupScheduleView.list", "BackupRunView.list")
def _backup_screens(app, client, username, world, visible):
    """Backups are Admin Sistem's alone."""
    for url in ("/backupscheduleview/list/", "/backupscheduleview/add", "/backuprunview/list/"):
        response = client.get(url)
        if username == "admin":
            assert response.status_code == 200, (url, response.status_code)
        else:
            assert response.status_code in (302, 403), (username, url, response.status_code)
