"""The Laporan Pelaksanaan FKP of one forum and its berita acara, with the instansi's berita acara numbering."""
import string

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.clock import now_local, utc_of
from app.cutoff import cutoff_label
from app.documents import charts
from app.documents.common import base_context, person, settings_of
from app.documents.templates import image
from app.extensions import db
from app.fkp.berita_acara import participants_by_element
from app.fkp.history import document_uploaded_by, done_by, present_by, stage_at, stages_reached
from app.locale import long_date, number
from app.models.documents import DocumentNumber
from app.models.fkp import AgreementStatus, DocumentKind, FkpStage
from app.reports.shared import build_cutoff
from app.uploads import path_of

ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
NUMBER_FIELDS = {"seq", "unit", "opd", "instansi", "year", "month", "month_roman"}


class NumberPatternError(ValueError):
    """The numbering pattern cannot be used; the message says why."""


def check_pattern(pattern):
    """Refuse a pattern without {seq} or with a field Pantau does not know."""
    try:
        fields = {name.split(":")[0].split("!")[0] for _text, name, _spec, _conv in string.Formatter().parse(pattern or "")
                  if name is not None}
    except ValueError as error:
        raise NumberPatternError(str(_l("Pola nomor tidak sah: %(reason)s", reason=error)))
    if "seq" not in fields:
        raise NumberPatternError(str(_l("Pola nomor harus memuat {seq} (nomor urut).")))
    unknown = fields - NUMBER_FIELDS
    if unknown:
        raise NumberPatternError(str(_l("Pola nomor memuat penanda yang tidak dikenal: %(names)s. Yang tersedia: %(known)s.",
                                        names=", ".join(sorted(unknown)),
                                        known=", ".join("{%s}" % f for f in sorted(NUMBER_FIELDS)))))
    return pattern


def format_number(pattern, seq, forum, year):
    unit = forum.unit
    month = forum.held_on.month if forum.held_on else 1
    return pattern.format(seq=seq, unit=unit.short_name or unit.code, opd=(unit.parent.code if unit.parent else unit.code),
                          instansi=unit.instansi.code, year=year, month=f"{month:02d}", month_roman=ROMAN_MONTHS[month - 1])


def number_of(forum, today):
    """The berita acara number of ``forum``: given once (the next in its instansi and year), then kept."""
    existing = db.session.execute(select(DocumentNumber).where(DocumentNumber.forum_id == forum.id)).scalar_one_or_none()
    if existing is not None:
        return existing.number
    instansi = forum.unit.instansi
    year = forum.held_on.year if forum.held_on else today.year
    pattern = settings_of(instansi).number_pattern
    for _attempt in range(5):
        seq = (db.session.execute(select(func.max(DocumentNumber.seq)).where(
            DocumentNumber.instansi_id == instansi.id, DocumentNumber.year == year)).scalar() or 0) + 1
        try:
            with db.session.begin_nested():
                row = DocumentNumber(instansi_id=instansi.id, forum_id=forum.id, year=year, seq=seq,
                                     number=format_number(pattern, seq, forum, year))
                db.session.add(row)
            return row.number
        except IntegrityError:  # another build took this seq (or numbered this forum) at the same moment
            existing = db.session.execute(select(DocumentNumber).where(DocumentNumber.forum_id == forum.id)).scalar_one_or_none()
            if existing is not None:
                return existing.number
    raise RuntimeError("could not give the berita acara a number")


def _time(forum):
    if not forum.start_time:
        return "-"
    text = forum.start_time.replace(":", ".")
    if forum.end_time:
        text += " - " + forum.end_time.replace(":", ".")
    return f"{text} {_('WIB')}"


def _day_and_date(day):
    """"Senin, 2 Maret 2026": the weekday before the long date."""
    from babel.dates import format_date

    from app.locale import current_language

    return f"{format_date(day, 'EEEE', locale=current_language())}, {long_date(day)}" if day else "-"


def forum_values(forum):
    return {
        "topik": forum.topic,
        "tujuan": str(forum.purpose.label),
        "bentuk": str(forum.form.label),
        "metode": str(forum.method.label),
        "jenis_layanan": forum.service_type.name if forum.service_type else "-",
        "tanggal": long_date(forum.held_on),
        "hari_tanggal": _day_and_date(forum.held_on),
        "waktu": _time(forum),
        "tempat": forum.place or forum.meeting_link or "-",
        "fasilitator": forum.facilitator or "-",
        "notulis": forum.note_taker or "-",
        "uraian": forum.description or "",
        "tahap": str((stage_at(forum, build_cutoff() or now_local()) or FkpStage.PRA).label),
    }


def _participants(forum, cutoff=None):
    """The attendance as recorded by the naive local ``cutoff`` (None: as it stands)."""
    limit = utc_of(cutoff) if cutoff is not None else None
    groups = participants_by_element(forum)
    by_element = [{"unsur": element.name, "diundang": number(len(people)),
                   "hadir": number(sum(1 for p in people if present_by(p, limit)))} for element, people in groups]
    people = [(element, p, present_by(p, limit)) for element, group in groups for p in group]
    rows = [{"no": i, "nama": p.name, "unsur": element.name, "organisasi": p.organisation or "-",
             "hadir": _("Hadir") if present else _("Tidak hadir")}
            for i, (element, p, present) in enumerate(people, start=1)]
    community = [(element, p) for element, p, present in people if not element.is_provider and present]
    return by_element, rows, community


def _agreements(forum, day=None):
    """The agreements and their follow-up as at ``day`` (None: as it stands): one finished after it was not yet
    finished then (whether it was begun by then is not recorded)."""
    rows = []
    for i, a in enumerate(forum.agreements, start=1):
        status = a.status.label
        if day is not None and a.status == AgreementStatus.SELESAI and not done_by(a, day):
            status = _("Belum selesai")
        rows.append({"no": i, "teks": a.text, "tindak_lanjut": a.follow_up or "-", "penanggung_jawab": a.owner or "-",
                     "tenggat": long_date(a.due_date), "status": str(status)})
    return rows


def _signatories(forum, community):
    unit = forum.unit
    provider = person(unit)
    if forum.provider_signatory:
        provider = {"nama": forum.provider_signatory, "nip": "", "nip_baris": "",
                    "jabatan": forum.provider_signatory_position or provider["jabatan"]}
    first = community[0] if community else None
    representative = {"nama": first[1].name if first else "(......................................)",
                      "unsur": first[0].name if first else _("Unsur masyarakat")}
    head = unit.parent if unit.parent is not None else unit
    return provider, representative, person(head)


def berita_acara_context(document, forum, day):
    """Every placeholder value of the berita acara of ``forum``; gives the forum its number on first use."""
    unit = forum.unit
    by_element, rows, community = _participants(forum)
    provider, representative, head = _signatories(forum, community)
    values = base_context(unit, _("Berita Acara Forum Konsultasi Publik"), forum.topic, forum.held_on or day)
    values.update({
        "nomor": number_of(forum, day),
        "forum": forum_values(forum),
        "peserta_unsur": by_element,
        "peserta": rows,
        "kesepakatan": _agreements(forum),
        "unsur_masyarakat_hadir": number(len({element.id for element, _p in community})),
        "perwakilan": [{"no": i, "nama": p.name, "unsur": element.name} for i, (element, p) in enumerate(community, start=1)],
        "ttd_penyelenggara": provider,
        "ttd_masyarakat": representative,
        "ttd_mengetahui": head,
    })
    return values


def _photos(document, forum, cutoff=None):
    """The forum's photos uploaded by the naive local ``cutoff`` (None: all)."""
    limit = utc_of(cutoff) if cutoff is not None else None
    photos = []
    for row in forum.documents:
        if row.kind != DocumentKind.FOTO or not row.stored_name or not document_uploaded_by(row, limit):
            continue
        try:
            with open(path_of(row.stored_name), "rb") as handle:
                photos.append({"gambar": image(document, handle.read(), 12), "keterangan": row.title or row.filename or ""})
        except OSError:
            continue
    return photos


def _stages(forum, cutoff):
    """Each stage with the date the forum entered it, as its stage history says at the build's cut-off (D15)."""
    reached = {stage: (moment, estimated) for stage, moment, estimated, _who in stages_reached(forum, cutoff)}
    notes = {
        FkpStage.PRA: _("Penetapan topik, peserta dan jadwal."),
        FkpStage.PELAKSANAAN: _("Forum dilaksanakan pada %(date)s.", date=long_date(forum.held_on)),
        FkpStage.PASCA: _("Kesepakatan dicatat dan ditindaklanjuti."),
        FkpStage.SELESAI: _("Berita acara bertanda tangan diunggah."),
    }
    last = max((stage.order for stage in reached), default=-1)
    rows = []
    for stage in FkpStage:
        if stage not in reached:  # a stage passed without a record of it (a forum recorded at a later stage) has no date
            rows.append({"tahap": str(stage.label), "tanggal": "-",
                         "keterangan": notes[stage] if stage.order < last else _("Belum")})
            continue
        moment, estimated = reached[stage]
        day = long_date(moment)
        rows.append({"tahap": str(stage.label),
                     "tanggal": _("%(date)s (perkiraan)", date=day) if estimated else day,
                     "keterangan": notes[stage]})
    return rows


def laporan_context(document, forum, day):
    """Every placeholder value of the Laporan Pelaksanaan FKP of ``forum``."""
    unit = forum.unit
    cutoff = build_cutoff() or now_local()  # the build's moment: stages, attendance and follow-up as they stood then
    by_element, rows, community = _participants(forum, cutoff)
    agreements = _agreements(forum, cutoff.date())
    values = base_context(unit, _("Laporan Pelaksanaan Forum Konsultasi Publik"), forum.topic, day)
    done = sum(1 for a in forum.agreements if done_by(a, cutoff.date()))
    values.update({
        "keadaan_per": cutoff_label(cutoff),
        "nomor_ba": number_of(forum, day),
        "forum": forum_values(forum),
        "tahapan": _stages(forum, cutoff),
        "peserta_unsur": by_element,
        "peserta": rows,
        "unsur_masyarakat_hadir": number(len({element.id for element, _p in community})),
        "kesepakatan": agreements,
        "foto": _photos(document, forum, cutoff),
        "kesimpulan": [
            _("Forum Konsultasi Publik dengan topik \"%(topic)s\" dilaksanakan pada %(date)s dan dihadiri %(count)s "
              "unsur masyarakat.", topic=forum.topic, date=long_date(forum.held_on),
              count=number(len({element.id for element, _p in community}))),
            _("Forum menghasilkan %(total)s kesepakatan; %(done)s di antaranya telah selesai ditindaklanjuti.",
              total=number(len(agreements)), done=number(done)),
        ],
    })
    return values


def sample_forum_values():
    return {"topik": "Topik", "tujuan": "Tujuan", "bentuk": "Tatap muka", "metode": "FGD", "jenis_layanan": "Layanan",
            "tanggal": "2 Maret 2026", "hari_tanggal": "Senin, 2 Maret 2026", "waktu": "09.00 WIB", "tempat": "Aula",
            "fasilitator": "Fasilitator", "notulis": "Notulis", "uraian": "Uraian", "tahap": "Selesai"}


def _sample_base(title):
    return {
        "judul": title, "nama": "Unit Contoh", "tingkat": "Unit Layanan", "instansi": "Pemerintah Contoh",
        "periode": "Topik", "tanggal": "2 Maret 2026", "tempat_tanggal": "Kota Contoh, 2 Maret 2026",
        "kop": {"instansi": "PEMERINTAH CONTOH", "nama": "UNIT CONTOH", "alamat": "Jl. Contoh 1", "kontak": "Telp. 1"},
        "penandatangan": {"nama": "Nama", "nip": "1", "nip_baris": "NIP 1", "jabatan": "Kepala"},
    }


def sample_berita_acara(document):
    signer = {"nama": "Nama", "nip": "1", "nip_baris": "NIP 1", "jabatan": "Kepala"}
    values = _sample_base("Berita Acara Forum Konsultasi Publik")
    values.update({
        "nomor": "1/BA-FKP/UNIT/2026", "forum": sample_forum_values(),
        "peserta_unsur": [{"unsur": "Pengguna layanan", "diundang": "2", "hadir": "1"}],
        "peserta": [{"no": 1, "nama": "Nama", "unsur": "Unsur", "organisasi": "-", "hadir": "Hadir"}],
        "kesepakatan": [{"no": 1, "teks": "Kesepakatan", "tindak_lanjut": "-", "penanggung_jawab": "-",
                         "tenggat": "-", "status": "Belum"}],
        "unsur_masyarakat_hadir": "1", "perwakilan": [{"no": 1, "nama": "Nama", "unsur": "Unsur"}],
        "ttd_penyelenggara": signer, "ttd_masyarakat": {"nama": "Nama", "unsur": "Unsur"}, "ttd_mengetahui": signer,
    })
    return values


def sample_laporan(document):
    values = _sample_base("Laporan Pelaksanaan Forum Konsultasi Publik")
    values.update({
        "keadaan_per": "Keadaan per 2 Maret 2026 pukul 14.00",
        "nomor_ba": "1/BA-FKP/UNIT/2026", "forum": sample_forum_values(),
        "tahapan": [{"tahap": "Pelaksanaan", "tanggal": "2 Maret 2026", "keterangan": "-"}],
        "peserta_unsur": [{"unsur": "Pengguna layanan", "diundang": "2", "hadir": "1"}],
        "peserta": [{"no": 1, "nama": "Nama", "unsur": "Unsur", "organisasi": "-", "hadir": "Hadir"}],
        "unsur_masyarakat_hadir": "1",
        "kesepakatan": [{"no": 1, "teks": "Kesepakatan", "tindak_lanjut": "-", "penanggung_jawab": "-",
                         "tenggat": "-", "status": "Belum"}],
        "foto": [{"gambar": image(document, charts.horizontal_bars([("Contoh", 1)])), "keterangan": "Foto"}],
        "kesimpulan": ["Kalimat."],
    })
    return values
