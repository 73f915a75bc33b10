"""What each tier may do with the SP4N-LAPOR! complaints screens (merged into the role tiers by app/security/roles.py).

RULES maps a tier name to (view name regex, permission name regex) pairs; menu
entries are granted with the permission name "menu_access". Which complaints a
tier reaches is the organisation scope; which moves it may make on one is
app/complaints/workflow.py.
"""
from app.security.tiers import ADMIN_INSTANSI, ANY, OPERATOR_UNIT, PEJABAT_PENGHUBUNG, PIMPINAN, READ

COMPLAINTS = r"ComplaintView"
QUEUE = r"ComplaintQueueView"
SETTINGS = r"ComplaintCategoryView|DeadlineRuleView|CalendarChangeView|ImportColumnView"
IMPORT = r"ComplaintImportView"
# Whoever handles a complaint may confirm or change its topic (isu prioritas); Pimpinan only reads it.
HANDLE = rf"{READ}|can_move|can_attach|can_topic"
# Complaints are archived, never deleted, by the tiers (the history is the record); Admin Sistem may delete.
ADMINISTER = rf"{HANDLE}|can_add|can_edit"
MENU_CATEGORY = r"Pengaduan"
MENU_LISTS = r"Antrean Saya|Daftar Pengaduan"
MENU_SETTINGS = r"Kategori Pengaduan|Aturan Batas Waktu|Kalender Kerja|Kolom Impor LAPOR!"

RULES = {
    ADMIN_INSTANSI: [
        (COMPLAINTS, ADMINISTER),
        (QUEUE, READ),
        (SETTINGS, ANY),
        (IMPORT, ANY),
        (rf"{MENU_CATEGORY}|{MENU_LISTS}|Catat Pengaduan|Impor LAPOR!|{MENU_SETTINGS}", "menu_access"),
    ],
    PEJABAT_PENGHUBUNG: [
        (COMPLAINTS, rf"{HANDLE}|can_add"),
        (QUEUE, READ),
        (SETTINGS, READ),
        (rf"{MENU_CATEGORY}|{MENU_LISTS}|Catat Pengaduan|{MENU_SETTINGS}", "menu_access"),
    ],
    OPERATOR_UNIT: [
        (COMPLAINTS, HANDLE),
        (QUEUE, READ),
        (rf"{MENU_CATEGORY}|{MENU_LISTS}", "menu_access"),
    ],
    PIMPINAN: [
        (COMPLAINTS, READ),
        (QUEUE, READ),
        (SETTINGS, READ),
        (rf"{MENU_CATEGORY}|{MENU_LISTS}|{MENU_SETTINGS}", "menu_access"),
    ],
}
