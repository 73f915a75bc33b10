"""Probe of the password-reset form for other users."""
from tests.authz_probes import probe


@probe("PantauResetPasswordView.this_form_get", "PantauResetPasswordView.this_form_post")
def _reset_password(app, client, username, world, visible):
    """Resetting another user's password: only users in scope; out of scope answers 404 and changes nothing."""
    from app.extensions import db
    from app.models.user import PantauUser
    from tests.conftest import csrf_token

    for key, pk in world["rows"]["PantauUserView"].items():
        page = client.get(f"/resetpassword/form?pk={pk}")
        if key in visible and username in ("admin", "admin.instansi"):
            assert page.status_code == 200, (username, key)
            continue
        assert page.status_code in (302, 403, 404), (username, key, page.status_code)
        before = db.session.get(PantauUser, pk).password
        token = csrf_token(client)
        client.post(
            f"/resetpassword/form?pk={pk}",
            data={"password": "Baru#12345678", "conf_password": "Baru#12345678", "csrf_token": token},
        )
        db.session.rollback()
        assert db.session.get(PantauUser, pk).password == before, f"{username} reset the password of user {pk}"
