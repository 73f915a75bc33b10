"""The public SKM pages: the survey form anyone may fill in, and the published results of an instansi."""
from flask import abort, current_app, request
from flask_appbuilder import BaseView, expose
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from app.clock import now_local
from app.extensions import db
from app.models.org import OrgLevel, OrgNode
from app.models.skm import RespondentSource, SurveyPeriod
from app.periods import Period
from app.skm import figures as skm_figures, ikm as ikm_math, respondents
from app.skm.rules import open_period_problems
from app.views.base import require_csrf
from app.views.skm.fields import profile_choices, raw_from_form


def _client_address():
    return request.remote_addr or "?"


class SkmPublicView(BaseView):
    """Pages anyone may open without logging in: the survey form of a unit's open period, the published IKM."""

    route_base = "/publik/skm"
    default_view = "survey"

    def _open_period(self, unit_code, period_code):
        unit = db.session.execute(select(OrgNode).where(OrgNode.code == unit_code.upper(),
                                                        OrgNode.level == OrgLevel.UNIT)).scalar_one_or_none()
        if unit is None:
            abort(404)
        try:
            code = Period.parse(period_code).code
        except ValueError:
            abort(404)
        period = db.session.execute(select(SurveyPeriod).where(SurveyPeriod.unit_id == unit.id,
                                                               SurveyPeriod.period_code == code)).scalar_one_or_none()
        if period is None:
            abort(404)
        return period

    @expose("/survei/<unit_code>/<period_code>", methods=["GET", "POST"])
    def survey(self, unit_code, period_code):
        """The public survey form (mobile first, no login), protected by CSRF, a rate limit and a honeypot."""
        period = self._open_period(unit_code, period_code)
        elements = list(period.elements)
        problems, kept, status = [], {}, 200
        if request.method == "POST":
            require_csrf()
            kept = request.form
            closed = [str(problem) for problem in open_period_problems(period)]
            if closed:
                problems, status = closed, 409
            elif request.form.get("website"):
                # A bot filled the hidden field: thank it and keep nothing.
                return self.render_template("skm/public_thanks.html", period=period), 200
            else:
                form = respondents.Form(period)
                values, answers, problems = respondents.clean(form, raw_from_form(request.form, elements),
                                                              require_all=True, check_dates=False)
                if problems:
                    status = 422
                elif not respondents.allow_submission(_client_address(), current_app.config["SECRET_KEY"]):
                    problems, status = [_("Terlalu banyak kiriman dari alamat Anda. Coba lagi satu jam lagi.")], 429
                else:
                    now = now_local()
                    values.setdefault("survey_date", now.date())
                    values.setdefault("time_slot", respondents.time_slot_at(now))
                    respondents.save(period, values, answers, RespondentSource.PUBLIC)
                    db.session.commit()
                    return self.render_template("skm/public_thanks.html", period=period)
        return self.render_template("skm/public_survey.html", period=period, elements=elements, problems=problems,
                                    kept=kept, csrf=generate_csrf(), service_types=period.unit.service_types,
                                    **profile_choices()), status

    @expose("/ikm/<instansi_code>")
    def published(self, instansi_code):
        """Each unit's IKM of its latest closed period, as a citizen reads it; nothing of open periods."""
        instansi = db.session.execute(select(OrgNode).where(OrgNode.code == instansi_code.upper(),
                                                            OrgNode.level == OrgLevel.INSTANSI)).scalar_one_or_none()
        if instansi is None:
            abort(404)
        rows = skm_figures.latest_closed_by_unit(instansi)
        group = ikm_math.group_result({period.unit_id: result for period, result in rows}) if rows else None
        return self.render_template("skm/public_results.html", instansi=instansi, rows=rows, group=group)
