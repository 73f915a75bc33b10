"""isu prioritas: complaint topics mapped to SKM unsur, a topic on complaints, categories and forums, issue actions

Revision ID: 0017_h15
Revises: 0016_h13b

Every existing instansi gets the default topics (app/issues/defaults.py); complaints get their topic from the
scheduler's next pass (their category's topic, else a suggestion), not here.
"""
import sqlalchemy as sa
from alembic import op

revision = "0017_h15"
down_revision = "0016_h13b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pantau_issue_topic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("element_code", sa.String(length=40), nullable=True),
        sa.Column("keywords", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["pantau_org_node.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("org_id", "name", name="pantau_issue_topic_org_name_uq"),
    )
    op.create_index("ix_pantau_issue_topic_org_id", "pantau_issue_topic", ["org_id"])
    with op.batch_alter_table("pantau_complaint") as batch:
        batch.add_column(sa.Column("topic_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("topic_source", sa.String(length=12), nullable=True))
        batch.create_foreign_key("pantau_complaint_topic_fk", "pantau_issue_topic", ["topic_id"], ["id"])
    op.create_index("pantau_complaint_topic_received_ix", "pantau_complaint", ["topic_id", "received_at"])
    with op.batch_alter_table("pantau_complaint_category") as batch:
        batch.add_column(sa.Column("topic_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("pantau_complaint_category_topic_fk", "pantau_issue_topic", ["topic_id"], ["id"])
    with op.batch_alter_table("pantau_fkp_forum") as batch:
        batch.add_column(sa.Column("issue_topic_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("pantau_fkp_forum_issue_topic_fk", "pantau_issue_topic", ["issue_topic_id"], ["id"])
    op.create_index("ix_pantau_fkp_forum_issue_topic_id", "pantau_fkp_forum", ["issue_topic_id"])
    op.create_table(
        "pantau_issue_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("period_code", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.Enum("fkp", "rtl", "instruksi", name="pantau_issue_action_kind", native_enum=False,
                                  length=12), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=True),
        sa.Column("followup_id", sa.Integer(), nullable=True),
        sa.Column("instruction", sa.Text(), nullable=True),
        sa.Column("opd_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.Enum("terbuka", "selesai", name="pantau_issue_instruction_status", native_enum=False,
                                    length=12), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["node_id"], ["pantau_org_node.id"]),
        sa.ForeignKeyConstraint(["opd_id"], ["pantau_org_node.id"]),
        sa.ForeignKeyConstraint(["topic_id"], ["pantau_issue_topic.id"]),
        sa.ForeignKeyConstraint(["forum_id"], ["pantau_fkp_forum.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["followup_id"], ["pantau_skm_followup.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("node_id", "topic_id", "forum_id", "followup_id"):
        op.create_index(f"ix_pantau_issue_action_{column}", "pantau_issue_action", [column])
    _default_topics(op.get_bind())


def _default_topics(bind):
    from app.issues.defaults import DEFAULT_TOPICS

    nodes = sa.table("pantau_org_node", sa.column("id"), sa.column("level"))
    topics = sa.table("pantau_issue_topic", sa.column("org_id"), sa.column("name"), sa.column("element_code"),
                      sa.column("keywords"), sa.column("active"))
    instansi = [row.id for row in bind.execute(sa.select(nodes.c.id).where(nodes.c.level == "instansi"))]
    rows = [{"org_id": org_id, "name": name, "element_code": code, "keywords": words, "active": True}
            for org_id in instansi for name, code, words in DEFAULT_TOPICS]
    if rows:
        bind.execute(topics.insert(), rows)


def downgrade():
    op.drop_table("pantau_issue_action")
    op.drop_index("ix_pantau_fkp_forum_issue_topic_id", table_name="pantau_fkp_forum")
    with op.batch_alter_table("pantau_fkp_forum") as batch:
        batch.drop_constraint("pantau_fkp_forum_issue_topic_fk", type_="foreignkey")
        batch.drop_column("issue_topic_id")
    with op.batch_alter_table("pantau_complaint_category") as batch:
        batch.drop_constraint("pantau_complaint_category_topic_fk", type_="foreignkey")
        batch.drop_column("topic_id")
    op.drop_index("pantau_complaint_topic_received_ix", table_name="pantau_complaint")
    with op.batch_alter_table("pantau_complaint") as batch:
        batch.drop_constraint("pantau_complaint_topic_fk", type_="foreignkey")
        batch.drop_column("topic_source")
        batch.drop_column("topic_id")
    op.drop_table("pantau_issue_topic")
