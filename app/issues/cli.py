"""`flask issues ...` commands: the topic pass of complaints (default topics, category topics, suggestions)."""
import time

import click
from flask.cli import AppGroup

issues = AppGroup("issues", help="Isu prioritas: topik pengaduan.")


@issues.command("suggest-topics")
@click.option("--instansi", "code", help="Kode instansi, mis. JATENG (bawaan: semua instansi).")
@click.option("--again", is_flag=True, help="Sarankan ulang juga topik yang dahulu disarankan sistem.")
@click.option("--limit", type=int, help="Paling banyak sekian pengaduan disarankan per instansi.")
def suggest_topics_command(code, again, limit):
    """Run the scheduler's topic pass now: defaults, category topics, suggestions for complaints without a topic."""
    from sqlalchemy import select

    from app.extensions import db
    from app.issues.topics import topic_pass
    from app.models.org import OrgLevel, OrgNode

    instansi_id = None
    if code:
        node = db.session.execute(select(OrgNode).where(OrgNode.code == code.strip().upper())).scalar_one_or_none()
        if node is None or node.level != OrgLevel.INSTANSI:
            raise click.ClickException(f"Instansi {code!r} tidak ditemukan.")
        instansi_id = node.id
    started = time.perf_counter()
    counts = topic_pass(instansi_id, limit=limit, again=again)
    click.echo(f"{counts['instansi']} instansi; topik bawaan dibuat {counts['default_topics']}; "
               f"dari kategori {counts['from_category']}; dilepas dari kategori {counts['released']}; "
               f"disarankan {counts['suggested']}; tanpa kata yang dikenal {counts['unknown']}; "
               f"{time.perf_counter() - started:.1f} detik")


def register(app):
    """Add this area's commands to the `flask` CLI."""
    app.cli.add_command(issues)
