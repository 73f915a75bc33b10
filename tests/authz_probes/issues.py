"""Probes of the isu prioritas pages: the ranking, an issue, its actions, each only at nodes in the viewer's scope."""
from sqlalchemy import func, select

from tests.authz_probes import probe

DENIED = (302, 403, 404)
ACTORS = {"admin", "admin.instansi", "penghubung.dinkes", "operator.rsud"}


def _topic_of(db, unit_id):
    from app.models.issues import IssueTopic
    from app.models.org import OrgNode

    unit = db.session.get(OrgNode, unit_id)
    return db.session.execute(select(IssueTopic.id).where(IssueTopic.org_id == unit.instansi.id).limit(1)).scalar_one()


@probe("IssueView.index", "IssueView.show")
def _pages(app, client, username, world, visible):
    from app.extensions import db

    for key, unit_id in world["units"].items():
        expected = key in visible
        for url in (f"/isu/?node={unit_id}", f"/isu/{_topic_of(db, unit_id)}?node={unit_id}"):
            response = client.get(url)
            if expected:
                assert response.status_code == 200, (username, url, response.status_code)
            else:
                assert response.status_code in DENIED, (username, url, response.status_code)


@probe("IssueView.act", "IssueView.finish")
def _actions(app, client, username, world, visible):
    """Starting an action at a node out of scope, or finishing an instruction of one, is refused and changes nothing."""
    import datetime

    from app.extensions import db
    from app.models.issues import ActionKind, InstructionStatus, IssueAction
    from tests.conftest import csrf_token

    token = csrf_token(client)
    for key, unit_id in world["units"].items():
        db.session.rollback()
        topic_id = _topic_of(db, unit_id)
        action = IssueAction(node_id=unit_id, topic_id=topic_id, period_code="2025-H1", kind=ActionKind.INSTRUCTION,
                             evidence="probe", instruction="probe", due_date=datetime.date(2025, 12, 31),
                             status=InstructionStatus.OPEN)
        db.session.add(action)
        db.session.commit()
        before = db.session.execute(select(func.count()).select_from(IssueAction)).scalar_one()
        started = client.post(f"/isu/{topic_id}/tindakan?node={unit_id}", data={
            "csrf_token": token, "kind": "instruksi", "opd": str(unit_id), "text": "x", "due_date": "2026-01-31"})
        finished = client.post(f"/isu/tindakan/{action.id}/selesai", data={"csrf_token": token, "note": "probe"})
        db.session.rollback()
        after = db.session.get(IssueAction, action.id)
        if key in visible and username in ACTORS:
            assert started.status_code == 302 and finished.status_code == 302, (username, key)
            assert after.status == InstructionStatus.DONE
        else:
            assert started.status_code in DENIED and finished.status_code in DENIED, (username, key)
            assert after.status == InstructionStatus.OPEN
        assert db.session.execute(select(func.count()).select_from(IssueAction)).scalar_one() == before
        db.session.delete(after)
        db.session.commit()
