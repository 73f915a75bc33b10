"""Complaint figures as at a cut-off (D15, D16): the state at the cut-off comes from the history, deadline
compliance splits three ways, unknown import dates stay unknown, and a later rebuild gives the same figures.
Every expectation is worked out by hand in the comments."""
import datetime
import itertools
import json

from click.testing import CliRunner
from sqlalchemy import select

from app.complaints.cli import complaints as complaints_cli
from app.complaints.figures import complaint_figures, node_figures
from app.complaints.importer import import_file
from app.complaints.states import (
    COLUMNS, VERDICTS, ComplaintAt, overdue_at, overdue_clause, verdict_clauses, verdicts,
)
from app.complaints.workflow import Actor, apply_move, record_intake
from app.cutoff import end_of_day
from app.models.complaints import Channel, Classification, Complaint, Status
from app.models.org import OrgLevel, OrgNode
from app.scope import Scope
from tests.factories.complaints import make_complaint_row
from tests.test_complaints_import import HEADERS, xlsx

D, T = datetime.date, datetime.datetime
JUNE_END = end_of_day(D(2025, 6, 30))


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def typed_in(db, at, received=None, classification=Classification.PENGADUAN_TIDAK_BERKADAR):
    """A complaint typed in by staff at ``at`` (received then unless ``received``)."""
    complaint = Complaint(org=node(db, "JATENG"), channel=Channel.WALK_IN, classification=classification,
                          title="Lampu jalan mati", content="Lampu jalan mati sejak seminggu.",
                          received_at=received or at)
    record_intake(complaint, Actor.system(), when=at)
    db.session.add(complaint)
    db.session.flush()
    return complaint


def move(complaint, name, at, db=None, target=None, note="Catatan."):
    apply_move(complaint, name, Actor.system(), target=target, note=note, when=at)


def history_world(db):
    """Four complaints received in June 2025, moved by the workflow, some of it after 30 June.

    Deadlines (working days; 6 and 9 June 2025 are holidays): received Mon 2 June -> verify due 5 June.
    Routed 3 June -> first follow-up due 12 June (4, 5, 10, 11, 12), resolution (tidak berkadar, 14 days) due 25 June.
    """
    dinkes, dukcapil = node(db, "JTG-DINKES"), node(db, "JTG-DISDUKCAPIL")
    # a: verified 3/6, follow-up 5/6 (on time), finished 2/7 -> at 30/6 Diproses, resolution late (due 25/6).
    a = typed_in(db, T(2025, 6, 2, 9))
    move(a, "verify", T(2025, 6, 3, 9), target=dinkes)
    move(a, "followup", T(2025, 6, 5, 9))
    move(a, "finish", T(2025, 7, 2, 9))
    # b: verified 3/6, follow-up 13/6 (late, due 12/6), finished 20/6 (on time, due 25/6).
    b = typed_in(db, T(2025, 6, 2, 10))
    move(b, "verify", T(2025, 6, 3, 10), target=dinkes)
    move(b, "followup", T(2025, 6, 13, 9))
    move(b, "finish", T(2025, 6, 20, 9))
    # c: received 26/6 (verify due 1/7), verified only on 3/7 and re-routed on 4/7 -> at 30/6 not verified,
    # verification not yet due; follow-up and resolution not yet due (not routed at the cut-off).
    c = typed_in(db, T(2025, 6, 26, 9))
    move(c, "verify", T(2025, 7, 3, 9), target=dinkes)
    move(c, "reroute", T(2025, 7, 4, 9), target=dukcapil)
    # d: returned as Bukan Wewenang on 4/6 before any verification: excluded from every step's rate.
    d = typed_in(db, T(2025, 6, 3, 9))
    move(d, "return", T(2025, 6, 4, 9), note="Bukan kewenangan pemprov.")
    db.session.commit()
    return {"a": a, "b": b, "c": c, "d": d}


def test_the_state_at_the_cut_off_comes_from_the_history(fresh, db):
    w = history_world(db)
    jateng, dinkes = node(db, "JATENG"), node(db, "JTG-DINKES")
    f = complaint_figures(Scope.of_nodes([jateng]), D(2025, 6, 1), D(2025, 6, 30))
    assert f["as_of"] == JUNE_END
    # a finished on 2 July: at 30 June it is still Diproses; c was not verified yet.
    assert f["by_status"]["selesai"] == 1 and f["by_status"]["diproses"] == 1
    assert f["by_status"]["belum_terverifikasi"] == 1 and f["by_status"]["bukan_wewenang"] == 1
    assert (f["received"], f["verified"], f["routed"], f["followed_up"], f["finished"]) == (4, 2, 2, 2, 1)
    assert f["compliance"] == {
        # a, b verified on time; c not yet due (1 July); d excluded.
        "verify": {"on_time": 2, "late": 0, "not_yet_due": 1, "excluded": 1, "undated": 0, "pct_on_time": 100.0},
        # a on time, b late; c not routed at the cut-off; d excluded.
        "first_followup": {"on_time": 1, "late": 1, "not_yet_due": 1, "excluded": 1, "undated": 0, "pct_on_time": 50.0},
        # b finished on time; a open past its 25 June deadline; c not yet due; d excluded.
        "resolve": {"on_time": 1, "late": 1, "not_yet_due": 1, "excluded": 1, "undated": 0, "pct_on_time": 50.0},
    }
    # Only a is overdue at the cut-off (its resolution); the OPD at the cut-off is Dinkes for a and b.
    assert [s.tracking_number for s in f["overdue"]] == [w["a"].tracking_number]
    assert {row["opd_id"]: row["count"] for row in f["by_opd"]} == {dinkes.id: 2, None: 2}
    # Working days to finish: b only (2 June -> 20 June = 12 working days); a's finish is after the cut-off.
    assert f["days_to_finish"] == {"count": 1, "mean": 12.0, "median": 12.0}

    # As at 10 July everything that happened by then counts: a finished late, c verified late (due 1 July).
    later = complaint_figures(Scope.of_nodes([jateng]), D(2025, 6, 1), D(2025, 6, 30), as_of=end_of_day(D(2025, 7, 10)))
    assert later["finished"] == 2
    assert later["compliance"]["resolve"]["on_time"] == 1 and later["compliance"]["resolve"]["late"] == 1
    assert later["compliance"]["verify"] == {"on_time": 2, "late": 1, "not_yet_due": 0, "excluded": 1, "undated": 0,
                                             "pct_on_time": 66.67}


def test_the_scope_at_the_cut_off_is_the_owner_then(fresh, db):
    history_world(db)
    dinkes, dukcapil = node(db, "JTG-DINKES"), node(db, "JTG-DISDUKCAPIL")
    # b was at Dinkes on 30 June and still is; c moved to Disdukcapil in July, so at 30 June it belongs to neither.
    at_june = complaint_figures(Scope.of_nodes([dukcapil]), D(2025, 6, 1), D(2025, 6, 30))
    assert at_june["received"] == 0
    at_july = complaint_figures(Scope.of_nodes([dukcapil]), D(2025, 6, 1), D(2025, 6, 30), as_of=end_of_day(D(2025, 7, 5)))
    assert at_july["received"] == 1
    assert complaint_figures(Scope.of_nodes([dinkes]), D(2025, 6, 1), D(2025, 6, 30))["received"] == 2


def test_events_after_the_cut_off_change_no_figure(fresh, db):
    w = history_world(db)
    scope = Scope.of_nodes([node(db, "JATENG")])

    def plain(figures):
        figures = dict(figures)
        for name in ("overdue", "older_overdue"):
            figures[name] = [(s.id, s.status, s.active_due) for s in figures[name]]
        return figures

    before = plain(complaint_figures(scope, D(2025, 6, 1), D(2025, 6, 30)))
    move(w["c"], "followup", T(2025, 8, 1, 9))
    move(w["c"], "finish", T(2025, 8, 2, 9))
    move(w["a"], "reopen", T(2025, 8, 3, 9))
    move(w["a"], "hold", T(2025, 8, 4, 9))
    typed_in(db, T(2025, 8, 5, 9))  # received after the cut-off
    db.session.commit()
    after = plain(complaint_figures(scope, D(2025, 6, 1), D(2025, 6, 30)))
    assert after == before


def test_imported_steps_without_a_date_are_counted_apart(fresh, db):
    jateng = node(db, "JATENG")
    rows = [
        # Finished per the file, with no disposition, follow-up or finish date: every step "tanpa tanggal".
        ["LPR-101", "Jalan rusak", "Isi.", "", "Pengaduan Tidak Berkadar Pengawasan", "Selesai",
         T(2025, 1, 6, 10), "", "Tidak", "Tidak", "JTG-DINKES"],
        # In process with a disposition date and a follow-up date: judged normally.
        ["LPR-102", "Antrean", "Isi.", "", "Pengaduan Tidak Berkadar Pengawasan", "Diproses",
         T(2025, 1, 6, 11), "", "Tidak", "Tidak", "JTG-DINKES", T(2025, 1, 7, 9), T(2025, 1, 9, 9)],
    ]
    headers = HEADERS + ["Tanggal Disposisi", "Tanggal Tindak Lanjut"]
    import_file("lapor.xlsx", xlsx([r + [None] * (len(headers) - len(r)) for r in rows], headers), jateng,
                when=T(2025, 8, 19, 9))
    db.session.commit()
    f = complaint_figures(Scope.of_nodes([jateng]), D(2025, 1, 1), D(2025, 6, 30), as_of=end_of_day(D(2025, 8, 20)))
    assert f["finished"] == 1 and f["by_status"]["selesai"] == 1
    # LPR-102: received Mon 6 Jan, routed 7 Jan (verify due 9 Jan: on time), follow-up 9 Jan (due 14 Jan: on time),
    # resolution due 27 Jan and still open on 20 Aug: late.
    assert f["compliance"]["verify"] == {"on_time": 1, "late": 0, "not_yet_due": 0, "excluded": 0, "undated": 1,
                                         "pct_on_time": 100.0}
    assert f["compliance"]["first_followup"]["undated"] == 1 and f["compliance"]["first_followup"]["on_time"] == 1
    assert f["compliance"]["resolve"] == {"on_time": 0, "late": 1, "not_yet_due": 0, "excluded": 0, "undated": 1,
                                          "pct_on_time": 0.0}
    # No duration from the import time: LPR-101 has none; LPR-102 took 3 working days to its first follow-up.
    assert f["days_to_finish"]["count"] == 0
    assert f["days_to_first_followup"] == {"count": 1, "mean": 3.0, "median": 3.0}
    assert f["hours_to_first_followup"] == {"count": 1, "median": 70.0, "max": 70.0}


def test_figures_command_prints_the_three_way_split_as_at_a_date(fresh, app, db):
    history_world(db)
    runner = CliRunner()
    result = runner.invoke(complaints_cli, ["figures", "--instansi", "JATENG", "--start", "2025-06-01",
                                            "--end", "2025-06-30", "--as-of", "2025-06-30"], obj=_script_info(app))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["as_of"] == "2025-06-30T23:59:59"
    assert data["compliance"]["resolve"] == {"on_time": 1, "late": 1, "not_yet_due": 1, "excluded": 1, "undated": 0,
                                             "pct_on_time": 50.0}
    refused = runner.invoke(complaints_cli, ["figures", "--instansi", "JATENG", "--start", "2025-06-01",
                                             "--end", "2025-06-30", "--as-of", "2025-05-31"], obj=_script_info(app))
    assert refused.exit_code != 0 and "sebelum awal periode" in refused.output


def _script_info(app):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)


def test_monthly_chart_uses_the_same_split(fresh, db):
    from app.complaints.figures import monthly_compliance

    history_world(db)
    scope = Scope.of_nodes([node(db, "JATENG")])
    june = monthly_compliance(scope, 2025, as_of=JUNE_END)[5]
    assert june["received"] == 4
    assert june["resolve"] == complaint_figures(scope, D(2025, 6, 1), D(2025, 6, 30))["compliance"]["resolve"]


def test_each_unit_reads_its_own_figures_from_the_one_pass_over_its_instansi(fresh, db):
    """The PEKPPP sheet scores every unit from one pass over the report's scope (``by_node``): a unit's figures there
    are those of the unit's own report, and a complaint re-routed after the cut-off counts where it was then."""
    dinkes, jateng = node(db, "JTG-DINKES"), node(db, "JATENG")
    first, second = sorted((n for n in dinkes.children if n.level == OrgLevel.UNIT), key=lambda n: n.code)[:2]
    # At the first unit: one LAPOR! complaint finished (followed up after 26 hours), one walk-in still open.
    make_complaint_row(first, status=Status.SELESAI, received_at=T(2025, 6, 2, 9), first_followup_at=T(2025, 6, 3, 11),
                       last_followup_at=T(2025, 6, 3, 11), finished_at=T(2025, 6, 10, 9))
    make_complaint_row(first, channel=Channel.WALK_IN, received_at=T(2025, 6, 4, 9))
    # Typed in, routed to the first unit, followed up 4 hours after receipt; moved to the second unit on 2 July.
    moved = typed_in(db, T(2025, 6, 5, 8))
    move(moved, "verify", T(2025, 6, 5, 10), target=first)
    move(moved, "followup", T(2025, 6, 5, 12))
    move(moved, "reroute", T(2025, 7, 2, 9), target=second)
    db.session.commit()

    whole = complaint_figures(Scope.of_nodes([jateng]), D(2025, 6, 1), D(2025, 6, 30))
    shown = ("received", "verified", "finished", "pct_finished", "hours_to_first_followup", "lapor")
    for unit in (first, second):
        own = complaint_figures(Scope.of_nodes([unit]), D(2025, 6, 1), D(2025, 6, 30))
        assert node_figures(whole, unit.id) == {name: own[name] for name in shown}
    at_first = node_figures(whole, first.id)
    assert (at_first["received"], at_first["verified"], at_first["finished"]) == (3, 3, 1)
    assert at_first["lapor"] == {"received": 1, "verified": 1, "finished": 1, "pct_finished": 100.0}
    assert at_first["hours_to_first_followup"] == {"count": 2, "median": 15.0, "max": 26.0}  # 26 h and 4 h
    assert node_figures(whole, second.id)["received"] == 0
    # As at 3 July the moved complaint is the second unit's.
    later = complaint_figures(Scope.of_nodes([jateng]), D(2025, 6, 1), D(2025, 6, 30), as_of=end_of_day(D(2025, 7, 3)))
    assert node_figures(later, second.id)["received"] == 1 and node_figures(later, first.id)["received"] == 2


def test_the_overdue_lists_can_be_cut_to_the_oldest_and_keep_their_count(fresh, db):
    """A report lists the oldest overdue complaints (at most ``listed``) and states how many there are in all."""
    dinkes = node(db, "JTG-DINKES")
    for day in (2, 3, 4, 5):
        make_complaint_row(dinkes, received_at=T(2025, 6, day, 9))  # all routed, none followed up: overdue at 30 June
    for day in (2, 3, 4):
        make_complaint_row(dinkes, received_at=T(2025, 5, day, 9))  # tunggakan of May
    db.session.commit()
    scope = Scope.of_nodes([node(db, "JATENG")])
    every = complaint_figures(scope, D(2025, 6, 1), D(2025, 6, 30))
    cut = complaint_figures(scope, D(2025, 6, 1), D(2025, 6, 30), listed=2)
    assert (every["overdue_count"], every["older_overdue_count"]) == (4, 3) == (len(every["overdue"]),
                                                                                 len(every["older_overdue"]))
    assert (cut["overdue_count"], cut["older_overdue_count"]) == (4, 3)
    assert [o.received_at.day for o in cut["overdue"]] == [2, 3]
    assert [o.received_at.day for o in cut["older_overdue"]] == [2, 3]
    assert cut["overdue"] == every["overdue"][:2]
    assert cut["backlog_by_opd"] == every["backlog_by_opd"] == [
        {"opd_id": dinkes.id, "name": dinkes.name, "open": 7, "overdue": 7}]


def test_the_overdue_rule_in_sql_is_the_overdue_rule_in_python(fresh, db):
    """The tunggakan of earlier periods is counted in the database (``overdue_clause``), the period's own complaints
    in Python (``overdue_at``): both say the same of every status and deadline, and the older backlog's counts are
    those of the complaints' own states."""
    dinkes = node(db, "JTG-DINKES")
    cases = [(status, due) for status in Status for due in (None, D(2025, 6, 29), D(2025, 6, 30), D(2025, 7, 1))]
    for status, due in cases:
        row = make_complaint_row(dinkes, status=status, received_at=T(2025, 5, 5, 9))
        row.active_due = due
    db.session.commit()
    day = D(2025, 6, 30)
    rows = db.session.execute(select(Complaint.id, Complaint.status, Complaint.active_due)).all()
    in_python = {i for i, status, due in rows if overdue_at(status, due, day)}
    in_sql = set(db.session.execute(select(Complaint.id).where(overdue_clause(day))).scalars())
    assert in_sql == in_python and len(in_python) == 3  # the three waiting statuses due on 29 June
    figures = complaint_figures(Scope.of_nodes([node(db, "JATENG")]), D(2025, 6, 1), D(2025, 6, 30))
    assert figures["older_overdue_count"] == 3 and len(figures["older_overdue"]) == 3
    open_routed = sum(1 for _i, status, _due in rows if status in (Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES))
    assert figures["backlog_by_opd"] == [{"opd_id": dinkes.id, "name": dinkes.name, "open": open_routed, "overdue": 2}]


def test_the_verdict_rule_in_sql_is_the_verdict_rule_in_python(fresh, db):
    """The period's complaints whose columns are their state at the cut-off are counted in the database
    (``verdict_clauses``), the complaints replayed from their history in Python (``verdicts``): both give every step
    the same verdict for every status, step date (none, on its deadline day late in the evening, after it), deadline
    (none, before the cut-off day, after it) and hold (none, begun before the deadline, begun after it)."""
    dinkes = node(db, "JTG-DINKES")
    day = D(2025, 6, 11)
    done_ats = (None, T(2025, 6, 10, 23, 30), T(2025, 6, 12, 9))
    dues = (None, D(2025, 6, 10), D(2025, 6, 12))
    holds = (None, D(2025, 6, 9), D(2025, 6, 11))
    for status, done_at, due, hold, shift in itertools.product(Status, done_ats, dues, holds, range(3)):
        row = make_complaint_row(dinkes, status=status, received_at=T(2025, 6, 2, 9))
        # Each step gets a different pair in turn, so the three steps' rules are each checked on every pair.
        steps = (("verified_at", "verify_due"), ("first_followup_at", "first_followup_due"),
                 ("finished_at", "resolve_due"))
        for offset, (at_column, due_column) in enumerate(steps):
            pair = [(done_at, due), (due and done_at, None), (None, due)][(offset + shift) % 3]
            setattr(row, at_column, pair[0])
            setattr(row, due_column, pair[1])
        row.hold_started_on = hold
    db.session.commit()
    rows = db.session.execute(select(*[getattr(Complaint, name) for name in COLUMNS])).all()
    in_python = {row[0]: verdicts(ComplaintAt(*row), day) for row in rows}
    in_sql = {i: tuple(VERDICTS[v] for v in found)
              for i, *found in db.session.execute(select(Complaint.id, *verdict_clauses(day)))}
    assert in_sql == in_python
    seen = {verdict for found in in_python.values() for verdict in found}
    assert seen == set(VERDICTS)  # every verdict is reached
