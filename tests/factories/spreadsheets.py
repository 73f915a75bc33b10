"""Malformed spreadsheets for the import fuzz tests: every file made here must be refused with a message.

``malformed(headers, rows, bad_values, count, seed)`` returns ``count`` (label, filename, bytes) triples built
from a valid base file (``headers`` and ``rows``) by one certain defect each: broken encodings, separators, NUL
bytes, cells over the csv module's and the importers' limits, broken or truncated zips, broken sheet XML inside
a valid zip, entity bombs, inflation bombs, rows over the row limit, and values the importer must refuse
(``bad_values``: {header: [bad value, ...]}).
"""
import csv
import io
import random
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
UNDEFINED_CP1252 = b"\x81\x8d\x8f\x90\x9d"


def xlsx_bytes(headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(headers, rows, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else (value.strftime("%d/%m/%Y %H:%M") if hasattr(value, "strftime")
                                                   else value) for value in row])
    return out.getvalue()


def replace_member(data, name, content, compression=zipfile.ZIP_DEFLATED):
    """The zip ``data`` with member ``name`` replaced by ``content`` (or removed when None)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            if info.filename == name:
                if content is not None:
                    target.writestr(name, content)
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def sheet_xml(data):
    return zipfile.ZipFile(io.BytesIO(data)).read(SHEET).decode("utf-8")


def inflation_bomb(headers, rows, megabytes):
    """A valid workbook whose sheet XML carries ``megabytes`` MB of blank padding: tiny zipped, huge opened."""
    data = xlsx_bytes(headers, rows)
    xml = sheet_xml(data)
    padded = xml.replace("<sheetData>", "<sheetData>" + " " * (megabytes * 1024 * 1024), 1)
    return replace_member(data, SHEET, padded)


def _with_value(rows, headers, column, value, rng):
    rows = [list(row) for row in rows]
    index = headers.index(column)
    rows[rng.randrange(len(rows))][index] = value
    return rows


def _cell_index(rng, headers):
    return rng.randrange(len(headers))


def malformed(headers, rows, bad_values, count=110, seed=10):
    rng = random.Random(seed)
    base_csv = csv_text(headers, rows)
    base_xlsx = xlsx_bytes(headers, rows)

    def nul_in_csv():
        data = [list(r) for r in rows]
        data[rng.randrange(len(data))][_cell_index(rng, headers)] = "a\x00b" * rng.randint(1, 5)
        return "nul", "nul.csv", csv_text(headers, data).encode(rng.choice(["utf-8", "utf-16"]))

    def huge_csv_cell():
        data = [list(r) for r in rows]
        data[rng.randrange(len(data))][_cell_index(rng, headers)] = "x" * rng.randint(131_073, 300_000)
        return "csv-field-limit", "besar.csv", csv_text(headers, data).encode()

    def long_cell():
        data = [list(r) for r in rows]
        data[rng.randrange(len(data))][_cell_index(rng, headers)] = "y" * rng.randint(32_768, 131_000)
        if rng.random() < 0.5:
            return "long-cell", "panjang.csv", csv_text(headers, data).encode()
        return "long-cell", "panjang.xlsx", xlsx_bytes(headers, data)

    def undecodable():
        raw = bytearray(base_csv.encode())
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.choice(UNDEFINED_CP1252)
        return "encoding", "rusak.csv", bytes(raw)

    def garbage():
        size = rng.randint(1, 20_000)
        name = rng.choice(["acak.csv", "acak.xlsx"])
        return "garbage", name, bytes(rng.randrange(256) for _ in range(size))

    def wrong_separator():
        return "separator", "pipa.csv", csv_text(headers, rows, delimiter=rng.choice(["|", "#", "~"])).encode()

    def empty():
        return "empty", rng.choice(["kosong.csv", "kosong.xlsx"]), rng.choice(
            [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\r\n\r\n", b"   "])

    def header_only():
        if rng.random() < 0.5:
            return "header-only", "judul.csv", csv_text(headers, []).encode("utf-16")
        return "header-only", "judul.xlsx", xlsx_bytes(headers, [])

    def swallowing_quote():
        lines = base_csv.split("\r\n")
        lines[1] = '"' + lines[1]
        return "open-quote", "kutip.csv", "\r\n".join(lines).encode()

    def bad_value_in(encoding_or_xlsx):
        column = rng.choice(sorted(bad_values))
        data = _with_value(rows, headers, column, rng.choice(bad_values[column]), rng)
        if encoding_or_xlsx == "xlsx":
            return f"value:{column}", "nilai.xlsx", xlsx_bytes(headers, data)
        text = csv_text(headers, data, delimiter=rng.choice([",", ";", "\t"]))
        encoded = text.encode(encoding_or_xlsx)
        if encoding_or_xlsx == "utf-16-le" and rng.random() < 0.5:
            encoded = b"\xff\xfe" + encoded
        return f"value:{column}:{encoding_or_xlsx}", "nilai.csv", encoded

    def truncated_zip():
        return "truncated-zip", "potong.xlsx", base_xlsx[:rng.randint(10, len(base_xlsx) - 30)]

    def flipped_sheet_bytes():
        archive = zipfile.ZipFile(io.BytesIO(base_xlsx))
        info = archive.getinfo(SHEET)
        raw = bytearray(base_xlsx)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        position = start + rng.randrange(max(1, info.compress_size // 2))
        raw[position] ^= rng.randint(1, 255)
        return "crc", "balik.xlsx", bytes(raw)

    def broken_sheet_xml():
        xml = sheet_xml(base_xlsx)
        cut = xml.index("</row>") + len("</row>")
        damage = rng.choice(["<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>tanpa penutup",
                             "<row r=\"3\"><c r=\"A3\"><v>&#0;</v></c></row>", "<<<>>>", "</sheetData></worksheet>x",
                             "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>99999</v></c></row></sheetData></worksheet>"])
        return "sheet-xml", "xml.xlsx", replace_member(base_xlsx, SHEET, xml[:cut] + damage)

    def missing_part():
        part = rng.choice([SHEET, "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])
        return "missing-part", "bagian.xlsx", replace_member(base_xlsx, part, None)

    def entity_bomb():
        xml = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;'
               '&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'
               '&lol2;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
               '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>')
        return "entity-bomb", "lol.xlsx", replace_member(base_xlsx, SHEET, xml)

    def inflation():
        return "inflation-bomb", "bom.xlsx", inflation_bomb(headers, rows, rng.randint(3, 12))

    def huge_dimension_with_bad_value():
        label, name, data = bad_value_in("xlsx")
        xml = sheet_xml(data)
        start = xml.index("<dimension")
        end = xml.index("/>", start) + 2
        return "dimension+" + label, name, replace_member(data, SHEET, xml[:start] + '<dimension ref="A1:XFD1048576"/>'
                                                          + xml[end:])

    makers = [nul_in_csv, huge_csv_cell, long_cell, undecodable, garbage, wrong_separator, empty, header_only,
              swallowing_quote, truncated_zip, flipped_sheet_bytes, broken_sheet_xml, missing_part, entity_bomb,
              inflation, huge_dimension_with_bad_value,
              lambda: bad_value_in("xlsx"), lambda: bad_value_in("utf-8"), lambda: bad_value_in("utf-16"),
              lambda: bad_value_in("utf-16-le"), lambda: bad_value_in("cp1252")]
    return [makers[index % len(makers)]() for index in range(count)]
