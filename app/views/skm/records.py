"""The SKM records: survey periods, respondents, follow-up actions (RTL) and publications."""
from flask import url_for
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import inspect
from wtforms import HiddenField

from app.clock import today_local
from app.models.skm import (
    STANDARD_CODES, ActionStatus, FollowUpAction, PeriodStatus, Publication, PublicationMedium, Respondent,
    SurveyPeriod,
)
from app.skm.questionnaire import QuestionnaireError, close_period, start_period
from app.skm.rules import (
    clean_element_code, follow_up_problems, period_deletion_problems, period_problems,
    publication_problems, respondent_deletion_problems, settle_done_on,
)
from app.views.base import EnumSelectField, FormRefused, ScopedModelView, check_in_scope
from app.views.lists import BigListInterface
from app.views.skm.fields import PERIOD_LABELS, UNIT_ONLY


class SurveyPeriodView(ScopedModelView):
    """Survey periods of units; each new one gets the 9 standard unsur."""

    datamodel = SQLAInterface(SurveyPeriod)
    list_title = _l("Daftar Periode SKM")
    show_title = _l("Detail Periode SKM")
    add_title = _l("Tambah Periode SKM")
    edit_title = _l("Ubah Periode SKM")
    label_columns = {**PERIOD_LABELS, "id": _l("Hasil")}
    description_columns = {
        "period_code": _l("Contoh: 2025-Q3 (Triwulan III), 2025-H1 (Semester I), 2025 (Tahun)."),
        "population": _l("Jumlah pengguna layanan unit pada periode ini; dasar ukuran sampel Krejcie-Morgan."),
        "status": _l("Periode yang ditutup tidak menerima jawaban baru; hanya periode ditutup yang dipublikasikan."),
    }
    list_columns = ["unit", "period_code", "population", "status", "closed_on", "id"]
    add_columns = ["unit", "period_code", "population", "notes"]
    edit_columns = ["population", "status", "closed_on", "notes", "status_shown"]
    show_columns = ["unit", "period_code", "population", "status", "closed_on", "notes"]
    search_columns = ["unit", "period_code", "closed_on"]
    order_columns = ["period_code", "status", "closed_on"]
    base_order = ("id", "desc")
    show_template = "skm/period_show.html"
    add_form_query_rel_fields = {"unit": UNIT_ONLY}
    search_form_query_rel_fields = {"unit": UNIT_ONLY}
    # The status the edit page showed, so closing from a page opened before someone else closed is refused.
    edit_form_extra_fields = {"status": EnumSelectField(PeriodStatus, PERIOD_LABELS["status"]), "status_shown": HiddenField()}
    # the last column links each period straight to its results
    formatters_columns = {"id": lambda pk: Markup('<a href="%s"><i class="fa fa-chart-bar" aria-hidden="true"></i> %s</a>')
                          % (url_for("SkmPageView.results", pk=pk), _("Hasil"))}

    def prefill_form(self, form, pk):
        form.status_shown.data = self.datamodel.get(pk).status.value

    rules = (period_problems,)
    delete_rules = (period_deletion_problems,)

    def pre_add(self, item):
        self.check_rules(item)
        check_in_scope(item)
        start_period(item)

    def pre_update(self, item):
        super().pre_update(item)
        changed = inspect(item).attrs.status.history.deleted == [PeriodStatus.OPEN]
        if item.status == PeriodStatus.CLOSED and (changed or getattr(item, "status_shown", None) == PeriodStatus.OPEN.value):
            on, shown_date = item.closed_on or today_local(), inspect(item).attrs.closed_on.history
            if shown_date.added or shown_date.deleted:
                item.closed_on = (shown_date.deleted or [None])[0]
            if changed:
                item.status = PeriodStatus.OPEN  # closing is a step of its own: lock, re-check, then close
            try:
                close_period(item, on)
            except QuestionnaireError as error:
                raise FormRefused([error])
        if item.status == PeriodStatus.CLOSED and item.closed_on is None:
            item.closed_on = today_local()


class RespondentView(ScopedModelView):
    """Respondents of the periods in scope: read and delete; entry goes through the entry screen or imports."""

    datamodel = BigListInterface(Respondent)
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
    order_columns = ["survey_date"]  # indexed (migration 0016_h13b), as is the default order by id
    base_order = ("id", "desc")
    search_form_query_rel_fields = {}

    delete_rules = (respondent_deletion_problems,)


class PeriodChildView(ScopedModelView):
    """A row hanging on a survey period: the rules first (they name a missing period), then its unit becomes the
    period's unit and the scope is checked."""

    def pre_add(self, item):
        self.check_rules(item)
        self._attach(item)

    def pre_update(self, item):
        self.check_rules(item)
        self._attach(item)

    def _attach(self, item):
        item.unit = item.period.unit
        item.unit_id = item.period.unit_id
        check_in_scope(item)


class FollowUpView(PeriodChildView):
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
    add_form_extra_fields = {"status": EnumSelectField(ActionStatus, _l("Status"))}
    edit_form_extra_fields = add_form_extra_fields

    rules = (follow_up_problems,)

    def _attach(self, item):
        super()._attach(item)
        item.element_code = clean_element_code(item.element_code)
        settle_done_on(item, today_local())


class PublicationView(PeriodChildView):
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
    add_form_extra_fields = {"medium": EnumSelectField(PublicationMedium, _l("Media"))}
    edit_form_extra_fields = add_form_extra_fields

    rules = (publication_problems,)
