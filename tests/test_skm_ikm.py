"""The IKM arithmetic (D2, D3), the Krejcie-Morgan sample table (D4) and questionnaire weights."""
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import event, select

from app.models.org import OrgNode
from app.models.skm import STANDARD_CODES, PeriodStatus, Respondent, answer_column
from app.skm import ikm
from app.skm.questionnaire import QuestionnaireError, check_weights, create_period, save_questionnaire
from app.skm.sample import adequacy, required_sample


@pytest.mark.parametrize("value, letter, label", [
    ("64.99", "D", "Tidak Baik"), ("65.00", "C", "Kurang Baik"), ("76.60", "C", "Kurang Baik"),
    ("76.61", "B", "Baik"), ("88.30", "B", "Baik"), ("88.31", "A", "Sangat Baik"), ("25", "D", "Tidak Baik"),
    ("100", "A", "Sangat Baik"),
])
def test_grade_boundaries_of_section_1_8(app, value, letter, label):
    with app.test_request_context():
        assert ikm.grade(Decimal(value))[0] == letter
        assert str(ikm.grade(Decimal(value))[1]) == label


def test_rounding_is_half_up_and_only_at_the_end():
    assert ikm.round_half_up(Fraction(88305, 1000)) == Decimal("88.31")  # banker's rounding would give 88.30
    assert ikm.round_half_up(Fraction(76605, 1000)) == Decimal("76.61")
    assert ikm.round_half_up(Fraction(64994, 1000)) == Decimal("64.99")
    assert ikm.grade(ikm.round_half_up(Fraction(88305, 1000)))[0] == "A"


def _sums(rows, codes=STANDARD_CODES):
    """{code: (sum, count)} of answer rows (lists aligned with codes; None = empty)."""
    result = {}
    for index, code in enumerate(codes):
        values = [row[index] for row in rows if row[index] is not None]
        result[code] = (sum(values), len(values))
    return result


def test_one_respondent_answering_4_everywhere_gives_100():
    result = ikm.compute(_sums([[4] * 9]), ikm.equal_weights(STANDARD_CODES), 1)
    assert result.converted == Decimal("100.00")
    assert result.grade == "A"
    assert all(e.nrr == 4 for e in result.elements)


def test_a_hand_computed_set_where_one_ninth_and_0_111_give_different_grades():
    # 10 respondents. Unsur 1-4 all 4; unsur 5 eight 4s and two 3s; unsur 6-9 all 3.
    rows = [[4, 4, 4, 4, 4 if i < 8 else 3, 3, 3, 3, 3] for i in range(10)]
    result = ikm.compute(_sums(rows), ikm.equal_weights(STANDARD_CODES), 10)
    assert [e.nrr for e in result.elements] == [4, 4, 4, 4, Fraction(38, 10), 3, 3, 3, 3]
    # Sum of NRR = 31.8; IKM = 31.8 / 9 = 3.5333...; x 25 = 88.333... -> 88.33, grade A.
    assert result.ikm == Fraction(318, 90)
    assert result.converted == Decimal("88.33")
    assert result.grade == "A"
    # With the printed weight 0.111 the same data gives 88.245 -> 88.25, grade B: the product must not do that.
    rounded_weights = {code: Fraction("0.111") for code in STANDARD_CODES}
    wrong = ikm.compute(_sums(rows), rounded_weights, 10)
    assert ikm.round_half_up(sum(e.nrr * e.weight for e in wrong.elements) * 25) == Decimal("88.25")
    # Per-unsur grades from NRR x 25.
    assert [e.grade for e in result.elements] == ["A", "A", "A", "A", "A", "C", "C", "C", "C"]
    assert [e.code for e in result.weakest] == ["KOMPETENSI", "PERILAKU", "PENGADUAN", "SARPRAS"]


def test_empty_answers_are_left_out_of_the_unsur_mean():
    rows = [[4, 3, 3, 4, 3, 3, 3, 3, 3], [2, 3, 3, None, 3, 3, 3, 3, 3], [3, 3, 3, 2, 3, 3, 3, 3, 3]]
    result = ikm.compute(_sums(rows), ikm.equal_weights(STANDARD_CODES), 3)
    assert result.element("BIAYA").nrr == 3  # (4 + 2) / 2, not / 3
    assert result.element("BIAYA").count == 2
    assert result.ikm == 3
    assert result.converted == Decimal("75.00")
    assert result.grade == "C"


def test_custom_weights_must_sum_to_exactly_one():
    codes = STANDARD_CODES + ["KEAMANAN"]
    assert sum(check_weights({c: "1/10" for c in codes}).values()) == 1
    with pytest.raises(QuestionnaireError, match="tepat 1"):
        check_weights({c: "0.111" for c in STANDARD_CODES})  # 0.999, not 1
    with pytest.raises(QuestionnaireError, match="semua unsur"):
        check_weights({"PERSYARATAN": "1", "PROSEDUR": ""})
    with pytest.raises(QuestionnaireError, match="tidak terbaca"):
        check_weights({"PERSYARATAN": "satu"})
    assert check_weights({c: "" for c in STANDARD_CODES}) == {}


def test_a_unit_adds_an_unsur_with_weights_and_the_ikm_uses_them(db, fresh):
    unit = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
    period = create_period(unit, "2025-Q3", 100)
    rows = [{"code": e.code, "weight": "1/10"} for e in period.elements]
    rows.append({"code": "KEAMANAN", "name": "Keamanan", "weight": "1/10", "label_1": "Tidak aman",
                 "label_2": "Kurang aman", "label_3": "Aman", "label_4": "Sangat aman"})
    with pytest.raises(QuestionnaireError):
        save_questionnaire(period, rows[:-1] + [{**rows[-1], "weight": "1/9"}])
    save_questionnaire(period, rows)
    db.session.commit()
    assert [e.code for e in period.elements][-1] == "KEAMANAN"
    weights = ikm.period_weights(period)
    assert weights["KEAMANAN"] == Fraction(1, 10) and sum(weights.values()) == 1
    from app.skm import respondents

    form = respondents.Form(period)
    values, answers, problems = respondents.clean(form, {**{c: "4" for c in STANDARD_CODES}, "KEAMANAN": "Kurang aman"})
    assert not problems and answers["KEAMANAN"] == 2
    respondents.save(period, values, answers)
    db.session.commit()
    result = ikm.period_result(period)
    # (9 x 4 + 2) / 10 = 3.8 -> 95.00
    assert result.element("KEAMANAN").nrr == 2
    assert result.converted == Decimal("95.00")


def test_the_ikm_of_many_units_comes_from_one_aggregate_query(db, fresh):
    units = db.session.execute(select(OrgNode).where(OrgNode.code.in_(["JTG-RSUD-MOEWARDI", "JTG-DUKCAPIL-PD"]))
                               ).scalars().all()
    periods = []
    for unit in units:
        period = create_period(unit, "2025", 10)
        periods.append(period)
        for value in (3, 4):
            db.session.add(Respondent(period_id=period.id, unit_id=unit.id,
                                      **{answer_column(c): value for c in STANDARD_CODES}))
    db.session.commit()
    period_ids = [p.id for p in periods]
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        sums = ikm.unit_sums(period_ids)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    # One scan of the respondents; the other statement reads the two periods' units.
    assert len([s for s in statements if "pantau_skm_respondent" in s]) == 1 and len(statements) == 2
    results = ikm.results_by_unit(periods)
    assert {r.converted for r in results.values()} == {Decimal("87.50")}
    assert sums[units[0].id][0] == 2


def test_group_figures_give_pooled_and_mean_ikm():
    big = ikm.compute(_sums([[4] * 9] * 3), ikm.equal_weights(STANDARD_CODES), 3)  # 100
    small = ikm.compute(_sums([[2] * 9]), ikm.equal_weights(STANDARD_CODES), 1)  # 50
    group = ikm.group_result({1: big, 2: small})
    assert group.pooled.converted == Decimal("87.50")  # (3 x 4 + 2) / 4 = 3.5
    assert group.mean_converted == Decimal("75.00")  # (100 + 50) / 2
    assert group.pooled.respondents == 4 and group.unit_count == 2


KREJCIE_MORGAN = {
    10: 10, 15: 14, 20: 19, 25: 24, 30: 28, 35: 32, 40: 36, 45: 40, 50: 44, 55: 48, 60: 52, 65: 56, 70: 59,
    75: 63, 80: 66, 85: 70, 90: 73, 95: 76, 100: 80, 110: 86, 120: 92, 130: 97, 140: 103, 150: 108, 160: 113,
    170: 118, 180: 123, 190: 127, 200: 132, 210: 136, 220: 140, 230: 144, 240: 148, 250: 152, 260: 155,
    270: 159, 280: 162, 290: 165, 300: 169, 320: 175, 340: 181, 360: 186, 380: 191, 400: 196, 420: 201,
    440: 205, 460: 210, 480: 214, 500: 217, 550: 226, 600: 234, 650: 242, 700: 248, 750: 254, 800: 260,
    850: 265, 900: 269, 950: 274, 1000: 278, 1100: 285, 1200: 291, 1300: 297, 1400: 302, 1500: 306,
    1600: 310, 1700: 313, 1800: 317, 1900: 320, 2000: 322, 2200: 327, 2400: 331, 2600: 335, 2800: 338,
    3000: 341, 3500: 346, 4000: 351, 4500: 354, 5000: 357, 6000: 361, 7000: 364, 8000: 367, 9000: 368,
    10000: 370, 15000: 375, 20000: 377, 30000: 379, 40000: 380, 50000: 381, 75000: 382, 1000000: 384,
}


@pytest.mark.parametrize("population, sample", sorted(KREJCIE_MORGAN.items()))
def test_every_row_of_the_krejcie_morgan_table(population, sample):
    assert required_sample(population) == sample


def test_a_short_sample_is_flagged_not_refused():
    check = adequacy(150, 1000)
    assert check.short and check.required == 278 and check.missing == 128
    assert not adequacy(278, 1000).short
    assert adequacy(5, None).required is None and not adequacy(5, None).short


def test_the_year_figures_scan_the_respondents_once_and_demographics_once_more_only_when_shown(app, db, fresh):
    """Two closed periods of one unit: 3 + 2 respondents, two written suggestions (one blank), ages 19/25/25/61/none,
    one education outside the list. The figures read the respondents in one scan; demographics add one scan."""
    from app.scope import Scope
    from app.skm.figures import skm_figures

    unit = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
    people = [  # (period, sex, age, education, suggestion)
        (0, "L", 19, "SMA", "Antrean terlalu lama"), (0, "P", 25, "S1", "  "), (0, "P", 25, "XYZ", None),
        (1, "L", 61, "SMA", "Parkir sempit"), (1, "P", None, None, None),
    ]
    periods = [create_period(unit, code, 100) for code in ("2024-Q1", "2024-Q2")]
    for index, sex, age, education, suggestion in people:
        db.session.add(Respondent(period_id=periods[index].id, unit_id=unit.id, sex=sex, age=age, education=education,
                                  suggestion=suggestion, **{answer_column(c): 3 for c in STANDARD_CODES}))
    for period in periods:
        period.status = PeriodStatus.CLOSED
    db.session.commit()

    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        with app.test_request_context():
            lean = skm_figures(Scope.everything(), "2024")
            scans = [s for s in statements if "pantau_skm_respondent" in s]
            assert len(scans) == 1, scans
            del statements[:]
            full = skm_figures(Scope.everything(), "2024", with_demographics=True)
            assert len([s for s in statements if "pantau_skm_respondent" in s]) == 2
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)

    (row,) = [u for u in full["units"] if u["unit_id"] == unit.id]
    assert (row["respondents"], row["suggestions"], row["ikm_converted"]) == (5, 2, Decimal("75.00"))
    assert row["pekppp"] == [u for u in lean["units"] if u["unit_id"] == unit.id][0]["pekppp"]
    assert [u["demographics"] for u in lean["units"]] == [{}] * len(lean["units"])
    demo = row["demographics"]
    assert demo["sex"] == {"Laki-laki": 2, "Perempuan": 3}
    assert demo["age_band"] == {"< 20 tahun": 1, "20–29 tahun": 2, "≥ 60 tahun": 1, "—": 1}
    assert demo["education"] == {"SMA/sederajat": 2, "S1/D4": 1, "—": 2}
    assert demo["occupation"] == {"—": 5}


def test_the_ikm_command_prints_what_the_report_figures_hold(app, db, fresh):
    """``flask skm ikm`` reads the IKM core alone; its lines are the figures of the report for the same period."""
    from click.testing import CliRunner

    from app.scope import Scope
    from app.skm.cli import skm as skm_cli
    from app.skm.figures import skm_figures

    unit = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
    period = create_period(unit, "2024-Q1", 100)
    for value in (3, 4, 4):
        db.session.add(Respondent(period_id=period.id, unit_id=unit.id, **{answer_column(c): value for c in STANDARD_CODES}))
    period.status = PeriodStatus.CLOSED
    db.session.commit()
    with app.test_request_context():
        figures = skm_figures(Scope.everything(), "2024")
    result = CliRunner().invoke(skm_cli, ["ikm", "--period", "2024", "--org", "JATENG"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "IKM Tahun 2024"
    (row,) = figures["units"]
    assert row["ikm_converted"] == Decimal("91.67")
    assert lines[1].split() == ["JTG-RSUD-MOEWARDI", "91.67", "A", "3", "resp.", "(sampel", "kurang)"]
    groups = [line.split() for line in lines[2:]]
    assert [(g[0], g[1], g[3], g[4]) for g in groups] == [
        (f"[{g['level']}]", g["code"], str(g["pooled"]["ikm_converted"]), g["pooled"]["grade"]) for g in figures["groups"]]
