"""The role tiers' permissions, declared as data: the common rules here, each area's from its access.py.

Each tier is a FAB builtin role: its permissions are regular expressions over
(view, permission) names, checked in memory, and `flask pantau init` syncs the
role rows idempotently. What a tier may do is written here; *which rows* it
reaches is the organisation scope (app/scope.py), the same for every tier.

View groups name the views of one area; every view an area adds must be listed
in its group (the authorisation matrix test fails on a view no tier can reach
that is not declared admin-only).
"""
from app.complaints.access import RULES as COMPLAINT_RULES
from app.documents.access import RULES as DOCUMENT_RULES
from app.fkp.access import RULES as FKP_RULES
from app.issues.access import RULES as ISSUE_RULES
from app.privacy.access import RULES as PRIVACY_RULES
from app.reports.access import RULES as REPORT_RULES
from app.security.tiers import (
    ADMIN_INSTANSI, ANY, OPERATOR_UNIT, PEJABAT_PENGHUBUNG, PIMPINAN, READ,
)
from app.skm.access import RULES as SKM_RULES

# View groups (FAB view names: the class name of each view or API).
SELF_SERVICE = (
    r"UserInfoEditView|ResetMyPasswordView|PantauUserView|Menu|HomeView"
)
SELF_SERVICE_PERMS = r"can_this_form_get|can_this_form_post|can_userinfo|userinfoedit|resetmypassword|can_get|can_index"
ORG_TREE = r"InstansiView|OpdView|UnitView|OrgNodeApi"
SERVICE_TYPES = r"ServiceTypeView|ServiceTypeApi"
USERS = r"PantauUserView|PantauResetPasswordView"
USER_PERMS = r"can_list|can_show|can_add|can_edit|can_delete|can_this_form_get|can_this_form_post|resetpasswords"
AUDIT = r"AuditLogView"
DASHBOARD = r"DashboardView"

# Menu entries (the names given to add_view) each tier sees.
MENUS_ALL = r"Beranda|Dashboard|Organisation|Instansi|Perangkat Daerah|Unit Layanan|Jenis Layanan"
MENUS_ADMIN = r"Security|List Users|Audit Trail"


def _rules(*pairs):
    return [[rf"^(?:{view})$", rf"^(?:{perm})$"] for view, perm in pairs]


ROLE_PERMISSIONS = {
    ADMIN_INSTANSI: _rules(
        (SELF_SERVICE, SELF_SERVICE_PERMS),
        (DASHBOARD, "can_index"),
        (ORG_TREE, ANY),
        (SERVICE_TYPES, ANY),
        (USERS, USER_PERMS),
        (AUDIT, READ),
        (f"{MENUS_ALL}|{MENUS_ADMIN}", "menu_access"),
    ),
    PEJABAT_PENGHUBUNG: _rules(
        (SELF_SERVICE, SELF_SERVICE_PERMS),
        (DASHBOARD, "can_index"),
        (ORG_TREE, READ),
        (SERVICE_TYPES, ANY),
        (MENUS_ALL, "menu_access"),
    ),
    OPERATOR_UNIT: _rules(
        (SELF_SERVICE, SELF_SERVICE_PERMS),
        (DASHBOARD, "can_index"),
        (ORG_TREE, READ),
        (SERVICE_TYPES, ANY),
        (MENUS_ALL, "menu_access"),
    ),
    PIMPINAN: _rules(
        (SELF_SERVICE, SELF_SERVICE_PERMS),
        (DASHBOARD, "can_index"),
        (ORG_TREE, READ),
        (SERVICE_TYPES, READ),
        (MENUS_ALL, "menu_access"),
    ),
}

# Each area's own rules (app/<area>/access.py), in the same form as ROLE_PERMISSIONS.
AREA_RULES = [COMPLAINT_RULES, SKM_RULES, FKP_RULES, REPORT_RULES, PRIVACY_RULES, DOCUMENT_RULES, ISSUE_RULES]


def fab_roles():
    """The FAB_ROLES setting: every tier but Admin Sistem, which FAB grants everything."""
    merged = {name: [list(rule) for rule in rules] for name, rules in ROLE_PERMISSIONS.items()}
    for rules in AREA_RULES:
        for tier, pairs in rules.items():
            merged[tier].extend(list(rule) for rule in _rules(*pairs))
    return merged
