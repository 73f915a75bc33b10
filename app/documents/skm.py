"""The Laporan Hasil SKM (PermenPANRB 14/2017, Bab I-V and lampiran) of a unit, or combined for an OPD or instansi."""
from fractions import Fraction

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.cutoff import cutoff_label
from app.documents import charts
from app.documents.common import base_context, person
from app.documents.issues import SAMPLE, issue_context
from app.documents.templates import image
from app.extensions import db
from app.locale import long_date, number, percent
from app.models.org import OrgLevel, ServiceType
from app.models.skm import (
    STANDARD_CODES, FollowUpAction, Publication, Respondent, answer_column,
)
from app.reports.shared import cutoff as build_cutoff
from app.scope import Scope
from app.skm.figures import periods_within, skm_figures
from app.skm.ikm import round_half_up
from app.uploads import path_of

LEGAL_BASIS = [
    "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik;",
    "Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 Tahun 2009 tentang "
    "Pelayanan Publik;",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun 2017 tentang Pedoman "
    "Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik;",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 29 Tahun 2022 tentang Pemantauan "
    "dan Evaluasi Kinerja Penyelenggaraan Pelayanan Publik.",
]
AIMS = [
    "mengetahui tingkat kepuasan masyarakat terhadap pelayanan yang diberikan;",
    "mengetahui kelemahan dan kekuatan setiap unsur pelayanan;",
    "menjadi bahan penetapan kebijakan dan rencana tindak lanjut perbaikan pelayanan;",
    "mendorong partisipasi masyarakat dalam menilai kinerja penyelenggara pelayanan.",
]
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png")


def _subject(figures, node):
    """The result the document is about: the unit's own, or the pooled result of the OPD or instansi (D3)."""
    if node.level == OrgLevel.UNIT:
        unit = next((u for u in figures["units"] if u["unit_id"] == node.id), None)
        return unit, None
    group = next((g for g in figures["groups"] if g["code"] == node.code), None)
    return (group["pooled"] if group else None), group


def _team(node, units):
    """The head of ``node`` in charge, then the active users linked to the surveyed units (who enter the data)."""
    from app.models.user import PantauUser, user_org

    unit_ids = [u["unit_id"] for u in units] or [node.id]
    users = db.session.execute(
        select(PantauUser).join(user_org, user_org.c.user_id == PantauUser.id)
        .where(user_org.c.org_id.in_(unit_ids), PantauUser.active.is_(True))
        .order_by(PantauUser.first_name, PantauUser.last_name).distinct()).scalars().all()
    team = [{"nama": person(node)["nama"], "peran": _("Penanggung jawab")}]
    team += [{"nama": f"{u.first_name} {u.last_name}".strip(), "peran": _("Pengumpul dan pengolah data")} for u in users]
    if len(team) == 1:
        team.append({"nama": _("Operator SKM %(name)s", name=node.name), "peran": _("Pengumpul dan pengolah data")})
    return team


def _elements(result):
    rows = []
    for index, element in enumerate(result["elements"] if result else [], start=1):
        weighted = element["nrr_exact"] * element["weight"] if element["nrr_exact"] is not None else None
        rows.append({
            "no": index, "kode": element["code"], "nama": element["name"],
            "nrr": number(element["nrr"], 3), "bobot": number(float(element["weight"]), 3),
            "nrr_tertimbang": number(float(weighted), 3) if weighted is not None else "-",
            "nilai": number(element["converted"], 2), "mutu": element["grade"] or "-",
            "_value": element["converted"],
        })
    return rows


def _profile(units):
    titles = [("sex", _("Jenis kelamin")), ("age_band", _("Usia")), ("education", _("Pendidikan")),
              ("occupation", _("Pekerjaan")), ("service_type", _("Jenis layanan"))]
    profile = []
    for key, title in titles:
        totals = {}
        for unit in units:
            for label, count in unit["demographics"].get(key, {}).items():
                totals[str(label)] = totals.get(str(label), 0) + count
        whole = sum(totals.values())
        profile.append({"judul": title, "baris": [
            {"kategori": label, "jumlah": number(count), "persen": percent(round_half_up(Fraction(count * 100, whole), 2))}
            for label, count in totals.items()]})
    return profile


def _answer_recap(period_ids, elements):
    """Per standard unsur: how many answered 1, 2, 3, 4 and how many left it empty."""
    rows = []
    if not period_ids:
        return rows
    total = db.session.execute(select(func.count(Respondent.id)).where(Respondent.period_id.in_(period_ids))).scalar_one()
    names = {e["kode"]: e["nama"] for e in elements}
    for code in STANDARD_CODES:
        column = getattr(Respondent, answer_column(code))
        counts = dict(db.session.execute(select(column, func.count(Respondent.id))
                                         .where(Respondent.period_id.in_(period_ids)).group_by(column)).all())
        answered = sum(counts.get(value, 0) for value in (1, 2, 3, 4))
        rows.append({"nama": names.get(code, code), **{f"n{v}": number(counts.get(v, 0)) for v in (1, 2, 3, 4)},
                     "kosong": number(total - answered)})
    return rows


def _questionnaire(survey_periods, elements):
    """The unsur asked, with the four answer labels of the first survey that has them."""
    labels = {}
    for period in survey_periods:
        for element in period.elements:
            labels.setdefault(element.code, [element.label_1, element.label_2, element.label_3, element.label_4])
    return [{"no": e["no"], "nama": e["nama"], "bobot": e["bobot"], "pilihan": labels.get(e["kode"], ["", "", "", ""])}
            for e in elements]


def _comparison(scope, node, period):
    """IKM of the two periods of the same length before ``period`` and of ``period`` itself, oldest first."""
    rows = []
    earlier = period.previous()
    for candidate in (earlier.previous(), earlier, period):
        result, _group = _subject(skm_figures(scope, candidate), node)
        if result and result.get("ikm_converted") is not None:
            rows.append({"periode": candidate.label, "ikm": number(result["ikm_converted"], 2), "mutu": result["grade"]})
    return rows if len(rows) > 1 else []


def _photos(document, period_ids):
    rows = db.session.execute(select(Publication).where(Publication.period_id.in_(period_ids), Publication.file.is_not(None))
                              .order_by(Publication.published_on)).scalars().all() if period_ids else []
    photos = []
    for row in rows:
        if not (row.file_name or row.file).lower().endswith(PHOTO_EXTENSIONS):
            continue
        try:
            with open(path_of(row.file), "rb") as handle:
                photos.append({"gambar": image(document, handle.read(), 12),
                               "keterangan": row.description or row.file_name or ""})
        except OSError:
            continue
    return photos


def _sentences(node, period, result, group, elements, respondents, required):
    sentences = []
    if result is None or result.get("ikm_converted") is None:
        return [_("Belum ada responden SKM %(name)s pada %(period)s.", name=node.name, period=period.label)]
    sentences.append(_("IKM %(name)s %(period)s sebesar %(ikm)s dengan mutu pelayanan %(grade)s (%(label)s).",
                       name=node.name, period=period.label, ikm=number(result["ikm_converted"], 2),
                       grade=result["grade"], label=result["grade_label"]))
    if group is not None:
        sentences.append(_("Rata-rata IKM %(units)s unit layanan sebesar %(mean)s (%(grade)s); IKM gabungan di atas "
                           "dihitung dari seluruh responden.", units=group["units"],
                           mean=number(group["mean_ikm_converted"], 2), grade=group["mean_grade"]))
    ranked = [e for e in elements if e["_value"] is not None]
    if ranked:
        best = max(ranked, key=lambda e: e["_value"])
        worst = min(ranked, key=lambda e: e["_value"])
        sentences.append(_("Unsur dengan nilai tertinggi adalah %(best)s (%(best_value)s); unsur dengan nilai terendah "
                           "adalah %(worst)s (%(worst_value)s) dan menjadi prioritas perbaikan.",
                           best=best["nama"], best_value=best["nilai"], worst=worst["nama"], worst_value=worst["nilai"]))
    if required:
        if respondents >= required:
            sentences.append(_("Jumlah responden (%(n)s) memenuhi sampel minimal %(required)s.",
                               n=number(respondents), required=number(required)))
        else:
            sentences.append(_("Jumlah responden (%(n)s) belum memenuhi sampel minimal %(required)s; hasil perlu "
                               "dibaca dengan hati-hati.", n=number(respondents), required=number(required)))
    return sentences


def context(document, node, period, day):
    """Every placeholder value of the Laporan Hasil SKM of ``node`` for ``period``, as at the build's cut-off;
    ``day`` (the build day) dates the signature."""
    moment = build_cutoff(period)
    scope = Scope.of_nodes([node])
    figures = skm_figures(scope, period, as_of=moment, with_demographics=True)
    result, group = _subject(figures, node)
    units = figures["units"]
    survey_periods = periods_within(scope, period, with_elements=True)
    period_ids = [p.id for p in survey_periods]
    elements = _elements(result)
    respondents = result["respondents"] if result else 0
    population = sum(u["population"] or 0 for u in units) or None
    required = sum(u["required_sample"] or 0 for u in units) or None
    dates = db.session.execute(select(func.min(Respondent.survey_date), func.max(Respondent.survey_date))
                               .where(Respondent.period_id.in_(period_ids))).one() if period_ids else (None, None)
    services = db.session.execute(select(ServiceType.name).where(
        ServiceType.unit_id.in_([u["unit_id"] for u in units] or [node.id])).order_by(ServiceType.name)).scalars().all()
    ranked = sorted((e for e in elements if e["_value"] is not None), key=lambda e: e["_value"])
    actions = db.session.execute(select(FollowUpAction).where(FollowUpAction.period_id.in_(period_ids))
                                 .order_by(FollowUpAction.due_date)).scalars().all() if period_ids else []
    names = {e["kode"]: e["nama"] for e in elements}
    title = _("Laporan Hasil Survei Kepuasan Masyarakat")
    values = base_context(node, title, period.label, day)
    values.update({
        "tahun": period.year,
        "keadaan_per": cutoff_label(moment),
        "gabungan": node.level != OrgLevel.UNIT,
        "dasar_hukum": LEGAL_BASIS,
        "tujuan": AIMS,
        "layanan": services or [_("(jenis layanan belum dicatat)")],
        "tim": _team(node, units),
        "metode": _("Survei dilakukan dengan kuesioner terstruktur yang diisi responden pengguna layanan secara langsung "
                    "di tempat layanan (kertas dan formulir daring). Nilai setiap unsur dihitung dengan nilai rata-rata "
                    "tertimbang sesuai PermenPANRB Nomor 14 Tahun 2017."),
        "tempat": ", ".join(u["unit_name"] for u in units) or node.name,
        "waktu": (_("%(start)s sampai %(end)s", start=long_date(dates[0]), end=long_date(dates[1]))
                  if dates[0] else period.label),
        "populasi": number(population) if population else "-",
        "sampel_minimal": number(required) if required else "-",
        "responden": number(respondents),
        "kalimat_sampel": (_("Sampel ditentukan dengan tabel Krejcie dan Morgan. Responden yang terkumpul %(n)s dari "
                             "sampel minimal %(required)s.", n=number(respondents), required=number(required))
                           if required else _("Populasi belum diisi, sehingga sampel minimal belum dapat dihitung.")),
        "kuesioner": _questionnaire(survey_periods, elements),
        "profil": _profile(units if node.level != OrgLevel.UNIT else [result] if result else []),
        "unsur": elements,
        "nrr_tertimbang": number(result["ikm"], 3) if result and result.get("ikm") is not None else "-",
        "ikm": number(result["ikm_converted"], 2) if result and result.get("ikm_converted") is not None else "-",
        "mutu": (result or {}).get("grade") or "-",
        "mutu_label": (result or {}).get("grade_label") or "-",
        "ikm_rata_rata": number(group["mean_ikm_converted"], 2) if group else "-",
        "mutu_rata_rata": (group or {}).get("mean_grade") or "-",
        "grafik_nrr": image(document, charts.horizontal_bars(
            [(e["nama"], e["_value"]) for e in elements], maximum=100, value_text=lambda v: number(v, 2))),
        "unit_dinilai": [{"no": i, "nama": u["unit_name"], "opd": u["opd_name"] or "-", "responden": number(u["respondents"]),
                          "ikm": number(u["ikm_converted"], 2) if u["ikm_converted"] is not None else "-",
                          "mutu": u["grade"] or "-"} for i, u in enumerate(units, start=1)],
        "grafik_unit": image(document, charts.horizontal_bars(
            [(u["unit_name"], u["ikm_converted"]) for u in units], maximum=100, value_text=lambda v: number(v, 2))),
        "terkuat": [{"nama": e["nama"], "nilai": e["nilai"]} for e in reversed(ranked[-3:])],
        "terlemah": [{"nama": e["nama"], "nilai": e["nilai"]} for e in ranked[:3]],
        "perbandingan": _comparison(scope, node, period),
        "rtl": [{"unsur": names.get(a.element_code, a.element_code), "kegiatan": a.action, "penanggung_jawab": a.owner,
                 "tenggat": long_date(a.due_date), "status": str(a.status.label)} for a in actions],
        "kesimpulan": _sentences(node, period, result, group, elements, respondents, required),
        "rekap_data": _answer_recap(period_ids, elements),
        "foto": _photos(document, period_ids),
    })
    for element in elements:
        element.pop("_value")
    values.update(issue_context(node, period, moment))
    return values


def sample_context(document):
    """Made-up values of every placeholder, to check an uploaded template renders."""
    elements = [{"no": i, "kode": code, "nama": code.title(), "nrr": "3,600", "bobot": "0,111", "nrr_tertimbang": "0,400",
                 "nilai": "90,00", "mutu": "A"} for i, code in enumerate(STANDARD_CODES, start=1)]
    chart = image(document, charts.horizontal_bars([("Contoh", 90)], maximum=100))
    values = {
        "judul": "Laporan Hasil Survei Kepuasan Masyarakat", "nama": "Unit Contoh", "tingkat": "Unit Layanan",
        "instansi": "Pemerintah Contoh", "periode": "Triwulan III 2025", "tanggal": "1 Oktober 2025",
        "tempat_tanggal": "Kota Contoh, 1 Oktober 2025",
        "kop": {"instansi": "PEMERINTAH CONTOH", "nama": "UNIT CONTOH", "alamat": "Jl. Contoh 1", "kontak": "Telp. 1"},
        "penandatangan": {"nama": "Nama Kepala", "nip": "1", "nip_baris": "NIP 1", "jabatan": "Kepala Unit Contoh"},
        "tahun": 2025, "keadaan_per": "Keadaan per 30 September 2025", "gabungan": True,
        "dasar_hukum": LEGAL_BASIS, "tujuan": AIMS, "layanan": ["Layanan contoh"],
        "tim": [{"nama": "Nama", "peran": "Peran"}], "metode": "Metode", "tempat": "Tempat", "waktu": "Waktu",
        "populasi": "1.000", "sampel_minimal": "278", "responden": "300", "kalimat_sampel": "Kalimat",
        "kuesioner": [{"no": 1, "nama": "Persyaratan", "bobot": "0,111", "pilihan": ["a", "b", "c", "d"]}],
        "profil": [{"judul": "Jenis kelamin", "baris": [{"kategori": "Perempuan", "jumlah": "1", "persen": "100,00 %"}]}],
        "unsur": elements, "nrr_tertimbang": "3,659", "ikm": "91,48", "mutu": "A", "mutu_label": "Sangat Baik",
        "ikm_rata_rata": "90,00", "mutu_rata_rata": "A", "grafik_nrr": chart,
        "unit_dinilai": [{"no": 1, "nama": "Unit", "opd": "OPD", "responden": "1", "ikm": "90,00", "mutu": "A"}],
        "grafik_unit": chart, "terkuat": [{"nama": "Perilaku", "nilai": "95,00"}],
        "terlemah": [{"nama": "Waktu", "nilai": "80,00"}],
        "perbandingan": [{"periode": "Triwulan II 2025", "ikm": "88,00", "mutu": "B"}],
        "rtl": [{"unsur": "Waktu", "kegiatan": "Kegiatan", "penanggung_jawab": "PJ", "tenggat": "1 Desember 2025",
                 "status": "Rencana"}],
        "kesimpulan": ["Kalimat kesimpulan."],
        "rekap_data": [{"nama": "Persyaratan", "n1": "0", "n2": "1", "n3": "2", "n4": "3", "kosong": "0"}],
        "foto": [{"gambar": chart, "keterangan": "Foto"}],
        **SAMPLE,
    }
    return values

