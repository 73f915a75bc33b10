"""Export of a (filtered, scoped) complaint list to XLSX, with D10 privacy: NIK and contacts masked to the
last 4 characters, and the identity of anonim reporters shown only to the complaint administrators of the
complaint's own instansi (Admin Instansi of it, Admin Sistem)."""
import os
import tempfile

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models.complaints import Complaint, ComplaintCategory
from app.models.org import OrgLevel, OrgNode
from app.privacy.masking import mask
from app.security.tiers import ADMIN_INSTANSI, ADMIN_SISTEM, OPERATOR_UNIT, PEJABAT_PENGHUBUNG
from app.xlsx import open_workbook, print_setup, write_table

HIDDEN = "(disembunyikan)"
CONTACT_TIERS = {ADMIN_SISTEM, ADMIN_INSTANSI, PEJABAT_PENGHUBUNG, OPERATOR_UNIT}


class Privacy:
    """What one exporting user may see of the reporters."""

    def __init__(self, user):
        tiers = {role.name for role in user.roles}
        self.everything = ADMIN_SISTEM in tiers
        self.contacts = bool(tiers & CONTACT_TIERS)
        self.admin_of = (
            {node.id for node in user.org_nodes if node.level == OrgLevel.INSTANSI} if ADMIN_INSTANSI in tiers else set()
        )

    def sees_identity(self, anonim, instansi_id):
        return not anonim or self.everything or instansi_id in self.admin_of


COLUMNS = [
    (_l("Nomor pelacakan"), None), (_l("Diterima"), "datetime"), (_l("Kanal"), None), (_l("Klasifikasi"), None),
    (_l("Kategori"), None), (_l("Judul"), "wrap"), (_l("Lokasi"), None), (_l("Status"), None),
    (_l("Instansi"), None), (_l("Perangkat daerah"), None), (_l("Penanggung jawab"), None),
    (_l("Nama pelapor"), None), (_l("NIK"), None), (_l("Telepon"), None), (_l("Surel"), None),
    (_l("Rahasia"), None), (_l("Anonim"), None),
    (_l("Diverifikasi"), "datetime"), (_l("Didisposisikan"), "datetime"), (_l("Tindak lanjut pertama"), "datetime"),
    (_l("Selesai"), "datetime"), (_l("Batas verifikasi"), "date"), (_l("Batas tindak lanjut pertama"), "date"),
    (_l("Batas penyelesaian"), "date"), (_l("Hari kerja sampai tindak lanjut"), "int"),
    (_l("Hari kerja sampai selesai"), "int"), (_l("Hari kerja ditunda"), "int"),
]


def export_rows(ids_query, privacy, batch=2000, progress=None):
    """Rows for the sheet, read in id batches (``ids_query`` selects the complaint ids to export, or is a list
    of them); ``progress(done, total)`` is told after each batch."""
    instansi, opd, owner = aliased(OrgNode), aliased(OrgNode), aliased(OrgNode)
    if isinstance(ids_query, list):
        id_list = sorted(ids_query)
    else:
        id_list = sorted(row[0] for row in db.session.execute(ids_query))
    for start in range(0, len(id_list), batch):
        chunk = id_list[start:start + batch]
        query = (
            select(Complaint, ComplaintCategory.name, instansi.name, opd.name, owner.name)
            .join(instansi, instansi.id == Complaint.instansi_id)
            .join(owner, owner.id == Complaint.org_id)
            .outerjoin(opd, opd.id == Complaint.opd_id)
            .outerjoin(ComplaintCategory, ComplaintCategory.id == Complaint.category_id)
            .where(Complaint.id.in_(chunk))
            .order_by(Complaint.received_at, Complaint.id)
        )
        for c, category, instansi_name, opd_name, owner_name in db.session.execute(query):
            identity = privacy.sees_identity(c.anonim, c.instansi_id)
            contacts = identity and privacy.contacts
            yield [
                c.tracking_number, c.received_at, str(c.channel.label), str(c.classification.label), category,
                c.title, c.location, str(c.status.label), instansi_name, opd_name, owner_name,
                c.reporter_name if identity else HIDDEN,
                mask(c.reporter_nik) if contacts else None,
                mask(c.reporter_phone) if contacts else None,
                mask(c.reporter_email) if contacts else None,
                c.rahasia, c.anonim,
                c.verified_at, c.routed_at, c.first_followup_at, c.finished_at if c.status.value == "selesai" else None,
                c.verify_due, c.first_followup_due, c.resolve_due,
                c.days_to_first_followup, c.days_to_finish, c.paused_days,
            ]
        db.session.expire_all()
        if progress is not None:
            progress(min(start + batch, len(id_list)), len(id_list))


def write_export(ids_query, user, title, path=None, progress=None):
    """Write the XLSX to ``path`` (default: a temporary file) and return the path (the caller sends and removes it)."""
    if path is None:
        handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="pengaduan-")
        os.close(handle)
    workbook = open_workbook(path)
    formats = workbook.pantau_formats
    sheet = workbook.add_worksheet("Pengaduan")
    sheet.write_string(0, 0, str(title), formats["title"])
    write_table(sheet, [(str(h), f) for h, f in COLUMNS], export_rows(ids_query, Privacy(user), progress=progress), formats,
                first_row=2)
    print_setup(sheet, title=str(title))
    workbook.close()
    return path
