"""Isu prioritas demo: three issues of Jawa Tengah with a complete trail, dated from the loading day.

The evidence period is the semester before last, so the period after it (last semester) is complete: complaints on
the topic in both semesters, SKM answers of the units concerned in both, and an action started from each issue the
way the issue page starts it (app/issues/actions.py), then carried out:

1. queues at RSUD Dr. Moewardi -> an FKP forum held early in the next semester, its agreements done;
2. illegal levies at Samsat Semarang I -> an RTL item on the unit's SKM period for Biaya, done;
3. social assistance at Dinas Sosial -> an instruction to the OPD, done.
"""
import datetime
import random

from sqlalchemy import select

from app.clock import utc_of
from app.complaints.workflow import Actor, apply_move, record_intake
from app.extensions import db
from app.fkp.demo import hold
from app.issues import actions
from app.issues.ranking import priority_issues
from app.models.complaints import Channel, Classification, Complaint
from app.models.fkp import AgreementStatus, FkpStage
from app.models.issues import IssueTopic
from app.models.org import OrgNode
from app.models.skm import STANDARD_CODES, ActionStatus, PeriodStatus, Respondent, SurveyPeriod, answer_column
from app.periods import Period
from app.scope import Scope
from app.skm.questionnaire import create_period

# (topic, owner unit, complaints in the evidence period, of them late, in the next period, unsur, its mean answer
#  then and after, [(title, content)])
ISSUES = [
    ("Antrean dan waktu tunggu", "JTG-RSUD-MOEWARDI", 26, 10, 4, "WAKTU", 2.4, 3.2, [
        ("Antrean poli rawat jalan sampai sore", "Menunggu lebih dari tiga jam di antrean poli rawat jalan."),
        ("Nomor antrean daring tidak berlaku", "Sudah ambil nomor antrean daring tetapi tetap antre lagi di loket."),
        ("Loket pendaftaran hanya buka dua", "Antrean pendaftaran panjang karena loket yang buka sedikit."),
    ]),
    ("Biaya dan pungutan liar", "JTG-SAMSAT-SMG1", 9, 4, 3, "BIAYA", 2.5, 3.3, [
        ("Diminta uang tambahan saat cek fisik", "Petugas cek fisik meminta uang tanpa kuitansi."),
        ("Calo menawarkan jasa di depan loket", "Calo meminta bayaran agar berkas cepat selesai."),
        ("Biaya balik nama tidak sesuai tarif", "Bayar lebih mahal dari tarif resmi yang diumumkan."),
    ]),
    ("Bantuan sosial", "JTG-DINSOS-LINJAMSOS", 10, 6, 5, None, None, None, [
        ("Nama tidak masuk DTKS padahal miskin", "Keluarga kami tidak terdaftar sebagai penerima bantuan sosial."),
        ("Bansos sembako belum diterima", "Penerima PKH belum menerima bantuan sembako tiga bulan."),
        ("Verifikasi penerima bantuan lama", "Pengajuan verifikasi DTKS belum ada kabar."),
    ]),
]


def _node(code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def _topic(instansi, name):
    return db.session.execute(select(IssueTopic).where(IssueTopic.org_id == instansi.id,
                                                       IssueTopic.name == name)).scalar_one()


def _complaints(rng, unit, topic, period, count, late, texts, actor):
    """``count`` complaints of ``topic`` routed to ``unit`` in ``period``; ``late`` of them finished past their
    deadline, the others within it; the topic set by staff."""
    for number in range(count):
        title, content = texts[number % len(texts)]
        day = period.start + datetime.timedelta(days=rng.randrange(0, (period.end - period.start).days - 40))
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        received = datetime.datetime.combine(day, datetime.time(8 + rng.randrange(7), rng.randrange(60)))
        complaint = Complaint(org=unit.instansi, title=title, content=content, channel=rng.choice(list(Channel)),
                              classification=Classification.PENGADUAN_TIDAK_BERKADAR, received_at=received,
                              reporter_name=f"Pelapor Isu {number + 1}", rahasia=number == 1)
        db.session.add(complaint)
        record_intake(complaint, actor, when=received)
        apply_move(complaint, "verify", actor, target=unit, when=received + datetime.timedelta(days=1))
        apply_move(complaint, "followup", actor, note="Ditindaklanjuti unit.", when=received + datetime.timedelta(days=3))
        finish = received + datetime.timedelta(days=30 if number < late else 6)
        apply_move(complaint, "finish", actor, when=finish)
        complaint.topic_id, complaint.topic_source = topic.id, "staff"


def _answers(rng, unit, code, period, element, mean, count=60):
    """A closed SKM period of ``unit`` (made if the demo has none) with ``count`` more respondents whose answers to
    ``element`` average about ``mean`` (the other unsur around 3.2)."""
    survey = db.session.execute(select(SurveyPeriod).where(SurveyPeriod.unit_id == unit.id,
                                                           SurveyPeriod.period_code == code)).scalar_one_or_none()
    if survey is None:
        survey = create_period(unit, code, 800)
        survey.status, survey.closed_on = PeriodStatus.CLOSED, period.end + datetime.timedelta(days=7)
        db.session.flush()
    low = int(mean)
    for _ in range(count):
        row = {answer_column(c): rng.choice((3, 3, 4, 3, 3)) for c in STANDARD_CODES}
        row[answer_column(element)] = low + (1 if rng.random() < mean - low else 0)
        db.session.add(Respondent(period_id=survey.id, unit_id=unit.id, sex=rng.choice("LP"), age=rng.randrange(18, 70),
                                  survey_date=period.start + datetime.timedelta(days=rng.randrange(120)), **row))
    return survey


def load_issue_demo(today, seed=15):
    """Add the three issues and their trails (the caller commits)."""
    rng = random.Random(seed)
    actor = Actor.system("demo")
    jateng = _node("JATENG")
    evidence = Period.containing(today, "H").previous().previous()
    following = evidence.next()
    for name, unit_code, count, late, after, element, mean, mean_after, texts in ISSUES:
        unit, topic = _node(unit_code), _topic(jateng, name)
        _complaints(rng, unit, topic, evidence, count, late, texts, actor)
        _complaints(rng, unit, topic, following, after, 0, texts, actor)
        if element:
            _answers(rng, unit, evidence.code, evidence, element, mean)
            _answers(rng, unit, following.code, following, element, mean_after)
    db.session.flush()
    cutoff = datetime.datetime.combine(today, datetime.time.max)
    issues = {i.name: i for i in priority_issues(Scope.of_nodes([jateng]), evidence, cutoff, detail=False)}
    start = following.start

    queue = issues[ISSUES[0][0]]
    action, problems = actions.start_forum(jateng, queue, evidence, _node("JTG-RSUD-MOEWARDI"),
                                           start + datetime.timedelta(days=20), None)
    _refused(problems)
    _dated(action, start + datetime.timedelta(days=5))
    forum = action.forum
    forum.place, forum.start_time, forum.end_time = "Aula Lantai 3 RSUD Dr. Moewardi", "09:00", "12:00"
    forum.facilitator, forum.note_taker = "Tim Pelayanan Publik", "Sekretariat"
    db.session.flush()
    days = (forum.held_on - today).days
    hold(forum, [("dr. Bambang Wijaya", "RSUD Dr. Moewardi", "PENYELENGGARA", True),
                 ("Siti Aminah", "Pasien rawat jalan", "PENGGUNA", True),
                 ("Heru Susanto", "Forum Warga Jebres", "PENGGUNA", True)],
         [("Loket pendaftaran dibuka empat mulai pukul 07.00", "Penambahan petugas loket", "Kepala Instalasi Rawat Jalan",
           days + 30, AgreementStatus.SELESAI),
          ("Nomor antrean daring berlaku langsung di poli", "Integrasi antrean daring", "Kepala Instalasi SIMRS",
           days + 60, AgreementStatus.SELESAI)],
         FkpStage.PASCA, today)

    levies = issues[ISSUES[1][0]]
    samsat = _node("JTG-SAMSAT-SMG1")
    survey = db.session.execute(select(SurveyPeriod).where(SurveyPeriod.unit_id == samsat.id,
                                                           SurveyPeriod.period_code == evidence.code)).scalar_one()
    action, problems = actions.start_rtl(jateng, levies, evidence, survey,
                                         "Papan tarif resmi dan kanal pengaduan pungli di setiap loket; cek fisik "
                                         "tanpa uang tunai", "Kepala UPPD Samsat Kota Semarang I",
                                         start + datetime.timedelta(days=45), None)
    _refused(problems)
    _dated(action, start + datetime.timedelta(days=3))
    action.followup.status, action.followup.done_on = ActionStatus.DONE, start + datetime.timedelta(days=40)

    aid = issues[ISSUES[2][0]]
    action, problems = actions.start_instruction(jateng, aid, evidence, _node("JTG-DINSOS"),
                                                 "Pemutakhiran DTKS bersama desa/kelurahan dan jadwal penyaluran "
                                                 "bansos diumumkan", start + datetime.timedelta(days=60), None)
    _refused(problems)
    _dated(action, start + datetime.timedelta(days=2))
    actions.finish_instruction(action, "Pemutakhiran DTKS di 35 kabupaten/kota selesai; jadwal diumumkan di laman "
                                       "Dinas Sosial", start + datetime.timedelta(days=55))
    db.session.flush()


def _dated(action, day):
    """The action as if started on ``day`` at 10.00 local time (created_at is UTC)."""
    action.created_at = utc_of(datetime.datetime.combine(day, datetime.time(10)))


def _refused(problems):
    if problems:
        raise ValueError("; ".join(str(problem) for problem in problems))
