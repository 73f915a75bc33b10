"""SKM figures for screens and reports: per unit, per group (OPD, instansi), RTL progress, publications, PEKPPP.

``skm_figures(scope, period)`` is the one entry point the reporting area uses.
"""
from fractions import Fraction
from urllib.parse import urlsplit

from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models.org import OrgLevel, OrgNode, ServiceType
from app.models.skm import (
    AGE_BANDS,
    EDUCATIONS,
    OCCUPATIONS,
    SEXES,
    STANDARD_CODES,
    ActionStatus,
    FollowUpAction,
    PeriodStatus,
    Publication,
    PublicationMedium,
    Respondent,
    SurveyElement,
    SurveyPeriod,
)
from app.periods import Period
from app.skm import ikm as ikm_math
from app.skm.sample import adequacy

ELECTRONIC_MEDIA = {PublicationMedium.WEBSITE, PublicationMedium.SOCIAL}
DAYS_PER_MONTH = Fraction(146097, 4800)  # the mean Gregorian month, 30.436875 days


def periods_within(scope, period, closed_only=False, with_elements=False):
    """The survey periods in ``scope`` whose own period lies inside ``period`` (a Period or code); their
    questionnaire rows loaded with them when ``with_elements`` (the IKM itself reads only the custom ones)."""
    period = Period.parse(period) if isinstance(period, str) else period
    query = select(SurveyPeriod).options(selectinload(SurveyPeriod.elements)) if with_elements else select(SurveyPeriod)
    query = scope.apply(query, SurveyPeriod).where(SurveyPeriod.period_code.like(f"{period.year}%"))
    if closed_only:
        query = query.where(SurveyPeriod.status == PeriodStatus.CLOSED)
    rows = db.session.execute(query).scalars().all()
    return [p for p in rows if period.start <= p.period.start and p.period.end <= period.end]


def demographics(period_ids):
    """{unit_id: {dimension: {key: count}}} for sex, age band, education, occupation and service type, in one scan:
    grouped by unit and service type, with a counted column per known answer of the other dimensions (answers
    outside the lists count as "—")."""
    result = {}
    if not period_ids:
        return result
    age_band = case(*[
        ((Respondent.age <= high) if low is None else (Respondent.age >= low) if high is None
         else Respondent.age.between(low, high), str(index))
        for index, (low, high, _label) in enumerate(AGE_BANDS)
    ], else_=None)
    dimensions = {"sex": (Respondent.sex, list(SEXES)),
                  "age_band": (age_band, [str(index) for index in range(len(AGE_BANDS))]),
                  "education": (Respondent.education, list(EDUCATIONS)),
                  "occupation": (Respondent.occupation, list(OCCUPATIONS))}
    columns = []
    for column, keys in dimensions.values():
        columns += [func.sum(case((column == key, 1), else_=0)) for key in keys]
    query = (select(Respondent.unit_id, Respondent.service_type_id, func.count(Respondent.id), *columns)
             .where(Respondent.period_id.in_(period_ids)).group_by(Respondent.unit_id, Respondent.service_type_id))
    for unit_id, service_type, count, *sums in db.session.execute(query):
        unit = result.setdefault(unit_id, {d: {} for d in [*dimensions, "service_type"]})
        unit["service_type"][service_type] = count
        position = 0
        for name, (_column, keys) in dimensions.items():
            known = 0
            for key in keys:
                value = int(sums[position] or 0)
                position += 1
                if value:
                    unit[name][key] = unit[name].get(key, 0) + value
                    known += value
            if count - known:
                unit[name][None] = unit[name].get(None, 0) + count - known
    service_names = dict(db.session.execute(select(ServiceType.id, ServiceType.name).where(
        ServiceType.unit_id.in_(list(result)))).all()) if result else {}
    labels = {
        "sex": {k: str(v) for k, v in SEXES.items()},
        "age_band": {str(i): str(label) for i, (_l, _h, label) in enumerate(AGE_BANDS)},
        "education": {k: str(v) for k, v in EDUCATIONS.items()},
        "occupation": {k: str(v) for k, v in OCCUPATIONS.items()},
        "service_type": service_names,
    }
    for unit_counts in result.values():
        for name, counts in unit_counts.items():
            order = list(labels[name])
            ranked = sorted(counts.items(), key=lambda kv: (kv[0] not in order, order.index(kv[0])
                                                            if kv[0] in order else 0, str(kv[0])))
            unit_counts[name] = {labels[name].get(key, "—") if key is not None else "—": count for key, count in ranked}
    return result


def months_between(start, end):
    """Months from ``start`` to ``end`` (mean month length), to one decimal, half-up."""
    if start is None or end is None:
        return None
    return ikm_math.round_half_up(Fraction((end - start).days) / DAYS_PER_MONTH, 1)


def followup_figures(period_ids, as_of=None):
    """{period_id: {total, done, share_done, first_done}} of the RTL actions of the periods (done by ``as_of``)."""
    result = {}
    if not period_ids:
        return result
    done_by = FollowUpAction.status == ActionStatus.DONE
    if as_of is not None:
        done_by = and_(done_by, FollowUpAction.done_on <= as_of.date())
    query = (select(FollowUpAction.period_id, func.count(FollowUpAction.id),
                    func.sum(case((done_by, 1), else_=0)),
                    func.min(case((done_by, FollowUpAction.done_on), else_=None)))
             .where(FollowUpAction.period_id.in_(period_ids)).group_by(FollowUpAction.period_id))
    for period_id, total, done, first_done in db.session.execute(query):
        done = int(done or 0)
        result[period_id] = {"total": int(total), "done": done, "first_done": first_done,
                             "share_done": ikm_math.round_half_up(Fraction(done * 100, total), 1) if total else None}
    return result


def outlet_of(medium, link, description):
    """One publication outlet (PEKPPP I.5 counts outlets, not media types): the site a link points to, else the
    outlet named in the description, else the medium itself."""
    if link:
        host = urlsplit(link if "//" in link else f"//{link}").hostname or link
        return (medium, host.lower().removeprefix("www."))
    if description and description.strip():
        return (medium, " ".join(description.lower().split()))
    return (medium, None)


def publication_figures(period_ids, as_of=None):
    """({period_id: set of outlets (medium, site or name)}, {period_id: publication records}) of the periods'
    publications (published by ``as_of``)."""
    outlets, records = {}, {}
    if not period_ids:
        return outlets, records
    query = select(Publication.period_id, Publication.medium, Publication.link, Publication.description).where(
        Publication.period_id.in_(period_ids))
    if as_of is not None:
        query = query.where(Publication.published_on <= as_of.date())
    for period_id, medium, link, description in db.session.execute(query):
        outlets.setdefault(period_id, set()).add(outlet_of(medium, link, description))
        records[period_id] = records.get(period_id, 0) + 1
    return outlets, records


def followup_actions(period_ids, as_of=None):
    """[{period_id, unit_id, element_code, action, owner, due_date, status, done_on}] of the periods' RTL, with the
    status each action had at ``as_of`` (an action finished after it is still in progress then)."""
    if not period_ids:
        return []
    rows = db.session.execute(
        select(FollowUpAction).where(FollowUpAction.period_id.in_(period_ids))
        .order_by(FollowUpAction.unit_id, FollowUpAction.due_date, FollowUpAction.id)
    ).scalars().all()
    actions = []
    for a in rows:
        status, done_on = a.status, a.done_on
        if as_of is not None and done_on is not None and done_on > as_of.date():
            status, done_on = ActionStatus.IN_PROGRESS, None
        actions.append({"period_id": a.period_id, "unit_id": a.unit_id, "element_code": a.element_code,
                        "action": a.action, "owner": a.owner, "due_date": a.due_date, "status": status,
                        "done_on": done_on})
    return actions


def grade_texts():
    """{letter: label} of the grades in the current language, translated once per call rather than per unsur."""
    return {letter: str(label) for letter, label in ikm_math.GRADE_LABELS.items()}


def element_rows(result, texts=None):
    texts = texts or grade_texts()
    return [{"code": e.code, "name": e.name, "count": e.count, "weight": e.weight,
             "nrr": e.nrr_decimal(3), "nrr_exact": e.nrr, "converted": e.converted, "grade": e.grade,
             "grade_label": texts[e.grade] if e.grade else None}
            for e in result.elements]


def result_dict(result, texts=None):
    """The headline figures of an IkmResult as plain values (``texts``: the ``grade_texts`` of the caller's
    language, to translate them once for many results)."""
    texts = texts or grade_texts()
    return {
        "respondents": result.respondents,
        "elements": element_rows(result, texts),
        "nrr": {e.code: e.nrr_decimal(3) for e in result.elements},
        "ikm": ikm_math.round_half_up(result.ikm, 4) if result.ikm is not None else None,
        "ikm_converted": result.converted,
        "grade": result.grade,
        "grade_label": texts[result.grade] if result.grade else None,
        "weakest": [e.code for e in result.weakest],
    }


def with_standard_elements(period_ids):
    """The ids of the periods whose questionnaire has all nine standard unsur (one small query)."""
    if not period_ids:
        return set()
    return set(db.session.execute(
        select(SurveyElement.period_id)
        .where(SurveyElement.period_id.in_(period_ids), SurveyElement.code.in_(STANDARD_CODES))
        .group_by(SurveyElement.period_id)
        .having(func.count(distinct(SurveyElement.code)) == len(STANDARD_CODES))
    ).scalars())


def pekppp_scores(survey_periods, results, followups, publications, complete):
    """The PEKPPP aspect I indicators that SKM feeds (section 5.3), 0–5 each, for a set of survey periods;
    ``complete``: the ids of periods whose questionnaire has the nine standard unsur."""
    closed = [p for p in survey_periods if p.status == PeriodStatus.CLOSED]
    per_rule = [p for p in closed
                if (a := adequacy(results.get(p.id, 0), p.population)).required is not None and not a.short
                and p.id in complete]
    outlets = set().union(*[publications.get(p.id, set()) for p in survey_periods]) if survey_periods else set()
    media = {medium for medium, _outlet in outlets}
    total = sum(followups.get(p.id, {}).get("total", 0) for p in survey_periods)
    done = sum(followups.get(p.id, {}).get("done", 0) for p in survey_periods)
    share = Fraction(done, total) if total else None
    if not survey_periods:
        done_score = 0
    elif not per_rule:
        done_score = 1
    elif not media:
        done_score = 2
    elif not media & ELECTRONIC_MEDIA:
        done_score = 3
    elif done == 0:
        done_score = 4
    else:
        done_score = 5
    if share is None:
        rtl_score = 0
    elif share == 0:
        rtl_score = 1
    elif share < Fraction(3, 10):
        rtl_score = 2
    elif share <= Fraction(8, 10):
        rtl_score = 3
    elif share < 1:
        rtl_score = 4
    else:
        rtl_score = 5
    months = [months_between(p.closed_on, followups.get(p.id, {}).get("first_done")) for p in closed]
    known = [m for m in months if m is not None]
    worst = max(known) if known else None
    # The slowest period decides, and a closed period with no finished follow-up scores 0 (it is the slowest).
    speed_score = 0
    if worst is not None and len(known) == len(months):
        for limit, score in ((1, 5), (3, 4), (6, 3), (9, 2), (12, 1)):
            if worst <= limit:
                speed_score = score
                break
    return {
        "skm_per_rule": done_score,
        "publication_media": len(outlets),
        "publication_media_score": min(5, len(outlets)),
        "rtl_share_done": ikm_math.round_half_up(share * 100, 1) if share is not None else None,
        "rtl_score": rtl_score,
        "months_to_followup": worst,
        "periods_without_followup": len(months) - len(known),
        "followup_speed_score": speed_score,
    }


def counted_periods(scope, period, provisional=False):
    """The survey periods a report counts: those inside ``period`` that are closed (their data is complete; a
    survey of a period is usually closed a few days after it ends, so closing is not held to the cut-off). With
    ``provisional``, the still open ones instead, shown apart as "sementara (periode belum ditutup)"."""
    return [p for p in periods_within(scope, period) if (p.status == PeriodStatus.CLOSED) != provisional]


def skm_figures(scope, period, as_of=None, provisional=False, with_demographics=False):
    """Every SKM figure of the units in ``scope`` for ``period`` (a Period or code such as "2025" or "2025-Q3").

    Survey periods whose own period lies inside ``period`` count (a year takes its triwulan, semester and
    yearly surveys), only the closed ones; ``provisional`` gives the figures of the open ones instead, to show
    apart. Several surveys of one unit are pooled. RTL actions count
    as done when finished by ``as_of``; publications when published by it. Keys:

    - ``period``, ``period_label``: the period asked for.
    - ``units``: list, one dict per unit that ran an SKM, ordered by unit code:
      ``unit_id``, ``unit_code``, ``unit_name``, ``opd_code``, ``opd_name``, ``instansi_code``,
      ``survey_periods`` (codes), ``closed`` (all closed?), ``respondents``, ``population`` (N, summed),
      ``required_sample``, ``sample_short`` (bool flag), ``elements`` (list of {code, name, count, weight, nrr
      (Decimal, 3 dp), nrr_exact (Fraction), converted (NRR x 25, 2 dp), grade, grade_label}), ``nrr`` ({code:
      Decimal}), ``ikm`` (1–4, Decimal 4 dp), ``ikm_converted`` (25–100, Decimal 2 dp, half-up), ``grade``
      (A–D), ``grade_label``, ``weakest`` (codes), ``demographics`` ({sex|age_band|education|occupation|
      service_type: {label: count}}; read only ``with_demographics``, else empty), ``rtl`` ({total, done, share_done (% Decimal 1 dp), months_to_followup}),
      ``publications`` (count of media), ``publication_records`` (publication records by ``as_of``), ``pekppp``
      (see below).
    - ``groups``: list of dicts for each OPD and instansi with units in the figures: ``level`` ("opd" or
      "instansi"), ``code``, ``name``, ``units`` (with respondents), ``respondents``, ``pooled`` (result dict
      as above, the headline: pooled over all respondents, equal weights 1/9), ``mean_ikm_converted`` (mean of
      the units' IKM x 25, 2 dp) and ``mean_grade``.
    - ``rtl``: {total, done, share_done} over all units.
    - ``publications``: number of publication records (published by ``as_of``); ``publication_media``: distinct
      media.
    - ``pekppp``: the indicators of PEKPPP aspect I over all units: ``skm_per_rule`` (0–5),
      ``publication_media`` (count) and ``publication_media_score`` (0–5), ``rtl_share_done`` (%),
      ``rtl_score`` (0–5), ``months_to_followup`` (slowest period, close to first finished action) and
      ``followup_speed_score`` (0–5).
    """
    core = IkmFigures(scope, period, provisional)
    survey_periods, period_ids, counts = core.survey_periods, core.period_ids, core.counts
    respondents_per_period = {period_id: c.respondents for period_id, c in counts.items()}
    suggestions = {}
    for c in counts.values():
        suggestions[c.unit_id] = suggestions.get(c.unit_id, 0) + c.suggestions
    demo = demographics(period_ids) if with_demographics else {}
    complete = with_standard_elements(period_ids)
    texts = grade_texts()
    followups = followup_figures(period_ids, as_of)
    publications, records = publication_figures(period_ids, as_of)
    unit_rows = []
    for unit, unit_periods, result in core.unit_results():
        population, sample = core.sample(unit_periods, result)
        total = sum(followups.get(p.id, {}).get("total", 0) for p in unit_periods)
        done = sum(followups.get(p.id, {}).get("done", 0) for p in unit_periods)
        pekppp = pekppp_scores(unit_periods, respondents_per_period, followups, publications, complete)
        row = {
            "unit_id": unit.id, "unit_code": unit.code, "unit_name": unit.name,
            "opd_code": unit.parent.code if unit.parent else None, "opd_name": unit.parent.name if unit.parent else None,
            "instansi_code": unit.instansi.code,
            "survey_periods": sorted(p.period_code for p in unit_periods),
            "closed": all(p.status == PeriodStatus.CLOSED for p in unit_periods),
            "population": population, "required_sample": sample.required, "sample_short": sample.short,
            "demographics": demo.get(unit.id, {}),
            "rtl": {"total": total, "done": done,
                    "share_done": ikm_math.round_half_up(Fraction(done * 100, total), 1) if total else None,
                    "months_to_followup": pekppp["months_to_followup"]},
            "publications": pekppp["publication_media"],
            "publication_records": sum(records.get(p.id, 0) for p in unit_periods),
            "suggestions": suggestions.get(unit.id, 0),
            "pekppp": pekppp,
        }
        row.update(result_dict(result, texts))
        unit_rows.append(row)
    groups = [{"level": level.value, "code": node.code, "name": node.name, "units": group.unit_count,
               "respondents": group.pooled.respondents, "pooled": result_dict(group.pooled, texts),
               "mean_ikm_converted": group.mean_converted, "mean_grade": group.mean_grade}
              for level, node, group in core.group_results()]
    total = sum(f["total"] for f in followups.values())
    done = sum(f["done"] for f in followups.values())
    return {
        "period": core.period.code,
        "period_label": core.period.label,
        "units": unit_rows,
        "groups": groups,
        "rtl": {"total": total, "done": done,
                "share_done": ikm_math.round_half_up(Fraction(done * 100, total), 1) if total else None},
        "publications": sum(records.values()),
        "publication_media": len(set().union(*publications.values())) if publications else 0,
        "suggestions": sum(suggestions.values()),
        "actions": followup_actions(period_ids, as_of),
        "pekppp": pekppp_scores(survey_periods, respondents_per_period, followups, publications, complete),
    }


class IkmFigures:
    """The IKM core of the SKM figures, for ``flask skm ikm`` and as the base of ``skm_figures``: the counted
    survey periods, one scan of their respondents, each unit's IkmResult and the OPD and instansi groups
    (``with_suggestions``: also count the written suggestions, which the IKM alone does not show)."""

    def __init__(self, scope, period, provisional=False, with_suggestions=True):
        self.period = Period.parse(period) if isinstance(period, str) else period
        self.survey_periods = counted_periods(scope, self.period, provisional)
        self.period_ids = [p.id for p in self.survey_periods]
        self.by_unit = {}
        for p in self.survey_periods:
            self.by_unit.setdefault(p.unit_id, []).append(p)
        # One scan of the respondents gives the IKM sums, the respondents per period and the written suggestions.
        self.counts = ikm_math.period_sums(self.period_ids, {p.id: p.unit_id for p in self.survey_periods},
                                           with_suggestions)
        self.results = ikm_math.results_by_unit(self.survey_periods, counts=self.counts)
        self.units = {n.id: n for n in db.session.execute(
            select(OrgNode).where(OrgNode.id.in_(ikm_math.literal_ids(self.by_unit)))).scalars()}
        # Their OPDs and instansi in one query: held here, the identity map answers unit.parent and unit.instansi.
        codes = {code for unit in self.units.values() for code in unit.path.strip("/").split("/")[:-1]}
        self._ancestors = db.session.execute(
            select(OrgNode).where(OrgNode.code.in_(codes))).scalars().all() if codes else []

    def unit_results(self):
        """(unit, its survey periods, IkmResult) of each unit, by unit code."""
        for unit_id, unit_periods in sorted(self.by_unit.items(), key=lambda kv: self.units[kv[0]].code):
            result = self.results.get(unit_id) or ikm_math.compute({}, ikm_math.period_weights(unit_periods[0]), 0)
            yield self.units[unit_id], unit_periods, result

    def group_results(self):
        """(level, node, GroupResult) of each OPD, then each instansi, with units in the figures, by code."""
        for level, key in ((OrgLevel.OPD, lambda u: u.parent), (OrgLevel.INSTANSI, lambda u: u.instansi)):
            members = {}
            for unit_id in self.by_unit:
                node = key(self.units[unit_id])
                if node is not None:
                    members.setdefault(node.id, (node, {}))[1][unit_id] = (
                        self.results.get(unit_id) or ikm_math.IkmResult(0))
            for node, unit_results in sorted(members.values(), key=lambda m: m[0].code):
                yield level, node, ikm_math.group_result(unit_results)

    @staticmethod
    def sample(unit_periods, result):
        """(population N summed over the unit's periods or None, the adequacy of its respondents)."""
        population = sum(p.population or 0 for p in unit_periods) or None
        return population, adequacy(result.respondents, population)


def previous_period(period):
    """The same unit's survey just before ``period``: the previous code if it exists, else the latest earlier one."""
    rows = db.session.execute(select(SurveyPeriod).where(SurveyPeriod.unit_id == period.unit_id,
                                                         SurveyPeriod.id != period.id)).scalars().all()
    earlier = [p for p in rows if p.period.end < period.period.start]
    wanted = period.period.previous().code
    exact = [p for p in earlier if p.period_code == wanted]
    if exact:
        return exact[0]
    return max(earlier, key=lambda p: p.period.end, default=None)


def period_figures(period, today=None):
    """The results screen's figures for one survey period (and its comparison with the previous one)."""
    result = ikm_math.period_result(period)
    sample = adequacy(result.respondents, period.population)
    previous = previous_period(period)
    previous_result = ikm_math.period_result(previous) if previous is not None else None
    followups = followup_figures([period.id]).get(period.id, {"total": 0, "done": 0, "share_done": None,
                                                             "first_done": None})
    figures = result_dict(result)
    figures.update({
        "result": result,
        "sample": sample,
        "demographics": demographics([period.id]).get(period.unit_id, {}),
        "previous": previous,
        "previous_figures": result_dict(previous_result) if previous_result else None,
        "change": (result.converted - previous_result.converted)
        if previous_result and previous_result.converted is not None and result.converted is not None else None,
        "rtl": followups,
        "months_to_followup": months_between(period.closed_on, followups.get("first_done")),
    })
    return figures


def latest_closed_by_unit(instansi):
    """{unit: (survey period, IkmResult)} of each unit's latest CLOSED period under ``instansi`` (public page)."""
    from app.scope import Scope

    closed = db.session.execute(
        Scope.of_nodes([instansi]).apply(select(SurveyPeriod), SurveyPeriod)
        .where(SurveyPeriod.status == PeriodStatus.CLOSED)).scalars().all()
    latest = {}
    for p in closed:
        if p.unit_id not in latest or p.period > latest[p.unit_id].period:
            latest[p.unit_id] = p
    if not latest:
        return []
    sums = ikm_math.unit_sums([p.id for p in latest.values()],
                              with_extra=any(not e.is_standard for p in latest.values() for e in p.elements))
    rows = []
    for unit_id, p in latest.items():
        respondents, totals = sums.get(unit_id, (0, {}))
        result = ikm_math.compute(totals, ikm_math.period_weights(p), respondents,
                                  {e.code: e.name for e in p.elements})
        rows.append((p, result))
    rows.sort(key=lambda pr: (pr[0].unit.parent.name if pr[0].unit.parent else "", pr[0].unit.name))
    return rows

