"""Demo records for the demo organisation: complaints through their lifecycle, closed SKM surveys, FKP forums
(the FKP area's own demo).

Loaded with the demo by `make run` and `flask pantau demo`, so the screens,
dashboard and reports have something to show. Deterministic: the same seed
gives the same records. Dates are relative to ``today``.
"""
import datetime
import random

from sqlalchemy import select

from app.clock import today_local
from app.complaints.workflow import Actor, apply_move, record_intake
from app.extensions import db
from app.fkp.demo import load_fkp_demo
from app.models.complaints import Channel, Classification, Complaint
from app.models.org import OrgLevel, OrgNode
from app.models.skm import STANDARD_CODES, PeriodStatus, Respondent, answer_column
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


def load_demo_records(today=None, seed=2026):
    """Add the demo records (not committed)."""
    today = today or today_local()
    rng = random.Random(seed)
    load_complaints(rng, today)
    load_skm(rng, today)
    load_fkp_demo()
    db.session.flush()
