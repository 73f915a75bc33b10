"""FKP demo data: the unsur masyarakat of every instansi and a few forums of the demo units, in different stages.

Dates are days counted from the day the demo is loaded (app/clock), so the demo has past, running and coming forums
whatever the year.
"""
import datetime

from sqlalchemy import select

from app.clock import now_utc, today_local, utc_of
from app.extensions import db
from app.fkp import documents, stages
from app.fkp.elements import seed_all
from app.fkp.rules import forum_problems, participant_problems, settle_completion
from app.models.fkp import (
    AgreementStatus, DocumentKind, FkpAgreement, FkpElement, FkpForm, FkpForum, FkpMethod, FkpParticipant, FkpPurpose,
    FkpStage,
)
from app.models.org import OrgNode

# (unit code, topic, purpose, form, method, date, stage, place or link, participants [(name, organisation, element code, attended)],
#  agreements [(text, follow-up, owner, due date, status)]); dates as days from the loading day.
DEMO_FORUMS = [
    ("JTG-RSUD-MOEWARDI", "Peninjauan Standar Pelayanan Rawat Jalan", FkpPurpose.SP_REVIEW, FkpForm.TATAP_MUKA, FkpMethod.FGD,
     -293, FkpStage.SELESAI, "Aula Lantai 3 RSUD Dr. Moewardi",
     [("dr. Bambang Wijaya", "RSUD Dr. Moewardi", "PENYELENGGARA", True),
      ("Siti Aminah", "Pasien rawat jalan", "PENGGUNA", True),
      ("Heru Susanto", "Pasien rawat jalan", "PENGGUNA", True),
      ("Dr. Rahmawati", "Universitas Sebelas Maret", "AKADEMISI", True),
      ("Yusuf Hidayat", "Persatuan Tunanetra Indonesia", "RENTAN", True),
      ("Lina Marlina", "Solopos", "MEDIA", False)],
     [("Waktu tunggu poliklinik paling lama 60 menit", "Revisi komponen jangka waktu pada SP", "Kepala Instalasi Rawat Jalan",
       -216, AgreementStatus.SELESAI),
      ("Jalur pemandu (guiding block) sampai loket pendaftaran", "Pengadaan dan pemasangan", "Kepala Bagian Umum",
       -93, AgreementStatus.PROSES)]),
    ("JTG-RSUD-MOEWARDI", "Evaluasi layanan Instalasi Gawat Darurat", FkpPurpose.EVALUATION, FkpForm.NON_TATAP_MUKA,
     FkpMethod.ONLINE_MEETING, -56, FkpStage.PELAKSANAAN, "https://meet.example.id/fkp-igd",
     [("dr. Sri Handayani", "RSUD Dr. Moewardi", "PENYELENGGARA", True),
      ("Agus Salim", "Keluarga pasien", "PENGGUNA", True)],
     []),
    ("JTG-RSUD-MOEWARDI", "Penyusunan rancangan SP Rawat Inap", FkpPurpose.SP_DRAFT, FkpForm.TATAP_MUKA, FkpMethod.DIALOG_PUBLIK,
     8, FkpStage.PRA, "Ruang Rapat Direksi", [], []),
    ("JTG-PKM-HALMAHERA", "Evaluasi layanan imunisasi", FkpPurpose.EVALUATION, FkpForm.TATAP_MUKA, FkpMethod.FGD,
     -14, FkpStage.PASCA, "Aula Puskesmas Halmahera",
     [("Ns. Rina Kartika", "Puskesmas Halmahera", "PENYELENGGARA", True),
      ("Maya Sari", "Orang tua balita", "PENGGUNA", True),
      ("Rudi Hartono", "Kader posyandu", "PENGGUNA", True)],
     [("Jadwal imunisasi diumumkan di papan dan grup pesan kelurahan", "Membuat jadwal bulanan", "Koordinator Imunisasi",
       60, AgreementStatus.BELUM)]),
    ("SMG-PKM-PANDANARAN", "Konsultasi rancangan SP Pemeriksaan Umum", FkpPurpose.SP_DRAFT, FkpForm.TATAP_MUKA,
     FkpMethod.DIALOG_PUBLIK, 14, FkpStage.PRA, "Aula Puskesmas Pandanaran", [], []),
    ("JTG-DUKCAPIL-PD", "Permasalahan antrean perekaman KTP-el", FkpPurpose.SERVICE_PROBLEM, FkpForm.TATAP_MUKA,
     FkpMethod.FORUM_PENGGUNA, None, FkpStage.PRA, None, [], []),
]


class DemoRefused(ValueError):
    """The FKP rules refuse a row of the demo: the demo holds only what a user could enter on the screens."""


def _checked(problems):
    if problems:
        raise DemoRefused("; ".join(str(problem) for problem in problems))


def _day(offset, today):
    return None if offset is None else today + datetime.timedelta(days=offset)


def _moment(held_on, days_after, hour):
    """The UTC moment ``days_after`` the forum's date at ``hour`` local time, never later than now."""
    local = datetime.datetime.combine(held_on + datetime.timedelta(days=days_after), datetime.time(hour))
    return min(utc_of(local), now_utc())


# When the demo moves a forum into each stage: (days after its date, hour); recorded three weeks before it.
STAGE_MOMENTS = {FkpStage.PRA: (-21, 10), FkpStage.PELAKSANAAN: (0, 9), FkpStage.PASCA: (1, 14), FkpStage.SELESAI: (3, 10)}


def load_fkp_demo(today=None):
    """Seed the element lists and create the demo forums that are not there yet (dated from ``today``, default the
    clock's); returns how many were created.

    Each forum is built as on the screens: recorded in preparation, its participants and agreements added, the
    signed berita acara uploaded, then moved stage by stage with the stage rules, every row checked by the rules
    the screens check. The stage history is dated around the forum's date, as if it had been kept up to date.
    """
    seed_all()
    created = 0
    today = today or today_local()
    for unit_code, topic, purpose, form, method, offset, stage, where, people, agreements in DEMO_FORUMS:
        held_on = _day(offset, today)
        unit = db.session.execute(select(OrgNode).where(OrgNode.code == unit_code)).scalar_one_or_none()
        if unit is None or db.session.execute(
            select(FkpForum.id).where(FkpForum.unit_id == unit.id, FkpForum.topic == topic)
        ).first() is not None:
            continue
        link = where if where and where.startswith("https://") else None
        forum = FkpForum(
            unit=unit, topic=topic, purpose=purpose, form=form, method=method, held_on=held_on, stage=FkpStage.PRA,
            stage_moved_at=_moment(held_on, *STAGE_MOMENTS[FkpStage.PRA]) if held_on else None,
            place=None if link else where, meeting_link=link, start_time="09:00" if held_on else None,
            end_time="12:00" if held_on else None, facilitator="Tim Pelayanan Publik" if held_on else None,
            note_taker="Sekretariat" if held_on else None,
        )
        db.session.add(forum)
        hold(forum, people, agreements, stage, today)
        created += 1
    db.session.commit()
    return created


def hold(forum, people, agreements, stage, today):
    """Carry a forum recorded in preparation to ``stage`` as the screens would: its participants and agreements
    (due dates as days from ``today``) added, the signed berita acara uploaded for selesai, then moved stage by stage
    with the stage rules, every row checked by the rules the screens check."""
    unit, held_on = forum.unit, forum.held_on
    _checked(forum_problems(forum))
    elements = {e.code: e for e in db.session.execute(
        select(FkpElement).where(FkpElement.instansi_id == unit.instansi.id)).scalars()}
    for name, organisation, code, attended in people:
        participant = FkpParticipant(forum=forum, name=name, organisation=organisation, element=elements[code],
                                     attended=attended)
        if attended and held_on:  # marked present at the forum itself
            participant.attended_at = _moment(held_on, *STAGE_MOMENTS[FkpStage.PELAKSANAAN])
        _checked(participant_problems(participant))
        db.session.add(participant)
    for text, follow_up, owner, due, status in agreements:
        due = _day(due, today)
        agreement = FkpAgreement(forum=forum, text=text, follow_up=follow_up, owner=owner, due_date=due,
                                 status=status)
        settle_completion(agreement, due)  # a done demo agreement was done on its due date
        db.session.add(agreement)
    db.session.flush()
    if stage == FkpStage.SELESAI:
        documents.add_document(forum, DocumentKind.BERITA_ACARA, "berita-acara-ttd.pdf", _scan_stand_in(forum),
                               title="Berita acara bertanda tangan (contoh)")
    while forum.stage != stage:
        target = forum.stage.next
        forum.stage_moved_at = _moment(held_on, *STAGE_MOMENTS[target]) if held_on else None
        try:
            stages.move(forum, target)
        except stages.StageError as error:
            raise DemoRefused(str(error))
        _checked(forum_problems(forum))
        db.session.flush()


def _scan_stand_in(forum):
    """A one-page PDF standing in for the signed scan a unit would upload (demo data only)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "BERITA ACARA FORUM KONSULTASI PUBLIK (contoh pindaian)", align="C")
    pdf.ln(12)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, f"{forum.unit.name}: {forum.topic}".encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())
