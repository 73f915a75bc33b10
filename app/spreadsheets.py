"""Reading uploaded spreadsheets (XLSX or CSV) row by row, for the importers, within limits.

The importers validate a whole file before writing anything: they read every
row through ``read_rows``, collect (row number, reason) problems, and write
only when there is none. A file that cannot be read at all, or that breaks a
limit, raises ``SpreadsheetError`` whose message names the problem and, where
one applies, the row: before parsing (an XLSX whose contents would inflate
past ``IMPORT_MAX_UNCOMPRESSED_MB`` or by more than ``IMPORT_MAX_RATIO`` times)
or while the rows stream (a cell over ``IMPORT_MAX_CELL_CHARS`` characters, a
NUL character, more than ``IMPORT_MAX_ROWS`` rows, broken sheet XML). Rows
stream: an XLSX is opened read-only, so memory does not grow with the row count.
"""
import codecs
import csv
import io
import re
import zipfile

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.locale import number as numeral

# Defaults of the settings of the same name (config.py); documented in the README.
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_ROWS = 200_000
MAX_UNCOMPRESSED_MB = 100
MAX_RATIO = 100
# A zip member smaller than this may compress by any ratio (a sheet of empty cells does).
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 1000


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; the message says why (and at which row)."""

    def __init__(self, message, row=None):
        super().__init__(message)
        self.row = row


def limits():
    """The import limits in force: (max rows, max characters per cell, max uncompressed bytes, max ratio)."""
    config = current_app.config
    return (config.get("IMPORT_MAX_ROWS", MAX_ROWS), config.get("IMPORT_MAX_CELL_CHARS", MAX_CELL_CHARS),
            config.get("IMPORT_MAX_UNCOMPRESSED_MB", MAX_UNCOMPRESSED_MB) * 1024 * 1024,
            config.get("IMPORT_MAX_RATIO", MAX_RATIO))


def _normalise(header):
    return " ".join(str(header or "").strip().lower().split())


def read_rows(filename, data, progress=None):
    """Return (headers, rows): rows is an iterator of (row number as the user sees it, {header: value}).

    ``progress(rows read)``, if given, is called every PROGRESS_EVERY rows (background imports show it).
    """
    name = (filename or "").lower()
    if not data:
        raise SpreadsheetError(str(_l("Berkas kosong.")))
    if name.endswith(".xlsx"):
        headers, rows = _xlsx_rows(data)
    elif name.endswith(".csv"):
        headers, rows = _csv_rows(data)
    else:
        raise SpreadsheetError(str(_l("Berkas harus .xlsx atau .csv.")))
    return headers, _checked(rows, progress)


def estimate_rows(filename, data):
    """About how many data rows the file holds, without parsing it: the lines of a CSV, the declared dimension
    of an XLSX sheet (None when it does not say)."""
    name = (filename or "").lower()
    if name.endswith(".csv"):
        ends_with_newline = data.rstrip(b"\x00").endswith(b"\n")
        return max(data.count(b"\n") - (1 if ends_with_newline else 0), 0)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
            with archive.open(sheets[0]) as member:
                head = member.read(4096).decode("utf-8", "replace")
    except (zipfile.BadZipFile, IndexError, KeyError, OSError, ValueError, EOFError):
        return None
    match = re.search(r'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
    return int(match.group(1)) - 1 if match else None


PROGRESS_EVERY = 1000


def _checked(rows, progress=None):
    """The rows, refusing at the first that breaks a limit (row count, cell length, NUL)."""
    max_rows, max_chars, _bytes, _ratio = limits()
    count = 0
    for number, values in rows:
        count += 1
        if count > max_rows:
            raise SpreadsheetError(str(_l(
                "Berkas berisi lebih dari %(max)s baris data (baris %(row)s); bagi berkas menjadi beberapa bagian.",
                max=numeral(max_rows), row=number)), number)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
        for header, value in values.items():
            if type(value) is not str:
                continue
            if len(value) > max_chars:
                raise SpreadsheetError(str(_l(
                    "Baris %(row)s, kolom '%(column)s': isi sel %(length)s karakter, batasnya %(max)s karakter.",
                    row=number, column=header[:60], length=numeral(len(value)),
                    max=numeral(max_chars))), number)
            if "\x00" in value:
                raise SpreadsheetError(str(_l(
                    "Baris %(row)s, kolom '%(column)s' berisi karakter NUL (\\0) yang tidak dapat disimpan; "
                    "simpan ulang berkas sebagai CSV UTF-8 atau XLSX.", row=number, column=header[:60])), number)
        yield number, values


def check_xlsx_inflation(data):
    """Refuse an XLSX (a zip) whose members would inflate past the limits, before anything is decompressed."""
    _rows, _chars, max_bytes, max_ratio = limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(str(_l("Berkas XLSX rusak: bukan arsip zip yang utuh. Simpan ulang dari Excel atau "
                                      "LibreOffice.")))
    if len(members) > MAX_ZIP_MEMBERS:
        raise SpreadsheetError(str(_l("Berkas XLSX berisi %(count)s bagian; batasnya %(max)s.",
                                      count=numeral(len(members)), max=numeral(MAX_ZIP_MEMBERS))))
    total = sum(member.file_size for member in members)
    if total > max_bytes:
        raise SpreadsheetError(str(_l(
            "Isi berkas XLSX mengembang menjadi %(size)s MB saat dibuka; batasnya %(max)s MB. "
            "Bagi berkas menjadi beberapa bagian.", size=total // 1048576, max=max_bytes // 1048576)))
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > max_ratio * max(member.compress_size, 1):
            raise SpreadsheetError(str(_l(
                "Berkas XLSX tidak wajar: bagian %(name)s mengembang %(ratio)s kali (batasnya %(max)s kali). "
                "Berkas ini ditolak demi keamanan.", name=member.filename[:80],
                ratio=member.file_size // max(member.compress_size, 1), max=max_ratio)))


def _xlsx_rows(data):
    from openpyxl import load_workbook

    check_xlsx_inflation(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # A sheet may declare any dimension (up to XFD1048576); ignore it so rows are not padded to it.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises many kinds (KeyError, XML ParseError, ...) on a broken file
        raise SpreadsheetError(str(_l("Berkas XLSX tidak dapat dibaca (%(error)s). Simpan ulang dari Excel atau "
                                      "LibreOffice.", error=_short(error))))
    if first is None:
        raise SpreadsheetError(str(_l("Berkas kosong.")))
    headers = [_normalise(h) for h in first]

    def generate():
        number = 1
        try:
            for number, values in enumerate(rows, start=2):
                if values is None or all(v is None or str(v).strip() == "" for v in values):
                    continue
                yield number, dict(zip(headers, values))
        except SpreadsheetError:
            raise
        except Exception as error:  # broken sheet XML inside a valid zip shows only while streaming
            raise SpreadsheetError(str(_l("Berkas XLSX rusak setelah baris %(row)s (%(error)s); tidak ada data yang "
                                          "disimpan.", row=number, error=_short(error))), number + 1)
        finally:
            workbook.close()

    return headers, generate()


def shorten(message, limit=400):
    """A message that quotes a cell, cut so a huge cell does not flood the page."""
    return message if len(message) <= limit else message[:limit - 1] + "…"


def _short(error):
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:160]


BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data):
    """The text of a CSV: by its byte-order mark (UTF-8/16/32), else UTF-16 recognised by its zero bytes,
    else UTF-8, else Windows-1252; SpreadsheetError if none fits."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            candidates = [(encoding, len(bom))]
            break
    else:
        head = data[:200]
        if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
            candidates = [("utf-16-le", 0)]
        elif len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
            candidates = [("utf-16-be", 0)]
        else:
            candidates = [("utf-8", 0), ("cp1252", 0)]
    for encoding, skip in candidates:
        try:
            return data[skip:].decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(str(_l("Pengodean teks berkas CSV tidak dikenali; simpan ulang sebagai CSV UTF-8.")))


def _csv_rows(data):
    text = decode_text(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        first = next(reader, None)
    except csv.Error as error:
        raise SpreadsheetError(str(_l("Baris %(row)s tidak dapat dibaca sebagai CSV (%(error)s).", row=1,
                                      error=_short(error))), 1)
    if first is None or not any(h.strip() for h in first):
        raise SpreadsheetError(str(_l("Berkas kosong.")))
    headers = [_normalise(h) for h in first]

    def generate():
        number = 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    raise SpreadsheetError(str(_l(
                        "Baris %(row)s: ada sel yang lebih panjang dari %(max)s karakter.", row=number + 1,
                        max=numeral(csv.field_size_limit()))), number + 1)
                raise SpreadsheetError(str(_l("Baris %(row)s tidak dapat dibaca sebagai CSV (%(error)s).",
                                              row=number + 1, error=_short(error))), number + 1)
            number += 1
            if not any(v.strip() for v in values):
                continue
            yield number, dict(zip(headers, values))

    return headers, generate()
