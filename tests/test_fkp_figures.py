"""The FKP figures the reports use: forums held, participants by element, distinct community elements, agreements, units without a forum."""
import datetime

from sqlalchemy import select

from app.cutoff import end_of_day
from app.fkp.figures import fkp_figures
from app.models.fkp import AgreementStatus, FkpSetting, FkpStage
from app.models.org import OrgNode
from app.scope import Scope
from tests.factories.fkp import add_agreement, add_participant, new_forum, unit_by_code

D = datetime.date


def _world(db):
    rsud, dukcapil, kota = (unit_by_code(c) for c in ("JTG-RSUD-MOEWARDI", "JTG-DUKCAPIL-PD", "SMG-PKM-PANDANARAN"))
    f1 = new_forum(rsud, held_on=D(2026, 2, 10), stage=FkpStage.PASCA)
    add_participant(f1, "A", "PENGGUNA")
    add_participant(f1, "B", "PENGGUNA")
    add_participant(f1, "C", "AKADEMISI")
    add_participant(f1, "D", "MEDIA", attended=False)
    add_participant(f1, "E", "PENYELENGGARA")
    add_agreement(f1, "selesai", due_date=D(2026, 3, 1), status=AgreementStatus.SELESAI)
    add_agreement(f1, "terlambat", due_date=D(2026, 3, 1))
    add_agreement(f1, "belum jatuh tempo", due_date=D(2026, 9, 1), status=AgreementStatus.PROSES)
    f2 = new_forum(rsud, held_on=D(2026, 5, 5), stage=FkpStage.SELESAI)
    for name, code in (("F", "PENGGUNA"), ("G", "TOKOH"), ("H", "LSM")):
        add_participant(f2, name, code)
    f3 = new_forum(rsud, held_on=D(2026, 6, 1), stage=FkpStage.PRA)  # planned only: not held
    add_participant(f3, "I", "AKADEMISI")
    add_agreement(f3, "rencana", due_date=D(2026, 1, 1))
    f4 = new_forum(dukcapil, held_on=D(2025, 12, 20), stage=FkpStage.PASCA)  # previous year
    add_participant(f4, "J", "PENGGUNA")
    f5 = new_forum(kota, held_on=D(2026, 3, 3), stage=FkpStage.PELAKSANAAN)  # another instansi
    add_participant(f5, "K", "PENGGUNA")
    db.session.commit()
    return {"rsud": rsud, "dukcapil": dukcapil, "kota": kota, "f1": f1, "f2": f2}


def _jateng(db):
    return Scope.of_nodes([db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()])


def test_figures_count_held_forums_elements_and_agreements_within_scope_and_range(fresh, db):
    w = _world(db)
    figures = fkp_figures(_jateng(db), D(2026, 1, 1), D(2026, 12, 31), as_of=end_of_day(D(2026, 5, 31)))
    rsud = w["rsud"].id
    assert figures["forums_held"] == 2
    assert figures["forums_per_unit"] == {rsud: 2}
    assert figures["elements_per_forum"] == {w["f1"].id: 2, w["f2"].id: 3}
    assert figures["elements_per_unit"] == {rsud: 3}
    by_code = {row["code"]: row for row in figures["participants_by_element"]}
    assert {code: (row["invited"], row["attended"]) for code, row in by_code.items()} == {
        "PENGGUNA": (3, 3), "AKADEMISI": (1, 1), "MEDIA": (1, 0), "PENYELENGGARA": (1, 1), "TOKOH": (1, 1), "LSM": (1, 1),
    }
    assert by_code["PENYELENGGARA"]["is_provider"] and not by_code["PENGGUNA"]["is_provider"]
    assert figures["agreements"] == {"total": 3, "done": 1, "overdue": 1}
    flagged = {row["code"] for row in figures["units_without_forum"]}
    assert "JTG-RSUD-MOEWARDI" not in flagged and "JTG-DUKCAPIL-PD" in flagged
    assert "SMG-PKM-PANDANARAN" not in flagged and w["kota"].id not in figures["units"]
    assert len(flagged) == len(figures["units"]) - 1


def test_a_quarter_counts_only_its_forums(fresh, db):
    w = _world(db)
    figures = fkp_figures(_jateng(db), D(2026, 1, 1), D(2026, 3, 31), as_of=end_of_day(D(2026, 4, 1)))
    assert figures["forums_held"] == 1
    assert figures["elements_per_unit"] == {w["rsud"].id: 2}
    assert figures["agreements"]["total"] == 3


def test_the_frequency_setting_flags_units_below_it(fresh, db, as_user):
    w = _world(db)
    setting = db.session.execute(select(FkpSetting).where(FkpSetting.instansi_id == w["rsud"].instansi.id)).scalar_one()
    setting.min_forums_per_year = 3
    db.session.commit()
    figures = fkp_figures(Scope.of_nodes([w["rsud"]]), D(2026, 1, 1), D(2026, 12, 31))
    assert figures["units_without_forum"] == [
        {"unit_id": w["rsud"].id, "code": "JTG-RSUD-MOEWARDI", "name": w["rsud"].name, "forums": 2, "required": 3}
    ]


def test_yearly_page_flags_units_without_a_forum_for_the_user_scope(fresh, db, as_user):
    _world(db)
    html = as_user("admin.instansi").get("/fkp/tanpa-forum?year=2026").get_data(as_text=True)
    assert "<td>JTG-DUKCAPIL-PD</td>" in html and "<td>JTG-RSUD-MOEWARDI</td>" not in html
    assert "<td>SMG-PKM-PANDANARAN</td>" not in html
    html = as_user("admin.instansi").get("/fkp/tanpa-forum?year=2025").get_data(as_text=True)
    assert "<td>JTG-RSUD-MOEWARDI</td>" in html and "<td>JTG-DUKCAPIL-PD</td>" not in html


def test_agenda_filters_by_date(fresh, db, as_user):
    _world(db)
    client = as_user("operator.rsud")
    html = client.get("/fkp/agenda?start=2026-05-01&end=2026-12-31").get_data(as_text=True)
    topics = [t.topic for t in (_world_topics(db))]
    assert sum(f">{t}</a>" in html for t in topics) == 2  # f2 and f3 of the unit, not f1 (February)
    html = client.get("/fkp/agenda").get_data(as_text=True)
    assert sum(f">{t}</a>" in html for t in topics) == 3


def _world_topics(db):
    from app.models.fkp import FkpForum

    return db.session.execute(select(FkpForum).where(FkpForum.unit.has(code="JTG-RSUD-MOEWARDI"))).scalars().all()


def test_a_forum_is_held_only_after_pelaksanaan_with_an_attended_community_participant(fresh, db):
    from app.models.fkp import DocumentKind, FkpDocument, FkpPurpose

    rsud = unit_by_code("JTG-RSUD-MOEWARDI")
    running = new_forum(rsud, held_on=D(2026, 2, 1), stage=FkpStage.PELAKSANAAN)  # not yet pasca: not held
    add_participant(running, "A", "PENGGUNA")
    provider_only = new_forum(rsud, held_on=D(2026, 2, 2), stage=FkpStage.PASCA)  # only the provider came: not held
    add_participant(provider_only, "B", "PENYELENGGARA")
    add_participant(provider_only, "C", "PENGGUNA", attended=False)
    signed = new_forum(rsud, held_on=D(2026, 2, 3), stage=FkpStage.PASCA, purpose=FkpPurpose.SP_DRAFT)
    add_participant(signed, "D", "PENGGUNA")
    db.session.add(FkpDocument(forum_id=signed.id, kind=DocumentKind.BERITA_ACARA, title="BA", url="https://x.id/ba"))
    other = new_forum(rsud, held_on=D(2026, 2, 4), stage=FkpStage.SELESAI, purpose=FkpPurpose.EVALUATION)
    for name, code in (("E", "PENGGUNA"), ("F", "AKADEMISI"), ("G", "MEDIA")):
        add_participant(other, name, code)
    db.session.commit()
    figures = fkp_figures(_jateng(db), D(2026, 1, 1), D(2026, 12, 31))
    assert figures["forums_held"] == 2
    assert [(f["forum_id"], f["berita_acara"]) for f in figures["held_forums"]] == [(signed.id, True), (other.id, False)]
    # PEKPPP I.2 counts only forums drafting or reviewing a Standar Pelayanan: 1 element, not the evaluation's 3.
    assert figures["elements_per_unit"] == {rsud.id: 3} and figures["sp_elements_per_unit"] == {rsud.id: 1}
