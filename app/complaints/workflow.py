"""The complaint state machine (D8) with the tier rules: who may move a complaint where, and what it records.

Admin Instansi verifies and routes (disposisi) to an OPD or unit, re-routes,
returns as Bukan Wewenang, puts on hold (Tunda) and resumes, archives, reopens
and may finish. The Pejabat Penghubung of the owning OPD follows up, passes the
complaint to a unit below it, returns it as Bukan Wewenang and finishes it. An
Operator Unit records follow-ups of its unit. Admin Sistem may make every move.

A refused move raises ``WorkflowError`` before anything changes. Every move
appends one history row (who, when, status and owner before and after, note)
and recomputes the deadlines. Nothing here commits.

One step at a time: a move locks the complaint row until the caller commits and
checks itself against the committed state, so of two moves made at the same
moment the second sees the first. A move posted from a page that showed an
older ``version`` is refused with ``ChangedMeanwhile`` (the user looks again),
except a follow-up: follow-ups added at the same time are all kept.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from app.clock import now_local
from app.complaints.deadlines import refresh
from app.models.base import lock
from app.models.complaints import OPEN_STATUSES, ComplaintFollowUp, ComplaintHistory, Status
from app.models.org import OrgLevel
from app.scope import Scope
from app.security.tiers import ADMIN_INSTANSI, ADMIN_SISTEM, OPERATOR_UNIT, PEJABAT_PENGHUBUNG


class WorkflowError(ValueError):
    """The move is not allowed; the message says why, in the user's language."""


class ChangedMeanwhile(WorkflowError):
    """Someone else moved the complaint after the user opened it; nothing was changed."""

    def __init__(self, complaint):
        super().__init__(str(_l(
            "Pengaduan %(number)s telah diubah oleh pengguna lain sementara Anda membukanya; statusnya kini %(status)s. "
            "Langkah Anda tidak disimpan: periksa keadaannya sekarang, lalu ulangi bila masih perlu.",
            number=complaint.tracking_number, status=complaint.status.label)))


@dataclass
class Actor:
    """Who makes a move: tiers, the scope of its nodes, and the name for the history."""

    username: str
    tiers: frozenset
    scope: Scope
    user_id: int = None
    nodes: list = field(default_factory=list)

    @classmethod
    def of_user(cls, user):
        tiers = frozenset(role.name for role in user.roles)
        return cls(user.username, tiers, Scope.of_user(user), user.id, list(getattr(user, "org_nodes", [])))

    @classmethod
    def system(cls, name="system"):
        return cls(name, frozenset([ADMIN_SISTEM]), Scope.everything())

    def has_tier(self, tiers):
        return ADMIN_SISTEM in self.tiers or bool(self.tiers & set(tiers))


@dataclass(frozen=True)
class Move:
    name: str
    label: object
    tiers: tuple
    from_statuses: tuple
    needs_target: bool = False
    needs_note: bool = False


MOVES = {
    move.name: move
    for move in [
        Move("verify", _l("Verifikasi dan disposisi"), (ADMIN_INSTANSI,), (Status.BELUM_TERVERIFIKASI,), needs_target=True),
        Move("reroute", _l("Disposisi ulang"), (ADMIN_INSTANSI,),
             (Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES, Status.BUKAN_WEWENANG), needs_target=True),
        Move("delegate", _l("Teruskan ke unit"), (PEJABAT_PENGHUBUNG,),
             (Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES), needs_target=True),
        Move("followup", _l("Catat tindak lanjut"), (PEJABAT_PENGHUBUNG, OPERATOR_UNIT),
             (Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES), needs_note=True),
        Move("finish", _l("Selesaikan"), (ADMIN_INSTANSI, PEJABAT_PENGHUBUNG), (Status.DIPROSES,)),
        Move("return", _l("Kembalikan: Bukan Wewenang"), (ADMIN_INSTANSI, PEJABAT_PENGHUBUNG),
             OPEN_STATUSES, needs_note=True),
        Move("hold", _l("Tunda"), (ADMIN_INSTANSI,), OPEN_STATUSES, needs_note=True),
        Move("resume", _l("Lanjutkan"), (ADMIN_INSTANSI,), (Status.TUNDA,)),
        Move("archive", _l("Arsipkan"), (ADMIN_INSTANSI,),
             (Status.BELUM_TERVERIFIKASI, Status.BUKAN_WEWENANG, Status.SELESAI, Status.TUNDA), needs_note=True),
        Move("reopen", _l("Buka kembali"), (ADMIN_INSTANSI,), (Status.SELESAI, Status.ARSIP), needs_note=True),
    ]
}


# The move each open status waits for: whoever may make it has the complaint in their queue and gets its reminders.
AWAITED_MOVE = {
    Status.BELUM_TERVERIFIKASI: "verify",
    Status.BUKAN_WEWENANG: "reroute",
    Status.TUNDA: "resume",
    Status.BELUM_DITINDAKLANJUTI: "followup",
    Status.DIPROSES: "followup",
}
# The level of the tree at which each acting tier sits.
HOME_LEVEL = {ADMIN_INSTANSI: OrgLevel.INSTANSI, PEJABAT_PENGHUBUNG: OrgLevel.OPD, OPERATOR_UNIT: OrgLevel.UNIT}


def waiting_statuses(tiers):
    """The statuses whose awaited move one of ``tiers`` may make (Admin Sistem makes every move)."""
    return [status for status, name in AWAITED_MOVE.items()
            if ADMIN_SISTEM in tiers or set(MOVES[name].tiers) & set(tiers)]


def acting_tiers(status, level):
    """The tiers that make the awaited move of a complaint in ``status`` owned by a node at ``level``."""
    move = MOVES.get(AWAITED_MOVE.get(status))
    return [tier for tier in move.tiers if HOME_LEVEL.get(tier) == level] if move else []


def _refusal(move, actor, complaint):
    """Why ``actor`` may not make ``move`` on ``complaint`` now (None if it may), targets aside."""
    if not actor.scope.contains(complaint):
        return _l("Pengaduan ini berada di luar cakupan Anda.")
    if not actor.has_tier(move.tiers):
        return _l("Peran Anda tidak boleh melakukan '%(move)s'.", move=move.label)
    if complaint.status not in move.from_statuses:
        return _l("'%(move)s' tidak dapat dilakukan pada pengaduan berstatus %(status)s.",
                  move=move.label, status=complaint.status.label)
    if move.name == "return" and complaint.status == Status.BELUM_TERVERIFIKASI and not actor.has_tier([ADMIN_INSTANSI]):
        return _l("Pengaduan yang belum diverifikasi hanya dapat dikembalikan oleh Admin Instansi.")
    if move.name == "delegate" and complaint.org.level != OrgLevel.OPD:
        return _l("Pengaduan hanya dapat diteruskan ke unit bila sedang berada di perangkat daerah.")
    if move.name == "followup" and complaint.org.level == OrgLevel.INSTANSI:
        return _l("Pengaduan belum didisposisikan ke perangkat daerah atau unit.")
    return None


def allowed_moves(complaint, actor):
    """The moves ``actor`` may make on ``complaint`` now, in menu order."""
    return [move for move in MOVES.values() if _refusal(move, actor, complaint) is None]


def _check_target(move, complaint, actor, target):
    if target is None:
        raise WorkflowError(str(_l("Pilih tujuan disposisi.")))
    if target.instansi.id != complaint.instansi_id:
        raise WorkflowError(str(_l("Tujuan harus berada di instansi yang sama.")))
    if not actor.scope.contains_node(target):
        raise WorkflowError(str(_l("Tujuan berada di luar cakupan Anda.")))
    if move.name == "delegate":
        if target.level != OrgLevel.UNIT or target.parent_id != complaint.org_id:
            raise WorkflowError(str(_l("Tujuan harus unit layanan di bawah perangkat daerah ini.")))
    elif target.level not in (OrgLevel.OPD, OrgLevel.UNIT):
        raise WorkflowError(str(_l("Tujuan disposisi harus perangkat daerah atau unit layanan.")))
    if target.id == complaint.org_id:
        raise WorkflowError(str(_l("Pengaduan sudah berada di %(node)s.", node=target.name)))


def set_owner(complaint, node):
    """Make ``node`` the complaint's owner; keep the OPD column in step (None at the instansi)."""
    complaint.org = node
    complaint.org_id = node.id
    complaint.opd_id = node.opd.id if node.opd is not None else None


def apply_move(complaint, name, actor, target=None, note=None, when=None, seen_version=None):
    """Make move ``name``; raise WorkflowError (changing nothing) if it is not allowed. Returns the history row.

    ``seen_version`` is the complaint's version on the page the user acted from (None: no page, e.g. a script).
    """
    move = MOVES.get(name)
    if move is None:
        raise WorkflowError(str(_l("Tindakan tidak dikenal.")))
    lock(complaint)
    changed = seen_version is not None and seen_version != complaint.version
    if changed and name != "followup":
        raise ChangedMeanwhile(complaint)
    reason = _refusal(move, actor, complaint)
    if reason is not None:
        raise ChangedMeanwhile(complaint) if changed else WorkflowError(str(reason))
    note = (note or "").strip() or None
    if move.needs_note and not note:
        raise WorkflowError(str(_l("Isi catatan atau uraian untuk '%(move)s'.", move=move.label)))
    if move.needs_target:
        _check_target(move, complaint, actor, target)
    when = when or now_local()
    from_status, from_node = complaint.status, complaint.org

    if name == "verify":
        complaint.verified_at = when
        complaint.routed_at = when
        set_owner(complaint, target)
        complaint.status = Status.BELUM_DITINDAKLANJUTI
    elif name == "reroute":
        complaint.routed_at = when
        complaint.verified_at = complaint.verified_at or when
        set_owner(complaint, target)
        complaint.status = Status.BELUM_DITINDAKLANJUTI
    elif name == "delegate":
        set_owner(complaint, target)
    elif name == "followup":
        complaint.followups.append(
            ComplaintFollowUp(at=when, user_id=actor.user_id, username=actor.username, node_id=complaint.org_id, text=note)
        )
        complaint.first_followup_at = complaint.first_followup_at or when
        complaint.last_followup_at = when
        complaint.status = Status.DIPROSES
    elif name == "finish":
        complaint.finished_at = when
        complaint.status = Status.SELESAI
    elif name == "return":
        set_owner(complaint, complaint.instansi)
        complaint.status = Status.BUKAN_WEWENANG
    elif name == "hold":
        complaint.status_before_hold = complaint.status
        complaint.hold_started_on = when.date()
        complaint.status = Status.TUNDA
    elif name == "resume":
        complaint.status = complaint.status_before_hold or Status.BELUM_TERVERIFIKASI
        complaint.status_before_hold = None
        complaint.hold_started_on = None
    elif name == "archive":
        complaint.status = Status.ARSIP
    elif name == "reopen":
        complaint.finished_at = None
        if complaint.first_followup_at:
            complaint.status = Status.DIPROSES
        elif complaint.routed_at:
            complaint.status = Status.BELUM_DITINDAKLANJUTI
        else:
            complaint.status = Status.BELUM_TERVERIFIKASI

    entry = ComplaintHistory(
        at=when, user_id=actor.user_id, username=actor.username, action=name,
        from_status=from_status, to_status=complaint.status,
        from_node_id=from_node.id if from_node else None, to_node_id=complaint.org_id,
        note=note if name != "followup" else None,
    )
    complaint.history.append(entry)
    complaint.version += 1
    refresh(complaint)
    return entry


def new_tracking_number(received_at):
    """A Pantau tracking number for a complaint received outside LAPOR!: PTU-YYYYMMDD-XXXXXX."""
    import secrets

    return f"PTU-{received_at:%Y%m%d}-{secrets.token_hex(3).upper()}"


def record_intake(complaint, actor, when=None):
    """Prepare a complaint typed in by staff: instansi, tracking number, status, first history row, deadlines."""
    from app.extensions import db

    with db.session.no_autoflush:
        _record_intake(complaint, actor, when)


def _record_intake(complaint, actor, when):
    node = complaint.org
    complaint.instansi = node.instansi
    complaint.instansi_id = node.instansi.id
    complaint.opd_id = node.opd.id if node.opd is not None else None
    complaint.status = Status.BELUM_TERVERIFIKASI
    complaint.received_at = complaint.received_at or when or now_local()
    complaint.tracking_number = (complaint.tracking_number or "").strip() or new_tracking_number(complaint.received_at)
    complaint.paused_days = 0
    complaint.history.append(
        ComplaintHistory(
            at=when or now_local(), user_id=actor.user_id, username=actor.username, action="intake",
            from_status=None, to_status=Status.BELUM_TERVERIFIKASI, from_node_id=None, to_node_id=node.id,
        )
    )
    refresh(complaint)
