"""The dashboard's figures: gathered by the scheduler process, kept per viewer scope and year, read by the page.

Every number comes from the areas' own SQL-aggregate functions, called with the viewer's scope, so the dashboard
shows exactly what the reports would. Gathering them scans the complaint, respondent and forum tables (seconds on a
million complaints), so a web request never does it: ``kept`` reads the row the scheduler keeps for the scope and
year (app/models/dashboard.py), and asks for one when there is none yet. ``refresh`` (the scheduler's job, every
DASHBOARD_EVERY_SECONDS) computes the rows asked for, the scopes of the users who logged in lately, rows marked stale
by an import, and rows older than DASHBOARD_REFRESH_SECONDS (this year and later; a past year's once a day).

The kept figures hold no words of a language (statuses and unsur as codes, months as numbers): ``present`` adds the
labels of the reader's language.
"""
import datetime
import hashlib
import json
import logging
import textwrap
import time

from flask import current_app
from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.clock import local_of, now_local, now_utc
from app.complaints.figures import complaint_figures, monthly_compliance
from app.cutoff import end_of_day
from app.extensions import db
from app.fkp.figures import fkp_figures
from app.locale import month_name
from app.models.complaints import Status
from app.models.dashboard import DashboardFigures
from app.periods import Period
from app.scope import Scope
from app.skm.figures import skm_figures

log = logging.getLogger(__name__)

EVERYTHING = "*"
ISSUES_KEPT = 5
RECENT_LOGIN_DAYS = 30  # the scopes of users who logged in (or were created) within these days are kept warm
FORGET_DAYS = 30  # a scope and year nobody asked for within these days is no longer kept
TOUCH_EVERY = datetime.timedelta(hours=1)  # how often a read refreshes "asked for at"
PAST_YEAR_EVERY = datetime.timedelta(days=1)


def gather(scope, year, now=None):
    """The dashboard of ``scope`` for ``year`` as of ``now`` (default: now, local), as plain JSON-ready data."""
    from app.issues.ranking import priority_issues

    now = now_local() if now is None else now
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    # The dashboard is live: its cut-off is now (or the end of a past year), the same rule as the reports.
    as_of = min(now, end_of_day(end))
    complaints = complaint_figures(scope, start, end, as_of=as_of, listed=0)
    skm = skm_figures(scope, Period(year))
    fkp = fkp_figures(scope, start, end, as_of=as_of)
    last_month = 12 if year < now.year else (now.month if year == now.year else 0)
    issues = priority_issues(scope, Period(year, "Y", 1), end_of_day(now.date()))
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "ikm_units": [
            {"name": unit["unit_name"], "ikm": float(unit["ikm_converted"]), "grade": unit["grade"],
             "respondents": unit["respondents"]}
            for unit in skm["units"]
            if unit.get("ikm_converted") is not None
        ],
        "skm_groups": [
            {"name": group["name"], "level": group["level"], "pooled": float(group["pooled"]["ikm_converted"]),
             "grade": group["pooled"]["grade"], "mean": float(group["mean_ikm_converted"])}
            for group in skm["groups"]
            if group.get("pooled") and group["pooled"].get("ikm_converted") is not None
        ],
        "complaints": {
            "received": complaints["received"],
            "finished": complaints["finished"],
            "pct_finished": complaints["pct_finished"],
            "by_status": [{"status": value, "count": count} for value, count in complaints["by_status"].items()],
            "by_opd": [{"label": row["name"] or "-", "count": row["count"]} for row in complaints["by_opd"]],
            "overdue": complaints["overdue_count"] + complaints["older_overdue_count"],
            "compliance": complaints["compliance"],
            "backlog": complaints["backlog_by_opd"],
        },
        "compliance": [
            {"month": row["month"], "received": row["received"], "verify": row["verify"]["pct_on_time"],
             "resolve": row["resolve"]["pct_on_time"], "counts": {step: row[step] for step in ("verify", "resolve")}}
            for row in monthly_compliance(scope, year, as_of=as_of)[:last_month]
        ],
        "forums": {
            "held": fkp["forums_held"],
            "units_without_forum": len(fkp["units_without_forum"]),
            "agreements": fkp["agreements"],
        },
        "issues": [
            {"rank": issue.rank, "topic_id": issue.topic_id, "org_id": issue.org_id, "name": issue.name,
             "count": issue.count, "late_share": float(issue.late_share), "element_code": issue.element_code,
             "nrr": float(issue.nrr) if issue.nrr is not None else None,
             "top_unit": issue.units[0][1] if issue.units else None, "actions": len(issue.actions)}
            for issue in issues[:ISSUES_KEPT]
        ],
    }


def present(kept):
    """Kept figures with the reader's labels: status names, month names, chart label lines, unsur names."""
    from app.issues.ranking import ELEMENT_NAMES

    complaints = kept["complaints"]
    return {
        **kept,
        "as_of": datetime.datetime.fromisoformat(kept["as_of"]),
        "ikm_units": [{**unit, "lines": label_lines(unit["name"])} for unit in kept["ikm_units"]],
        "complaints": {
            **complaints,
            "by_status": [{"label": str(Status(row["status"]).label), "count": row["count"]}
                          for row in complaints["by_status"]],
            "by_opd": [{**row, "lines": label_lines(row["label"])} for row in complaints["by_opd"]],
        },
        "compliance": [{**row, "month_label": month_name(row["month"])} for row in kept["compliance"]],
        "issues": [{**issue, "element_name": str(ELEMENT_NAMES[issue["element_code"]])
                    if issue["element_code"] in ELEMENT_NAMES else None} for issue in kept["issues"]],
    }


def dashboard_figures(scope, year, today=None):
    """The dashboard of ``scope`` and ``year`` computed now (as of the end of ``today`` if given), labelled: what the
    scheduler keeps, for the reports' checks and the tests."""
    now = None if today is None else end_of_day(today)
    return present(gather(scope, year, now))


def label_lines(name, width=22, lines=2):
    """A long unit or OPD name as at most two short lines for a chart axis ("…" when cut); the chart's tooltip
    shows the full name."""
    return textwrap.wrap(name, width, max_lines=lines, placeholder=" …") or [name]


def scope_text(scope):
    """The scope as the kept row names it: "*" for everything, else its node paths, sorted, one per line."""
    return EVERYTHING if scope.unrestricted else "\n".join(sorted(set(scope.paths)))


def scope_from_text(text):
    return Scope.everything() if text == EVERYTHING else Scope(paths=[path for path in text.split("\n") if path])


def _digest(text):
    return hashlib.sha1(text.encode()).hexdigest()


class Kept:
    """What the page shows: the labelled figures and when they were computed (local time), or ``None`` figures while
    the scheduler has yet to compute them."""

    def __init__(self, row):
        self.figures = present(json.loads(row.figures)) if row.figures is not None else None
        self.computed_at = local_of(row.computed_at) if row.computed_at is not None else None
        self.stale = row.stale


def kept(scope, year):
    """The kept dashboard of ``scope`` and ``year``; asks the scheduler for it when nobody has yet. Reads one row."""
    text = scope_text(scope)
    digest = _digest(text)
    query = select(DashboardFigures).where(DashboardFigures.scope_hash == digest, DashboardFigures.year == year)
    row = db.session.execute(query).scalar_one_or_none()
    now = now_utc()
    if row is None:
        row = DashboardFigures(scope_hash=digest, scope_paths=text, year=year, requested_at=now, stale=False)
        db.session.add(row)
        try:
            db.session.commit()
        except IntegrityError:  # another request asked at the same moment
            db.session.rollback()
            row = db.session.execute(query).scalar_one()
    elif row.requested_at < now - TOUCH_EVERY:
        db.session.execute(update(DashboardFigures).where(DashboardFigures.id == row.id).values(requested_at=now))
        db.session.commit()
    return Kept(row)


def _recent_scopes(this_year, now):
    """Ask for this year's dashboard of every active user who logged in, or was created, within RECENT_LOGIN_DAYS
    (a new user's, and the demo's, first dashboard is then ready before it is opened)."""
    from app.models.user import PantauUser

    since = now - datetime.timedelta(days=RECENT_LOGIN_DAYS)
    users = db.session.execute(select(PantauUser).where(
        PantauUser.active.is_(True), or_(PantauUser.last_login >= since, PantauUser.created_on >= since)))
    texts = {scope_text(Scope.of_user(user)) for user in users.scalars()}
    texts.discard("")
    known = set(db.session.execute(select(DashboardFigures.scope_hash).where(
        DashboardFigures.year == this_year)).scalars())
    for text in sorted(texts):
        digest = _digest(text)
        if digest not in known:
            db.session.add(DashboardFigures(scope_hash=digest, scope_paths=text, year=this_year, requested_at=now,
                                            stale=False))
    if texts:
        db.session.execute(update(DashboardFigures).where(
            DashboardFigures.year == this_year, DashboardFigures.scope_hash.in_([_digest(t) for t in texts]),
            DashboardFigures.requested_at < now - TOUCH_EVERY).values(requested_at=now))
    db.session.commit()


def due(now=None):
    """The kept rows to compute now, the most wanted first: asked for and never computed, stale, then the oldest."""
    now = now_utc() if now is None else now
    this_year = local_of(now).year
    every = datetime.timedelta(seconds=current_app.config.get("DASHBOARD_REFRESH_SECONDS", 300))
    query = select(DashboardFigures).where(or_(
        DashboardFigures.computed_at.is_(None),
        DashboardFigures.stale.is_(True),
        (DashboardFigures.year >= this_year) & (DashboardFigures.computed_at < now - every),
        (DashboardFigures.year < this_year) & (DashboardFigures.computed_at < now - PAST_YEAR_EVERY),
    )).order_by(case((DashboardFigures.computed_at.is_(None), 0), (DashboardFigures.stale.is_(True), 1), else_=2),
                DashboardFigures.computed_at, DashboardFigures.id)
    return db.session.execute(query).scalars().all()


def refresh(now=None, budget_seconds=None, warm=True):
    """The scheduler's job: forget rows nobody asked for lately, ask for recent users' scopes (``warm``), then
    compute the due rows until ``budget_seconds`` (default DASHBOARD_BUDGET_SECONDS) have passed. A row is committed
    as soon as it is computed. Returns {"computed": n, "left": rows still due}."""
    now = now_utc() if now is None else now
    budget = current_app.config.get("DASHBOARD_BUDGET_SECONDS", 120) if budget_seconds is None else budget_seconds
    this_year = local_of(now).year
    db.session.execute(delete(DashboardFigures).where(
        DashboardFigures.requested_at < now - datetime.timedelta(days=FORGET_DAYS)))
    db.session.commit()
    if warm:
        _recent_scopes(this_year, now)
    rows = due(now)
    started = time.monotonic()
    computed = 0
    for row in rows:
        if computed and time.monotonic() - started > budget:
            break
        row_id, text, year, was_stale = row.id, row.scope_paths, row.year, row.stale
        # Cleared first: an import that marks the row stale while it is computed gets it computed again.
        db.session.execute(update(DashboardFigures).where(DashboardFigures.id == row_id).values(stale=False))
        db.session.commit()
        began = time.monotonic()
        try:
            figures = json.dumps(gather(scope_from_text(text), year, local_of(now_utc())), separators=(",", ":"))
        except Exception:  # one scope's failure must not stop the others; its old figures stay, marked as before
            log.exception("dashboard %s of %r could not be computed", year, text)
            db.session.rollback()
            db.session.execute(update(DashboardFigures).where(DashboardFigures.id == row_id).values(stale=was_stale))
            db.session.commit()
            continue
        db.session.execute(update(DashboardFigures).where(DashboardFigures.id == row_id).values(
            figures=figures, computed_at=now_utc(), seconds=round(time.monotonic() - began, 3)))
        db.session.commit()
        computed += 1
    return {"computed": computed, "left": len(rows) - computed}
