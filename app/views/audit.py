"""The audit trail screen: read-only, scoped to the administrator's organisation."""
from flask_babel import lazy_gettext as _l

from app.models.audit import AuditLog
from app.views.base import ScopedModelView
from app.views.lists import BigListInterface


class AuditLogView(ScopedModelView):
    """Who changed what, when, with old and new values; logins and failed logins."""

    datamodel = BigListInterface(AuditLog)
    base_permissions = ["can_list", "can_show"]
    list_title = _l("Jejak Audit")
    show_title = _l("Detail Jejak Audit")
    add_title = list_title
    edit_title = list_title
    list_columns = ["created_at", "event", "username", "table_name", "record_id", "record_label", "ip_address"]
    show_columns = ["created_at", "event", "username", "ip_address", "table_name", "record_id", "record_label", "changes"]
    search_columns = ["created_at", "event", "username", "table_name", "record_id", "ip_address"]
    base_order = ("id", "desc")
    label_columns = {
        "created_at": _l("Waktu (UTC)"),
        "event": _l("Peristiwa"),
        "username": _l("Pengguna"),
        "ip_address": _l("Alamat IP"),
        "table_name": _l("Tabel"),
        "record_id": _l("ID data"),
        "record_label": _l("Data"),
        "changes": _l("Perubahan (lama, baru)"),
    }
