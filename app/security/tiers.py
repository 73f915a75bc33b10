"""The role tier names and the permission vocabulary every area's access rules are written in.

Its own module so that app/security/roles.py (which aggregates every area's
access.py) and the areas (which name tiers) never import each other.
"""
ADMIN_SISTEM = "Admin Sistem"
ADMIN_INSTANSI = "Admin Instansi"
PEJABAT_PENGHUBUNG = "Pejabat Penghubung"
OPERATOR_UNIT = "Operator Unit"
PIMPINAN = "Pimpinan"

TIERS = [ADMIN_SISTEM, ADMIN_INSTANSI, PEJABAT_PENGHUBUNG, OPERATOR_UNIT, PIMPINAN]

TIER_DESCRIPTIONS = {
    ADMIN_SISTEM: "Semua data dan fitur, termasuk pengguna dan peran.",
    ADMIN_INSTANSI: "Biro Organisasi / koordinator pengaduan: semua data instansinya dan penggunanya.",
    PEJABAT_PENGHUBUNG: "Pejabat penghubung OPD: data OPD-nya dan unit di bawahnya.",
    OPERATOR_UNIT: "Operator unit layanan: data unitnya; mengisi SKM dan FKP.",
    PIMPINAN: "Pimpinan / pengawas (kepala daerah, inspektorat): baca saja, laporan dan dasbor.",
}

# Tiers an Admin Instansi may give to the users it manages.
DELEGABLE_BY_ADMIN_INSTANSI = [ADMIN_INSTANSI, PEJABAT_PENGHUBUNG, OPERATOR_UNIT, PIMPINAN]

# Permission names, as FAB spells them.
READ = r"can_list|can_show|can_get|can_info|can_download|can_export|can_read"
WRITE = r"can_add|can_edit|can_delete|can_post|can_put|can_action|can_action_post|can_write|can_import"
ANY = r".*"
