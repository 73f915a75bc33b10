"""Probes of the Word templates screen: only the instansi's Admin Instansi and Admin Sistem; another instansi is 404."""
import io

from tests.authz_probes import probe

DENIED = (302, 403, 404)
# Who manages which instansi's templates.
MANAGES = {"admin": {"JATENG", "SMG"}, "admin.instansi": {"JATENG"}}


@probe("DocumentTemplateView.index", "DocumentTemplateView.show", "DocumentTemplateView.default_file",
       "DocumentTemplateView.current_file", "DocumentTemplateView.upload", "DocumentTemplateView.restore",
       "DocumentTemplateView.settings")
def _templates(app, client, username, world, visible):
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models.documents import DocumentSetting, DocumentTemplate
    from tests.conftest import csrf_token

    index = client.get("/documenttemplates/")
    assert index.status_code in ((200, 302) if username in MANAGES else DENIED), (username, index.status_code)
    token = csrf_token(client)
    for code in ("JATENG", "SMG"):
        allowed = code in MANAGES.get(username, set())
        for url in (f"/documenttemplates/{code}", f"/documenttemplates/{code}/default/berita-acara",
                    f"/documenttemplates/{code}/current/rekap-sp4n"):
            response = client.get(url)
            if allowed:
                assert response.status_code == 200, (username, url, response.status_code)
            else:
                assert response.status_code in DENIED, (username, url, response.status_code)
                assert not response.data.startswith(b"PK")
        if allowed:
            continue
        before = db.session.execute(select(func.count(DocumentTemplate.id))).scalar_one()
        settings_before = db.session.execute(select(func.count(DocumentSetting.id))).scalar_one()
        responses = [
            client.post(f"/documenttemplates/{code}/upload/berita-acara", content_type="multipart/form-data",
                        data={"csrf_token": token, "file": (io.BytesIO(b"PK\x03\x04"), "x.docx")}),
            client.post(f"/documenttemplates/{code}/restore/berita-acara", data={"csrf_token": token}),
            client.post(f"/documenttemplates/{code}/settings", data={"csrf_token": token, "number_pattern": "{seq}"}),
        ]
        assert all(r.status_code in DENIED for r in responses), (username, code, [r.status_code for r in responses])
        db.session.rollback()
        assert db.session.execute(select(func.count(DocumentTemplate.id))).scalar_one() == before
        assert db.session.execute(select(func.count(DocumentSetting.id))).scalar_one() == settings_before
