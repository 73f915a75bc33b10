"""The one XLSX style set of Pantau (xlsxwriter): formats, tables, and workbooks that keep memory flat.

Large sheets are written in constant_memory mode (rows in order, to a temporary
file): use ``open_workbook(path)``; never ``in_memory=True``, which silently
turns constant_memory off.

Printing (A4): column widths come from the content written through ``write_cell`` and ``write_table`` (applied
when the workbook closes), text stays at its size (a sheet is scaled down to at most 80 %, so 10 pt text never
prints under 8 pt); wider tables break across pages, with the header row repeated on a sheet of one table. A
block asked to stay whole (a chart, a signature block: ``keep_together``) starts a new page when it would cross an
automatic page break: the rows are paginated here as LibreOffice and Excel do (row heights times the print scale
against the printable height).
"""
import datetime
import decimal
import math

import xlsxwriter

DATE = "dd/mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH, HEADER_WIDTH = 6, 60, 24, 8
LINE_POINTS = 13  # one line of 10 pt Calibri
# Printable width of A4 with 0.5 inch side margins (portrait, landscape) in the units of a column of width w
# (characters of the default Calibri 11), which prints w x 7 + 5 of them wide (measured in LibreOffice's PDF).
PAGE_PIXELS = {False: 523, True: 770}
MIN_SCALE = 80
# Printable height of A4 (portrait, landscape) in points with the 0.6 inch top and bottom margins of print_setup,
# less half a row to spare for rounding. LibreOffice prints 33 rows of 15 pt on a landscape page at 100 %.
MARGIN_INCHES = 0.6
PAGE_POINTS = {False: 841.9 - 2 * 72 * MARGIN_INCHES - 7, True: 595.3 - 2 * 72 * MARGIN_INCHES - 7}


class PantauWorkbook(xlsxwriter.Workbook):
    """A workbook whose sheets get their column widths from their content and a print scale that fits them."""

    def close(self):
        for sheet in self.worksheets():
            fit_for_print(sheet)
        return super().close()


def open_workbook(path, constant_memory=True):
    """A workbook writing to ``path``; constant_memory keeps memory flat for big sheets."""
    workbook = PantauWorkbook(
        path, {"constant_memory": constant_memory, "default_date_format": DATE, "remove_timezone": True}
    )
    workbook.pantau_formats = _formats(workbook)
    return workbook


def note_width(sheet, col, chars, wrap=False):
    """Remember that column ``col`` holds text ``chars`` wide (wrapped columns stop at WRAP_WIDTH)."""
    widths = sheet.__dict__.setdefault("pantau_widths", {})
    chars = min(chars, WRAP_WIDTH) if wrap else chars
    widths[col] = max(widths.get(col, 0), chars)


def lines_of(text, width):
    """Lines ``text`` takes when wrapped in a column ``width`` characters wide (word breaks counted loosely)."""
    return max(1, sum(math.ceil(len(line) * 1.15 / width) if len(line) > width else 1
                      for line in str(text).splitlines() or [""]))


def fit_row(sheet, row, lines):
    """Make ``row`` tall enough for ``lines`` lines of text (spreadsheet programs do not grow rows on opening).
    In constant_memory mode call it before writing the next row."""
    if lines > 1:
        sheet.set_row(row, LINE_POINTS * lines + 2)


def _shown_width(value):
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, bool):
        return 5
    if isinstance(value, (int, float, decimal.Decimal)):
        return len(f"{float(value):,.2f}") if not isinstance(value, int) else len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def fit_for_print(sheet):
    """Set each used column to its content's width and scale the page so the widest row fits, down to 80 %."""
    widths = sheet.__dict__.get("pantau_widths", {})
    pixels = 0
    for col, chars in sorted(widths.items()):
        width = max(MIN_WIDTH, min(MAX_WIDTH, chars + 2))
        sheet.set_column(col, col, width)
        pixels += width * 7 + 5
    page = PAGE_PIXELS[sheet.__dict__.get("pantau_landscape", True)]
    if pixels:
        # A few percent to spare for the spreadsheet program's own rounding of widths.
        sheet.set_print_scale(max(MIN_SCALE, min(100, page * 100 // pixels - 3)))
        if pixels * MIN_SCALE > page * 100:
            sheet.repeat_columns(0)  # the table breaks across pages: its first column on each of them
    header_rows = sheet.__dict__.get("pantau_header_rows", [])
    repeated = header_rows[0] if len(header_rows) == 1 else None
    if repeated is not None:
        sheet.repeat_rows(repeated)
    _keep_blocks_whole(sheet, sheet.print_scale, repeated)


def keep_together(sheet, row, points):
    """Ask that ``points`` of content from the top of ``row`` (a chart, a signature block) print on one page: when
    the workbook closes, a page break goes before ``row`` if the block would otherwise cross one."""
    sheet.__dict__.setdefault("pantau_keep", {})[row] = max(points, sheet.__dict__.get("pantau_keep", {}).get(row, 0))


def row_points(sheet, row):
    """The height of ``row`` in points (xlsxwriter keeps rows in pixels, 4/3 of a point)."""
    return sheet.row_sizes.get(row, [sheet.default_row_height])[0] * 0.75


def _keep_blocks_whole(sheet, scale, repeated):
    """Paginate the sheet's rows at ``scale`` % (``repeated``: the header row printed again atop later pages) and
    break before each kept block that would cross a page's end."""
    keep = sheet.__dict__.get("pantau_keep")
    if not keep:
        return
    body = PAGE_POINTS[sheet.__dict__.get("pantau_landscape", True)] * 100 / scale
    breaks = set(sheet.hbreaks)
    last = max(max(keep), sheet.dim_rowmax or 0)

    def page_top(row):
        return row_points(sheet, repeated) if repeated is not None and row > repeated else 0

    used = 0
    for row in range(last + 1):
        if row in breaks and row > 0:
            used = page_top(row)
        if row in keep and used > page_top(row) and used + keep[row] > body:
            breaks.add(row)
            used = page_top(row)
        height = row_points(sheet, row)
        if used + height > body:
            used = page_top(row)
        used += height
    sheet.set_h_pagebreaks(sorted(breaks))


def _formats(workbook):
    base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
    return {
        "title": workbook.add_format({**base, "bold": True, "font_size": 14}),
        "subtitle": workbook.add_format({**base, "italic": True, "font_color": "#555555"}),
        "header": workbook.add_format({**base, "bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                                       "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}),
        "text": workbook.add_format({**base, "border": 1, "text_wrap": True}),
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
    """Write one value as a real Excel number, date or text (its width counts for the column). Returns the lines
    the value takes (text longer than a wrapped column wraps)."""
    return _put(sheet, sheet.__dict__.setdefault("pantau_widths", {}), (formats.get("wrap"), formats.get("text")),
                row, col, value, fmt or format_for(value, formats))


def _put(sheet, noted, wrapping, row, col, value, fmt):
    """write_cell with the sheet's noted widths and its wrapping formats at hand (a table writes thousands)."""
    if value is None:
        sheet.write_blank(row, col, None, fmt)
        return 1
    lines = 1
    text = isinstance(value, str)
    # A printable text is one line (no line break is printable): its width is its length.
    one_line = text and value.isprintable()
    width = len(value) if one_line else _shown_width(value)
    if fmt in wrapping:
        if text and (width > WRAP_WIDTH or not one_line):
            lines = lines_of(value, WRAP_WIDTH)
        width = min(width, WRAP_WIDTH)
    if width > noted.get(col, -1):
        noted[col] = width
    if text:
        sheet.write_string(row, col, str(value), fmt)
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(row, col, value if value.tzinfo is None else value.replace(tzinfo=None), fmt)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, value, fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "Ya" if value else "Tidak", fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, decimal.Decimal):
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)
    return lines


def write_table(sheet, columns, rows, formats, first_row=0, widths=None):
    """Write a header row and then ``rows`` (an iterable, consumed in order). Returns the next free row.

    ``columns`` is a list of (header, format key or None) pairs.
    """
    header_lines = 1
    for col, (header, _fmt) in enumerate(columns):
        header = str(header)
        sheet.write_string(first_row, col, header, formats["header"])
        # Headers wrap: their longest word (and up to HEADER_WIDTH characters) set a floor for the column;
        # ``widths`` are floors too.
        floor = max([len(word) for word in header.split()] + [min(len(header), HEADER_WIDTH), (widths or {}).get(col, 0)])
        note_width(sheet, col, floor)
        header_lines = max(header_lines, lines_of(header, floor) + (len(header) > floor))
    fit_row(sheet, first_row, header_lines)
    sheet.__dict__.setdefault("pantau_header_rows", []).append(first_row)
    row_number = first_row + 1
    noted = sheet.__dict__.setdefault("pantau_widths", {})
    wrapping = (formats.get("wrap"), formats.get("text"))
    fixed = [formats[key] if key else None for _header, key in columns]
    for row in rows:
        lines = 1
        for col, value in enumerate(row):
            lines = max(lines, _put(sheet, noted, wrapping, row_number, col, value,
                                    fixed[col] or format_for(value, formats)))
        fit_row(sheet, row_number, lines)
        row_number += 1
    sheet.freeze_panes(first_row + 1, 0)
    if row_number > first_row + 1:
        sheet.autofilter(first_row, 0, row_number - 1, len(columns) - 1)
    return row_number


def print_setup(sheet, landscape=True, title=None):
    """A4, narrow margins, page numbers; the scale and repeated header row are set when the workbook closes."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.pantau_landscape = landscape
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.set_footer("&L%s&RHalaman &P dari &N" % (title or "Pantau"))
