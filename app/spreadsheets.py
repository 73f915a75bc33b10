"""Reading uploaded spreadsheets (XLSX or CSV) row by row, for the importers.

The importers validate a whole file before writing anything: they read every
row through ``read_rows``, collect (row number, reason) problems, and write
only when there is none.
"""
import csv
import io

from flask_babel import lazy_gettext as _l


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; the message says why."""


def _normalise(header):
    return " ".join(str(header or "").strip().lower().split())


def read_rows(filename, data):
    """Return (headers, rows): rows is an iterator of (row number as the user sees it, {header: value})."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(data)
    if name.endswith(".csv"):
        return _csv_rows(data)
    raise SpreadsheetError(str(_l("Berkas harus .xlsx atau .csv.")))


def _xlsx_rows(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise SpreadsheetError(str(_l("Berkas XLSX tidak dapat dibaca: %(error)s", error=error)))
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        headers = [_normalise(h) for h in next(rows)]
    except StopIteration:
        raise SpreadsheetError(str(_l("Berkas kosong.")))

    def generate():
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            yield number, dict(zip(headers, values))

    return headers, generate()


def _csv_rows(data):
    text = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise SpreadsheetError(str(_l("Berkas CSV harus berkodekan UTF-8.")))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        headers = [_normalise(h) for h in next(reader)]
    except StopIteration:
        raise SpreadsheetError(str(_l("Berkas kosong.")))

    def generate():
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            yield number, dict(zip(headers, values))

    return headers, generate()
