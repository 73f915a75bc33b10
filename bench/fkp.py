"""FKP speed figures: report figures over many forums, berita acara rendering, photo thumbnails, reminder digests.

Run: .venv/bin/python bench/fkp.py [--forums 5000]   (DATABASE_URL picks the engine; default a temporary SQLite file)
It creates its own data in the database it is given: use an empty or throw-away database.
"""
import argparse
import datetime
import io
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--forums", type=int, default=5000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="pantau-bench-fkp-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.db")
    os.environ.setdefault("UPLOAD_FOLDER", os.path.join(tmp, "uploads"))
    os.environ["MAIL_DRY_RUN"] = "true"

    from PIL import Image
    from sqlalchemy import insert, select

    from app import create_app
    from app.extensions import db
    from app.fkp.berita_acara import render_pdf
    from app.fkp.elements import seed_all
    from app.fkp.figures import fkp_figures
    from app.fkp.reminders import digests
    from app.fkp.thumbnails import make_thumbnail
    from app.install import prepare
    from app.models.fkp import FkpAgreement, FkpElement, FkpForum, FkpParticipant
    from app.models.org import OrgLevel, OrgNode
    from app.scope import Scope

    app = create_app()
    with app.app_context():
        prepare(load_demo_if_empty=True)
        seed_all()
        db.session.commit()
        units = db.session.execute(select(OrgNode).where(OrgNode.level == OrgLevel.UNIT)).scalars().all()
        elements = {}
        for element in db.session.execute(select(FkpElement)).scalars():
            elements.setdefault(element.instansi_id, []).append(element.id)
        instansi_of = {unit.id: unit.instansi.id for unit in units}
        rng = random.Random(7)
        stages = ["pra_pelaksanaan", "pelaksanaan", "pasca_pelaksanaan", "selesai"]

        started = time.perf_counter()
        forums = [
            {"unit_id": rng.choice(units).id, "topic": f"Forum {i}", "purpose": "sp_review", "form": "tatap_muka",
             "method": "fgd", "held_on": datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(365)),
             "stage": rng.choice(stages), "place": "Aula", "facilitator": "Moderator"}
            for i in range(args.forums)
        ]
        db.session.execute(insert(FkpForum), forums)
        db.session.commit()
        forum_rows = db.session.execute(select(FkpForum.id, FkpForum.unit_id)).all()
        participants, agreements = [], []
        for forum_id, unit_id in forum_rows:
            pool = elements[instansi_of[unit_id]]
            for n in range(12):
                participants.append({"forum_id": forum_id, "name": f"Peserta {n}", "element_id": rng.choice(pool),
                                     "attended": rng.random() < 0.8})
            for n in range(3):
                agreements.append({"forum_id": forum_id, "text": f"Kesepakatan {n}", "status": rng.choice(["belum", "proses", "selesai"]),
                                   "due_date": datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(365))})
        db.session.execute(insert(FkpParticipant), participants)
        db.session.execute(insert(FkpAgreement), agreements)
        db.session.commit()
        print(f"data: {len(forum_rows)} forums, {len(participants)} participants, {len(agreements)} agreements "
              f"inserted in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})")

        for label, scope in (("whole organisation", Scope.everything()), ("one unit", Scope.of_nodes([units[0]]))):
            started = time.perf_counter()
            figures = fkp_figures(scope, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), today=datetime.date(2026, 7, 1))
            print(f"fkp_figures, year, {label}: {(time.perf_counter() - started) * 1000:.0f} ms "
                  f"(forums held {figures['forums_held']}, units flagged {len(figures['units_without_forum'])})")

        forum = db.session.get(FkpForum, forum_rows[0][0])
        started = time.perf_counter()
        for _ in range(10):
            pdf = render_pdf(forum)
        print(f"berita acara PDF, 12 participants, 3 agreements: {(time.perf_counter() - started) * 100:.0f} ms each, {len(pdf)} bytes")

        photo = io.BytesIO()
        Image.new("RGB", (4000, 3000), (90, 140, 60)).save(photo, format="JPEG", quality=90)
        started = time.perf_counter()
        for _ in range(5):
            thumbnail = make_thumbnail(photo.getvalue())
        print(f"thumbnail of a 4000x3000 JPEG ({len(photo.getvalue()) // 1024} KB): "
              f"{(time.perf_counter() - started) * 200:.0f} ms each, {len(thumbnail)} bytes")

        started = time.perf_counter()
        pending = digests(datetime.date(2026, 7, 1), 7)
        print(f"reminder digests: {len(pending)} recipients, {sum(len(v) for v in pending.values())} reminders, "
              f"{(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
