"""Form fields, labels and form reading shared by the SKM screens."""
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_babel import lazy_gettext as _l

from app.models.org import OrgLevel
from app.models.skm import EDUCATIONS, OCCUPATIONS, SEXES, TIME_SLOTS
from app.skm import respondents

UNIT_ONLY = [["level", FilterEqual, OrgLevel.UNIT]]
PERIOD_LABELS = {
    "unit": _l("Unit layanan"), "period_code": _l("Periode"), "population": _l("Populasi (N)"),
    "status": _l("Status"), "closed_on": _l("Tanggal ditutup"), "notes": _l("Catatan"),
}


def raw_from_form(form, elements, quick=False):
    """Raw values of a posted questionnaire. ``quick``: the staff screen's digit string ("4334 43344",
    one digit per unsur in order, 0 = empty) fills the answers when given."""
    raw = {field: form.get(field) for field in respondents.PROFILE_FIELDS}
    digits = "".join(ch for ch in (form.get("quick") or "") if not ch.isspace()) if quick else ""
    for index, element in enumerate(elements):
        raw[element.code] = form.get(f"u_{element.code}")
        if digits:
            raw[element.code] = "" if index >= len(digits) or digits[index] == "0" else digits[index]
    if digits and len(digits) > len(elements):
        raw["_too_many"] = True
    return raw


def profile_choices():
    return {"sexes": SEXES, "slots": TIME_SLOTS, "educations": EDUCATIONS, "occupations": OCCUPATIONS}
