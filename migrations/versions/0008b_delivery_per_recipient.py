"""reports: one delivery row per (run, recipient), unique; the builder of each run

A delivery was one row per run naming every recipient, and nothing stopped two
processes from creating it twice. Each row now names one recipient and the pair
(run, recipient) is unique. Existing rows are split per recipient; duplicates
left by the old race keep their first row (a sent one first).

Revision ID: 0008b
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0008b"
down_revision = "0011"
branch_labels = None
depends_on = None

SENT_FIRST = {"sent": 0, "dry_run": 1, "sending": 2, "retrying": 3, "pending": 4, "failed": 5}


def upgrade():
    with op.batch_alter_table("pantau_report_run") as batch:
        batch.add_column(sa.Column("worker", sa.String(length=120), nullable=True))
    with op.batch_alter_table("pantau_report_delivery") as batch:
        batch.add_column(sa.Column("recipient", sa.String(length=254), nullable=True))
    split_per_recipient(op.get_bind())
    with op.batch_alter_table("pantau_report_delivery") as batch:
        batch.drop_column("recipients")
        batch.alter_column("recipient", existing_type=sa.String(length=254), nullable=False)
        batch.create_unique_constraint("pantau_report_delivery_run_recipient_uq", ["run_id", "recipient"])


def split_per_recipient(conn):
    delivery = sa.table(
        "pantau_report_delivery", sa.column("id", sa.Integer), sa.column("run_id", sa.Integer),
        sa.column("recipients", sa.Text), sa.column("recipient", sa.String), sa.column("language", sa.String),
        sa.column("subject", sa.String), sa.column("status", sa.String), sa.column("attempts", sa.Integer),
        sa.column("next_attempt_at", sa.DateTime), sa.column("last_attempt_at", sa.DateTime),
        sa.column("error", sa.Text), sa.column("sent_at", sa.DateTime), sa.column("created_at", sa.DateTime),
    )
    rows = conn.execute(sa.select(delivery)).mappings().all()
    rows = sorted(rows, key=lambda row: (row["run_id"], SENT_FIRST.get(row["status"], 9), row["id"]))
    taken = set()
    for row in rows:
        mine = []
        for part in (row["recipients"] or "").split(","):
            address = part.strip()[:254]
            if address and (row["run_id"], address.lower()) not in taken:
                taken.add((row["run_id"], address.lower()))
                mine.append(address)
        if not mine:
            conn.execute(sa.delete(delivery).where(delivery.c.id == row["id"]))
            continue
        conn.execute(sa.update(delivery).where(delivery.c.id == row["id"]).values(recipient=mine[0]))
        copy = {key: value for key, value in row.items() if key not in ("id", "recipient")}
        for address in mine[1:]:
            conn.execute(sa.insert(delivery).values(**copy, recipient=address))


def downgrade():
    with op.batch_alter_table("pantau_report_delivery") as batch:
        batch.drop_constraint("pantau_report_delivery_run_recipient_uq", type_="unique")
        batch.add_column(sa.Column("recipients", sa.Text(), nullable=True))
    op.execute("UPDATE pantau_report_delivery SET recipients = recipient")
    with op.batch_alter_table("pantau_report_delivery") as batch:
        batch.alter_column("recipients", existing_type=sa.Text(), nullable=False)
        batch.drop_column("recipient")
    with op.batch_alter_table("pantau_report_run") as batch:
        batch.drop_column("worker")
