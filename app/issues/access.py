"""What each tier may do with the Isu Prioritas screens (merged into the role tiers by app/security/roles.py).

Every tier reads the ranked issues and an issue's trail in its own scope. Admin Instansi, Pejabat Penghubung and
Operator Unit start actions from an issue (can_act: a forum, an RTL item, an instruction; each record must lie in
their scope) and mark instructions done; Pimpinan reads. The topic list is kept by the Admin Instansi.
"""
from app.security.tiers import ADMIN_INSTANSI, ANY, OPERATOR_UNIT, PEJABAT_PENGHUBUNG, PIMPINAN, READ

PAGES = r"IssueView"
TOPICS = r"IssueTopicView"
MENU = r"Isu Prioritas|Daftar Isu|Topik Isu"

RULES = {
    ADMIN_INSTANSI: [(PAGES, r"can_read|can_act"), (TOPICS, ANY), (MENU, "menu_access")],
    PEJABAT_PENGHUBUNG: [(PAGES, r"can_read|can_act"), (TOPICS, READ), (MENU, "menu_access")],
    OPERATOR_UNIT: [(PAGES, r"can_read|can_act"), (TOPICS, READ), (MENU, "menu_access")],
    PIMPINAN: [(PAGES, r"can_read"), (TOPICS, READ), (MENU, "menu_access")],
}
