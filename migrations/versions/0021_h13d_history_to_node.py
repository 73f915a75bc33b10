"""complaint history: an index on the node each move went to, so the complaints that passed through a scope are
found without reading the whole history

A report as at a cut-off counts, in a scope, the complaints held there at the cut-off, including those moved out
of it afterwards: it looks them up by the nodes their moves went to (app/complaints/states.py). Without an index
each lookup read all the history (3 million rows on the bench), and the PEKPPP sheet of a package does it for every
unit.

Revision ID: 0021_h13d
Revises: 0020_h11c
"""
from alembic import op

revision = "0021_h13d"
down_revision = "0020_h11c"
branch_labels = None
depends_on = None

NAME, TABLE = "pantau_complaint_history_to_node_ix", "pantau_complaint_history"


def upgrade():
    op.create_index(NAME, TABLE, ["to_node_id", "complaint_id"])


def downgrade():
    op.drop_index(NAME, table_name=TABLE)
