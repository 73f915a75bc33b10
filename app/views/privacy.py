"""Personal-data screens: the retention policy per instansi and a data subject's request (search, export, anonymise)."""
import os

from flask import after_this_request, flash, request, send_file
from flask_appbuilder import BaseView
from flask_appbuilder.baseviews import expose
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access, permission_name
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf

from app.locale import number
from app.models.privacy import DEFAULT_YEARS, RetentionPolicy
from app.privacy import subject
from app.privacy.retention import RetentionError, validate
from app.scope import current_scope
from app.views.base import FormRefused, ScopedModelView, check_in_scope, require_csrf


class RetentionPolicyView(ScopedModelView):
    """How long the instansi keeps reporters' identity and respondents' profiles (UU 27/2022)."""

    datamodel = SQLAInterface(RetentionPolicy)
    list_title = _l("Kebijakan Retensi Data Pribadi")
    show_title = _l("Rincian Kebijakan Retensi")
    add_title = _l("Tambah Kebijakan Retensi")
    edit_title = _l("Ubah Kebijakan Retensi")
    list_columns = ["org", "complaint_identity_years", "respondent_profile_years"]
    show_columns = list_columns
    add_columns = list_columns
    edit_columns = list_columns
    label_columns = {
        "org": _l("Instansi"),
        "complaint_identity_years": _l("Identitas dan kontak pelapor (tahun setelah pengaduan ditutup)"),
        "respondent_profile_years": _l("Profil responden SKM (tahun setelah hasil periode dipublikasikan)"),
    }
    description_columns = {
        "complaint_identity_years": _l("Bawaan %(years)s tahun. Setelahnya nama, NIK, telepon, surel dan alamat pelapor "
                                       "dihapus; angka dan riwayat pengaduan tetap.", years=DEFAULT_YEARS),
        "respondent_profile_years": _l("Bawaan %(years)s tahun. Setelahnya jenis kelamin, usia, pendidikan dan pekerjaan "
                                       "responden dihapus; jawaban dan IKM tetap.", years=DEFAULT_YEARS),
    }

    def _check(self, item):
        check_in_scope(item)
        try:
            validate(item)
        except RetentionError as error:
            raise FormRefused([error])

    def pre_add(self, item):
        self._check(item)

    def pre_update(self, item):
        self._check(item)


class DataSubjectView(BaseView):
    """A data subject's request: every complaint in scope holding a NIK, phone or e-mail; export; anonymise.

    The identifier travels only in POST bodies (never in a URL, so no access log holds it).
    """

    route_base = "/data-pribadi"
    default_view = "index"

    def _page(self, text="", found=None):
        return self.render_template("privacy/subject.html", title=_("Permintaan Pemilik Data Pribadi"),
                                    text=text, found=found, csrf=generate_csrf())

    @expose("/")
    @has_access
    @permission_name("read")
    def index(self):
        """The search form."""
        return self._page()

    def _identifier(self):
        require_csrf()
        return request.form.get("identifier", "").strip()

    @expose("/cari", methods=["POST"])
    @has_access
    @permission_name("search")
    def search(self):
        """Every complaint in the user's scope holding the identifier."""
        text = self._identifier()
        try:
            found = subject.find(text, current_scope())
        except subject.SubjectError as error:
            flash(str(error), "danger")
            return self._page(text)
        return self._page(text, found)

    @expose("/ekspor", methods=["POST"])
    @has_access
    @permission_name("export")
    def export(self):
        """An XLSX of everything held about the person, for the person."""
        text = self._identifier()
        try:
            path, _count = subject.export(text, current_scope())
        except subject.SubjectError as error:
            flash(str(error), "danger")
            return self._page(text)

        @after_this_request
        def _remove(response):
            os.remove(path)
            return response

        return send_file(path, as_attachment=True, download_name="data-pribadi.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @expose("/anonimkan", methods=["POST"])
    @has_access
    @permission_name("anonymise")
    def anonymise(self):
        """Clear the identity on the person's request (confirmed by a tick)."""
        text = self._identifier()
        if request.form.get("confirm") != "1":
            flash(_("Centang konfirmasi dulu: penghapusan identitas tidak dapat dibatalkan."), "warning")
            return self.search_again(text)
        try:
            count = subject.anonymise(text, current_scope())
        except subject.SubjectError as error:
            flash(str(error), "danger")
            return self._page(text)
        flash(_("Identitas pelapor dihapus dari %(count)s pengaduan.", count=number(count)), "success")
        return self._page(text, subject.find(text, current_scope(), audit=False))

    def search_again(self, text):
        try:
            return self._page(text, subject.find(text, current_scope(), audit=False))
        except subject.SubjectError:
            return self._page(text)
