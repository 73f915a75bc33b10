"""The PEKPPP instrument and the MCP/MCSP indicator catalogue as data: seeding, lookup, and their report sections."""
import decimal
import json
import os
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.cutoff import cutoff_label
from app.extensions import db
from app.models.reports import (
    EvidenceStatus, McpEvidence, McpEvidenceItem, McpIndicator, PekpppAspect, PekpppBand, PekpppIndicator,
    PekpppInstrument,
)
from app.reports.registry import section
from app.reports.shared import cutoff
from app.xlsx import print_setup, write_cell, write_table

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
PEKPPP_FILES = ["pekppp_2022.json"]
MCP_FILES = ["mcp_pelayanan_publik_2025.json"]


def is_pantau_path(link):
    """True for a path inside Pantau ('/skm/show/12'); False for another site, a scheme or a browser trick.

    Browsers read '//host', '/\\host' and a path with control characters as
    another site, and 'javascript:' as a script, so an evidence link is only
    a single '/' followed by printable, space-free characters.
    """
    if not link or not link.startswith("/") or link.startswith(("//", "/\\")):
        return False
    if "\\" in link or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in link):
        return False
    parts = urlsplit(link)
    return not parts.scheme and not parts.netloc


def _read(name):
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as handle:
        return json.load(handle)


def _one(model, **keys):
    return db.session.execute(select(model).filter_by(**keys)).scalar_one_or_none()


def seed_pekppp(data):
    """Add the instrument, aspects, indicators and bands of ``data`` that are missing; existing rows are kept as edited."""
    added = 0
    instrument = _one(PekpppInstrument, year=data["year"])
    if instrument is None:
        instrument = PekpppInstrument(year=data["year"], name=data["name"], legal_basis=data.get("legal_basis"),
                                      note="\n".join(filter(None, [data.get("note"), data.get("bands_note")])))
        db.session.add(instrument)
        db.session.flush()
        added += 1
    for position, aspect_data in enumerate(data["aspects"], start=1):
        aspect = _one(PekpppAspect, instrument_id=instrument.id, code=aspect_data["code"])
        if aspect is None:
            aspect = PekpppAspect(
                instrument=instrument, code=aspect_data["code"], name=aspect_data["name"],
                weight=decimal.Decimal(aspect_data["weight"]), position=position,
                indicators_luring=aspect_data.get("luring"), indicators_daring=aspect_data.get("daring"),
            )
            db.session.add(aspect)
            db.session.flush()
            added += 1
        for number, item in enumerate(aspect_data["indicators"], start=1):
            if _one(PekpppIndicator, aspect_id=aspect.id, code=item["code"]) is not None:
                continue
            levels = item["levels"]
            db.session.add(PekpppIndicator(
                aspect=aspect, code=item["code"], text=item["text"], variant=item.get("variant", "luring"),
                position=number, evidence=item.get("evidence"), machine_key=item.get("machine_key"),
                source=item.get("source", "F-02 (transkripsi pihak ketiga)"),
                **{f"level_{score}": levels[score] for score in range(6)},
            ))
            added += 1
    for code, label, low, high in data.get("bands", []):
        if _one(PekpppBand, instrument_id=instrument.id, code=code) is None:
            db.session.add(PekpppBand(instrument=instrument, code=code, label=label,
                                      min_score=decimal.Decimal(low), max_score=decimal.Decimal(high)))
            added += 1
    db.session.flush()
    return added


def seed_mcp(data):
    """Add the MCP indicators and evidence checklist items of ``data`` that are missing."""
    added = 0
    for position, item in enumerate(data["indicators"], start=1):
        indicator = _one(McpIndicator, year=data["year"], code=item["code"])
        if indicator is None:
            indicator = McpIndicator(
                year=data["year"], area=data["area"], code=item["code"], text=item["text"],
                score_levels=item.get("score_levels"), position=position, is_example=True, note=data.get("note"),
            )
            db.session.add(indicator)
            db.session.flush()
            added += 1
        for number, (code, text, source) in enumerate(item["evidence"], start=1):
            if _one(McpEvidenceItem, indicator_id=indicator.id, code=code) is None:
                db.session.add(McpEvidenceItem(indicator=indicator, code=code, text=text, position=number, pantau_source=source))
                added += 1
    db.session.flush()
    return added


def seed_catalogues():
    """Load every shipped catalogue; safe to run again (adds only what is missing). Returns the rows added."""
    added = sum(seed_pekppp(_read(name)) for name in PEKPPP_FILES)
    added += sum(seed_mcp(_read(name)) for name in MCP_FILES)
    return added


def instrument_for(year):
    """The PEKPPP instrument in force in ``year``: the latest one not newer than it."""
    query = select(PekpppInstrument).where(PekpppInstrument.year <= year).order_by(PekpppInstrument.year.desc())
    return db.session.execute(query.limit(1)).scalar_one_or_none()


def mcp_year_for(year):
    query = select(McpIndicator.year).where(McpIndicator.year <= year).order_by(McpIndicator.year.desc())
    return db.session.execute(query.limit(1)).scalar_one_or_none()


def _title(sheet, formats, title, subtitle, period):
    """Title, subtitle and the build's cut-off (D15: stated on every sheet of a report)."""
    sheet.write_string(0, 0, title, formats["title"])
    sheet.write_string(1, 0, subtitle, formats["subtitle"])
    sheet.write_string(2, 0, cutoff_label(cutoff(period)), formats["bold"])


@section("pekppp_catalogue", _l("Instrumen PEKPPP"), position=80)
def pekppp_catalogue_sheets(workbook, scope_node, period, language):
    """The PEKPPP instrument of the period's year: aspects with weights, indicators with 0-5 descriptors, IPP bands."""
    formats = workbook.pantau_formats
    instrument = instrument_for(period.year)
    sheet = workbook.add_worksheet(_("Instrumen PEKPPP")[:31])
    print_setup(sheet, title=_("Instrumen PEKPPP"))
    if instrument is None:
        _title(sheet, formats, _("Instrumen PEKPPP"), _("Belum ada instrumen PEKPPP untuk tahun %(year)s.", year=period.year), period)
        return {"title": _("Instrumen PEKPPP"), "headlines": [], "notes": [_("Belum ada instrumen PEKPPP untuk tahun %(year)s.", year=period.year)]}
    _title(sheet, formats, f"{instrument.name}", instrument.legal_basis or "", period)
    aspects = list(instrument.aspects)
    row = write_table(
        sheet,
        [(_("Kode"), "text"), (_("Aspek"), "wrap"), (_("Bobot (%)"), "dec2"),
         (_("Indikator luring"), "int"), (_("Indikator daring"), "int"), (_("Indikator tercatat"), "int")],
        ([a.code, a.name, a.weight, a.indicators_luring, a.indicators_daring, len(a.indicators)] for a in aspects),
        formats, first_row=3, widths={1: 40},
    )
    total_weight = sum((decimal.Decimal(a.weight) for a in aspects), decimal.Decimal(0))
    write_cell(sheet, row, 1, _("Jumlah bobot"), formats, formats["bold"])
    write_cell(sheet, row, 2, total_weight, formats)

    indicators = [indicator for aspect in aspects for indicator in aspect.indicators]
    detail = workbook.add_worksheet(_("Indikator PEKPPP")[:31])
    print_setup(detail, title=_("Indikator PEKPPP"))
    _title(detail, formats, _("Indikator dan aturan skor 0-5"), instrument.note or "", period)
    write_table(
        detail,
        [(_("Aspek"), "text"), (_("Kode"), "text"), (_("Indikator"), "wrap"), (_("Varian"), "text")]
        + [(_("Skor %(n)s", n=score), "wrap") for score in range(6)]
        + [(_("Bukti dukung"), "wrap"), (_("Kunci hitung Pantau"), "text")],
        ([i.aspect.code, i.code, i.text, i.variant] + i.levels() + [i.evidence, i.machine_key] for i in indicators),
        formats, first_row=3, widths={2: 40, 4: 22, 5: 22, 6: 22, 7: 22, 8: 22, 9: 22, 10: 30},
    )
    bands = workbook.add_worksheet(_("Kategori IPP")[:31])
    _title(bands, formats, _("Kategori Indeks Pelayanan Publik"), _("Rentang belum terkonfirmasi; dapat diubah Admin Sistem."), period)
    write_table(bands, [(_("Kategori"), "text"), (_("Keterangan"), "text"), (_("Dari"), "dec2"), (_("Sampai"), "dec2")],
                ([b.code, b.label, b.min_score, b.max_score] for b in instrument.bands), formats, first_row=3)
    return {
        "title": _("Instrumen PEKPPP"),
        "headlines": [
            {"label": _("Tahun instrumen"), "value": instrument.year},
            {"label": _("Jumlah aspek"), "value": len(aspects)},
            {"label": _("Jumlah bobot (%)"), "value": f"{total_weight:.2f}"},
            {"label": _("Indikator tercatat"), "value": len(indicators)},
            {"label": _("Indikator yang dihitung Pantau"), "value": sum(1 for i in indicators if i.machine_key)},
        ],
        "notes": [],
    }


@section("mcp_catalogue", _l("Katalog dan Bukti MCP/MCSP"), position=90)
def mcp_catalogue_sheets(workbook, scope_node, period, language):
    """The MCP catalogue of the period's year with the evidence status of the scope node's instansi."""
    formats = workbook.pantau_formats
    instansi = scope_node.instansi
    year = mcp_year_for(period.year)
    indicators = []
    if year is not None:
        indicators = list(db.session.execute(
            select(McpIndicator).where(McpIndicator.year == year).order_by(McpIndicator.area, McpIndicator.position)
        ).scalars())
    evidence = {
        row.item_id: row
        for row in db.session.execute(select(McpEvidence).where(McpEvidence.instansi_id == instansi.id)).scalars()
    }
    sheet = workbook.add_worksheet(_("Bukti MCP")[:31])
    print_setup(sheet, title=_("Bukti MCP"))
    subtitle = instansi.name + (f" - {_('katalog tahun %(year)s', year=year)}" if year else "")
    _title(sheet, formats, _("Katalog dan Bukti MCP/MCSP"), subtitle, period)
    items = [(indicator, item) for indicator in indicators for item in indicator.evidence_items]
    counts = {status: 0 for status in EvidenceStatus}

    def rows():
        for indicator, item in items:
            found = evidence.get(item.id)
            status = found.status if found else EvidenceStatus.MISSING
            counts[status] += 1
            yield [indicator.area, indicator.code, indicator.text, item.code, item.text, str(status),
                   found.note if found else None, found.file_name if found else None,
                   found.updated_at if found else None, _("Contoh") if indicator.is_example else ""]

    write_table(
        sheet,
        [(_("Area"), "text"), (_("Kode"), "text"), (_("Indikator"), "wrap"), (_("Kode bukti"), "text"),
         (_("Bukti"), "wrap"), (_("Status"), "text"), (_("Catatan"), "wrap"), (_("Berkas"), "text"),
         (_("Diperbarui"), "datetime"), (_("Katalog"), "text")],
        rows(), formats, first_row=3, widths={2: 40, 4: 40, 6: 30},
    )
    done = counts[EvidenceStatus.COMPLETE] + counts[EvidenceStatus.VERIFIED]
    notes = []
    if any(indicator.is_example for indicator in indicators):
        notes.append(_("Katalog berisi indikator contoh yang perlu disesuaikan dengan indikator resmi."))
    return {
        "title": _("Katalog dan Bukti MCP/MCSP"),
        "headlines": [
            {"label": _("Indikator"), "value": len(indicators)},
            {"label": _("Butir bukti"), "value": len(items)},
            {"label": _("Bukti lengkap atau terverifikasi"), "value": done},
            {"label": _("Bukti belum ada"), "value": counts[EvidenceStatus.MISSING]},
        ],
        "notes": notes,
    }
