"""The one XLSX style set of Pantau (xlsxwriter): formats, tables, and workbooks that keep memory flat.

Large sheets are written in constant_memory mode (rows in order, to a temporary
file): use ``open_workbook(path)``; never ``in_memory=True``, which silently
turns constant_memory off.
"""
import datetime
import decimal

import xlsxwriter

DATE = "dd/mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"


def open_workbook(path, constant_memory=True):
    """A workbook writing to ``path``; constant_memory keeps memory flat for big sheets."""
    workbook = xlsxwriter.Workbook(
        path, {"constant_memory": constant_memory, "default_date_format": DATE, "remove_timezone": True}
    )
    workbook.pantau_formats = _formats(workbook)
    return workbook


def _formats(workbook):
    base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
    return {
        "title": workbook.add_format({**base, "bold": True, "font_size": 14}),
        "subtitle": workbook.add_format({**base, "italic": True, "font_color": "#555555"}),
        "header": workbook.add_format({**base, "bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                                       "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}),
        "text": workbook.add_format({**base, "border": 1}),
        "wrap": workbook.add_format({**base, "border": 1, "text_wrap": True}),
        "int": workbook.add_format({**base, "border": 1, "num_format": "#,##0"}),
        "dec2": workbook.add_format({**base, "border": 1, "num_format": "#,##0.00"}),
        "dec3": workbook.add_format({**base, "border": 1, "num_format": "0.000"}),
        "pct": workbook.add_format({**base, "border": 1, "num_format": "0.0%"}),
        "date": workbook.add_format({**base, "border": 1, "num_format": DATE}),
        "datetime": workbook.add_format({**base, "border": 1, "num_format": DATETIME}),
        "bold": workbook.add_format({**base, "bold": True}),
        "plain": workbook.add_format(base),
    }


def format_for(value, formats):
    if isinstance(value, datetime.datetime):
        return formats["datetime"]
    if isinstance(value, datetime.date):
        return formats["date"]
    if isinstance(value, bool):
        return formats["text"]
    if isinstance(value, int):
        return formats["int"]
    if isinstance(value, (float, decimal.Decimal)):
        return formats["dec2"]
    return formats["text"]


def write_cell(sheet, row, col, value, formats, fmt=None):
    """Write one value as a real Excel number, date or text."""
    fmt = fmt or format_for(value, formats)
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(row, col, value.replace(tzinfo=None), fmt)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, datetime.datetime(value.year, value.month, value.day), fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "Ya" if value else "Tidak", fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, decimal.Decimal):
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def write_table(sheet, columns, rows, formats, first_row=0, widths=None):
    """Write a header row and then ``rows`` (an iterable, consumed in order). Returns the next free row.

    ``columns`` is a list of (header, format key or None) pairs.
    """
    for col, (header, _fmt) in enumerate(columns):
        sheet.write_string(first_row, col, str(header), formats["header"])
        sheet.set_column(col, col, (widths or {}).get(col, max(10, min(40, len(str(header)) + 4))))
    row_number = first_row + 1
    for row in rows:
        for col, value in enumerate(row):
            key = columns[col][1]
            write_cell(sheet, row_number, col, value, formats, formats[key] if key else None)
        row_number += 1
    sheet.freeze_panes(first_row + 1, 0)
    if row_number > first_row + 1:
        sheet.autofilter(first_row, 0, row_number - 1, len(columns) - 1)
    return row_number


def print_setup(sheet, landscape=True, title=None):
    """A4, fit to page width, repeated header rows, page numbers."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&L%s&RHalaman &P dari &N" % (title or "Pantau"))
