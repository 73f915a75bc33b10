"""Reminders about due and overdue agreements: one digest per recipient over real SMTP, each reminder sent once."""
import datetime

from sqlalchemy import func, select

from app.models.fkp import AgreementStatus, FkpReminderSent
from tests.factories.fkp import add_agreement, new_forum, unit_by_code

D = datetime.date


def _body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def _by_recipient(messages):
    return {rcpt[0]: msg for rcpt, msg in messages}


def test_due_and_overdue_agreements_are_sent_once_per_recipient(fresh, app, db, inbox):
    from app.jobs.reminders import send_fkp_reminders

    rsud = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"), topic="Forum Rawat Inap")
    add_agreement(rsud, "Ruang tunggu ber-AC", due_date=D(2026, 3, 1))                       # overdue
    add_agreement(rsud, "Informasi tarif di loket", due_date=D(2026, 3, 12))                  # due in 2 days
    add_agreement(rsud, "Sudah beres", due_date=D(2026, 3, 1), status=AgreementStatus.SELESAI)
    add_agreement(rsud, "Masih lama", due_date=D(2026, 5, 1))
    add_agreement(rsud, "Tanpa batas waktu")
    kota = new_forum(unit_by_code("SMG-PKM-PANDANARAN"))
    add_agreement(kota, "Tidak ada penerima di unit ini", due_date=D(2026, 3, 1))
    db.session.commit()

    result = send_fkp_reminders(today=D(2026, 3, 10))
    assert result == {"messages": 2, "items": 4, "skipped": 0}
    mails = _by_recipient(inbox.take())
    # The unit's own users and its OPD's Pejabat Penghubung; not the instansi admin nor other units.
    assert set(mails) == {"operator.rsud@pantau.example.id", "penghubung.dinkes@pantau.example.id"}
    for message in mails.values():
        body = _body(message)
        assert "1 lewat batas waktu, 1 segera jatuh tempo" in message["Subject"]
        assert "Ruang tunggu ber-AC" in body and "Informasi tarif di loket" in body and "Forum Rawat Inap" in body
        assert body.index("Lewat batas waktu") < body.index("Ruang tunggu") < body.index("Segera jatuh tempo") < body.index("Informasi tarif")
        for absent in ("Sudah beres", "Masih lama", "Tanpa batas waktu", "Tidak ada penerima"):
            assert absent not in body

    # A second run the same day (here through the CLI) sends nothing.
    output = app.test_cli_runner().invoke(args=["fkp", "remind", "--date", "2026-03-10"])
    assert output.exit_code == 0, output.output
    assert "Surel terkirim: 0" in output.output
    assert inbox.take() == []
    assert db.session.execute(select(func.count(FkpReminderSent.id))).scalar_one() == 4

    # When the due-soon agreement passes its date, its overdue reminder goes once, alone.
    assert send_fkp_reminders(today=D(2026, 3, 13))["messages"] == 2
    for message in _by_recipient(inbox.take()).values():
        body = _body(message)
        assert "Informasi tarif di loket" in body and "Ruang tunggu" not in body
    assert send_fkp_reminders(today=D(2026, 3, 14))["messages"] == 0
    assert inbox.take() == []


def test_a_failed_delivery_is_retried_on_the_next_run(fresh, app, db, inbox):
    from app.fkp.reminders import send_reminders

    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"))
    add_agreement(forum, "Perbaikan antrean", due_date=D(2026, 3, 1))
    db.session.commit()
    app.config["MAIL_DRY_RUN"] = True
    assert send_reminders(today=D(2026, 3, 10)) == {"messages": 0, "items": 0, "skipped": 2}
    assert inbox.take() == []
    assert db.session.execute(select(func.count(FkpReminderSent.id))).scalar_one() == 0
    app.config["MAIL_DRY_RUN"] = False
    assert send_reminders(today=D(2026, 3, 10))["messages"] == 2
    assert len(inbox.take()) == 2
