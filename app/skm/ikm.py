"""The IKM arithmetic of D2 and D3, exact: fractions throughout, one half-up rounding at the very end.

The database only counts: one aggregate query returns, per unit, the SUM and
COUNT of the answers to every standard unsur (and one more for unsur a unit
added, only when there are any). Everything after that is exact rational
arithmetic on those integers, so a million respondents cost one query and the
result never depends on 0.111 versus 1/9.
"""
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, literal, or_, select

from app.extensions import db
from app.models.skm import STANDARD_CODES, Answer, Respondent, SurveyElement, SurveyPeriod, answer_column

CONVERSION = 25
# D2 / section 1.6: the converted value, rounded to 2 decimals, graded by these lower bounds.
GRADES = [
    (Decimal("88.31"), "A", _l("Sangat Baik")),
    (Decimal("76.61"), "B", _l("Baik")),
    (Decimal("65.00"), "C", _l("Kurang Baik")),
    (Decimal("25.00"), "D", _l("Tidak Baik")),
]
GRADE_LABELS = {letter: label for _bound, letter, label in GRADES}


def round_half_up(value, places=2):
    """``value`` (Fraction, int or Decimal) rounded half-up to ``places`` decimals, as an exact Decimal."""
    if not isinstance(value, (Fraction, int)):
        value = Fraction(value)
    numerator, denominator = value.numerator, value.denominator
    # floor(|n| x 10^places / d + 1/2), in integers: a report rounds some 25,000 figures.
    whole = (2 * abs(numerator) * 10 ** places + denominator) // (2 * denominator)
    return Decimal(-whole if numerator < 0 else whole).scaleb(-places)


def grade(converted):
    """The (letter, label) of a converted value (25–100) already rounded to 2 decimals."""
    converted = Decimal(converted)
    for bound, letter, label in GRADES:
        if converted >= bound:
            return letter, label
    return "D", GRADE_LABELS["D"]


def parse_weight(text):
    """A weight written as a fraction or decimal ("1/9", "0.125", "0,125") as an exact Fraction."""
    cleaned = str(text).strip().replace(",", ".")
    return Fraction(cleaned)


@dataclass
class ElementResult:
    """The figures of one unsur: exact NRR, its weight, and its own grade from NRR x 25."""

    code: str
    name: str
    total: int
    count: int
    weight: Fraction

    @cached_property
    def nrr(self):
        return Fraction(self.total, self.count) if self.count else None

    @property
    def weighted(self):
        return self.nrr * self.weight if self.count else None

    @cached_property
    def converted(self):
        return round_half_up(self.nrr * CONVERSION) if self.count else None

    @property
    def grade(self):
        return grade(self.converted)[0] if self.count else None

    @property
    def grade_label(self):
        return grade(self.converted)[1] if self.count else None

    def nrr_decimal(self, places=3):
        return round_half_up(self.nrr, places) if self.count else None


def common_sum(terms):
    """(numerator, denominator) of the sum of the fractions n/d in ``terms`` ((n, d) pairs of integers, d > 0), over
    the least common denominator, unreduced: exact, and without a gcd at every step as a Fraction sum takes."""
    terms = list(terms)
    denominator = math.lcm(*(d for _n, d in terms)) if terms else 1
    return sum(n * (denominator // d) for n, d in terms), denominator


@dataclass
class IkmResult:
    """The IKM of one unit (or a pooled group): per-unsur results and the headline figures."""

    respondents: int
    elements: list = field(default_factory=list)

    @property
    def answered(self):
        return [e for e in self.elements if e.count]

    @cached_property
    def ikm(self):
        """IKM on the 1–4 scale, exact. Unsur nobody answered drop out; the others' weights are rescaled."""
        answered = self.answered
        if not answered:
            return None
        # Σ total·w / count over one common denominator, divided by Σ w over another, normalised once at the end
        # (a Fraction sum reduces at every step).
        numerator, denominator = common_sum((e.total * e.weight.numerator, e.count * e.weight.denominator)
                                            for e in answered)
        weights, weight_denominator = common_sum((e.weight.numerator, e.weight.denominator) for e in answered)
        return Fraction(numerator * weight_denominator, denominator * weights)

    @cached_property
    def converted(self):
        """IKM x 25, rounded half-up to 2 decimals (the only rounding)."""
        ikm = self.ikm
        return round_half_up(ikm * CONVERSION) if ikm is not None else None

    @property
    def grade(self):
        return grade(self.converted)[0] if self.converted is not None else None

    @property
    def grade_label(self):
        return grade(self.converted)[1] if self.converted is not None else None

    @property
    def weakest(self):
        """The answered unsur with the lowest NRR (ties: all of them)."""
        answered = self.answered
        if not answered:
            return []
        low = min(e.nrr for e in answered)
        return [e for e in answered if e.nrr == low]

    def element(self, code):
        return next((e for e in self.elements if e.code == code), None)


def equal_weights(codes):
    return {code: Fraction(1, len(codes)) for code in codes}


def period_weights(period):
    """{code: Fraction} of a period's questionnaire: the weights given, or equal ones if none is given."""
    elements = list(period.elements)
    if not elements:
        return equal_weights(STANDARD_CODES)
    if all(not (e.weight or "").strip() for e in elements):
        return equal_weights([e.code for e in elements])
    return {e.code: parse_weight(e.weight) for e in elements}


def compute(sums, weights, respondents, names=None):
    """IkmResult from {code: (sum, count)} and {code: weight} (both keyed by unsur code)."""
    names = names or {}
    elements = [
        ElementResult(code, str(names.get(code, code)), int(sums.get(code, (0, 0))[0] or 0),
                      int(sums.get(code, (0, 0))[1] or 0), weight)
        for code, weight in weights.items()
    ]
    return IkmResult(respondents=int(respondents or 0), elements=elements)


def aggregate_query(period_ids, with_suggestions=True):
    """The one aggregate: per survey period, the respondent count, the written suggestions (0 when not
    ``with_suggestions``: trimming every suggestion is a tenth of the scan) and SUM/COUNT of each standard unsur's
    column. Reports fold the periods of a unit in Python (a few rows per unit), so the
    respondents per period and the suggestions come from this same scan. Grouped by the period alone (its unit
    is known from the period row): grouping by unit and period as well took twice as long on PostgreSQL.

    Take a list of ids, not a subquery: a literal id list gives PostgreSQL one hashed filter over a
    sequential scan, where a subquery can lead it to a nested loop when the period table's statistics are stale.
    """
    suggestions = func.count(func.nullif(func.trim(Respondent.suggestion), "")) if with_suggestions else literal(0)
    columns = [Respondent.period_id, func.count(), suggestions]
    for code in STANDARD_CODES:
        column = getattr(Respondent, answer_column(code))
        columns += [func.sum(column), func.count(column)]
    return select(*columns).where(Respondent.period_id.in_(literal_ids(period_ids))).group_by(Respondent.period_id)


def literal_ids(ids):
    """Row ids written into the statement (they are integers): binding 1,600 of them cost a tenth of the scan."""
    return bindparam("ids", [int(i) for i in ids], expanding=True, literal_execute=True)


def extra_query(period_ids):
    """SUM/COUNT per unit and added unsur code (only run when a period has added unsur)."""
    return (
        select(Respondent.unit_id, SurveyElement.code, func.sum(Answer.value), func.count(Answer.value))
        .join(Answer, Answer.respondent_id == Respondent.id)
        .join(SurveyElement, SurveyElement.id == Answer.element_id)
        .where(Respondent.period_id.in_(period_ids))
        .group_by(Respondent.unit_id, SurveyElement.code)
    )


@dataclass
class PeriodCounts:
    """What the one aggregate gives of one survey period."""

    unit_id: int
    respondents: int
    suggestions: int
    sums: dict  # {code: (sum, count)} of the standard unsur


def period_sums(period_ids, units=None, with_suggestions=True):
    """{period_id: PeriodCounts} of the given periods, in one scan; ``units`` ({period_id: unit_id}) saves the
    small query that otherwise reads each period's unit; without ``with_suggestions`` the suggestions count 0."""
    period_ids = list(period_ids)
    if not period_ids:
        return {}
    if units is None:
        units = dict(db.session.execute(
            select(SurveyPeriod.id, SurveyPeriod.unit_id).where(SurveyPeriod.id.in_(period_ids))).all())
    result = {}
    for row in db.session.execute(aggregate_query(period_ids, with_suggestions)):
        sums = {code: (int(row[3 + 2 * index] or 0), int(row[4 + 2 * index] or 0))
                for index, code in enumerate(STANDARD_CODES)}
        result[row[0]] = PeriodCounts(units[row[0]], int(row[1]), int(row[2] or 0), sums)
    return result


def unit_sums(period_ids, with_extra=False, counts=None):
    """{unit_id: (respondents, {code: (sum, count)})} for the given periods, folded from ``counts`` (the
    ``period_sums`` of those periods; read in one query when not given), plus one query for added unsur."""
    period_ids = list(period_ids)
    if not period_ids:
        return {}
    counts = period_sums(period_ids) if counts is None else counts
    result = {}
    for period in counts.values():
        respondents, sums = result.get(period.unit_id, (0, {}))
        for code, (total, count) in period.sums.items():
            before = sums.get(code, (0, 0))
            sums[code] = (before[0] + total, before[1] + count)
        result[period.unit_id] = (respondents + period.respondents, sums)
    if with_extra:
        for unit_id, code, total, count in db.session.execute(extra_query(period_ids)):
            if unit_id in result:
                result[unit_id][1][code] = (int(total or 0), int(count or 0))
    return result


def period_result(period):
    """The IkmResult of one survey period, with its own questionnaire and weights."""
    weights = period_weights(period)
    names = {e.code: e.name for e in period.elements}
    extra = any(code not in STANDARD_CODES for code in weights)
    respondents, sums = unit_sums([period.id], with_extra=extra).get(period.unit_id, (0, {}))
    return compute(sums, weights, respondents, names)


def custom_questionnaires(period_ids):
    """{period_id: ({code: weight}, {code: name})} of the periods whose questionnaire is not the standard one.

    A period is standard when it has exactly the 9 standard unsur without weights; those need no rows at all,
    so the IKM of a thousand standard periods reads no element rows.
    """
    period_ids = list(period_ids)
    if not period_ids:
        return {}
    ids = literal_ids(period_ids)
    custom = select(SurveyElement.period_id).where(
        SurveyElement.period_id.in_(ids),
        or_(SurveyElement.weight.isnot(None), SurveyElement.code.notin_(STANDARD_CODES)),
    ).distinct()
    rows = db.session.execute(
        select(SurveyElement.period_id, SurveyElement.code, SurveyElement.name, SurveyElement.weight)
        .where(SurveyElement.period_id.in_(custom)).order_by(SurveyElement.period_id, SurveyElement.position)
    ).all()
    result = {}
    for period_id, code, name, weight in rows:
        weights, names = result.setdefault(period_id, ({}, {}))
        weights[code] = weight
        names[code] = name
    for period_id, (weights, names) in result.items():
        if all(not (w or "").strip() for w in weights.values()):
            result[period_id] = (equal_weights(list(weights)), names)
        else:
            result[period_id] = ({c: parse_weight(w) for c, w in weights.items()}, names)
    return result


def standard_names():
    from app.models.skm import STANDARD_ELEMENTS

    return {code: str(name) for code, name, _labels in STANDARD_ELEMENTS}


def results_by_unit(periods, counts=None):
    """{unit_id: IkmResult} for periods (SurveyPeriod rows or (id, unit_id, period_code) tuples).

    One aggregate query over the respondents (none when ``counts``, their ``period_sums``, are given), plus one
    small query for the questionnaires that differ from the standard (and one for added unsur, only if there are
    any). Several periods of a unit are pooled; each unit's weights are those of its latest period in the list.
    """
    from app.periods import Period

    rows = [(p.id, p.unit_id, p.period_code) if isinstance(p, SurveyPeriod) else tuple(p) for p in periods]
    latest = {}
    for period_id, unit_id, code in rows:
        parsed = Period.parse(code)
        if unit_id not in latest or parsed > latest[unit_id][1]:
            latest[unit_id] = (period_id, parsed)
    ids = [r[0] for r in rows]
    custom = custom_questionnaires(ids)
    extra = any(code not in STANDARD_CODES for weights, _names in custom.values() for code in weights)
    sums = unit_sums(ids, with_extra=extra, counts=counts)
    default = (equal_weights(STANDARD_CODES), standard_names())
    results = {}
    for unit_id, (period_id, _parsed) in latest.items():
        respondents, unit_totals = sums.get(unit_id, (0, {}))
        weights, names = custom.get(period_id, default)
        results[unit_id] = compute(unit_totals, weights, respondents, names)
    return results


@dataclass
class GroupResult:
    """D3: a group's pooled IKM over all its respondents (the headline) and the mean of its units' IKM."""

    pooled: IkmResult
    unit_count: int
    mean_converted: Decimal

    @property
    def mean_grade(self):
        return grade(self.mean_converted)[0] if self.mean_converted is not None else None


def group_result(unit_results):
    """Pool ``{unit_id: IkmResult}`` (D3). Pooled: sums of the standard unsur, equal weights 1/9.

    Mean: the mean of the units' exact IKM x 25, rounded once. Units without respondents are left out of both.
    """
    with_data = [r for r in unit_results.values() if r.ikm is not None]
    totals = {code: [0, 0] for code in STANDARD_CODES}
    respondents = 0
    for result in with_data:
        respondents += result.respondents
        for element in result.elements:
            total = totals.get(element.code)
            if total is not None:
                total[0] += element.total
                total[1] += element.count
    pooled = compute({c: tuple(v) for c, v in totals.items()}, equal_weights(STANDARD_CODES), respondents,
                     standard_names())
    mean = None
    if with_data:
        total, denominator = common_sum((r.ikm.numerator, r.ikm.denominator) for r in with_data)
        mean = round_half_up(Fraction(total * CONVERSION, denominator * len(with_data)))
    return GroupResult(pooled=pooled, unit_count=len(with_data), mean_converted=mean)
