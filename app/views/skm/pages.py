"""The SKM pages of a period: results, data entry, import, questionnaire, export, poster and QR code, RTL evidence
and publication files."""
import io

from flask import flash, g, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import func, select

from app import background
from app.extensions import db
from app.imports import ImportStopped, lock_name, run_import
from app.locale import number
from app.models.skm import FollowUpAction, Publication, Respondent, RespondentSource, SurveyPeriod
from app.scope import current_scope
from app.skm import figures as skm_figures, respondents
from app.skm.export import export_period
from app.skm.importer import import_file, mapping_for
from app.skm.qr import qr_png, qr_svg
from app.skm.questionnaire import QuestionnaireError, save_questionnaire
from app.skm.rules import open_period_problems
from app.uploads import UploadError, replace
from app.views.base import attempt, require_csrf
from app.views.skm.fields import profile_choices, raw_from_form


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
            problems = [str(problem) for problem in open_period_problems(period)]
            if not problems:
                form = respondents.Form(period)
                raw = raw_from_form(request.form, elements, quick=True)
                values, answers, problems = respondents.clean(form, raw)
                if raw.get("_too_many"):
                    problems.append(_("Jawaban cepat berisi lebih dari %(n)s angka.", n=len(elements)))
                if not problems:
                    saved = respondents.save(period, values, answers, RespondentSource.STAFF)
                    db.session.commit()
                    link = Markup('<a href="%s">%s</a>') % (url_for("RespondentView.show", pk=saved.id),
                                                            _("responden nomor %(id)s", id=saved.id))
                    flash(Markup(_("Tersimpan: %(record)s. Silakan isi formulir berikutnya.")) % {"record": link},
                          "success")
                    return redirect(url_for("SkmPageView.entry", pk=period.id, tanggal=request.form.get("survey_date", "")))
            kept = request.form
        count = db.session.execute(select(db.func.count(Respondent.id)).where(Respondent.period_id == period.id)).scalar_one()
        return self.render_template("skm/entry.html", period=period, elements=elements, problems=problems,
                                    kept=kept, count=count, csrf=generate_csrf(), default_date=request.args.get("tanggal", ""),
                                    service_types=period.unit.service_types, appbuilder=self.appbuilder, **profile_choices())

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
            elif background.import_in_background(data := upload.read()):
                run = background.queue_skm_import(period, upload.filename, data, mapping,
                                                  bool(request.form.get("dry_run")), g.user)
                return redirect(url_for("BackgroundRunView.page", pk=run.id))
            else:
                dry_run = bool(request.form.get("dry_run"))
                try:
                    result = run_import(lock_name("skm", period.id), dry_run,
                                        lambda: import_file(period, upload.filename, data, mapping, dry_run=dry_run),
                                        accepted=lambda result: result.ok)
                except ImportStopped as error:
                    flash(str(error), "danger")
                    period = self._period(pk)
                else:
                    if result.ok and not result.dry_run:
                        flash(_("%(n)s responden diimpor.", n=number(result.written)), "success")
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
            with attempt(QuestionnaireError) as outcome:
                save_questionnaire(period, rows)
            if not outcome.refused:
                flash(_("Kuesioner tersimpan."), "success")
                return redirect(url_for("SkmPageView.questionnaire", pk=period.id))
            period = self._period(pk)
        return self.render_template("skm/questionnaire.html", period=period, csrf=generate_csrf(),
                                    appbuilder=self.appbuilder)

    @expose("/periode/<int:pk>/ekspor")
    @has_access
    def export(self, pk):
        """The period's raw respondents and results as an XLSX workbook."""
        period = self._period(pk)
        name = f"skm-{period.unit.code}-{period.period_code}.xlsx"
        total = db.session.execute(select(func.count(Respondent.id)).where(Respondent.period_id == period.id)).scalar()
        if background.export_in_background(total):
            run = background.queue_skm_export(period, g.user, name, total)
            return redirect(url_for("BackgroundRunView.page", pk=run.id))
        path = export_period(period)
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
        return action.stored_file.send(action)

    @expose("/rtl/<int:pk>/bukti", methods=["POST"])
    @has_access
    def evidence_upload(self, pk):
        """Attach (or replace) the evidence file of an RTL action in scope."""
        action = current_scope().get_or_404(FollowUpAction, pk)
        require_csrf()
        self._store(action)
        return redirect(url_for("FollowUpView.show", pk=action.id))

    @expose("/publikasi/<int:pk>/berkas")
    @has_access
    def publication_file(self, pk):
        """Download the file of a publication record in scope."""
        row = current_scope().get_or_404(Publication, pk)
        return row.stored_file.send(row)

    @expose("/publikasi/<int:pk>/berkas", methods=["POST"])
    @has_access
    def publication_upload(self, pk):
        """Attach the file (screenshot, clipping) of a publication record in scope."""
        row = current_scope().get_or_404(Publication, pk)
        require_csrf()
        self._store(row)
        return redirect(url_for("PublicationView.show", pk=row.id))

    def _store(self, row):
        """Put the posted file into ``row`` (the file it replaces goes once the change is committed)."""
        upload = request.files.get("file")
        with attempt(UploadError) as outcome:
            if upload is None or not upload.filename:
                raise UploadError(_("Pilih berkas."))
            replace(row, row.stored_file, "skm", upload.filename, upload.read())
        if not outcome.refused:
            flash(_("Berkas tersimpan."), "success")


def _remove(path):
    import os

    try:
        os.remove(path)
    except OSError:
        pass
