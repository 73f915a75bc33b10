"""Every Pantau table, imported here so Alembic and the mappers see them all."""
from app.models.audit import AuditLog  # noqa: F401
from app.models.org import OrgLevel, OrgNode, ServiceType  # noqa: F401
from app.models.user import PantauUser, RecoveryCode, user_org  # noqa: F401
from app.models import calendar, complaints, skm, fkp, reports, imports, backup, privacy, documents, issues, dashboard  # noqa: F401,E402
