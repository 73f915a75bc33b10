"""What each tier may do with the personal-data screens (merged into the role tiers by app/security/roles.py).

Admin Instansi sets its instansi's retention policy and answers data subjects'
requests (search, export, anonymise) within its scope; Pimpinan reads the policy.
Backups are Admin Sistem's alone, which FAB grants everything, so they need no rule.
"""
from app.security.tiers import ADMIN_INSTANSI, ANY, PIMPINAN, READ

POLICY = r"RetentionPolicyView"
SUBJECT = r"DataSubjectView"
MENUS = r"Privacy|Retention Policies|Data Subject Requests"

RULES = {
    ADMIN_INSTANSI: [(POLICY, ANY), (SUBJECT, ANY), (MENUS, "menu_access")],
    PIMPINAN: [(POLICY, READ), (r"Privacy|Retention Policies", "menu_access")],
}
