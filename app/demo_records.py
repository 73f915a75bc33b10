"""Demo records for the demo organisation: complaints in every status for both instansi, closed and open SKM
surveys with an RTL and a publication, FKP forums in every stage (the FKP area's own demo), three priority
issues with their trails (app/issues/demo.py), default report
schedules with a finished and a queued report.

Loaded with the demo by `make run` and `flask pantau demo`, so that every screen, the home page of every tier,
the dashboard and the reports have something to show. Deterministic: the same seed gives the same records.
Dates are relative to ``today``.
"""
import datetime
import random

from sqlalchemy import select

from app.clock import today_local
from app.complaints.workflow import Actor, apply_move, record_intake
from app.extensions import db
from app.fkp.demo import load_fkp_demo
from app.issues.demo import load_issue_demo
from app.issues.topics import topic_pass
from app.models.complaints import Channel, Classification, Complaint
from app.models.org import OrgLevel, OrgNode
from app.models.skm import (
    SurveyPeriod,
    STANDARD_CODES, ActionStatus, FollowUpAction, PeriodStatus, Publication, PublicationMedium, Respondent, answer_column,
)
from app.periods import Period
from app.skm.questionnaire import create_period

TOPICS = [
    ("Antrean loket terlalu panjang", "Antrean di loket pelayanan sampai siang, mohon ditambah petugas."),
    ("Petugas tidak ramah", "Petugas loket berbicara kasar kepada pemohon lansia."),
    ("Informasi persyaratan tidak jelas", "Persyaratan di papan informasi berbeda dengan yang diminta petugas."),
    ("Pungutan di luar ketentuan", "Diminta membayar biaya tambahan tanpa kuitansi."),
    ("Aplikasi antrean daring galat", "Aplikasi antrean daring tidak bisa dibuka sejak pagi."),
    ("Jalan rusak dekat kantor layanan", "Jalan menuju kantor layanan berlubang dan membahayakan."),
]
# One complaint per step of the workflow, for each instansi: (title, age in days, owner code, moves).
# The owner is where "verify" routes it; ages put some past their deadline.
SHOWCASE = {
    "JATENG": [
        ("Loket pendaftaran rawat jalan tutup lebih awal", 1, None, []),
        ("Berkas KTP-el belum jadi setelah dua bulan", 12, None, []),
        ("Obat tidak tersedia di apotek rumah sakit", 3, "JTG-RSUD-MOEWARDI", ["verify"]),
        ("Antrean IGD tidak tertib", 20, "JTG-RSUD-MOEWARDI", ["verify"]),
        ("Biaya parkir rumah sakit tidak sesuai tarif", 9, "JTG-DINKES", ["verify", "followup"]),
        ("Jadwal imunisasi tidak diumumkan", 30, "JTG-PKM-HALMAHERA", ["verify", "followup", "finish"]),
        ("Perizinan usaha tertunda tanpa kabar", 6, "JTG-DPMPTSP", ["verify", "hold"]),
        ("Lampu penerangan jalan kabupaten padam", 5, "JTG-DPUPR", ["verify", "return"]),
        ("Pesan berantai tanpa isi pengaduan", 40, None, ["archive"]),
    ],
    "SMG": [
        ("Antrean perekaman KTP-el di kecamatan", 1, None, []),
        ("Surat pindah belum diterbitkan", 11, None, []),
        ("Puskesmas tutup saat jam layanan", 4, "SMG-PKM-PANDANARAN", ["verify"]),
        ("Petugas puskesmas meminta biaya tambahan", 9, "SMG-DINKES", ["verify", "followup"]),
        ("Kartu Identitas Anak salah cetak", 35, "SMG-DISDUKCAPIL", ["verify", "followup", "finish"]),
    ],
}
OPEN_SKM_UNITS = ["JTG-RSUD-MOEWARDI", "JTG-PKM-HALMAHERA", "SMG-PKM-PANDANARAN"]
SKM_UNITS = ["JTG-RSUD-MOEWARDI", "JTG-PKM-HALMAHERA", "JTG-DUKCAPIL-PD", "JTG-DPMPTSP-MPP", "JTG-SAMSAT-SMG1", "JTG-BRSPDF"]


def _node(code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def _working_moment(day, rng):
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(8 + rng.randrange(7), rng.randrange(60)))


def load_complaints(rng, today, count=40):
    """Complaints received over the last eight months, each carried as far through its lifecycle as its age allows."""
    actor = Actor.system("demo")
    instansi = _node("JATENG")
    opds = db.session.execute(
        select(OrgNode).where(OrgNode.level == OrgLevel.OPD, OrgNode.path.startswith(instansi.path))
    ).scalars().all()
    channels = list(Channel)
    classifications = list(Classification)
    for number in range(count):
        title, content = TOPICS[number % len(TOPICS)]
        received = _working_moment(today - datetime.timedelta(days=rng.randrange(5, 240)), rng)
        complaint = Complaint(
            org=instansi, title=title, content=content, channel=rng.choice(channels),
            classification=rng.choice(classifications), received_at=received,
            reporter_name=f"Pelapor Demo {number + 1}", reporter_nik=f"3374{rng.randrange(10**11, 10**12)}",
            reporter_phone=f"08{rng.randrange(10**9, 10**10)}", anonim=number % 7 == 0, rahasia=number % 11 == 0,
        )
        db.session.add(complaint)
        record_intake(complaint, actor, when=received)
        age = (today - received.date()).days
        if age < 3 and number % 2:
            continue
        target = rng.choice(opds)
        apply_move(complaint, "verify", actor, target=target, when=received + datetime.timedelta(days=rng.randrange(1, 4)))
        if age > 10 and number % 5 != 4:
            apply_move(complaint, "followup", actor, note="Telah dikoordinasikan dengan unit terkait.",
                       when=received + datetime.timedelta(days=rng.randrange(4, 9)))
            if age > 30 and number % 3 != 2:
                apply_move(complaint, "finish", actor, when=received + datetime.timedelta(days=rng.randrange(12, 28)))


def load_skm(rng, today):
    """A closed survey of the last full semester for a few units, with answers skewed per unit."""
    period_code = Period.containing(today, "H").previous().code
    for index, code in enumerate(SKM_UNITS):
        unit = _node(code)
        population = rng.randrange(200, 3000)
        period = create_period(unit, period_code, population)
        lean = 0.25 + 0.1 * index
        rows = []
        for number in range(rng.randrange(60, 140)):
            answers = {}
            for element in STANDARD_CODES:
                draw = rng.random()
                answers[answer_column(element)] = 4 if draw > 0.45 + lean / 2 else 3 if draw > lean / 3 else 2
            rows.append(Respondent(
                period_id=period.id, unit_id=unit.id,
                survey_date=period.period.start + datetime.timedelta(days=rng.randrange(150)),
                sex=rng.choice(["L", "P"]), age=rng.randrange(18, 70), **answers,
            ))
        db.session.add_all(rows)
        period.status = PeriodStatus.CLOSED
        period.closed_on = period.period.end + datetime.timedelta(days=7)


def load_complaint_showcase(rng, today):
    """For each instansi, complaints at every step: waiting for verification (one overdue), routed (one
    overdue), in process, finished, on hold, returned as Bukan Wewenang, archived."""
    actor = Actor.system("demo")
    notes = {"followup": "Sudah dicek ke lokasi; perbaikan dijadwalkan.", "hold": "Menunggu dokumen dari pelapor.",
             "return": "Kewenangan pemerintah kabupaten.", "archive": "Tidak memuat pengaduan."}
    for instansi_code, rows in SHOWCASE.items():
        instansi = _node(instansi_code)
        for number, (title, age, owner_code, moves) in enumerate(rows):
            received = _working_moment(today - datetime.timedelta(days=age), rng)
            if received.date() > today:
                received -= datetime.timedelta(days=3)
            complaint = Complaint(
                org=instansi, title=title, content=f"{title}. Mohon segera ditindaklanjuti.", channel=Channel.WALK_IN if number % 2 else Channel.LAPOR_WEB,
                classification=Classification.PENGADUAN_TIDAK_BERKADAR if number % 3 else Classification.ASPIRASI, received_at=received,
                reporter_name=f"Warga {instansi_code.title()} {number + 1}", reporter_phone=f"0812{rng.randrange(10**7, 10**8)}",
                anonim=number == 4, rahasia=number == 5,
            )
            db.session.add(complaint)
            record_intake(complaint, actor, when=received)
            when = received
            for move in moves:
                when = min(when + datetime.timedelta(days=1), datetime.datetime.combine(today, datetime.time(8)))
                apply_move(complaint, move, actor, target=_node(owner_code) if move == "verify" else None,
                           note=notes.get(move), when=when)


def load_open_skm(rng, today):
    """This semester's open survey of a few units, with respondents entered so far; an RTL and a publication
    for last semester's closed survey of the first unit."""
    period_code = Period.containing(today, "H").code
    for code in OPEN_SKM_UNITS:
        unit = _node(code)
        period = create_period(unit, period_code, rng.randrange(300, 1500))
        start = period.period.start
        for number in range(rng.randrange(15, 30)):
            answers = {answer_column(element): rng.choice([2, 3, 3, 4, 4]) for element in STANDARD_CODES}
            day = start + datetime.timedelta(days=rng.randrange(max((today - start).days, 1)))
            db.session.add(Respondent(period_id=period.id, unit_id=unit.id, survey_date=day, sex=rng.choice(["L", "P"]),
                                      age=rng.randrange(18, 70), **answers))
    closed_code = Period.containing(today, "H").previous().code
    unit = _node(OPEN_SKM_UNITS[0])
    closed = db.session.execute(select(SurveyPeriod).where(
        SurveyPeriod.unit_id == unit.id, SurveyPeriod.period_code == closed_code)).scalar_one_or_none()
    if closed is not None:
        db.session.add(FollowUpAction(
            period_id=closed.id, unit_id=unit.id, element_code=STANDARD_CODES[2],
            action="Menambah loket pendaftaran pada jam sibuk dan memasang papan waktu tunggu.",
            owner="Kepala Instalasi Rawat Jalan", due_date=today + datetime.timedelta(days=45),
            status=ActionStatus.IN_PROGRESS))
        db.session.add(Publication(
            period_id=closed.id, unit_id=unit.id, medium=PublicationMedium.WEBSITE,
            published_on=closed.period.end + datetime.timedelta(days=14), link="https://rsmoewardi.example.id/skm",
            description="Hasil SKM di situs web rumah sakit"))


def load_reports(today):
    """The default schedules of both instansi, one finished report and one waiting in the queue."""
    from app.models.reports import ReportRun
    from app.reports.runs import execute, queue_run
    from app.reports.schedules import seed_defaults

    for code in SHOWCASE:
        seed_defaults(_node(code), recipients=f"biro.organisasi@{code.lower()}.example.id")
    last_semester = Period.containing(today, "H").previous().code
    finished = queue_run("skm", _node("JATENG"), last_semester)
    queue_run("sp4n", _node("SMG"), Period.containing(today, "Y").code)
    db.session.commit()  # the build takes the run with its own claim, as the scheduler would
    execute(finished.id)
    return db.session.get(ReportRun, finished.id)


def load_demo_records(today=None, seed=2026):
    """Add the demo records (the finished report commits what came before it)."""
    today = today or today_local()
    rng = random.Random(seed)
    load_complaints(rng, today)
    load_complaint_showcase(rng, today)
    load_skm(rng, today)
    load_open_skm(rng, today)
    load_fkp_demo(today)
    load_issue_demo(today)
    topic_pass()  # the scheduler's pass: the other demo complaints get a suggested topic
    load_reports(today)
    db.session.flush()
