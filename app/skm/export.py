"""Export of one survey period to XLSX: the results sheet and every raw respondent (constant memory)."""
import os
import tempfile

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models.org import ServiceType
from app.models.skm import STANDARD_CODES, Answer, Respondent, answer_column
from app.skm.figures import period_figures
from app.xlsx import open_workbook, print_setup, write_cell, write_table


def export_period(period, path=None, progress=None):
    """Write the workbook to ``path`` (default: a temporary file) and return the path (the caller removes it);
    ``progress(done, total)`` is told every PROGRESS_EVERY respondents."""
    if path is None:
        handle, path = tempfile.mkstemp(prefix="skm-", suffix=".xlsx")
        os.close(handle)
    figures = period_figures(period)
    workbook = open_workbook(path)
    formats = workbook.pantau_formats
    _results_sheet(workbook, formats, period, figures)
    _respondent_sheet(workbook, formats, period, progress, figures["respondents"])
    workbook.close()
    return path


def _results_sheet(workbook, formats, period, figures):
    sheet = workbook.add_worksheet(_("Hasil"))
    sheet.write_string(0, 0, _("Hasil SKM %(unit)s, %(period)s", unit=period.unit.name, period=period.period_label),
                       formats["title"])
    rows = [
        (_("Jumlah responden"), figures["respondents"], "int"),
        (_("Sampel minimal (Krejcie-Morgan)"), figures["sample"].required, "int"),
        (_("IKM (skala 1–4)"), figures["ikm"], "dec3"),
        (_("IKM unit pelayanan (25–100)"), figures["ikm_converted"], "dec2"),
        (_("Mutu pelayanan"), figures["grade"], None),
        (_("Kinerja unit pelayanan"), figures["grade_label"], None),
    ]
    for index, (label, value, key) in enumerate(rows, start=2):
        sheet.write_string(index, 0, label, formats["bold"])
        write_cell(sheet, index, 1, value, formats, formats[key] if key else None)
    columns = [(_("Kode"), None), (_("Unsur"), None), (_("Jawaban terisi"), "int"), (_("Bobot"), None),
               (_("NRR"), "dec3"), (_("NRR x 25"), "dec2"), (_("Mutu"), None)]
    table = [(e["code"], e["name"], e["count"], str(e["weight"]), e["nrr"], e["converted"], e["grade"])
             for e in figures["elements"]]
    write_table(sheet, columns, table, formats, first_row=10, widths={1: 40})
    print_setup(sheet, landscape=False, title=_("Hasil SKM"))


PROGRESS_EVERY = 1000


def _respondent_sheet(workbook, formats, period, progress=None, total=None):
    sheet = workbook.add_worksheet(_("Responden"))
    elements = list(period.elements)
    extras = [e for e in elements if e.code not in STANDARD_CODES]
    columns = [(_("No."), "int"), (_("Tanggal"), "date"), (_("Waktu"), None), (_("Jenis kelamin"), None),
               (_("Usia"), "int"), (_("Pendidikan"), None), (_("Pekerjaan"), None), (_("Jenis layanan"), None)]
    columns += [(e.code, "int") for e in elements] + [(_("Saran"), "wrap"), (_("Sumber"), None)]
    services = dict(db.session.execute(select(ServiceType.id, ServiceType.name)
                                       .where(ServiceType.unit_id == period.unit_id)).all())
    extra_values = {}
    if extras:
        for respondent_id, element_id, value in db.session.execute(
                select(Answer.respondent_id, Answer.element_id, Answer.value)
                .join(Respondent, Respondent.id == Answer.respondent_id).where(Respondent.period_id == period.id)):
            extra_values[(respondent_id, element_id)] = value

    def rows():
        query = (select(Respondent).where(Respondent.period_id == period.id).order_by(Respondent.id)
                 .execution_options(yield_per=2000))
        for number, r in enumerate(db.session.execute(query).scalars(), start=1):
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number, total)
            answers = [getattr(r, answer_column(e.code)) if e.code in STANDARD_CODES
                       else extra_values.get((r.id, e.id)) for e in elements]
            yield [number, r.survey_date, r.time_slot, r.sex, r.age, r.education, r.occupation,
                   services.get(r.service_type_id)] + answers + [r.suggestion, str(r.source.label)]

    write_table(sheet, columns, rows(), formats)
    print_setup(sheet, title=_("Responden SKM"))
