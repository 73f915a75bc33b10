"""What each tier may do with the FKP (Forum Konsultasi Publik) screens (merged into the role tiers by app/security/roles.py).

RULES maps a tier name to (view name regex, permission name regex) pairs; menu
entries are granted with the permission name "menu_access".

Operator Unit prepares and records forums; Pejabat Penghubung sees them and
follows agreements up; Admin Instansi does both and edits the unsur masyarakat
list and the frequency setting; Pimpinan reads. Custom permissions: can_stage
(move a forum's stage), can_upload (documents, evidence), can_download (files,
thumbnails, berita acara), can_read (the agenda and yearly pages).
"""
from app.security.tiers import ADMIN_INSTANSI, ANY, OPERATOR_UNIT, PEJABAT_PENGHUBUNG, PIMPINAN, READ

FORUM_RECORD = r"FkpForumView|FkpParticipantView|FkpDocumentView|FkpAgreementView"
REFERENCE = r"FkpElementView|FkpSettingView"
PAGES = r"FkpPagesView"
MENU_CATEGORY = r"FKP"
MENU_WORK = r"Forum FKP|Agenda FKP|Unit tanpa FKP|Kesepakatan FKP"
MENU_REFERENCE = r"Unsur Masyarakat|Pengaturan FKP"

RULES = {
    ADMIN_INSTANSI: [
        (FORUM_RECORD, ANY),
        (REFERENCE, ANY),
        (PAGES, READ),
        (f"{MENU_CATEGORY}|{MENU_WORK}|{MENU_REFERENCE}", "menu_access"),
    ],
    OPERATOR_UNIT: [
        (FORUM_RECORD, ANY),
        (REFERENCE, READ),
        (PAGES, READ),
        (f"{MENU_CATEGORY}|{MENU_WORK}", "menu_access"),
    ],
    PEJABAT_PENGHUBUNG: [
        (r"FkpForumView|FkpParticipantView|FkpDocumentView", READ),
        (r"FkpAgreementView", rf"{READ}|can_edit|can_upload"),
        (REFERENCE, READ),
        (PAGES, READ),
        (f"{MENU_CATEGORY}|{MENU_WORK}", "menu_access"),
    ],
    PIMPINAN: [
        (FORUM_RECORD, READ),
        (REFERENCE, READ),
        (PAGES, READ),
        (f"{MENU_CATEGORY}|{MENU_WORK}|{MENU_REFERENCE}", "menu_access"),
    ],
}
