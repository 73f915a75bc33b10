"""FKP stage history: one row per stage a forum entered, backfilled for the forums recorded before it

Revision ID: 0015_h11
Revises: 0008b

Backfill, per existing forum, with the best dates there are:
1. every stage change the audit trail holds for the forum (its create and update rows naming ``stage``): the
   exact moment and user; a change that jumped stages gives each stage passed the moment of the jump;
2. each stage the forum stands at or passed that the audit trail does not show (a forum older than the audit
   trail, or one whose audit rows were purged): marked ``estimated``, dated
   - pra pelaksanaan: when the forum's first recorded event happened, else the start of its forum date, else now;
   - pelaksanaan and pasca pelaksanaan: the end of the forum's date (held_on, local time), since a forum is held
     on that day and its results are recorded after it;
   - selesai: the same, or the upload of its signed berita acara if later (the move to selesai needs it);
   never earlier than the stage before it and never later than the migration itself.
"""
import datetime
import json
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0015_h11"
down_revision = "0008b"
branch_labels = None
depends_on = None

STAGES = ("pra_pelaksanaan", "pelaksanaan", "pasca_pelaksanaan", "selesai")


def _stage_type():
    return sa.Enum(*STAGES, name="pantau_fkp_stage", native_enum=False, length=24)


def upgrade():
    op.create_table(
        "pantau_fkp_stage_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", _stage_type(), nullable=True),
        sa.Column("to_stage", _stage_type(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=128), nullable=True),
        sa.Column("estimated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["forum_id"], ["pantau_fkp_forum.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["ab_user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pantau_fkp_stage_event_forum_id", "pantau_fkp_stage_event", ["forum_id"])
    op.create_index("ix_pantau_fkp_stage_event_at", "pantau_fkp_stage_event", ["at"])
    op.create_index("ix_pantau_fkp_stage_event_user_id", "pantau_fkp_stage_event", ["user_id"])
    _backfill(op.get_bind())


def downgrade():
    op.drop_table("pantau_fkp_stage_event")


def _utc_of_local(day, time, tz):
    moment = datetime.datetime.combine(day, time).replace(tzinfo=tz)
    return moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def _with_passed_stages(logged):
    """The logged moves of one forum, a move that jumped stages (the old demo set the stage directly) expanded into
    one row per stage passed, at the moment of the jump."""
    rows = []
    for row in logged:
        start = STAGES.index(row["from_stage"]) + 1 if row["from_stage"] else STAGES.index(row["to_stage"])
        previous = row["from_stage"]
        for name in STAGES[start:STAGES.index(row["to_stage"]) + 1]:
            rows.append(dict(row, from_stage=previous, to_stage=name))
            previous = name
    return rows


def _backfill(bind):
    import os

    tz = ZoneInfo(os.environ.get("PANTAU_TIMEZONE") or "Asia/Jakarta")
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    meta = sa.MetaData()
    forum = sa.Table("pantau_fkp_forum", meta, sa.Column("id", sa.Integer), sa.Column("stage", sa.String),
                     sa.Column("held_on", sa.Date))
    audit = sa.Table("pantau_audit_log", meta, sa.Column("id", sa.Integer), sa.Column("created_at", sa.DateTime),
                     sa.Column("event", sa.String), sa.Column("user_id", sa.Integer), sa.Column("username", sa.String),
                     sa.Column("table_name", sa.String), sa.Column("record_id", sa.String),
                     sa.Column("changes", sa.JSON))
    document = sa.Table("pantau_fkp_document", meta, sa.Column("forum_id", sa.Integer), sa.Column("kind", sa.String),
                        sa.Column("uploaded_at", sa.DateTime))
    users = sa.Table("ab_user", meta, sa.Column("id", sa.Integer))
    events = sa.Table("pantau_fkp_stage_event", meta, sa.Column("forum_id", sa.Integer),
                      sa.Column("from_stage", sa.String), sa.Column("to_stage", sa.String),
                      sa.Column("at", sa.DateTime), sa.Column("user_id", sa.Integer),
                      sa.Column("username", sa.String), sa.Column("estimated", sa.Boolean))

    user_ids = set(bind.execute(sa.select(users.c.id)).scalars())
    logged = {}
    for record_id, at, event, user_id, username, changes in bind.execute(
        sa.select(audit.c.record_id, audit.c.created_at, audit.c.event, audit.c.user_id, audit.c.username,
                  audit.c.changes)
        .where(audit.c.table_name == "pantau_fkp_forum", audit.c.event.in_(("create", "update")))
        .order_by(audit.c.created_at, audit.c.id)
    ):
        if isinstance(changes, str):
            changes = json.loads(changes)
        change = (changes or {}).get("stage")
        if not change or change[1] not in STAGES:
            continue
        before = change[0] if event == "update" and change[0] in STAGES else None
        logged.setdefault(record_id, []).append({
            "from_stage": before, "to_stage": change[1], "at": at,
            "user_id": user_id if user_id in user_ids else None, "username": username, "estimated": False,
        })
    signed = {}
    for forum_id, uploaded_at in bind.execute(
        sa.select(document.c.forum_id, document.c.uploaded_at).where(document.c.kind == "berita_acara")
    ):
        if uploaded_at is not None:
            signed[forum_id] = max(uploaded_at, signed.get(forum_id, uploaded_at))

    rows = []
    for forum_id, stage, held_on in bind.execute(sa.select(forum.c.id, forum.c.stage, forum.c.held_on)):
        known = _with_passed_stages(logged.get(str(forum_id), []))
        reached = {row["to_stage"] for row in known}
        day_end = _utc_of_local(held_on, datetime.time(23, 59, 59), tz) if held_on else now
        estimates = {
            "pra_pelaksanaan": min([row["at"] for row in known]
                                   + ([_utc_of_local(held_on, datetime.time(0, 0), tz)] if held_on else []) + [now]),
            "pelaksanaan": day_end,
            "pasca_pelaksanaan": day_end,
            "selesai": max(day_end, signed.get(forum_id, day_end)),
        }
        forum_rows = list(known)
        previous_stage = known[-1]["to_stage"] if known else None
        previous_at = known[-1]["at"] if known else None
        for name in STAGES[:STAGES.index(stage) + 1]:
            if name in reached:
                continue
            at = min(max(estimates[name], previous_at or estimates[name]), now)
            forum_rows.append({"from_stage": previous_stage, "to_stage": name, "at": at, "user_id": None,
                               "username": None, "estimated": True})
            previous_stage, previous_at = name, at
        rows.extend(dict(row, forum_id=forum_id) for row in sorted(forum_rows, key=lambda row: row["at"]))
    if rows:
        bind.execute(events.insert(), rows)
