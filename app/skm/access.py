"""What each tier may do with the SKM (Survei Kepuasan Masyarakat) screens (merged into the role tiers by app/security/roles.py).

RULES maps a tier name to (view name regex, permission name regex) pairs; menu
entries are granted with the permission name "menu_access". Which rows each
tier reaches is the organisation scope, not these rules.
"""
from app.security.tiers import ADMIN_INSTANSI, ANY, OPERATOR_UNIT, PEJABAT_PENGHUBUNG, PIMPINAN, READ

CRUD_VIEWS = r"SurveyPeriodView|RespondentView|FollowUpView|PublicationView"
PAGES = r"SkmPageView"
READ_PAGES = r"can_results|can_export|can_poster|can_evidence"
MENUS = r"SKM|Periode SKM|Responden SKM|Tindak Lanjut SKM|Publikasi SKM"

_WORKERS = [(CRUD_VIEWS, ANY), (PAGES, ANY), (MENUS, "menu_access")]

RULES = {
    ADMIN_INSTANSI: list(_WORKERS),
    PEJABAT_PENGHUBUNG: list(_WORKERS),
    OPERATOR_UNIT: list(_WORKERS),
    PIMPINAN: [(CRUD_VIEWS, READ), (PAGES, READ_PAGES), (MENUS, "menu_access")],
}
