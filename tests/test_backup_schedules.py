"""Scheduled backups: each fire time is backed up once, N copies are kept, a failure is recorded, mailed and shown
to Admin Sistem, and the home page can ask for the latest outcome."""
import datetime
import os

from sqlalchemy import select

from tests.conftest import plain_bodies


def _schedule(db, output, **values):
    from app.backup.schedules import validate
    from app.models.backup import BackupSchedule

    schedule = BackupSchedule(name=values.pop("name", "Harian"), cron=values.pop("cron", "0 1 * * *"),
                              output=str(output), keep=values.pop("keep", 2), active=True,
                              created_at=datetime.datetime(2026, 11, 1, 0, 0), **values)
    validate(schedule)
    db.session.add(schedule)
    db.session.commit()
    return schedule


def _at(day, hour=0):
    """Naive UTC; 01:00 Asia/Jakarta is 18:00 UTC of the day before."""
    return datetime.datetime(2026, 11, day, hour, 0)


def test_each_fire_time_is_backed_up_once_and_only_n_copies_are_kept(fresh, db, tmp_path):
    from app.backup.schedules import finished_copies, latest_outcome, run_due
    from app.models.backup import BackupRun, BackupStatus

    output = tmp_path / "cadangan"
    _schedule(db, output, keep=2)
    assert run_due(_at(1, 17)) == []  # before the first 01:00 WIB

    made = []
    for day in (2, 3, 4):
        runs = run_due(_at(day, 19))
        assert len(runs) == 1 and runs[0].status == BackupStatus.OK, runs[0].message
        made.append(runs[0].path)
        assert run_due(_at(day, 20)) == []  # the same fire time is not backed up twice
    assert finished_copies(str(output)) == sorted(made)[-2:]
    assert not os.path.exists(made[0])

    runs = db.session.execute(select(BackupRun).order_by(BackupRun.id)).scalars().all()
    assert [run.fire_time for run in runs] == [_at(2, 18), _at(3, 18), _at(4, 18)]
    assert all(run.rows > 0 for run in runs)
    outcome = latest_outcome()
    assert outcome["status"] == "ok" and outcome["path"] == made[-1] and outcome["failed_since_ok"] == 0


def test_a_missed_week_is_backed_up_once(fresh, db, tmp_path):
    from app.backup.schedules import run_due

    _schedule(db, tmp_path / "c", keep=3)
    assert len(run_due(_at(9, 19))) == 1
    assert run_due(_at(9, 19)) == []


def test_a_failed_backup_is_recorded_mailed_and_shown_to_admin_sistem_only(fresh, db, tmp_path, inbox, as_user):
    from app.backup.schedules import latest_outcome, run_due
    from app.models.backup import BackupStatus

    blocker = tmp_path / "bukan-folder"
    blocker.write_text("berkas biasa, bukan folder")
    _schedule(db, blocker / "cadangan", name="Harian server", recipients="ops@pemda.go.id, kominfo@pemda.go.id")

    runs = run_due(_at(2, 19))
    assert len(runs) == 1 and runs[0].status == BackupStatus.FAILED and runs[0].message
    messages = inbox.take()
    assert len(messages) == 1
    recipients, message = messages[0]
    assert sorted(recipients) == ["kominfo@pemda.go.id", "ops@pemda.go.id"]
    assert "Cadangan gagal: Harian server" in message["Subject"]
    assert runs[0].message in plain_bodies(messages)[recipients[0]]

    outcome = latest_outcome()
    assert outcome["status"] == "failed" and outcome["failed_since_ok"] == 1 and outcome["schedule"] == "Harian server"

    html = as_user("admin").get("/backuprunview/list/").get_data(as_text=True)
    assert "Gagal" in html and "Harian server" in html
    assert as_user("admin.instansi").get("/backuprunview/list/").status_code == 403


def test_a_failure_without_recipients_goes_to_every_admin_sistem(fresh, db, tmp_path, inbox):
    from app.backup.schedules import run_due

    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    _schedule(db, blocker / "c")
    run_due(_at(2, 19))
    [(recipients, _message)] = inbox.take()
    assert recipients == ["admin@pantau.example.id"]


def test_schedules_refuse_a_relative_folder_a_bad_cron_and_zero_copies(fresh, db, tmp_path):
    import pytest

    from app.backup.schedules import validate
    from app.models.backup import BackupSchedule
    from app.reports.schedules import ScheduleError

    for values in ({"output": "cadangan"}, {"cron": "tiap malam"}, {"keep": 0}, {"recipients": "bukan surel"}):
        fields = {"name": "x", "cron": "0 1 * * *", "output": str(tmp_path), "keep": 3, **values}
        with pytest.raises(ScheduleError):
            validate(BackupSchedule(**fields))


def test_admin_sistem_adds_a_schedule_through_the_screen(fresh, db, tmp_path, as_user):
    from app.models.backup import BackupSchedule
    from tests.conftest import csrf_token

    client = as_user("admin")
    token = csrf_token(client, "/backupscheduleview/add")
    client.post("/backupscheduleview/add", data={"name": "Malam", "cron": "30 23 * * *", "output": "relatif",
                                                 "keep": "7", "active": "y", "csrf_token": token})
    db.session.rollback()
    assert db.session.execute(select(BackupSchedule)).first() is None
    client.post("/backupscheduleview/add", data={"name": "Malam", "cron": "30 23 * * *", "output": str(tmp_path),
                                                 "keep": "7", "active": "y", "csrf_token": token})
    db.session.rollback()
    saved = db.session.execute(select(BackupSchedule)).scalar_one()
    assert saved.keep == 7 and saved.created_at is not None


def test_the_scheduler_pass_makes_the_due_backup(fresh, db, tmp_path):
    from app.jobs.scheduler import tick

    _schedule(db, tmp_path / "c")
    assert tick(_at(2, 19))["backups"] == 1
    assert tick(_at(2, 19))["backups"] == 0


def _home_backup_panel(client):
    html = client.get("/").get_data(as_text=True)
    if 'id="home-backup"' not in html:
        return None
    start = html.index('id="home-backup"')
    return html[html.rindex("<section", 0, start):html.index("</section>", start)]


def test_admin_sistem_home_page_shows_the_latest_backup_outcome_and_only_to_admin_sistem(
        fresh, db, tmp_path, inbox, as_user, clock):
    from app.backup.schedules import run_due

    def night(day):
        """The scheduler's pass at 19:00 UTC (02:00 WIB the next day), with the wall clock there too."""
        clock.set(_at(day, 19).replace(tzinfo=datetime.timezone.utc))
        return run_due(_at(day, 19))

    admin = as_user("admin")
    assert "Belum ada jadwal cadangan" in _home_backup_panel(admin)

    schedule = _schedule(db, tmp_path / "cadangan", name="Harian server")
    assert "Belum ada cadangan terjadwal yang selesai." in _home_backup_panel(admin)

    [good] = night(2)
    panel = _home_backup_panel(admin)
    assert "Berhasil" in panel and "Harian server" in panel and good.path in panel
    assert "03/11/2026 02.00" in panel and "panel-danger" not in panel

    # The output folder becomes a plain file: the next two nights fail.
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("berkas biasa")
    schedule.output = str(blocker / "cadangan")
    db.session.commit()
    night(3)
    night(4)
    inbox.take()
    panel = _home_backup_panel(admin)
    assert "panel-danger" in panel and "Gagal" in panel
    assert "2 kali gagal berturut-turut." in panel
    assert "Cadangan berhasil terakhir: 03/11/2026 02.00." in panel

    for username in ("admin.instansi", "pimpinan"):
        assert _home_backup_panel(as_user(username)) is None
