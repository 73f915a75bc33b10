"""FKP participants: the moment each attendance was recorded, so a report as at a cut-off counts only the attendance
recorded by then (D15), as it already counts only the stages reached by then

Attendance recorded before this column existed gets the moment its forum entered pasca pelaksanaan (the stage rules
ask for an attendee before that move, so the attendance is no later), else the migration's own moment.

Revision ID: 0020_h11c
Revises: 0019_h15b
"""
import datetime

import sqlalchemy as sa
from alembic import op

revision = "0020_h11c"
down_revision = "0019_h15b"
branch_labels = None
depends_on = None

PARTICIPANT = "pantau_fkp_participant"


def upgrade():
    op.add_column(PARTICIPANT, sa.Column("attended_at", sa.DateTime(), nullable=True))
    participant = sa.table(PARTICIPANT, sa.column("forum_id", sa.Integer), sa.column("attended", sa.Boolean),
                           sa.column("attended_at", sa.DateTime))
    event = sa.table("pantau_fkp_stage_event", sa.column("forum_id", sa.Integer), sa.column("to_stage", sa.String),
                     sa.column("at", sa.DateTime))
    entered_pasca = (
        sa.select(sa.func.min(event.c.at))
        .where(event.c.forum_id == participant.c.forum_id, event.c.to_stage.in_(["pasca_pelaksanaan", "selesai"]))
        .scalar_subquery()
    )
    op.execute(participant.update().where(participant.c.attended.is_(True)).values(attended_at=entered_pasca))
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    op.execute(participant.update()
               .where(participant.c.attended.is_(True), participant.c.attended_at.is_(None))
               .values(attended_at=now))


def downgrade():
    op.drop_column(PARTICIPANT, "attended_at")
