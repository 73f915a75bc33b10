"""Complaint figures for an instansi and a period, against numbers worked out by hand."""
import datetime
from collections import Counter

from sqlalchemy import select

from app.complaints.figures import OldestFirst, Overdue, _distribution, complaint_figures, monthly_compliance
from app.models.complaints import Channel, Classification, Status
from app.models.org import OrgNode
from app.scope import Scope
from tests.factories.complaints import make_complaint_row

D, T = datetime.date, datetime.datetime


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def build(db):
    dinkes, rsud, dukcapil = node(db, "JTG-DINKES"), node(db, "JTG-RSUD-MOEWARDI"), node(db, "JTG-DUKCAPIL-PD")
    # c1: follow-up after 2 working days, finished after 4 (3, 4, 5, 10 June; 6 and 9 June are holidays).
    make_complaint_row(dinkes, status=Status.SELESAI, received_at=T(2025, 6, 2, 9), first_followup_at=T(2025, 6, 4, 9),
                       last_followup_at=T(2025, 6, 4, 9), finished_at=T(2025, 6, 10, 9))
    # c2: first follow-up after 6 working days, one day after its 11 June deadline.
    make_complaint_row(rsud, status=Status.DIPROSES, classification=Classification.ASPIRASI, channel=Channel.WALK_IN,
                       received_at=T(2025, 6, 2, 9), first_followup_at=T(2025, 6, 12, 9), last_followup_at=T(2025, 6, 12, 9))
    # c3: routed, not followed up.
    make_complaint_row(dukcapil, classification=Classification.INFORMASI, received_at=T(2025, 6, 3, 9))
    # c4: not verified yet.
    make_complaint_row(node(db, "JATENG"), status=Status.BELUM_TERVERIFIKASI, channel=Channel.SURAT,
                       classification=Classification.PENGADUAN_BERKADAR, received_at=T(2025, 6, 20, 9))
    # c5: information request answered and finished after 2 working days.
    make_complaint_row(dinkes, status=Status.SELESAI, classification=Classification.INFORMASI, channel=Channel.LAPOR_APP,
                       received_at=T(2025, 6, 3, 9), first_followup_at=T(2025, 6, 5, 9), last_followup_at=T(2025, 6, 5, 9),
                       finished_at=T(2025, 6, 5, 15))
    # Outside the period (backlog only) and outside the scope.
    make_complaint_row(dinkes, received_at=T(2025, 7, 1, 9))
    make_complaint_row(node(db, "SMG-PKM-PANDANARAN"), status=Status.SELESAI, received_at=T(2025, 6, 2, 9),
                       first_followup_at=T(2025, 6, 3, 9), finished_at=T(2025, 6, 3, 9))
    db.session.commit()


def test_figures_of_an_instansi_for_june_2025(fresh, db):
    build(db)
    jateng, dinkes, disdukcapil = node(db, "JATENG"), node(db, "JTG-DINKES"), node(db, "JTG-DISDUKCAPIL")
    f = complaint_figures(Scope.of_nodes([jateng]), D(2025, 6, 1), D(2025, 6, 30), min_rank_count=2,
                          as_of=T(2025, 7, 10, 23, 59))
    assert (f["received"], f["verified"], f["routed"], f["followed_up"], f["finished"]) == (5, 4, 4, 3, 2)
    assert f["pct_followed_up"] == 75.0 and f["pct_finished"] == 50.0
    assert f["by_classification"] == {"pengaduan_berkadar": 1, "pengaduan_tidak_berkadar": 1, "aspirasi": 1, "informasi": 2}
    assert f["by_channel"]["lapor_web"] == 2 and f["by_channel"]["walk_in"] == 1 and f["by_channel"]["surat"] == 1
    assert f["by_channel"]["lapor_app"] == 1 and f["by_channel"]["telepon"] == 0
    assert f["by_status"] == {"belum_terverifikasi": 1, "belum_ditindaklanjuti": 1, "diproses": 1, "selesai": 2,
                              "tunda": 0, "arsip": 0, "bukan_wewenang": 0}
    assert f["by_category"] == [{"category_id": None, "name": None, "count": 5}]
    assert f["by_opd"][0] == {"opd_id": dinkes.id, "name": dinkes.name, "count": 3}
    assert sorted(f["by_opd"][1:], key=lambda r: r["opd_id"] or 0) == [
        {"opd_id": None, "name": None, "count": 1},
        {"opd_id": disdukcapil.id, "name": disdukcapil.name, "count": 1},
    ]
    assert f["days_to_first_followup"] == {"count": 3, "mean": 3.33, "median": 2.0}  # 2, 6, 2
    assert f["days_to_finish"] == {"count": 2, "mean": 3.0, "median": 3.0}  # 4, 2
    # Due dates: c1 verify 5/6, follow-up 11/6, resolve 24/6; c2 follow-up 11/6 (done 12/6), resolve 24/6 (open);
    # c3 follow-up and resolve 12/6 (open); c4 verify 25/6 (open); c5 follow-up and resolve 12/6 (done 5/6).
    assert f["compliance"] == {
        "verify": {"on_time": 4, "late": 1, "not_yet_due": 0, "excluded": 0, "undated": 0, "pct_on_time": 80.0},
        "first_followup": {"on_time": 2, "late": 2, "not_yet_due": 1, "excluded": 0, "undated": 0, "pct_on_time": 50.0},
        "resolve": {"on_time": 2, "late": 2, "not_yet_due": 1, "excluded": 0, "undated": 0, "pct_on_time": 50.0},
    }
    assert f["ranking"] == [{"rank": 1, "opd_id": dinkes.id, "name": dinkes.name, "count": 3, "finished": 2,
                             "pct_finished": 66.67, "resolved_on_time": 2, "resolved_late": 1,
                             "pct_resolved_on_time": 66.67}]
    assert f["not_ranked"] == [{"opd_id": disdukcapil.id, "name": disdukcapil.name, "count": 1}]
    # At 10 July: Dinkes holds c2 (resolution due 24 June), Disdukcapil c3; the July complaint is no June business.
    assert f["backlog_by_opd"] == [
        {"opd_id": disdukcapil.id, "name": disdukcapil.name, "open": 1, "overdue": 1},
        {"opd_id": dinkes.id, "name": dinkes.name, "open": 1, "overdue": 1},
    ]


def test_figures_follow_the_scope_of_an_opd_and_an_empty_period(fresh, db):
    build(db)
    dinkes = node(db, "JTG-DINKES")
    f = complaint_figures(Scope.of_nodes([dinkes]), D(2025, 6, 1), D(2025, 6, 30))
    assert (f["received"], f["finished"]) == (3, 2)
    assert f["ranking"] == [] and f["not_ranked"][0]["count"] == 3  # fewer than 5 complaints: not ranked
    assert f["days_to_first_followup"]["median"] == 2.0
    empty = complaint_figures(Scope.of_nodes([dinkes]), D(2024, 1, 1), D(2024, 12, 31))
    assert empty["received"] == 0 and empty["pct_finished"] is None
    assert empty["days_to_finish"] == {"count": 0, "mean": None, "median": None}


def test_monthly_compliance_matches_the_figures_of_each_month(fresh, db):
    rsud = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
    for month, status in ((2, Status.SELESAI), (2, Status.DIPROSES), (5, Status.SELESAI), (11, Status.BELUM_TERVERIFIKASI)):
        received = datetime.datetime(2025, month, 3, 9, 0)
        make_complaint_row(rsud, status=status, received_at=received,
                           finished_at=received + datetime.timedelta(days=3) if status == Status.SELESAI else None)
    db.session.commit()
    scope = Scope.of_nodes([rsud.instansi])
    months = monthly_compliance(scope, 2025)
    assert [m["received"] for m in months] == [0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0]
    for month in (2, 5, 11):
        start = datetime.date(2025, month, 1)
        end = datetime.date(2025 + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
        expected = complaint_figures(scope, start, end, as_of=T(2025, 12, 31, 23, 59, 59, 999999))["compliance"]
        assert (months[month - 1]["verify"], months[month - 1]["resolve"]) == (expected["verify"], expected["resolve"])


def test_medians_of_an_even_and_an_odd_count_of_working_days():
    """The working-day medians are read from counts per day: the middle value, or the mean of the two middle ones."""
    assert _distribution(Counter({2: 1, 6: 1, 3: 1})) == {"count": 3, "mean": 3.67, "median": 3.0}
    assert _distribution(Counter({2: 2, 6: 1, 9: 1})) == {"count": 4, "mean": 4.75, "median": 4.0}
    assert _distribution(Counter({5: 4})) == {"count": 4, "mean": 5.0, "median": 5.0}
    assert _distribution(Counter()) == {"count": 0, "mean": None, "median": None}


def test_an_overdue_list_keeps_the_oldest_deadlines_however_many_pass():
    """OldestFirst keeps the ``listed`` oldest overdue complaints (deadline, then id), also after it has trimmed
    itself many times; nothing is kept when nothing is listed."""
    import random

    rng = random.Random(7)
    due = [(datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(300)), number) for number in range(5000)]
    rng.shuffle(due)
    expected = sorted(due)
    for listed in (None, 0, 1, 7, 2500):
        kept = OldestFirst(listed)
        for day, number in due:
            if kept.wants(day, number):
                kept.add(Overdue(number, f"T-{number}", "Judul", False, Status.DIPROSES, T(2025, 1, 1), day))
        assert [(o.active_due, o.id) for o in kept.items] == expected[:listed]
