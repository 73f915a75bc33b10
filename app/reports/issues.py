"""The "Isu prioritas dan tindak lanjut" sheet: the ranked issues of the period (app/issues/ranking.py) with their
factors, and every action started from them with its status and the next period's figures, as at the cut-off.

No complaint text and no reporter: an issue is named by its topic, its units and its figures.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.issues.actions import trail
from app.issues.ranking import RULE_TEXT, priority_issues
from app.reports.layout import signatory_block, table, title_block
from app.reports.registry import section
from app.reports.shared import cutoff
from app.scope import Scope

RANKED = 20


def _float(value):
    return None if value is None else float(value)


@section("isu", _l("Isu Prioritas dan Tindak Lanjut"), in_package=True, position=35)
def issue_sheets(workbook, scope_node, period, language):
    """Write the ranked issues and the trail of their actions; return the headlines."""
    as_of = cutoff(period)
    issues = priority_issues(Scope.of_nodes([scope_node]), period, as_of)
    formats = workbook.pantau_formats
    sheet = workbook.add_worksheet("Isu Prioritas")
    row = title_block(sheet, formats, _("Isu Prioritas"), scope_node, period)
    _first, _last, row = table(
        sheet, formats, row, _("Peringkat isu (%(n)s teratas)", n=RANKED),
        [(_("Peringkat"), "int"), (_("Isu (topik pengaduan)"), "wrap"), (_("Pengaduan"), "int"),
         (_("Periode sebelumnya"), "int"), (_("Terlambat"), "pct"), (_("Unsur SKM terkait"), "wrap"),
         (_("NRR"), "dec2"), (_("Unit terbanyak"), "wrap"), (_("Skor"), "dec2")],
        [(i.rank, i.name, i.count, i.previous, float(i.late_share), i.element_name or "-", _float(i.nrr),
          f"{i.units[0][1]} ({i.units[0][2]})" if i.units else "-", float(i.score))
         for i in issues[:RANKED]],
    )
    sheet.write_string(row, 0, _("Aturan peringkat"), formats["bold"])
    for sentence in str(RULE_TEXT).split("; "):
        row += 1
        sheet.write_string(row, 0, sentence, formats["plain"])
    signatory_block(sheet, formats, row + 2, scope_node)

    sheet = workbook.add_worksheet("Tindak Lanjut Isu")
    row = title_block(sheet, formats, _("Tindak Lanjut Isu Prioritas"), scope_node, period)
    actions = [(issue, action) for issue in issues for action in issue.actions]
    _first, _last, row = table(
        sheet, formats, row, _("Tindakan dari isu dan hasilnya pada periode berikutnya"),
        [(_("Isu"), "wrap"), (_("Tindakan"), "wrap"), (_("Status"), "wrap"), (_("Hasil periode berikutnya"), "wrap")],
        [(issue.name, f"{action.kind.label} ({action.period_code})", result.status, result.summary)
         for issue, action in actions for result in [trail(action, as_of)]],
    )
    _first, _last, row = table(
        sheet, formats, row, _("Forum Konsultasi Publik pada topik isu"),
        [(_("Isu"), "wrap"), (_("Forum (unit)"), "wrap"), (_("Tanggal"), "date"), (_("Tahap"), "wrap"),
         (_("Kesepakatan selesai"), "wrap")],
        [(issue.name, f"{forum.topic} ({forum.unit})", forum.held_on, str(forum.stage.label),
          _("%(done)s dari %(total)s", done=forum.done, total=forum.agreements))
         for issue in issues for forum in issue.forums],
    )
    return {
        "title": _("Isu Prioritas dan Tindak Lanjut"),
        "headlines": [
            {"label": _("Isu dengan pengaduan"), "value": len(issues)},
            {"label": _("Isu teratas"), "value": issues[0].name if issues else "-"},
            {"label": _("Tindakan dari isu"), "value": len(actions)},
        ],
    }
