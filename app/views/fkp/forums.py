"""Forums with their participants, agreements and documents (CRUD through the scoped base views), stage moves
and uploads as explicit POST actions with CSRF, scoped downloads (documents, thumbnails, agreement evidence,
berita acara)."""
from flask import Response, abort, flash, redirect, request, url_for
from flask_appbuilder.baseviews import expose
from flask_appbuilder.security.decorators import has_access, permission_name
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import generate_csrf

from app import uploads
from app.clock import today_local
from app.extensions import db
from app.fkp import berita_acara, documents, stages
from app.fkp.elements import ensure_elements
from app.fkp.rules import (
    forum_deletion_problems, forum_problems, open_forum_problems, participant_problems,
    settle_completion,
)
from app.locale import format_utc_datetime
from app.models.fkp import (
    AgreementStatus, DocumentKind, FkpAgreement, FkpDocument, FkpForm, FkpForum, FkpMethod, FkpParticipant,
    FkpPurpose, FkpStage,
)
from app.uploads import UploadError
from app.views.base import EnumSelectField, ScopedModelView, attempt, check_in_scope, require_csrf
from app.views.fkp.fields import (
    ElementsOfUserInstansi, FORUM_EXTRA_FIELDS, FORUM_FORM_COLUMNS, FORUM_LABELS, UNIT_ONLY, TopicsOfUserInstansi,
    flag_field, may, yes_no,
)
from app.views.lists import BigListInterface


class ForumChildView(ScopedModelView):
    """A row of a forum: the rules first (they name a missing forum), then the scope, neither flushing the new row."""

    def pre_add(self, item):
        self.check_rules(item)
        with db.session.no_autoflush:
            check_in_scope(item)

    def pre_update(self, item):
        self.check_rules(item)
        with db.session.no_autoflush:
            check_in_scope(item)


class FkpParticipantView(ForumChildView):
    """Participants of forums, with the unsur masyarakat they represent."""

    datamodel = BigListInterface(FkpParticipant)
    list_title = _l("Daftar Peserta FKP")
    show_title = _l("Detail Peserta FKP")
    add_title = _l("Tambah Peserta FKP")
    edit_title = _l("Ubah Peserta FKP")
    list_columns = ["name", "organisation", "element", "contact", "attended", "forum"]
    add_columns = ["forum", "name", "organisation", "element", "contact", "attended"]
    edit_columns = add_columns
    show_columns = add_columns + ["attended_at"]
    search_columns = ["name", "organisation", "element", "attended", "forum"]
    label_columns = {
        "forum": _l("Forum"),
        "name": _l("Nama"),
        "organisation": _l("Organisasi/lembaga"),
        "element": _l("Unsur masyarakat"),
        "contact": _l("Kontak"),
        "attended": _l("Hadir"),
        "attended_at": _l("Kehadiran dicatat"),
    }
    add_form_query_rel_fields = {"element": [["id", ElementsOfUserInstansi, None]]}
    add_form_extra_fields = {"attended": flag_field(_l("Hadir"))}
    formatters_columns = {"attended": yes_no, "attended_at": format_utc_datetime}
    edit_form_extra_fields = add_form_extra_fields
    edit_form_query_rel_fields = {"element": [["id", ElementsOfUserInstansi, None]]}
    search_form_query_rel_fields = {"element": [["id", ElementsOfUserInstansi, None]]}

    rules = (participant_problems,)
    delete_rules = (open_forum_problems,)


class FkpAgreementView(ForumChildView):
    """Agreements (kesepakatan) and their follow-up: status, completion date, evidence."""

    datamodel = BigListInterface(FkpAgreement)
    list_title = _l("Daftar Kesepakatan FKP")
    show_title = _l("Detail Kesepakatan FKP")
    add_title = _l("Tambah Kesepakatan FKP")
    edit_title = _l("Ubah Kesepakatan FKP")
    show_template = "fkp/agreement_show.html"
    list_columns = ["text", "owner", "due_date", "status", "completed_on", "forum"]
    add_columns = ["forum", "text", "follow_up", "owner", "due_date", "status", "completed_on"]
    edit_columns = add_columns
    show_columns = add_columns + ["evidence_filename"]
    search_columns = ["text", "owner", "due_date", "status", "completed_on", "forum"]
    order_columns = ["due_date", "completed_on", "owner"]
    base_order = ("due_date", "asc")
    label_columns = {
        "forum": _l("Forum"),
        "text": _l("Kesepakatan"),
        "follow_up": _l("Rencana tindak lanjut"),
        "owner": _l("Penanggung jawab"),
        "due_date": _l("Batas waktu"),
        "status": _l("Status"),
        "completed_on": _l("Tanggal selesai"),
        "evidence_filename": _l("Bukti tindak lanjut"),
    }
    add_form_extra_fields = {"status": EnumSelectField(AgreementStatus, _l("Status"))}
    edit_form_extra_fields = add_form_extra_fields
    search_form_extra_fields = {"status": EnumSelectField(AgreementStatus, _l("Status"), required=False)}

    def pre_add(self, item):
        super().pre_add(item)
        settle_completion(item, today_local())

    def pre_update(self, item):
        super().pre_update(item)
        settle_completion(item, today_local())

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        agreement = self.get_scoped_item(pk)
        widgets = self._show(pk)
        return self.render_template(
            self.show_template, pk=pk, title=self.show_title, widgets=widgets, related_views=self._related_views,
            agreement=agreement, csrf=generate_csrf(), allowed=", ".join(documents.EVIDENCE_RULE[0]),
            can_upload=may(self, "can_upload"),
        )

    @expose("/evidence/<pk>")
    @has_access
    @permission_name("download")
    def evidence(self, pk):
        """Download the follow-up evidence of an agreement in scope."""
        agreement = self.get_scoped_item(pk)
        return agreement.stored_file.send(agreement)

    @expose("/evidence_upload/<pk>", methods=["POST"])
    @has_access
    @permission_name("upload")
    def evidence_upload(self, pk):
        """Attach (or replace) the follow-up evidence of an agreement in scope."""
        require_csrf()
        agreement = self.get_scoped_item(pk)
        upload = request.files.get("file")
        with attempt(UploadError) as outcome:
            if upload is None or not upload.filename:
                raise UploadError(_("Pilih berkas yang akan diunggah."))
            documents.attach_evidence(agreement, upload.filename, upload.read())
        if not outcome.refused:
            flash(_("Bukti tindak lanjut tersimpan."), "success")
        return redirect(url_for(".show", pk=agreement.id))


class FkpDocumentView(ForumChildView):
    """Documents of forums: photos, signed berita acara, attendance lists, notes, video links."""

    datamodel = BigListInterface(FkpDocument)
    list_title = _l("Dokumentasi FKP")
    show_title = _l("Detail Dokumen FKP")
    add_title = _l("Tambah Dokumen FKP")
    edit_title = _l("Ubah Dokumen FKP")
    base_permissions = ["can_list", "can_show", "can_delete", "can_download"]
    list_columns = ["kind", "title", "filename", "url", "uploaded_at", "forum"]
    show_columns = ["forum", "kind", "title", "filename", "mime", "size", "url", "uploaded_at"]
    search_columns = ["kind", "title", "forum"]
    search_form_extra_fields = {"kind": EnumSelectField(DocumentKind, _l("Jenis dokumen"), required=False)}
    label_columns = {
        "forum": _l("Forum"),
        "kind": _l("Jenis dokumen"),
        "title": _l("Judul"),
        "filename": _l("Nama berkas"),
        "mime": _l("Tipe berkas"),
        "size": _l("Ukuran (bita)"),
        "url": _l("Tautan"),
        "uploaded_at": _l("Diunggah (UTC)"),
    }

    delete_rules = (open_forum_problems,)

    @expose("/file/<pk>")
    @has_access
    @permission_name("download")
    def file(self, pk):
        """Download a document's file, for a forum in scope only."""
        document = self.get_scoped_item(pk)
        return document.stored_file.send(document)

    @expose("/thumbnail/<pk>")
    @has_access
    @permission_name("download")
    def thumbnail(self, pk):
        """The thumbnail of a photo, for a forum in scope only."""
        document = self.get_scoped_item(pk)
        if not document.thumb_stored_name:
            abort(404)
        return uploads.send_stored(document.thumb_stored_name, f"thumb-{document.id}.jpg", "image/jpeg")


class FkpForumView(ScopedModelView):
    """Forums of the units in scope; the show page holds the stage actions, uploads and the berita acara."""

    datamodel = BigListInterface(FkpForum)
    list_title = _l("Daftar Forum Konsultasi Publik")
    show_title = _l("Detail Forum Konsultasi Publik")
    add_title = _l("Tambah Forum Konsultasi Publik")
    edit_title = _l("Ubah Forum Konsultasi Publik")
    show_template = "fkp/forum_show.html"
    list_columns = ["held_on", "topic", "unit", "method", "stage"]
    add_columns = FORUM_FORM_COLUMNS
    edit_columns = FORUM_FORM_COLUMNS
    show_columns = FORUM_FORM_COLUMNS[:1] + ["stage"] + FORUM_FORM_COLUMNS[1:]
    search_columns = ["topic", "unit", "held_on", "stage", "purpose", "form", "method", "service_type"]
    order_columns = ["held_on", "topic", "stage"]
    base_order = ("held_on", "desc")
    label_columns = FORUM_LABELS
    description_columns = {
        "meeting_link": _l("Untuk forum non tatap muka: tautan rapat daring."),
        "provider_signatory": _l("Kosongkan untuk memakai nama pimpinan unit."),
        "issue_topic": _l("Forum yang membahas isu prioritas dihitung pada isu itu (menu Isu)."),
    }
    add_form_extra_fields = FORUM_EXTRA_FIELDS
    edit_form_extra_fields = FORUM_EXTRA_FIELDS
    search_form_extra_fields = {
        "stage": EnumSelectField(FkpStage, _l("Tahap"), required=False),
        "purpose": EnumSelectField(FkpPurpose, _l("Tujuan"), required=False),
        "form": EnumSelectField(FkpForm, _l("Bentuk"), required=False),
        "method": EnumSelectField(FkpMethod, _l("Metode"), required=False),
    }
    add_form_query_rel_fields = {"unit": UNIT_ONLY, "issue_topic": [["id", TopicsOfUserInstansi, None]]}
    edit_form_query_rel_fields = {"unit": UNIT_ONLY, "issue_topic": [["id", TopicsOfUserInstansi, None]]}
    search_form_query_rel_fields = {"unit": UNIT_ONLY}
    related_views = [FkpParticipantView, FkpAgreementView, FkpDocumentView]

    rules = (forum_problems,)
    delete_rules = (forum_deletion_problems,)

    def pre_add(self, item):
        item.stage = FkpStage.PRA
        self.check_rules(item)
        check_in_scope(item)

    def pre_update(self, item):
        self.check_rules(item)
        check_in_scope(item)

    def post_add(self, item):
        super().post_add(item)
        if ensure_elements(item.unit.instansi):
            db.session.commit()

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        forum = self.get_scoped_item(pk)
        widgets = self._show(pk)
        target = forum.stage.next
        photos = [d for d in forum.documents if d.thumb_stored_name]
        return self.render_template(
            self.show_template, pk=pk, title=self.show_title, widgets=widgets, related_views=self._related_views,
            forum=forum, target=target, missing=stages.missing_for(forum, target) if target else [],
            entered={event.to_stage: event for event in reversed(forum.stage_events)},
            csrf=generate_csrf(), kinds=list(DocumentKind), photos=photos, stage_list=list(FkpStage),
            can_stage=may(self, "can_stage"), can_upload=may(self, "can_upload"),
            upload_rules={kind: (", ".join(rule[0]), rule[1] // (1024 * 1024)) for kind, rule in documents.UPLOAD_RULES.items()},
        )

    def _posted_choice(self, pk, enum_class, field):
        """For a hand-written POST on forum ``pk`` (CSRF checked, in scope): the forum and the member of
        ``enum_class`` named by the form's ``field``, or None when it names none."""
        require_csrf()
        forum = self.get_scoped_item(pk)
        try:
            return forum, enum_class(request.form.get(field, ""))
        except ValueError:
            return forum, None

    @expose("/stage/<pk>", methods=["POST"])
    @has_access
    @permission_name("stage")
    def stage(self, pk):
        """Move a forum to its next stage if every check passes; otherwise say what is missing."""
        forum, target = self._posted_choice(pk, FkpStage, "target")
        if target is None:
            abort(400)
        with attempt(stages.StageError) as outcome:
            stages.move(forum, target)
        if not outcome.refused:
            flash(_("Forum dipindah ke tahap %(stage)s.", stage=target.label), "success")
        return redirect(url_for(".show", pk=pk))

    @expose("/upload/<pk>", methods=["POST"])
    @has_access
    @permission_name("upload")
    def upload(self, pk):
        """Add a document (file or video link) to a forum in scope."""
        forum, kind = self._posted_choice(pk, DocumentKind, "kind")
        if kind is None:
            flash(_("Pilih jenis dokumen."), "danger")
            return redirect(url_for(".show", pk=pk))
        upload = request.files.get("file")
        with attempt(UploadError) as outcome:
            documents.add_document(
                forum, kind,
                filename=upload.filename if upload is not None and upload.filename else None,
                data=upload.read() if upload is not None and upload.filename else None,
                title=(request.form.get("title") or "").strip()[:200] or None,
                url=request.form.get("url"),
            )
        if not outcome.refused:
            flash(_("Dokumen %(kind)s tersimpan.", kind=kind.label), "success")
        return redirect(url_for(".show", pk=pk))

    @expose("/berita_acara/<pk>")
    @has_access
    @permission_name("download")
    def berita_acara(self, pk):
        """The berita acara of a forum in scope, rendered now from its record with the instansi's Word template."""
        from app.documents.kinds import berita_acara_docx

        forum = self.get_scoped_item(pk)
        data = berita_acara_docx(forum)
        db.session.commit()  # keep the number given on first use
        response = Response(data, mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        response.headers["Content-Disposition"] = f'attachment; filename="{berita_acara.download_name(forum)}"'
        return response
