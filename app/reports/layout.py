"""The layout every report sheet shares: title block, small tables, native charts, signatory block.

All sheets are written in constant_memory mode (app/xlsx.py), so every helper
here writes rows in order and returns the next free row.
"""
from flask_babel import gettext as _

from app.clock import today_local
from app.cutoff import cutoff_label
from app.locale import long_date, place_line
from app.reports.shared import cutoff
from app.xlsx import (
    WRAP_WIDTH, fit_row, keep_together, lines_of, note_width, print_setup, row_points, write_cell, write_table,
)


def period_line(period):
    return _("Periode: %(period)s (%(start)s s.d. %(end)s)", period=period.label, start=long_date(period.start),
             end=long_date(period.end))


def title_block(sheet, formats, title, scope_node, period):
    """Title, scope and period, the cut-off of every figure below, and the day the report was made.
    Returns the next free row."""
    sheet.write_string(0, 0, title, formats["title"])
    sheet.write_string(1, 0, f"{scope_node.name} ({scope_node.code})", formats["bold"])
    sheet.write_string(2, 0, period_line(period), formats["subtitle"])
    sheet.write_string(3, 0, cutoff_label(cutoff(period)), formats["bold"])
    sheet.write_string(4, 0, _("Dibuat: %(date)s", date=long_date(today_local())), formats["subtitle"])
    print_setup(sheet, title=title)
    return 6


def key_values(sheet, formats, row, pairs, heading=None):
    """A two-column table of (label, value); ``value`` may be a (value, format key) pair."""
    if heading:
        sheet.write_string(row, 0, heading, formats["bold"])
        row += 1
    for label, value in pairs:
        fmt = None
        if isinstance(value, tuple):
            value, key = value
            fmt = formats[key]
        sheet.write_string(row, 0, str(label), formats["text"])
        note_width(sheet, 0, len(str(label)), wrap=True)
        write_cell(sheet, row, 1, value, formats, fmt)
        fit_row(sheet, row, lines_of(label, WRAP_WIDTH))
        row += 1
    return row + 1


def table(sheet, formats, row, heading, columns, rows):
    """A heading, then a header row and data rows; returns (first data row, last data row, next free row)."""
    if heading:
        sheet.write_string(row, 0, heading, formats["bold"])
        row += 1
    rows = list(rows)
    next_row = write_table(sheet, columns, rows, formats, first_row=row)
    return row + 1, row + len(rows), next_row + 1


CHART_ROWS = 18
CHART_PIXELS = 320


def count_step(largest):
    """A whole-number tick step for a count axis up to ``largest`` (1, 2, 5, 10, 20, 50, ...), about six ticks: a
    count axis never shows 0,2 of a forum."""
    step = 1
    while largest / step > 6:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if largest / step <= 6:
                break
    return step


def bar_chart(workbook, sheet, name, first, last, category_col, value_col, title, row, kind="bar", series_name=None,
              percent_axis=False, ikm_axis=False, largest=None):
    """A native Excel chart over rows first..last of ``sheet``, placed at ``row`` below the tables so it prints
    on the page width; returns the next free row (``row`` itself when there are no data rows and no chart).

    ``percent_axis``: values are fractions shown 0-100 %; ``ikm_axis``: values on the IKM scale 0-100; otherwise
    the values are counts: ``largest`` (the biggest of them) sets whole-number ticks from 0.
    """
    if last < first:
        return row
    chart = workbook.add_chart({"type": kind})
    chart.add_series({
        "name": series_name or title,
        "categories": [name, first, category_col, last, category_col],
        "values": [name, first, value_col, last, value_col],
        "data_labels": {"value": True, "font": {"size": 10}},
    })
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_legend({"none": kind != "pie", "font": {"size": 10}})
    if percent_axis or ikm_axis:
        axis = {"min": 0, "max": 1, "num_format": "0%"} if percent_axis else {"min": 0, "max": 100}
        axis["num_font"] = {"size": 10}
        if kind == "bar":
            chart.set_x_axis(axis)
            chart.set_y_axis({"num_font": {"size": 10}})
        else:
            chart.set_y_axis(axis)
            chart.set_x_axis({"num_font": {"size": 10}})
    elif kind != "pie":
        counts = {"min": 0, "num_format": "#,##0", "num_font": {"size": 10}}
        if largest is not None:
            counts["major_unit"] = count_step(largest)
        chart.set_x_axis(counts if kind == "bar" else {"num_font": {"size": 10}})
        chart.set_y_axis({"num_font": {"size": 10}} if kind == "bar" else counts)
    chart.set_size({"width": 620, "height": CHART_PIXELS})
    # A few pixels down from the row's top: a chart touching a page break prints a sliver on the page before.
    sheet.insert_chart(row, 0, chart, {"y_offset": 4})
    keep_together(sheet, row, (CHART_PIXELS + 4) * 0.75)
    return row + CHART_ROWS


def signatory_block(sheet, formats, row, node, column=1):
    """Place and date ("Semarang, 30 Juni 2026"), position, blank space for the signature, name and NIP of the
    node's head, kept together on one printed page."""
    head = node.instansi if node.head_name is None and node.parent is not None else node
    keep_together(sheet, row, sum(row_points(sheet, r) for r in range(row, row + 7)))
    sheet.write_string(row, column, place_line(head, today_local()), formats["plain"])
    sheet.write_string(row + 1, column, head.head_position or _("Pimpinan"), formats["bold"])
    sheet.write_string(row + 5, column, head.head_name or "(........................................)", formats["bold"])
    sheet.write_string(row + 6, column, _("NIP %(nip)s", nip=head.head_nip or "-"), formats["plain"])
    return row + 8


def cover_sheet(workbook, scope_node, period, title, contents):
    """The package's first sheet: what it is, for whom, which period, and the sections that follow."""
    formats = workbook.pantau_formats
    sheet = workbook.add_worksheet(_("Sampul")[:31])
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 2, 30)
    sheet.write_string(0, 1, title, formats["title"])
    sheet.write_string(2, 1, scope_node.name, formats["bold"])
    sheet.write_string(3, 1, period_line(period), formats["plain"])
    sheet.write_string(4, 1, cutoff_label(cutoff(period)), formats["bold"])
    sheet.write_string(5, 1, _("Disusun dengan Pantau pada %(date)s", date=long_date(today_local())),
                       formats["subtitle"])
    sheet.write_string(7, 1, _("Isi"), formats["bold"])
    row = 8
    for number, label in enumerate(contents, start=1):
        sheet.write_number(row, 0, number, formats["int"])
        sheet.write_string(row, 1, str(label), formats["text"])
        row += 1
    print_setup(sheet, landscape=False, title=title)
    signatory_block(sheet, formats, row + 2, scope_node)
    return sheet
