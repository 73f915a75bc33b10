"""two-factor login: a TOTP secret on each user, and one-time recovery codes stored hashed

Revision ID: 0010b
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0010b"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ab_user") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("totp_confirmed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.create_table(
        "pantau_recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=256), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["ab_user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pantau_recovery_code_pk"),
    )
    op.create_index("ix_pantau_recovery_code_user_id", "pantau_recovery_code", ["user_id"])


def downgrade():
    op.drop_index("ix_pantau_recovery_code_user_id", table_name="pantau_recovery_code")
    op.drop_table("pantau_recovery_code")
    with op.batch_alter_table("ab_user") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_confirmed_at")
        batch.drop_column("totp_secret")
