"""The dashboard's figures for one scope and year, gathered from the areas' figure modules.

Every number comes from the areas' own SQL-aggregate functions, called with the
viewer's scope, so the dashboard shows exactly what the reports would.
"""
import datetime
import textwrap

from app.clock import now_local
from app.complaints.figures import complaint_figures, monthly_compliance
from app.fkp.figures import fkp_figures
from app.locale import month_name
from app.models.complaints import Status
from app.periods import Period
from app.skm.figures import skm_figures


def dashboard_figures(scope, year, today=None):
    """A dict the dashboard template draws: IKM per unit, complaints by status and OPD, overdue
    counts, deadline compliance per month, forums held."""
    now = now_local() if today is None else datetime.datetime.combine(today, datetime.time.max)
    today = now.date()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    # The dashboard is live: its cut-off is now (or the end of a past year), the same rule as the reports.
    as_of = min(now, datetime.datetime.combine(end, datetime.time.max))
    complaints = complaint_figures(scope, start, end, as_of=as_of)
    skm = skm_figures(scope, Period(year))
    fkp = fkp_figures(scope, start, end, as_of=as_of)
    last_month = 12 if year < today.year else (today.month if year == today.year else 0)
    compliance = [
        {"month": row["month"], "received": row["received"], "verify": row["verify"]["pct_on_time"],
         "resolve": row["resolve"]["pct_on_time"], "counts": {step: row[step] for step in ("verify", "resolve")}}
        for row in monthly_compliance(scope, year, as_of=as_of)[:last_month]
    ]
    return {
        "year": year,
        "as_of": as_of,
        "ikm_units": [
            {"name": unit["unit_name"], "lines": label_lines(unit["unit_name"]), "ikm": float(unit["ikm_converted"]),
             "grade": unit["grade"], "respondents": unit["respondents"]}
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
            "by_status": [
                {"label": str(Status(value).label), "count": count} for value, count in complaints["by_status"].items()
            ],
            "by_opd": [{"label": row["name"] or "-", "lines": label_lines(row["name"] or "-"), "count": row["count"]}
                       for row in complaints["by_opd"]],
            "overdue": len(complaints["overdue"]) + len(complaints["older_overdue"]),
            "compliance": complaints["compliance"],
            "backlog": complaints["backlog_by_opd"],
        },
        "compliance": [{**row, "month_label": month_name(row["month"])} for row in compliance],
        "forums": {
            "held": fkp["forums_held"],
            "units_without_forum": len(fkp["units_without_forum"]),
            "agreements": fkp["agreements"],
        },
    }


def label_lines(name, width=22, lines=2):
    """A long unit or OPD name as at most two short lines for a chart axis ("…" when cut); the chart's tooltip
    shows the full name."""
    return textwrap.wrap(name, width, max_lines=lines, placeholder=" …") or [name]
