"""Isu prioritas screens: the ranked issues of a node and period, one issue with its evidence and trail, the actions
started from it, and the topic list (each topic's SKM unsur and words)."""
from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access, permission_name
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from wtforms import SelectField

from app.clock import today_local
from app.extensions import db
from app.issues import actions as issue_actions
from app.issues.ranking import RULE_TEXT, priority_issues
from app.models.issues import IssueAction, IssueTopic
from app.models.org import OrgLevel, OrgNode
from app.models.skm import STANDARD_ELEMENTS
from app.periods import Period, PeriodError
from app.scope import Scope, current_scope
from app.issues.rules import topic_problems
from app.views.base import form_date, require_csrf
from app.views.complaints.settings import InstansiDataView

KINDS = ("Q", "H", "Y")


def nodes_in_scope(scope):
    """The instansi, OPD and units the user reaches, in tree order."""
    query = scope.apply(select(OrgNode), OrgNode).order_by(OrgNode.path)
    return db.session.execute(query).scalars().all()


def chosen(scope):
    """(node, period, nodes) from the query string: a node in scope (default the first), a period code (default the
    semester of today). A node out of scope is a 404."""
    nodes = nodes_in_scope(scope)
    if not nodes:
        abort(404)
    node = nodes[0]
    if request.args.get("node"):
        node = scope.get_or_404(OrgNode, request.args.get("node"))
    try:
        period = Period.parse(request.args["period"]) if request.args.get("period") else None
    except PeriodError as error:
        flash(str(error), "warning")
        period = None
    return node, period or Period.containing(today_local(), "H"), nodes


class IssueView(BaseView):
    """The ranked priority issues, one issue's evidence and trail, and the three actions started from it."""

    route_base = "/isu"
    default_view = "index"

    @expose("/")
    @has_access
    @permission_name("read")
    def index(self):
        scope = current_scope()
        node, period, nodes = chosen(scope)
        issues = priority_issues(Scope.of_nodes([node]), period, issue_actions.today_cutoff(), detail=False)
        return self.render_template(
            "issues/index.html", title=_("Isu Prioritas"), issues=issues, node=node, nodes=nodes, period=period,
            periods=_period_choices(period), rule=RULE_TEXT)

    @expose("/<int:topic_id>")
    @has_access
    @permission_name("read")
    def show(self, topic_id):
        scope = current_scope()
        node, period, nodes = chosen(scope)
        topic = self._topic(topic_id, node)
        cutoff = issue_actions.today_cutoff()
        found = priority_issues(Scope.of_nodes([node]), period, cutoff, topic_id=topic.id)
        issue = found[0] if found else None
        actions = issue_actions_with_trails(scope, topic, cutoff)
        can_act = self.appbuilder.sm.has_access("can_act", self.class_permission_name)
        units = [n for n in nodes if n.level == OrgLevel.UNIT and n.is_within(node.path)]
        opds = [n for n in nodes if n.level == OrgLevel.OPD and (n.is_within(node.path) or node.is_within(n.path))]
        return self.render_template(
            "issues/show.html", title=_("Isu: %(topic)s", topic=topic.name), topic=topic, issue=issue, node=node,
            period=period, actions=actions, can_act=can_act, csrf=generate_csrf(), units=units, opds=opds,
            survey_periods=issue_actions.survey_periods_for(node, scope) if can_act else [], today=today_local(),
            element_names={code: str(name) for code, name, _labels in STANDARD_ELEMENTS})

    def _topic(self, topic_id, node):
        topic = db.session.get(IssueTopic, topic_id)
        if topic is None or topic.org_id != node.instansi.id:
            abort(404)
        return topic

    @expose("/<int:topic_id>/tindakan", methods=["POST"])
    @has_access
    @permission_name("act")
    def act(self, topic_id):
        """Start one action (forum, rtl or instruksi) from the issue of ``topic_id`` at the chosen node and period."""
        require_csrf()
        scope = current_scope()
        node, period, _nodes = chosen(scope)
        topic = self._topic(topic_id, node)
        back = url_for("IssueView.show", topic_id=topic.id, node=node.id, period=period.code)
        found = priority_issues(Scope.of_nodes([node]), period, issue_actions.today_cutoff(), topic_id=topic.id,
                                detail=False)
        if not found:
            flash(_("Tidak ada pengaduan topik ini pada periode tersebut; tidak ada yang dibuat."), "danger")
            return redirect(back)
        issue, kind, form, user = found[0], request.form.get("kind"), request.form, _current_user()
        if kind == "forum":
            unit = scope.get_or_404(OrgNode, form.get("unit")) if form.get("unit") else None
            action, problems = issue_actions.start_forum(node, issue, period, unit, form_date(form.get("held_on")), user)
        elif kind == "rtl":
            from app.models.skm import SurveyPeriod

            survey_period = scope.get_or_404(SurveyPeriod, form.get("survey_period")) if form.get("survey_period") else None
            action, problems = issue_actions.start_rtl(node, issue, period, survey_period, form.get("text"),
                                                       form.get("owner"), form_date(form.get("due_date")), user)
        elif kind == "instruksi":
            opd = scope.get_or_404(OrgNode, form.get("opd")) if form.get("opd") else None
            action, problems = issue_actions.start_instruction(node, issue, period, opd, form.get("text"),
                                                               form_date(form.get("due_date")), user)
        else:
            abort(400)
        if problems:
            db.session.rollback()
            for problem in problems:
                flash(str(problem), "danger")
            return redirect(back)
        db.session.commit()
        flash(_("%(kind)s dibuat dan ditautkan ke isu ini.", kind=action.kind.label), "success")
        if action.forum_id:
            return redirect(url_for("FkpForumView.show", pk=action.forum_id))
        return redirect(back)

    @expose("/tindakan/<int:action_id>/selesai", methods=["POST"])
    @has_access
    @permission_name("act")
    def finish(self, action_id):
        """Mark an instruction done, with what was done."""
        require_csrf()
        action = current_scope().get_or_404(IssueAction, action_id)
        problems = issue_actions.finish_instruction(action, request.form.get("note"))
        if problems:
            db.session.rollback()
            for problem in problems:
                flash(str(problem), "danger")
        else:
            db.session.commit()
            flash(_("Instruksi ditandai selesai."), "success")
        return redirect(url_for("IssueView.show", topic_id=action.topic_id, node=action.node_id,
                                period=action.period_code))


def _current_user():
    from flask import g

    return getattr(g, "user", None)


def _period_choices(current):
    """The periods offered: this year's and last year's triwulan, semester and year, and ``current``."""
    year = today_local().year
    choices = []
    for y in (year, year - 1):
        choices += [Period(y, "Y", 1)] + [Period(y, "H", n) for n in (1, 2)] + [Period(y, "Q", n) for n in (1, 2, 3, 4)]
    if current not in choices:
        choices.insert(0, current)
    return choices


def issue_actions_with_trails(scope, topic, cutoff):
    """[(action, trail)] of the topic's actions in ``scope``, newest first."""
    query = scope.apply(select(IssueAction), IssueAction).where(IssueAction.topic_id == topic.id).order_by(
        IssueAction.created_at.desc(), IssueAction.id.desc())
    return [(action, issue_actions.trail(action, cutoff)) for action in db.session.execute(query).scalars()]


ELEMENT_CHOICES = [("", _l("(tidak dipetakan)"))] + [(code, name) for code, name, _labels in STANDARD_ELEMENTS]


class IssueTopicView(InstansiDataView):
    """The topics of complaints of an instansi, the SKM unsur each maps to and the words that suggest it."""

    datamodel = SQLAInterface(IssueTopic)
    route_base = "/isu/topik"
    list_title = _l("Topik Isu")
    show_title = _l("Topik Isu")
    add_title = _l("Tambah Topik Isu")
    edit_title = _l("Ubah Topik Isu")
    list_columns = ["org", "name", "element_code", "active"]
    add_columns = edit_columns = ["org", "name", "element_code", "keywords", "active"]
    show_columns = ["org", "name", "element_code", "keywords", "active"]
    order_columns = ["name"]
    search_columns = ["name", "active"]
    base_order = ("name", "asc")
    label_columns = {"org": _l("Instansi"), "name": _l("Topik"), "element_code": _l("Unsur SKM terkait"),
                     "keywords": _l("Kata penanda"), "active": _l("Aktif")}
    description_columns = {
        "element_code": _l("Unsur SKM yang NRR-nya dibaca bersama pengaduan topik ini di Isu Prioritas."),
        "keywords": _l("Kata-kata yang menandai topik ini, dipisah spasi; saran topik belajar dari kata ini dan dari "
                       "topik yang ditetapkan petugas."),
    }
    add_form_extra_fields = edit_form_extra_fields = {
        "element_code": SelectField(_l("Unsur SKM terkait"), choices=ELEMENT_CHOICES, default=""),
    }
    formatters_columns = {"element_code": lambda code: str(dict(ELEMENT_CHOICES).get(code or "", code or ""))}

    rules = (topic_problems,)

    def pre_add(self, item):
        item.element_code = item.element_code or None
        super().pre_add(item)

    def pre_update(self, item):
        item.element_code = item.element_code or None
        super().pre_update(item)
