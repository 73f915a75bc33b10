"""Two-factor login (TOTP): enrolment with a QR code, the code step at login, one-time recovery codes, enforcement."""
import datetime
import re

import pyotp
from sqlalchemy import select

from app.demo import DEMO_PASSWORD
from app.models.audit import AuditLog
from app.models.user import PantauUser, RecoveryCode
from tests.conftest import csrf_token, login

START = datetime.datetime(2026, 5, 4, 2, 0, tzinfo=datetime.timezone.utc)


def user(db, username):
    db.session.rollback()
    return db.session.execute(select(PantauUser).where(PantauUser.username == username)).scalar_one()


def enrol(client, clock):
    """Enrol the logged-in user of ``client``: the secret read off the page, and the recovery codes shown."""
    page = client.get("/dua-faktor/daftar").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'id="pantau-totp-secret">([A-Z2-7]+)<', page).group(1)
    done = client.post("/dua-faktor/daftar", data={"code": pyotp.TOTP(secret).at(clock.now()),
                                                   "csrf_token": csrf_token(client, "/dua-faktor/daftar")})
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    codes = re.findall(r"<li>([0-9a-f]{6}-[0-9a-f]{6})</li>", done.get_data(as_text=True))
    return secret, codes


def code_step(client, code):
    return client.post("/login/kode/", data={"code": code, "csrf_token": csrf_token(client, "/login/kode/")})


def reaches_complaints(client):
    return client.get("/pengaduan/list/").status_code == 200


def test_enrolment_shows_a_qr_code_and_switches_on_after_one_matching_code(fresh, app, db, as_user, clock):
    clock.set(START)
    client = as_user("admin.instansi")
    page = client.get("/dua-faktor/daftar").get_data(as_text=True)
    secret = re.search(r'id="pantau-totp-secret">([A-Z2-7]+)<', page).group(1)
    wrong = client.post("/dua-faktor/daftar", data={"code": "000000", "csrf_token": csrf_token(client, "/dua-faktor/daftar")},
                        follow_redirects=True)
    assert "Kode salah atau sudah dipakai" in wrong.get_data(as_text=True)
    assert user(db, "admin.instansi").totp_confirmed_at is None
    secret_again, codes = enrol(client, clock)
    assert secret_again == secret  # the QR code scanned before is the one confirmed
    account = user(db, "admin.instansi")
    assert account.totp_secret == secret and account.totp_confirmed_at is not None
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db.session.execute(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == account.id)).scalars().all()
    assert len(stored) == 10 and not set(codes) & set(stored)
    events = db.session.execute(select(AuditLog).where(AuditLog.username == "admin.instansi")).scalars().all()
    assert "totp_enabled" in [e.event for e in events]
    assert all(secret not in str(e.changes) for e in events)


def test_login_asks_the_code_after_the_password_and_accepts_each_code_once(fresh, app, db, as_user, clock):
    clock.set(START)
    secret, _codes = enrol(as_user("admin.instansi"), clock)
    clock.set(START + datetime.timedelta(minutes=2))
    client = app.test_client()
    response = login(client, "admin.instansi")
    assert response.headers["Location"].endswith("/login/kode/")
    assert not reaches_complaints(client)
    code = pyotp.TOTP(secret).at(clock.now())
    assert code_step(client, code).headers["Location"] == "/"
    assert reaches_complaints(client)
    replay = app.test_client()
    login(replay, "admin.instansi")
    code_step(replay, code)
    assert not reaches_complaints(replay)
    clock.set(START + datetime.timedelta(minutes=3))
    code_step(replay, pyotp.TOTP(secret).at(clock.now()))
    assert reaches_complaints(replay)


def test_a_recovery_code_logs_in_once(fresh, app, db, as_user, clock):
    clock.set(START)
    _secret, codes = enrol(as_user("admin.instansi"), clock)
    client = app.test_client()
    login(client, "admin.instansi")
    answer = code_step(client, codes[3])
    assert answer.headers["Location"] == "/"
    assert "sisa 9 kode" in client.get("/").get_data(as_text=True)
    again = app.test_client()
    login(again, "admin.instansi")
    code_step(again, codes[3])
    assert not reaches_complaints(again)
    assert "recovery_code_used" in db.session.execute(select(AuditLog.event)).scalars().all()


def test_wrong_codes_count_towards_the_account_lock_out(fresh, app, db, as_user, clock):
    clock.set(START)
    secret, _codes = enrol(as_user("admin.instansi"), clock)
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login(client, "admin.instansi")
        code_step(client, "123456")
    login(client, "admin.instansi")
    clock.set(START + datetime.timedelta(minutes=1))
    code_step(client, pyotp.TOTP(secret).at(clock.now()))
    assert not reaches_complaints(client)
    assert "login_locked" in db.session.execute(select(AuditLog.event)).scalars().all()


def test_the_setting_makes_administrators_enrol_before_anything_else(fresh, app, db, monkeypatch, clock):
    clock.set(START)
    monkeypatch.setitem(app.config, "TOTP_REQUIRED", True)
    client = app.test_client()
    assert login(client, "admin.instansi").headers["Location"].endswith("/dua-faktor/daftar")
    refused = client.get("/pengaduan/list/")
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/dua-faktor/daftar")
    enrol(client, clock)
    assert reaches_complaints(client)
    off = client.post("/dua-faktor/nonaktif", data={"code": "000000", "csrf_token": csrf_token(client, "/dua-faktor/")},
                      follow_redirects=True)
    assert "wajib untuk peran Anda" in off.get_data(as_text=True)
    operator = app.test_client()
    assert login(operator, "operator.rsud").headers["Location"] == "/"
    assert reaches_complaints(operator)


def test_two_factor_can_be_switched_off_with_a_current_code(fresh, app, db, as_user, clock):
    clock.set(START)
    client = as_user("operator.rsud")
    secret, _codes = enrol(client, clock)
    clock.set(START + datetime.timedelta(minutes=1))
    client.post("/dua-faktor/nonaktif", data={"code": pyotp.TOTP(secret).at(clock.now()),
                                              "csrf_token": csrf_token(client, "/dua-faktor/")})
    account = user(db, "operator.rsud")
    assert account.totp_secret is None and account.totp_confirmed_at is None
    assert db.session.execute(select(RecoveryCode).where(RecoveryCode.user_id == account.id)).first() is None
    assert login(app.test_client(), "operator.rsud", DEMO_PASSWORD).headers["Location"] == "/"


def test_an_administrator_resets_a_lost_second_factor_from_the_command_line(fresh, app, db, as_user, clock):
    from app.cli import reset_two_factor_command

    clock.set(START)
    enrol(as_user("pimpinan"), clock)
    result = app.test_cli_runner().invoke(reset_two_factor_command, ["pimpinan"])
    assert result.exit_code == 0, result.output
    assert user(db, "pimpinan").totp_secret is None
    assert login(app.test_client(), "pimpinan").headers["Location"] == "/"
    assert app.test_cli_runner().invoke(reset_two_factor_command, ["tidak.ada"]).exit_code != 0
