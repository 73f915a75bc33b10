"""What each tier may do with the Word templates (merged into the role tiers by app/security/roles.py).

Only Admin Instansi changes its instansi's templates and document settings (Admin Sistem has everything);
the other tiers build documents through the report runs, with the template of their instansi.
"""
from app.security.tiers import ADMIN_INSTANSI, ANY

RULES = {
    ADMIN_INSTANSI: [
        (r"DocumentTemplateView", ANY),
        (r"Document Templates", "menu_access"),
    ],
}
