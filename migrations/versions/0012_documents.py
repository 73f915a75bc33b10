"""documents: instansi Word templates, document settings, berita acara numbers, run files, forum of a run

Revision ID: 0012
Revises: 0010b
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pantau_document_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instansi_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("stored_name", sa.String(length=255), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["instansi_id"], ["pantau_org_node.id"], name="pantau_document_template_instansi_fk"),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["ab_user.id"], name="pantau_document_template_user_fk"),
        sa.PrimaryKeyConstraint("id", name="pantau_document_template_pk"),
        sa.UniqueConstraint("instansi_id", "kind", name="pantau_document_template_kind_uq"),
    )
    op.create_index("ix_pantau_document_template_instansi_id", "pantau_document_template", ["instansi_id"])
    op.create_index("ix_pantau_document_template_uploaded_by_id", "pantau_document_template", ["uploaded_by_id"])
    op.create_table(
        "pantau_document_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instansi_id", sa.Integer(), nullable=False),
        sa.Column("number_pattern", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["instansi_id"], ["pantau_org_node.id"], name="pantau_document_setting_instansi_fk"),
        sa.PrimaryKeyConstraint("id", name="pantau_document_setting_pk"),
        sa.UniqueConstraint("instansi_id", name="pantau_document_setting_instansi_uq"),
    )
    op.create_table(
        "pantau_document_number",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instansi_id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["instansi_id"], ["pantau_org_node.id"], name="pantau_document_number_instansi_fk"),
        sa.ForeignKeyConstraint(["forum_id"], ["pantau_fkp_forum.id"], name="pantau_document_number_forum_fk",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pantau_document_number_pk"),
        sa.UniqueConstraint("instansi_id", "year", "seq", name="pantau_document_number_seq_uq"),
        sa.UniqueConstraint("forum_id", name="pantau_document_number_forum_uq"),
    )
    op.create_index("ix_pantau_document_number_instansi_id", "pantau_document_number", ["instansi_id"])
    op.create_table(
        "pantau_report_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("stored_name", sa.String(length=255), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("mime", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["pantau_report_run.id"], name="pantau_report_file_run_fk",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pantau_report_file_pk"),
    )
    op.create_index("ix_pantau_report_file_run_id", "pantau_report_file", ["run_id"])
    with op.batch_alter_table("pantau_report_run") as batch_op:
        batch_op.add_column(sa.Column("forum_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("pantau_report_run_forum_fk", "pantau_fkp_forum", ["forum_id"], ["id"],
                                    ondelete="CASCADE")
        batch_op.create_index("ix_pantau_report_run_forum_id", ["forum_id"], unique=False)
    with op.batch_alter_table("pantau_report_schedule") as batch_op:
        batch_op.add_column(sa.Column("documents", sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table("pantau_report_schedule") as batch_op:
        batch_op.drop_column("documents")
    with op.batch_alter_table("pantau_report_run") as batch_op:
        batch_op.drop_index("ix_pantau_report_run_forum_id")
        batch_op.drop_constraint("pantau_report_run_forum_fk", type_="foreignkey")
        batch_op.drop_column("forum_id")
    op.drop_index("ix_pantau_report_file_run_id", table_name="pantau_report_file")
    op.drop_table("pantau_report_file")
    op.drop_index("ix_pantau_document_number_instansi_id", table_name="pantau_document_number")
    op.drop_table("pantau_document_number")
    op.drop_table("pantau_document_setting")
    op.drop_index("ix_pantau_document_template_uploaded_by_id", table_name="pantau_document_template")
    op.drop_index("ix_pantau_document_template_instansi_id", table_name="pantau_document_template")
    op.drop_table("pantau_document_template")
