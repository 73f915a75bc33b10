"""The PEKPPP sheet: for each indicator of the instrument (data, D11) that Pantau can answer, the value, the
0-5 score its rule gives, and the records behind it (section 5.3 of the domain notes).

The evaluation lokus is the service unit (D17): every indicator is scored per unit; a report for an OPD or an
instansi shows the units' distribution and mean, never the best unit's score, and lists every unit's score beside
its records. An indicator's ``machine_key`` names the rule below that computes it; indicators without one are
listed for self-assessment. Aspect subtotals count only the indicators Pantau computed and are labelled
provisional.
"""
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.complaints.figures import node_figures
from app.extensions import db
from app.locale import long_date, number
from app.models.complaints import LAPOR_CHANNELS, Complaint
from app.models.fkp import SP_PURPOSES
from app.models.org import OrgLevel, OrgNode, ServiceType
from app.reports.catalogues import instrument_for
from app.reports.layout import key_values, signatory_block, table, title_block
from app.reports.registry import section
from app.reports.shared import complaints_of, cutoff, fkp_of, skm_of
from app.scope import Scope
from app.skm.figures import pekppp_scores


def score_by_count(count):
    """0 for none, 1-4 for one to four, 5 for more than four (the F-02 count rules)."""
    return 0 if not count else min(count, 4) if count <= 4 else 5


def score_review_interval(days_since_review):
    """F-02 'peninjauan ulang SP': yearly for all 5, for some 4; two-yearly all 3, some 2; three-yearly all 1."""
    if not days_since_review:
        return 0
    known = [d for d in days_since_review if d is not None]
    total = len(days_since_review)
    for limit, all_score, some_score in ((365, 5, 4), (730, 3, 2)):
        within = sum(1 for d in known if d <= limit)
        if within == total:
            return all_score
        if within:
            return some_score
    return 1 if known and len(known) == total and all(d <= 1095 for d in known) else 0


def score_followup_lapor(pct_finished, uses_lapor):
    """F-02 aspect V follow-up: via LAPOR! >=90 % 5, 50-90 % 4, <50 % 3; without LAPOR! >=50 % 2, <50 % 1."""
    if pct_finished is None:
        return 0
    if uses_lapor:
        return 5 if pct_finished >= 90 else 4 if pct_finished >= 50 else 3
    return 2 if pct_finished >= 50 else 1


def score_response_speed(median_hours):
    """F-02 (daring) response speed in calendar hours (D17): <=1x24 5, <=3x24 4, <=5x24 3, <=7x24 2, <=14x24 1."""
    if median_hours is None:
        return 0
    for days, score in ((1, 5), (3, 4), (5, 3), (7, 2), (14, 1)):
        if median_hours <= days * 24:
            return score
    return 0


def unit_skm(row):
    """The SKM figures the indicators read, for one unit: from its row in the SKM figures of the report's scope (None
    when it ran no survey counted in the period)."""
    if row is None:
        return {"units": [], "pekppp": pekppp_scores([], {}, {}, {}, set()), "publication_media": 0, "publications": 0,
                "rtl": {"total": 0, "done": 0, "share_done": None}}
    return {"units": [row], "pekppp": row["pekppp"], "publication_media": row["pekppp"]["publication_media"],
            "publications": row["publication_records"], "rtl": row["rtl"]}


class Answers:
    """Computes each machine key's (value, score, evidence) for one unit, from the figures of the report's scope as at
    its cut-off, read for this unit: ``skm`` (``unit_skm``), ``complaints`` (``by_node`` of the complaint figures),
    ``uses_lapor`` (whether it has ever received a complaint through SP4N-LAPOR! by the cut-off), ``fkp``, and
    ``service_types``: [(name, date of its last Standar Pelayanan review)] of the unit, by name."""

    def __init__(self, unit, period, as_of, skm, complaints, uses_lapor, fkp, service_types=()):
        self.unit, self.period, self.as_of, self.today = unit, period, as_of, as_of.date()
        self.skm, self.complaints, self.uses_lapor, self.fkp = skm, complaints, uses_lapor, fkp
        self.service_types = service_types

    def answer(self, key):
        method = getattr(self, f"_{key}", None)
        return method() if method else None

    def _skm_conducted(self):
        codes = sorted({code for unit in self.skm["units"] for code in unit["survey_periods"]})
        return (len(codes), self.skm["pekppp"]["skm_per_rule"],
                _("Periode survei ditutup: %(codes)s", codes=", ".join(codes) or "-"))

    def _skm_publication_media(self):
        media = self.skm["publication_media"]
        return media, score_by_count(media), _("%(n)s catatan publikasi hasil SKM", n=number(self.skm["publications"]))

    def _skm_rtl_percent(self):
        rtl = self.skm["rtl"]
        share = rtl["share_done"]
        return (float(share) if share is not None else None, self.skm["pekppp"]["rtl_score"],
                _("%(done)s dari %(total)s rencana tindak lanjut selesai", done=number(rtl["done"]),
                  total=number(rtl["total"])))

    def _skm_followup_speed(self):
        months = self.skm["pekppp"]["months_to_followup"]
        return (float(months) if months is not None else None, self.skm["pekppp"]["followup_speed_score"],
                _("Bulan dari penutupan survei sampai tindak lanjut pertama selesai (terlama)"))

    def _fkp_unsur_count(self):
        """I.2: community elements involved in a forum drafting or reviewing a Standar Pelayanan."""
        elements = self.fkp["sp_elements_per_unit"].get(self.unit.id, 0)
        forums = [f for f in self.fkp["held_forums"] if f["unit_id"] == self.unit.id and f["purpose"] in SP_PURPOSES]
        listed = "; ".join(_("%(date)s %(topic)s (%(n)s unsur)", date=long_date(f["held_on"]), topic=f["topic"],
                             n=f["elements"]) for f in forums)
        return (elements, score_by_count(elements),
                _("Forum penyusunan/peninjauan Standar Pelayanan terlaksana: %(forums)s", forums=listed or "-"))

    def _sp_review_interval(self):
        rows = self.service_types
        days = [(self.today - reviewed).days if reviewed else None for _name, reviewed in rows]
        reviewed_this_year = sum(1 for d in days if d is not None and d <= 365)
        listed = "; ".join(f"{name}: {long_date(reviewed) if reviewed else '-'}" for name, reviewed in rows)
        return (reviewed_this_year, score_review_interval(days),
                _("%(n)s dari %(total)s jenis layanan ditinjau dalam setahun terakhir (%(list)s)", n=number(reviewed_this_year),
                  total=number(len(days)), list=listed or "-"))

    def _complaint_followup_lapor(self):
        """V.4: only complaints received in the period through SP4N-LAPOR! channels (D17)."""
        lapor, uses_lapor = self.complaints["lapor"], self.uses_lapor
        pct = lapor["pct_finished"] if uses_lapor else self.complaints["pct_finished"]
        if uses_lapor:
            evidence = _("%(finished)s dari %(verified)s pengaduan melalui kanal SP4N-LAPOR! yang diterima pada periode "
                         "ini dan terverifikasi sudah selesai", finished=lapor["finished"], verified=lapor["verified"])
        else:
            evidence = _("%(finished)s dari %(verified)s pengaduan terverifikasi selesai (tanpa SP4N-LAPOR!)",
                         finished=self.complaints["finished"], verified=self.complaints["verified"])
        return pct, score_followup_lapor(pct, uses_lapor), evidence

    def _complaint_response_speed(self):
        """V.D2: calendar hours from receipt to the first follow-up, as F-02 counts (D17)."""
        hours = self.complaints["hours_to_first_followup"]
        median = hours["median"]
        return (float(median) if median is not None else None, score_response_speed(median),
                _("Median %(median)s jam, terlama %(max)s jam (jam kalender sejak diterima sampai tindak lanjut pertama, "
                  "%(n)s pengaduan)", median=number(median), max=number(hours["max"]), n=number(hours["count"])))

    def _complaint_accountability(self):
        received = self.complaints["received"]
        score = 2 if received else 0
        return (received, score, _("Pengaduan terdokumentasi dan direkap dalam laporan ini; monev dan publikasi dinilai sendiri"))


def units_of(scope_node):
    """The service units a PEKPPP sheet scores: the node itself if it is one, else every unit below it."""
    if scope_node.level == OrgLevel.UNIT:
        return [scope_node]
    return db.session.execute(
        select(OrgNode).where(OrgNode.level == OrgLevel.UNIT, Scope.of_nodes([scope_node]).clause(OrgNode))
        .order_by(OrgNode.path)
    ).scalars().all()


def unit_scores(scope_node, units, period, as_of, indicators):
    """{unit id: {indicator code: (value, score, evidence)}} for the indicators Pantau computes. The complaint and FKP
    figures of every unit come from one pass over ``scope_node``'s rows (a unit's complaints are those it held at the
    cut-off), the figures the package's own SKM, SP4N and FKP sheets show."""
    scope = Scope.of_nodes([scope_node])
    every = complaints_of(scope, period, as_of)
    forums = fkp_of(scope, period, as_of)
    surveys = {row["unit_id"]: row for row in skm_of(scope, period, as_of)["units"]}
    service_types = {}
    for unit_id, name, reviewed in db.session.execute(
            select(ServiceType.unit_id, ServiceType.name, ServiceType.sp_last_review)
            .where(scope.clause(ServiceType)).order_by(ServiceType.name, ServiceType.id)):
        service_types.setdefault(unit_id, []).append((name, reviewed))
    lapor_users = set(db.session.execute(
        select(Complaint.org_id).where(scope.clause(Complaint), Complaint.channel.in_(LAPOR_CHANNELS),
                                       Complaint.received_at <= as_of).distinct()
    ).scalars())
    result = {}
    for unit in units:
        answers = Answers(unit, period, as_of, unit_skm(surveys.get(unit.id)), node_figures(every, unit.id),
                          unit.id in lapor_users, forums, service_types.get(unit.id, []))
        result[unit.id] = {i.code: answers.answer(i.machine_key) for i in indicators if i.machine_key}
    return result


def distribution(scores):
    """(units scored, mean, [units with score 0..5])."""
    if not scores:
        return 0, None, [0] * 6
    counts = [sum(1 for s in scores if s == level) for level in range(6)]
    return len(scores), float(Decimal(sum(scores)) / len(scores)), counts


@section("pekppp", _l("Lembar PEKPPP"), in_package=True, position=40)
def pekppp_sheets(workbook, scope_node, period, language):
    """Write the PEKPPP sheet: per indicator the units' distribution and mean score, then every unit's value,
    score and records; indicators Pantau cannot compute are listed for self-assessment."""
    formats = workbook.pantau_formats
    sheet = workbook.add_worksheet("PEKPPP")
    row = title_block(sheet, formats, _("Lembar Evaluasi PEKPPP"), scope_node, period)
    instrument = instrument_for(period.year)
    if instrument is None:
        note = _("Belum ada instrumen PEKPPP untuk tahun %(year)s. Jalankan: flask reports seed-catalogues", year=period.year)
        sheet.write_string(row, 0, note, formats["bold"])
        return {"title": _("Lembar PEKPPP"), "headlines": [], "notes": [note]}
    units = units_of(scope_node)
    indicators = [(aspect, indicator) for aspect in instrument.aspects for indicator in aspect.indicators]
    scored = unit_scores(scope_node, units, period, cutoff(period), [indicator for _aspect, indicator in indicators])
    rows, subtotals, headlines = [], [], []
    for aspect in instrument.aspects:
        means = []
        for indicator in aspect.indicators:
            if not indicator.machine_key:
                rows.append((aspect.code, indicator.code, _("%(text)s (penilaian mandiri)", text=indicator.text))
                            + (None,) * 8)
                continue
            scores = [scored[unit.id][indicator.code][1] for unit in units]
            count, mean, levels = distribution(scores)
            means.append(mean if mean is not None else 0)
            rows.append((aspect.code, indicator.code, indicator.text, count, mean) + tuple(levels))
            headlines.append({"label": f"{indicator.code} {indicator.text}", "value": mean})
        mean = Decimal(sum(Decimal(str(m)) for m in means)) / len(means) if means else None
        subtotals.append((aspect.code, Decimal(aspect.weight), aspect.name, len(means),
                          float(mean) if mean is not None else None))
    # Columns line up across the tables of this sheet (code, short number, text, numbers), so it prints narrow;
    # the six count columns are headed by the bare score so the table fits one landscape page at 80 %.
    _first, _last, row = table(
        sheet, formats, row,
        _("Indikator (%(name)s): sebaran skor unit layanan (kolom 0-5: jumlah unit dengan skor itu)",
          name=instrument.name),
        [(_("Aspek"), None), (_("Kode"), None), (_("Indikator"), "wrap"), (_("Unit dinilai"), "int"),
         (_("Rata-rata skor unit"), "dec2")] + [(str(level), "int") for level in range(6)],
        rows,
    )
    _first, _last, row = table(
        sheet, formats, row, _("Rata-rata skor per aspek (sementara: hanya indikator yang dihitung Pantau)"),
        [(_("Aspek"), None), (_("Bobot (%)"), "dec2"), (_("Nama"), "wrap"), (_("Indikator dihitung"), "int"),
         (_("Rata-rata skor"), "dec2")],
        subtotals,
    )
    computed = sum(1 for _aspect, indicator in indicators if indicator.machine_key)
    row = key_values(sheet, formats, row, [
        (_("Unit layanan dinilai"), len(units)),
        (_("Indikator dihitung Pantau"), computed),
        (_("Indikator untuk penilaian mandiri (bukti yang diperlukan: lembar Instrumen PEKPPP)"),
         len(indicators) - computed),
    ])
    signatory_block(sheet, formats, row, scope_node)

    detail = workbook.add_worksheet("PEKPPP per Unit")
    row = title_block(detail, formats, _("Skor PEKPPP per unit layanan dan data asalnya"), scope_node, period)
    table(
        detail, formats, row, None,
        [(_("Unit layanan"), None), (_("Kode"), None), (_("Indikator"), "wrap"), (_("Nilai"), "dec2"),
         (_("Skor 0-5"), "int"), (_("Bukti"), "wrap")],
        [(unit.name, indicator.code, indicator.text) + tuple(scored[unit.id][indicator.code])
         for unit in units for _aspect, indicator in indicators if indicator.machine_key],
    )
    return {"title": _("Lembar PEKPPP"), "headlines": headlines}
