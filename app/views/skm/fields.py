"""Form fields, labels and form reading shared by the SKM screens."""
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from app.models.org import OrgLevel
from app.models.skm import EDUCATIONS, OCCUPATIONS, SEXES, TIME_SLOTS
from app.skm import respondents

UNIT_ONLY = [["level", FilterEqual, OrgLevel.UNIT]]
PERIOD_LABELS = {
    "unit": _l("Unit layanan"), "period_code": _l("Periode"), "population": _l("Populasi (N)"),
    "status": _l("Status"), "closed_on": _l("Tanggal ditutup"), "notes": _l("Catatan"),
}


class EnumSelectField(SelectField):
    """A drop-down of a Python enum whose database values differ from its names (FAB's EnumField mixes them)."""

    def __init__(self, enum_class, label=None, **kwargs):
        self.enum_class = enum_class
        super().__init__(label, [InputRequired()], choices=[SelectChoice(m.name, m.label) for m in enum_class],
                         coerce=self._to_member, widget=Select2Widget(), **kwargs)

    def _to_member(self, value):
        if value is None or isinstance(value, self.enum_class):
            return value
        try:
            return self.enum_class[value]
        except KeyError:  # a forged or stale value: WTForms turns ValueError into a field message
            raise ValueError(value)


def enum_fields(**fields):
    return {name: EnumSelectField(enum_class, label) for name, (enum_class, label) in fields.items()}


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
