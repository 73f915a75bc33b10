"""The dashboard's figures for one scope and year, gathered from the areas' figure modules.

Every number comes from the areas' own SQL-aggregate functions, called with the
viewer's scope, so the dashboard shows exactly what the reports would.
"""
import datetime

from app.clock import today_local
from app.complaints.figures import complaint_figures, monthly_compliance
from app.fkp.figures import fkp_figures
from app.models.complaints import Status
from app.periods import Period
from app.skm.figures import skm_figures


def dashboard_figures(scope, year, today=None):
    """A dict the dashboard template draws: IKM per unit, complaints by status and OPD, overdue
    counts, deadline compliance per month, forums held."""
    today = today or today_local()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    complaints = complaint_figures(scope, start, end, today=today)
    skm = skm_figures(scope, Period(year))
    fkp = fkp_figures(scope, start, end, today=today)
    last_month = 12 if year < today.year else (today.month if year == today.year else 0)
    compliance = monthly_compliance(scope, year)[:last_month]
    return {
        "year": year,
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
            "by_status": [
                {"label": str(Status(value).label), "count": count} for value, count in complaints["by_status"].items()
            ],
            "by_opd": [{"label": row["name"] or "-", "count": row["count"]} for row in complaints["by_opd"]],
            "overdue": sum(row["overdue"] for row in complaints["backlog_by_opd"]),
            "backlog": complaints["backlog_by_opd"],
        },
        "compliance": compliance,
        "forums": {
            "held": fkp["forums_held"],
            "units_without_forum": len(fkp["units_without_forum"]),
            "agreements": fkp["agreements"],
        },
    }
