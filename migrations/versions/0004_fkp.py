"""FKP forums: forums, participants, agreements, documents, unsur masyarakat, settings, sent reminders

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=24)


def upgrade():
    op.create_table(
        "pantau_fkp_element",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instansi_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("is_provider", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["instansi_id"], ["pantau_org_node.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instansi_id", "code", name="pantau_fkp_element_code_uq"),
        sa.UniqueConstraint("instansi_id", "name", name="pantau_fkp_element_name_uq"),
    )
    op.create_index("ix_pantau_fkp_element_instansi_id", "pantau_fkp_element", ["instansi_id"])

    op.create_table(
        "pantau_fkp_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instansi_id", sa.Integer(), nullable=False),
        sa.Column("min_forums_per_year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["instansi_id"], ["pantau_org_node.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instansi_id", name="pantau_fkp_setting_instansi_uq"),
    )

    op.create_table(
        "pantau_fkp_forum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("service_type_id", sa.Integer(), nullable=True),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("purpose", _enum("pantau_fkp_purpose", "sp_draft", "sp_review", "policy", "evaluation", "service_problem"), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("form", _enum("pantau_fkp_form", "tatap_muka", "non_tatap_muka"), nullable=False),
        sa.Column("method", _enum("pantau_fkp_method", "dialog_publik", "fgd", "sarasehan", "forum_pengguna", "workshop", "online_meeting"), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("start_time", sa.String(length=5), nullable=True),
        sa.Column("end_time", sa.String(length=5), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("meeting_link", sa.String(length=500), nullable=True),
        sa.Column("facilitator", sa.String(length=150), nullable=True),
        sa.Column("note_taker", sa.String(length=150), nullable=True),
        sa.Column("provider_signatory", sa.String(length=150), nullable=True),
        sa.Column("provider_signatory_position", sa.String(length=200), nullable=True),
        sa.Column("stage", _enum("pantau_fkp_stage", "pra_pelaksanaan", "pelaksanaan", "pasca_pelaksanaan", "selesai"), nullable=False),
        sa.ForeignKeyConstraint(["service_type_id"], ["pantau_service_type.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["pantau_org_node.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pantau_fkp_forum_held_on", "pantau_fkp_forum", ["held_on"])
    op.create_index("ix_pantau_fkp_forum_service_type_id", "pantau_fkp_forum", ["service_type_id"])
    op.create_index("ix_pantau_fkp_forum_stage", "pantau_fkp_forum", ["stage"])
    op.create_index("ix_pantau_fkp_forum_unit_id", "pantau_fkp_forum", ["unit_id"])

    op.create_table(
        "pantau_fkp_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("element_id", sa.Integer(), nullable=False),
        sa.Column("contact", sa.String(length=150), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["element_id"], ["pantau_fkp_element.id"]),
        sa.ForeignKeyConstraint(["forum_id"], ["pantau_fkp_forum.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pantau_fkp_participant_element_id", "pantau_fkp_participant", ["element_id"])
    op.create_index("ix_pantau_fkp_participant_forum_id", "pantau_fkp_participant", ["forum_id"])

    op.create_table(
        "pantau_fkp_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(length=150), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", _enum("pantau_fkp_agreement_status", "belum", "proses", "selesai"), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("evidence_stored_name", sa.String(length=200), nullable=True),
        sa.Column("evidence_filename", sa.String(length=255), nullable=True),
        sa.Column("evidence_mime", sa.String(length=120), nullable=True),
        sa.Column("evidence_size", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["forum_id"], ["pantau_fkp_forum.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pantau_fkp_agreement_due_date", "pantau_fkp_agreement", ["due_date"])
    op.create_index("ix_pantau_fkp_agreement_forum_id", "pantau_fkp_agreement", ["forum_id"])
    op.create_index("ix_pantau_fkp_agreement_status", "pantau_fkp_agreement", ["status"])

    op.create_table(
        "pantau_fkp_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("pantau_fkp_document_kind", "foto", "berita_acara", "daftar_hadir", "notulen", "video"), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("stored_name", sa.String(length=200), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("mime", sa.String(length=120), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("thumb_stored_name", sa.String(length=200), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["forum_id"], ["pantau_fkp_forum.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pantau_fkp_document_forum_id", "pantau_fkp_document", ["forum_id"])
    op.create_index("ix_pantau_fkp_document_kind", "pantau_fkp_document", ["kind"])

    op.create_table(
        "pantau_fkp_reminder_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agreement_id"], ["pantau_fkp_agreement.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["ab_user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agreement_id", "user_id", "kind", "due_date", name="pantau_fkp_reminder_sent_uq"),
    )
    op.create_index("ix_pantau_fkp_reminder_sent_agreement_id", "pantau_fkp_reminder_sent", ["agreement_id"])
    op.create_index("ix_pantau_fkp_reminder_sent_user_id", "pantau_fkp_reminder_sent", ["user_id"])


def downgrade():
    for table in (
        "pantau_fkp_reminder_sent", "pantau_fkp_document", "pantau_fkp_agreement", "pantau_fkp_participant",
        "pantau_fkp_forum", "pantau_fkp_setting", "pantau_fkp_element",
    ):
        op.drop_table(table)
