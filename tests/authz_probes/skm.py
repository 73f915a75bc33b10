"""Probes of the SKM pages beyond CRUD: results, entry, import, questionnaire, export, poster, QR, files."""
import io

from sqlalchemy import func, select

from tests.authz_probes import probe

DENIED = (302, 403, 404)
# Tiers whose role may use each page at all (Pimpinan reads only).
READERS = {"admin", "admin.instansi", "pimpinan", "penghubung.dinkes", "operator.rsud", "tanpa.node"}
WRITERS = READERS - {"pimpinan"}


def _respondents(db, period_id):
    from app.models.skm import Respondent

    db.session.commit()  # a new transaction sees the request's writes (MariaDB snapshots)
    return db.session.execute(select(func.count(Respondent.id)).where(Respondent.period_id == period_id)).scalar_one()


@probe("SkmPageView.results", "SkmPageView.export", "SkmPageView.poster", "SkmPageView.qr")
def _read_pages(app, client, username, world, visible):
    """Results, export, poster and QR of a period: 200 in scope, refused out of scope."""
    for key, pk in world["rows"]["SurveyPeriodView"].items():
        for url in (f"/skm/periode/{pk}/hasil", f"/skm/periode/{pk}/ekspor", f"/skm/periode/{pk}/poster",
                    f"/skm/periode/{pk}/qr.png"):
            status = client.get(url).status_code
            if key in visible:
                assert status == 200, (username, key, url, status)
            else:
                assert status in DENIED, f"{username} reaches out-of-scope {url} ({status})"


@probe("SkmPageView.entry", "SkmPageView.import_file", "SkmPageView.questionnaire")
def _write_pages(app, client, username, world, visible):
    """Entry, import and questionnaire: usable in scope by the writing tiers; out of scope nothing is written."""
    from app.extensions import db
    from tests.conftest import csrf_token

    for key, pk in world["rows"]["SurveyPeriodView"].items():
        for url in (f"/skm/periode/{pk}/isi", f"/skm/periode/{pk}/impor", f"/skm/periode/{pk}/kuesioner"):
            status = client.get(url).status_code
            if key in visible and username in WRITERS:
                assert status == 200, (username, key, url, status)
            else:
                assert status in DENIED, f"{username} reaches {url} ({status})"
        if key in visible and username in WRITERS:
            continue
        token = csrf_token(client)
        before = _respondents(db, pk)
        answers = {f"u_{code}": "4" for code in ("PERSYARATAN", "PROSEDUR", "WAKTU")}
        response = client.post(f"/skm/periode/{pk}/isi", data={"csrf_token": token, **answers})
        assert response.status_code in DENIED, (username, key, response.status_code)
        csv = b"persyaratan,prosedur\n4,4\n"
        response = client.post(f"/skm/periode/{pk}/impor", data={"csrf_token": token, "file": (io.BytesIO(csv), "a.csv")},
                               content_type="multipart/form-data")
        assert response.status_code in DENIED, (username, key, response.status_code)
        response = client.post(f"/skm/periode/{pk}/kuesioner", data={"csrf_token": token, "code_9": "X", "name_9": "X"})
        assert response.status_code in DENIED
        assert _respondents(db, pk) == before, f"{username} wrote respondents into out-of-scope period {pk}"


@probe("SkmPageView.evidence", "SkmPageView.evidence_upload", "SkmPageView.publication_file",
       "SkmPageView.publication_upload")
def _files(app, client, username, world, visible):
    """Evidence and publication files: downloaded in scope only; uploads out of scope refused and not stored."""
    from app.extensions import db
    from app.models.skm import FollowUpAction, Publication
    from tests.conftest import csrf_token

    for view, model, attr, path in (("FollowUpView", FollowUpAction, "evidence_file", "rtl/{pk}/bukti"),
                                    ("PublicationView", Publication, "file", "publikasi/{pk}/berkas")):
        for key, pk in world["rows"][view].items():
            url = "/skm/" + path.format(pk=pk)
            response = client.get(url)
            if key in visible:
                assert response.status_code == 200 and response.data.startswith(b"%PDF"), (username, url)
                continue
            assert response.status_code in DENIED, f"{username} downloads out-of-scope {url}"
            before = getattr(db.session.get(model, pk), attr)
            response = client.post(url, data={"csrf_token": csrf_token(client),
                                              "file": (io.BytesIO(b"%PDF-1.4 lain"), "lain.pdf")},
                                   content_type="multipart/form-data")
            assert response.status_code in DENIED, (username, url, response.status_code)
            db.session.commit()  # a new transaction sees the request's writes (MariaDB snapshots)
            assert getattr(db.session.get(model, pk), attr) == before, f"{username} replaced the file of {url}"
