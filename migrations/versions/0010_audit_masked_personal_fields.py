"""audit trail: NIK and contact fields of rows written before masking are masked too (D10)

Revision ID: 0010
Revises: 0009b
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009b"
branch_labels = None
depends_on = None

AUDIT = sa.table("pantau_audit_log", sa.column("id", sa.Integer), sa.column("changes", sa.JSON))
BATCH = 500


def masked_changes(changes):
    """``changes`` with every personal field's old and new value masked; None when nothing changes."""
    from app.privacy.masking import is_personal, mask

    if not isinstance(changes, dict):
        return None
    result, touched = {}, False
    for key, values in changes.items():
        if is_personal(key) and isinstance(values, list):
            new = [mask(v) if isinstance(v, str) else v for v in values]
            touched = touched or new != values
            result[key] = new
        else:
            result[key] = values
    return result if touched else None


def mask_existing(connection):
    """Mask the personal fields of every audit row, in batches by id."""
    last = 0
    while True:
        rows = connection.execute(
            sa.select(AUDIT.c.id, AUDIT.c.changes).where(AUDIT.c.id > last, AUDIT.c.changes.isnot(None))
            .order_by(AUDIT.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        for row_id, changes in rows:
            masked = masked_changes(changes)
            if masked is not None:
                connection.execute(AUDIT.update().where(AUDIT.c.id == row_id).values(changes=masked))
        last = rows[-1][0]


def upgrade():
    mask_existing(op.get_bind())


def downgrade():
    pass  # the plain values are gone on purpose
