"""The audit trail writer: every ORM create, update and delete, and login events.

Changes are captured in the session's ``after_flush`` hook, while attribute
history still holds the old values, and inserted through the same connection,
so a change and its audit rows commit or roll back together. Passwords are
stored as ``***``; NIK and contact fields only masked to their last 4
characters (rule D10, app/privacy/masking.py), so the trail holds no plain identity data.
"""
import datetime
import decimal
import enum

from flask import g, has_request_context, request
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import NO_VALUE

from app.clock import now_utc
from app.models.audit import AuditLog
from app.privacy.masking import is_personal, mask

HIDDEN_FIELDS = {"password", "totp_secret"}
MASKED = "***"


def _plain(value):
    """A JSON-safe rendering of a column value."""
    if value is None or value is NO_VALUE:
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


def _actor():
    if has_request_context():
        user = getattr(g, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return user.id, user.username, request.remote_addr
        return None, None, request.remote_addr
    return None, "system", None


def _org_of(obj):
    try:
        nodes = obj.scope_nodes()
    except Exception:  # a row whose node cannot be resolved is still audited, unscoped
        return None
    return nodes[0].id if nodes else None


def _changes(obj, kind):
    state = inspect(obj)
    result = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        history = state.attrs[key].history
        if kind == "create":
            old, new = None, getattr(obj, key)
        elif kind == "delete":
            old, new = (history.unchanged or history.deleted or [None])[0], None
        else:
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
        if kind != "update" and old is None and new is None:
            continue
        if key in HIDDEN_FIELDS:
            result[key] = [MASKED if old else None, MASKED if new else None]
        elif is_personal(key):
            result[key] = [mask(_plain(old)), mask(_plain(new))]
        else:
            result[key] = [_plain(old), _plain(new)]
    for rel in state.mapper.relationships:
        if rel.secondary is None or not rel.uselist:
            continue
        history = state.attrs[rel.key].history
        if kind == "update" and not history.has_changes():
            continue
        before = [str(o) for o in (history.unchanged or ())] + [str(o) for o in (history.deleted or ())]
        after = [str(o) for o in (history.unchanged or ())] + [str(o) for o in (history.added or ())]
        if kind == "create":
            before = None
        elif kind == "delete":
            after = None
        if before or after:
            result[rel.key] = [sorted(before) if before is not None else None, sorted(after) if after is not None else None]
    return result


def _row(obj, kind):
    user_id, username, ip = _actor()
    state = inspect(obj)
    # A new row has no identity key yet in after_flush, but its primary key is already filled in.
    identity = state.identity or state.mapper.primary_key_from_instance(obj)
    return {
        "created_at": now_utc(),
        "event": kind,
        "user_id": user_id,
        "username": username,
        "ip_address": ip,
        "table_name": obj.__tablename__,
        "record_id": ",".join(str(part) for part in identity) if identity and None not in identity else None,
        "record_label": str(obj)[:300],
        "org_id": _org_of(obj),
        "changes": _changes(obj, kind),
    }


def _audited(obj):
    """Pantau's own tables and FAB's users; not FAB's permission bookkeeping."""
    table = getattr(obj, "__tablename__", None)
    if table is None or not getattr(obj, "__audited__", True):
        return False
    return table == "ab_user" or not table.startswith("ab_")


@event.listens_for(Session, "after_flush")
def _write_audit(session, flush_context):
    rows = []
    for kind, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if not _audited(obj):
                continue
            row = _row(obj, kind)
            if kind == "update" and not row["changes"]:
                continue
            rows.append(row)
    if rows:
        session.connection().execute(AuditLog.__table__.insert(), rows)


def record_event(kind, user=None, username=None):
    """Add a login-type event (login, logout, login_failed, login_locked) to the session."""
    from app.extensions import db

    actor_id, actor_name, ip = _actor()
    org_nodes = getattr(user, "org_nodes", None) or []
    db.session.add(
        AuditLog(
            event=kind,
            user_id=user.id if user is not None else actor_id,
            username=(user.username if user is not None else username or actor_name),
            ip_address=ip,
            table_name="ab_user" if user is not None else None,
            record_id=str(user.id) if user is not None else None,
            record_label=user.get_full_name() if user is not None else username,
            org_id=org_nodes[0].id if org_nodes else None,
        )
    )


def record_action(event, table_name=None, record_id=None, label=None, org_id=None, changes=None):
    """Add an audit row for an action that is not a plain row change (an anonymisation, a data subject's
    request); the caller passes only masked values in ``label`` and ``changes``. Without ``org_id`` the row
    belongs to the acting user's first node, so the administrators of that scope see it in their trail."""
    from app.clock import now_utc
    from app.extensions import db

    user_id, username, ip = _actor()
    if org_id is None and has_request_context():
        nodes = getattr(getattr(g, "user", None), "org_nodes", None) or []
        org_id = nodes[0].id if nodes else None
    db.session.add(AuditLog(
        created_at=now_utc(), event=event, user_id=user_id, username=username, ip_address=ip,
        table_name=table_name, record_id=None if record_id is None else str(record_id),
        record_label=(label or "")[:300] or None, org_id=org_id, changes=changes,
    ))


def current_actor():
    """(user id, username) of whoever acts now: the logged-in user, or "system" outside a request."""
    user_id, username, _ip = _actor()
    return user_id, username
