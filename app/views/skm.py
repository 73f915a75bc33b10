"""Screens of the SKM (Survei Kepuasan Masyarakat) area: periods, respondents, RTL, publications, results, public pages."""
import datetime
import io
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from app.extensions import db
from app.models.org import OrgLevel, OrgNode
from app.models.skm import (
    EDUCATIONS,
    OCCUPATIONS,
    SEXES,
    STANDARD_CODES,
    TIME_SLOTS,
    ActionStatus,
    FollowUpAction,
    PeriodStatus,
    Publication,
    PublicationMedium,
    Respondent,
    RespondentSource,
    SurveyPeriod,
)
from app.periods import Period
from app.scope import ScopeError, current_scope
from app.skm import figures as skm_figures
from app.skm import ikm as ikm_math
from app.skm import respondents
from app.skm.export import export_period
from app.imports import ImportStopped, guarded, hold, lock_name
from app.skm.importer import import_file, mapping_for
from app.skm.qr import qr_png, qr_svg
from app.skm.questionnaire import QuestionnaireError, check_period, save_questionnaire, standard_elements
from app.uploads import DOCUMENTS, UploadError, send_stored, store
from app.views.base import ScopedModelView, check_in_scope, require_csrf

UNIT_ONLY = [["level", FilterEqual, OrgLevel.UNIT]]
PERIOD_LABELS = {
    "unit": _l("Unit layanan"), "period_code": _l("Periode"), "population": _l("Populasi (N)"),
    "status": _l("Status"), "closed_on": _l("Tanggal ditutup"), "notes": _l("Catatan"),
}


class EnumSelectField(SelectField):
    """A drop-down of a Python enum whose database values differ from its names (FAB's EnumField mixes them)."""

    def __init__(self, enum_class, label=None, **kwargs):
        self.enum_class = enum_class
        super().__init__(label, [DataRequired()], choices=[SelectChoice(m.name, m.label) for m in enum_class],
                         coerce=self._to_member, widget=Select2Widget(), **kwargs)

    def _to_member(self, value):
        if value is None or isinstance(value, self.enum_class):
            return value
        return self.enum_class[value]


def _enum_fields(**fields):
    return {name: EnumSelectField(enum_class, label) for name, (enum_class, label) in fields.items()}


def _refuse(message):
    db.session.rollback()
    raise ScopeError(str(message))


class SurveyPeriodView(ScopedModelView):
    """Survey periods of units; each new one gets the 9 standard unsur."""

    datamodel = SQLAInterface(SurveyPeriod)
    list_title = _l("Daftar Periode SKM")
    show_title = _l("Detail Periode SKM")
    add_title = _l("Tambah Periode SKM")
    edit_title = _l("Ubah Periode SKM")
    label_columns = PERIOD_LABELS
    description_columns = {
        "period_code": _l("Contoh: 2025-Q3 (Triwulan III), 2025-H1 (Semester I), 2025 (Tahun)."),
        "population": _l("Jumlah pengguna layanan unit pada periode ini; dasar ukuran sampel Krejcie-Morgan."),
        "status": _l("Periode yang ditutup tidak menerima jawaban baru; hanya periode ditutup yang dipublikasikan."),
    }
    list_columns = ["unit", "period_code", "population", "status", "closed_on"]
    add_columns = ["unit", "period_code", "population", "notes"]
    edit_columns = ["population", "status", "closed_on", "notes"]
    show_columns = ["unit", "period_code", "population", "status", "closed_on", "notes"]
    search_columns = ["unit", "period_code", "closed_on"]
    order_columns = ["period_code", "status", "closed_on"]
    base_order = ("id", "desc")
    show_template = "skm/period_show.html"
    add_form_query_rel_fields = {"unit": UNIT_ONLY}
    search_form_query_rel_fields = {"unit": UNIT_ONLY}
    edit_form_extra_fields = _enum_fields(status=(PeriodStatus, PERIOD_LABELS["status"]))

    def pre_add(self, item):
        try:
            check_period(item)
        except QuestionnaireError as error:
            _refuse(error)
        check_in_scope(item)
        item.status = PeriodStatus.OPEN
        item.elements = standard_elements()

    def pre_delete(self, item):
        check_in_scope(item)
        for model in (Respondent, FollowUpAction, Publication):
            if db.session.execute(select(model.id).where(model.period_id == item.id).limit(1)).first():
                _refuse(_l("Periode yang sudah berisi responden, tindak lanjut atau publikasi tidak dapat dihapus."))

    def pre_update(self, item):
        check_in_scope(item)
        if item.status == PeriodStatus.CLOSED and item.closed_on is None:
            item.closed_on = datetime.date.today()
        if item.population is not None and item.population < 1:
            _refuse(_l("Populasi (N) harus bilangan bulat positif."))


class RespondentView(ScopedModelView):
    """Respondents of the periods in scope: read and delete; entry goes through the entry screen or imports."""

    datamodel = SQLAInterface(Respondent)
    base_permissions = ["can_list", "can_show", "can_delete"]
    list_title = _l("Daftar Responden SKM")
    show_title = _l("Detail Responden SKM")
    add_title = _l("Tambah Responden SKM")
    edit_title = _l("Ubah Responden SKM")
    label_columns = {
        "period": _l("Periode SKM"), "unit": _l("Unit layanan"), "survey_date": _l("Tanggal survei"),
        "time_slot": _l("Waktu"), "sex": _l("Jenis kelamin"), "age": _l("Usia"), "education": _l("Pendidikan"),
        "occupation": _l("Pekerjaan"), "service_type": _l("Jenis layanan"), "suggestion": _l("Saran"),
        "source": _l("Sumber"), "created_at": _l("Dicatat"),
        **{f"a_{code.lower()}": code.title() for code in STANDARD_CODES},
    }
    list_columns = ["period", "survey_date", "sex", "age", "education", "occupation", "service_type", "source"]
    show_columns = (["period", "survey_date", "time_slot", "sex", "age", "education", "occupation", "service_type"]
                    + [f"a_{code.lower()}" for code in STANDARD_CODES] + ["suggestion", "source", "created_at"])
    search_columns = ["period", "survey_date", "sex", "education", "occupation"]
    order_columns = ["survey_date", "age", "created_at"]
    base_order = ("id", "desc")
    search_form_query_rel_fields = {}

    def pre_delete(self, item):
        check_in_scope(item)
        if not item.period.is_open:
            _refuse(respondents.closed_message())


class PeriodChildMixin:
    """A row hanging on a survey period: its unit is the period's unit."""

    def _attach(self, item):
        if item.period is None:
            _refuse(_l("Pilih periode SKM."))
        item.unit = item.period.unit
        item.unit_id = item.period.unit_id
        check_in_scope(item)


class FollowUpView(PeriodChildMixin, ScopedModelView):
    """Rencana Tindak Lanjut: actions per weak unsur, with owner, due date, status and evidence."""

    datamodel = SQLAInterface(FollowUpAction)
    list_title = _l("Rencana Tindak Lanjut SKM")
    show_title = _l("Detail Tindak Lanjut SKM")
    add_title = _l("Tambah Tindak Lanjut SKM")
    edit_title = _l("Ubah Tindak Lanjut SKM")
    label_columns = {
        "period": _l("Periode SKM"), "unit": _l("Unit layanan"), "element_code": _l("Kode unsur"),
        "action": _l("Tindakan"), "owner": _l("Penanggung jawab"), "due_date": _l("Tenggat"),
        "status": _l("Status"), "done_on": _l("Tanggal selesai"), "evidence_name": _l("Bukti"),
    }
    description_columns = {"element_code": _l("Kode unsur yang lemah, mis. WAKTU, BIAYA, SARPRAS.")}
    list_columns = ["period", "element_code", "action", "owner", "due_date", "status", "done_on", "evidence_name"]
    add_columns = ["period", "element_code", "action", "owner", "due_date", "status", "done_on"]
    edit_columns = add_columns
    show_columns = add_columns + ["evidence_name"]
    search_columns = ["period", "element_code", "owner", "due_date", "done_on"]
    order_columns = ["due_date", "status", "done_on"]
    show_template = "skm/followup_show.html"
    extra_args = {"csrf_token": generate_csrf}
    add_form_extra_fields = _enum_fields(status=(ActionStatus, _l("Status")))
    edit_form_extra_fields = add_form_extra_fields

    def _validate(self, item):
        self._attach(item)
        item.element_code = (item.element_code or "").strip().upper()
        if item.element_code not in {e.code for e in item.period.elements}:
            _refuse(_l("Kode unsur %(code)s tidak ada dalam kuesioner periode ini.", code=item.element_code))
        if item.status == ActionStatus.DONE and item.done_on is None:
            item.done_on = datetime.date.today()

    def pre_add(self, item):
        self._validate(item)

    def pre_update(self, item):
        self._validate(item)


class PublicationView(PeriodChildMixin, ScopedModelView):
    """Where a closed period's results were published."""

    datamodel = SQLAInterface(Publication)
    list_title = _l("Publikasi Hasil SKM")
    show_title = _l("Detail Publikasi Hasil SKM")
    add_title = _l("Tambah Publikasi Hasil SKM")
    edit_title = _l("Ubah Publikasi Hasil SKM")
    label_columns = {
        "period": _l("Periode SKM"), "unit": _l("Unit layanan"), "medium": _l("Media"),
        "published_on": _l("Tanggal publikasi"), "link": _l("Tautan"), "description": _l("Keterangan"),
        "file_name": _l("Berkas"),
    }
    list_columns = ["period", "medium", "published_on", "link", "file_name"]
    add_columns = ["period", "medium", "published_on", "link", "description"]
    edit_columns = add_columns
    show_columns = add_columns + ["file_name"]
    search_columns = ["period", "published_on", "link"]
    order_columns = ["published_on", "medium"]
    show_template = "skm/publication_show.html"
    extra_args = {"csrf_token": generate_csrf}
    add_form_extra_fields = _enum_fields(medium=(PublicationMedium, _l("Media")))
    edit_form_extra_fields = add_form_extra_fields

    def _validate(self, item):
        self._attach(item)
        if item.period.status != PeriodStatus.CLOSED:
            _refuse(_l("Hasil hanya dapat dipublikasikan setelah periode ditutup."))

    def pre_add(self, item):
        self._validate(item)

    def pre_update(self, item):
        self._validate(item)


def _raw_from_form(form, elements, quick=False):
    """Raw values of a posted questionnaire. ``quick``: the staff screen's digit string ("4334 43344",
    one digit per unsur in order, 0 = empty) fills the answers when given."""
    raw = {field: form.get(field) for field in respondents.PROFILE_FIELDS}
    digits = "".join(ch for ch in (form.get("quick") or "") if not ch.isspace()) if quick else ""
    for index, element in enumerate(elements):
        raw[element.code] = form.get(f"u_{element.code}")
        if digits:
            raw[element.code] = "" if index >= len(digits) or digits[index] == "0" else digits[index]
    if digits and len(digits) > len(elements):
        raw["_too_many"] = True
    return raw


def _choices():
    return {"sexes": SEXES, "slots": TIME_SLOTS, "educations": EDUCATIONS, "occupations": OCCUPATIONS}


class SkmPageView(BaseView):
    """The SKM pages beyond CRUD: results, staff entry, import, questionnaire, export, poster, evidence files."""

    route_base = "/skm"
    default_view = "results"
    method_permission_name = {
        "results": "results", "entry": "entry", "import_file": "import", "questionnaire": "questionnaire",
        "export": "export", "poster": "poster", "qr": "poster",
        "evidence": "evidence", "evidence_upload": "upload", "publication_file": "evidence",
        "publication_upload": "upload",
    }

    def _period(self, pk):
        return current_scope().get_or_404(SurveyPeriod, pk)

    @expose("/periode/<int:pk>/hasil")
    @has_access
    def results(self, pk):
        """The results of one survey period: NRR table and chart, IKM, grade, sample, demographics, comparison."""
        period = self._period(pk)
        figures = skm_figures.period_figures(period)
        return self.render_template("skm/results.html", period=period, f=figures, appbuilder=self.appbuilder,
                                    public_url=self._public_url(period))

    @expose("/periode/<int:pk>/isi", methods=["GET", "POST"])
    @has_access
    def entry(self, pk):
        """Staff entry from paper forms: one respondent per submit, back to an empty form."""
        period = self._period(pk)
        elements = list(period.elements)
        problems, kept = [], {}
        if request.method == "POST":
            require_csrf()
            if not period.is_open:
                problems = [respondents.closed_message()]
            else:
                form = respondents.Form(period)
                raw = _raw_from_form(request.form, elements, quick=True)
                values, answers, problems = respondents.clean(form, raw)
                if raw.get("_too_many"):
                    problems.append(_("Jawaban cepat berisi lebih dari %(n)s angka.", n=len(elements)))
                if not problems:
                    respondents.save(period, values, answers, RespondentSource.STAFF)
                    db.session.commit()
                    flash(_("Responden tersimpan. Silakan isi formulir berikutnya."), "success")
                    return redirect(url_for("SkmPageView.entry", pk=period.id, tanggal=request.form.get("survey_date", "")))
            kept = request.form
        count = db.session.execute(select(db.func.count(Respondent.id)).where(Respondent.period_id == period.id)).scalar_one()
        return self.render_template("skm/entry.html", period=period, elements=elements, problems=problems,
                                    kept=kept, count=count, csrf=generate_csrf(), default_date=request.args.get("tanggal", ""),
                                    service_types=period.unit.service_types, appbuilder=self.appbuilder, **_choices())

    @expose("/periode/<int:pk>/impor", methods=["GET", "POST"])
    @has_access
    def import_file(self, pk):
        """Import a spreadsheet: validated whole; any bad row writes nothing and is listed with its row number."""
        period = self._period(pk)
        result, mapping = None, request.form.get("mapping") or mapping_for(period)
        if request.method == "POST":
            require_csrf()
            upload = request.files.get("file")
            if upload is None or not upload.filename:
                flash(_("Pilih berkas .xlsx atau .csv."), "danger")
            else:
                dry_run = bool(request.form.get("dry_run"))
                try:
                    with guarded():
                        if not dry_run:
                            hold(lock_name("skm", period.id))
                        result = import_file(period, upload.filename, upload.read(), mapping, dry_run=dry_run)
                        if result.ok and not result.dry_run:
                            db.session.commit()
                        else:
                            db.session.rollback()
                except ImportStopped as error:
                    flash(str(error), "danger")
                    period = self._period(pk)
                else:
                    if result.ok and not result.dry_run:
                        flash(_("%(n)s responden diimpor.", n=result.written), "success")
        return self.render_template("skm/import.html", period=period, result=result, mapping=mapping,
                                    csrf=generate_csrf(), appbuilder=self.appbuilder)

    @expose("/periode/<int:pk>/kuesioner", methods=["GET", "POST"])
    @has_access
    def questionnaire(self, pk):
        """The period's unsur and weights; a unit may add unsur, weights must total exactly 1."""
        period = self._period(pk)
        if request.method == "POST":
            require_csrf()
            rows = []
            for index in range(len(period.elements) + 3):
                rows.append({key: request.form.get(f"{key}_{index}") for key in
                             ("code", "name", "weight", "label_1", "label_2", "label_3", "label_4")})
            try:
                save_questionnaire(period, rows)
                db.session.commit()
                flash(_("Kuesioner tersimpan."), "success")
                return redirect(url_for("SkmPageView.questionnaire", pk=period.id))
            except QuestionnaireError as error:
                db.session.rollback()
                flash(str(error), "danger")
                period = self._period(pk)
        return self.render_template("skm/questionnaire.html", period=period, csrf=generate_csrf(),
                                    appbuilder=self.appbuilder)

    @expose("/periode/<int:pk>/ekspor")
    @has_access
    def export(self, pk):
        """The period's raw respondents and results as an XLSX workbook."""
        period = self._period(pk)
        path = export_period(period)
        name = f"skm-{period.unit.code}-{period.period_code}.xlsx"
        response = send_file(path, as_attachment=True, download_name=name,
                             mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response.call_on_close(lambda: _remove(path))
        return response

    def _public_url(self, period):
        return url_for("SkmPublicView.survey", unit_code=period.unit.code, period_code=period.period_code,
                       _external=True)

    @expose("/periode/<int:pk>/poster")
    @has_access
    def poster(self, pk):
        """A printable A4 poster with the public survey's QR code."""
        period = self._period(pk)
        url = self._public_url(period)
        return self.render_template("skm/poster.html", period=period, url=url, qr=qr_svg(url))

    @expose("/periode/<int:pk>/qr.png")
    @has_access
    def qr(self, pk):
        """The QR code of the public survey page, as PNG (for leaflets and banners)."""
        period = self._period(pk)
        return send_file(io.BytesIO(qr_png(self._public_url(period))), mimetype="image/png", as_attachment=True,
                         download_name=f"qr-skm-{period.unit.code}-{period.period_code}.png")

    @expose("/rtl/<int:pk>/bukti")
    @has_access
    def evidence(self, pk):
        """Download the evidence file of an RTL action in scope."""
        action = current_scope().get_or_404(FollowUpAction, pk)
        if not action.evidence_file:
            abort(404)
        return send_stored(action.evidence_file, action.evidence_name, action.evidence_mime)

    @expose("/rtl/<int:pk>/bukti", methods=["POST"])
    @has_access
    def evidence_upload(self, pk):
        """Attach (or replace) the evidence file of an RTL action in scope."""
        action = current_scope().get_or_404(FollowUpAction, pk)
        require_csrf()
        self._store(action, "evidence_file", "evidence_name", "evidence_mime")
        return redirect(url_for("FollowUpView.show", pk=action.id))

    @expose("/publikasi/<int:pk>/berkas")
    @has_access
    def publication_file(self, pk):
        """Download the file of a publication record in scope."""
        row = current_scope().get_or_404(Publication, pk)
        if not row.file:
            abort(404)
        return send_stored(row.file, row.file_name, row.file_mime)

    @expose("/publikasi/<int:pk>/berkas", methods=["POST"])
    @has_access
    def publication_upload(self, pk):
        """Attach the file (screenshot, clipping) of a publication record in scope."""
        row = current_scope().get_or_404(Publication, pk)
        require_csrf()
        self._store(row, "file", "file_name", "file_mime")
        return redirect(url_for("PublicationView.show", pk=row.id))

    def _store(self, row, file_attr, name_attr, mime_attr):
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Pilih berkas."), "danger")
            return
        try:
            stored, mime, _size = store("skm", upload.filename, upload.read(), DOCUMENTS)
        except UploadError as error:
            flash(str(error), "danger")
            return
        setattr(row, file_attr, stored)
        setattr(row, name_attr, upload.filename[:200])
        setattr(row, mime_attr, mime)
        db.session.commit()
        flash(_("Berkas tersimpan."), "success")


def _remove(path):
    import os

    try:
        os.remove(path)
    except OSError:
        pass


def _client_address():
    return request.remote_addr or "?"


class SkmPublicView(BaseView):
    """Pages anyone may open without logging in: the survey form of a unit's open period, the published IKM."""

    route_base = "/publik/skm"
    default_view = "survey"

    def _open_period(self, unit_code, period_code):
        unit = db.session.execute(select(OrgNode).where(OrgNode.code == unit_code.upper(),
                                                        OrgNode.level == OrgLevel.UNIT)).scalar_one_or_none()
        if unit is None:
            abort(404)
        try:
            code = Period.parse(period_code).code
        except ValueError:
            abort(404)
        period = db.session.execute(select(SurveyPeriod).where(SurveyPeriod.unit_id == unit.id,
                                                               SurveyPeriod.period_code == code)).scalar_one_or_none()
        if period is None:
            abort(404)
        return period

    @expose("/survei/<unit_code>/<period_code>", methods=["GET", "POST"])
    def survey(self, unit_code, period_code):
        """The public survey form (mobile first, no login), protected by CSRF, a rate limit and a honeypot."""
        period = self._open_period(unit_code, period_code)
        elements = list(period.elements)
        problems, kept, status = [], {}, 200
        if request.method == "POST":
            require_csrf()
            kept = request.form
            if not period.is_open:
                problems, status = [respondents.closed_message()], 409
            elif request.form.get("website"):
                # A bot filled the hidden field: thank it and keep nothing.
                return self.render_template("skm/public_thanks.html", period=period), 200
            else:
                form = respondents.Form(period)
                values, answers, problems = respondents.clean(form, _raw_from_form(request.form, elements),
                                                              require_all=True, check_dates=False)
                if problems:
                    status = 422
                elif not respondents.allow_submission(_client_address(), current_app.config["SECRET_KEY"]):
                    db.session.rollback()
                    problems, status = [_("Terlalu banyak kiriman dari alamat Anda. Coba lagi satu jam lagi.")], 429
                else:
                    now = datetime.datetime.now(ZoneInfo(current_app.config["PANTAU_TIMEZONE"]))
                    values.setdefault("survey_date", now.date())
                    values.setdefault("time_slot", respondents.time_slot_at(now))
                    respondents.save(period, values, answers, RespondentSource.PUBLIC)
                    db.session.commit()
                    return self.render_template("skm/public_thanks.html", period=period)
        return self.render_template("skm/public_survey.html", period=period, elements=elements, problems=problems,
                                    kept=kept, csrf=generate_csrf(), service_types=period.unit.service_types,
                                    **_choices()), status

    @expose("/ikm/<instansi_code>")
    def published(self, instansi_code):
        """Each unit's IKM of its latest closed period, as a citizen reads it; nothing of open periods."""
        instansi = db.session.execute(select(OrgNode).where(OrgNode.code == instansi_code.upper(),
                                                            OrgNode.level == OrgLevel.INSTANSI)).scalar_one_or_none()
        if instansi is None:
            abort(404)
        rows = skm_figures.latest_closed_by_unit(instansi)
        group = ikm_math.group_result({period.unit_id: result for period, result in rows}) if rows else None
        return self.render_template("skm/public_results.html", instansi=instansi, rows=rows, group=group)


def register(appbuilder):
    """Add this area's views and menu entries."""
    category = dict(category="SKM", category_label=_l("Survei Kepuasan"), category_icon="fa-smile")
    appbuilder.add_view(SurveyPeriodView, "Periode SKM", label=_l("Periode SKM"), icon="fa-calendar", **category)
    appbuilder.add_view(RespondentView, "Responden SKM", label=_l("Responden"), icon="fa-users", **category)
    appbuilder.add_view(FollowUpView, "Tindak Lanjut SKM", label=_l("Rencana Tindak Lanjut"), icon="fa-tasks",
                        **category)
    appbuilder.add_view(PublicationView, "Publikasi SKM", label=_l("Publikasi Hasil"), icon="fa-bullhorn",
                        **category)
    appbuilder.add_view_no_menu(SkmPageView)
    appbuilder.add_view_no_menu(SkmPublicView)
