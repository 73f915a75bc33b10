"""The berita acara of a forum, generated from its record as a printable PDF (A4, Indonesian).

The document is an official record in Indonesian whatever the reader's
interface language, so its strings are rendered with the Indonesian locale
forced. It holds the forum data, the participants grouped by unsur
masyarakat, the agreements, and signature blocks for the provider's and the
community's representatives. After signing, its scan is uploaded back as a
document of kind "berita acara bertanda tangan".
"""
import unicodedata

from babel.dates import format_date
from flask_babel import force_locale, gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlalchemy import select

from app.extensions import db
from app.models.fkp import FkpElement, FkpParticipant

# Characters outside Latin-1 that the PDF core fonts cannot draw, mapped to their nearest look-alike.
_REPLACEMENTS = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "..."}


def pdf_text(value):
    """``value`` as text the PDF core fonts can draw (Latin-1), accents kept where possible."""
    text = "" if value is None else str(value)
    for char, replacement in _REPLACEMENTS.items():
        text = text.replace(char, replacement)
    if all(ord(c) < 256 for c in text):
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(c if ord(c) < 256 else (unicodedata.normalize("NFKD", c)[0] if ord(unicodedata.normalize("NFKD", c)[0]) < 256 else "?") for c in text)


def long_date(value):
    return format_date(value, "EEEE, d MMMM y", locale="id") if value else "-"


def participants_by_element(forum):
    """[(element, [participants])] in the instansi's element order; only elements with participants."""
    rows = db.session.execute(
        select(FkpParticipant, FkpElement)
        .join(FkpElement, FkpElement.id == FkpParticipant.element_id)
        .where(FkpParticipant.forum_id == forum.id)
        .order_by(FkpElement.position, FkpElement.name, FkpParticipant.name)
    ).all()
    groups = []
    for participant, element in rows:
        if not groups or groups[-1][0].id != element.id:
            groups.append((element, []))
        groups[-1][1].append(participant)
    return groups


class _Document(FPDF):
    def __init__(self, footer_text):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(20, 18, 20)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 6, pdf_text(f"{self.footer_text} - {self.page_no()}/{{nb}}"), align="C")

    def heading(self, text):
        self.ln(3)
        self.set_font("Helvetica", "B", 11)
        self.cell(0, 7, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("Helvetica", "", 10)

    def paragraph(self, text):
        self.set_font("Helvetica", "", 10)
        self.multi_cell(0, 5.5, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grid(self, header, rows, widths):
        self.set_font("Helvetica", "", 9)
        with self.table(col_widths=widths, text_align="LEFT", line_height=5.5, first_row_as_headings=True) as table:
            for row in [header] + rows:
                cells = table.row()
                for value in row:
                    cells.cell(pdf_text(value))
        self.set_font("Helvetica", "", 10)


def render_pdf(forum):
    """The berita acara of ``forum`` as PDF bytes."""
    with force_locale("id"):
        return bytes(_render(forum))


def _render(forum):
    unit = forum.unit
    instansi = unit.instansi
    pdf = _Document(_("Berita Acara Forum Konsultasi Publik"))
    pdf.set_title(pdf_text(_("Berita Acara Forum Konsultasi Publik") + f" - {forum.topic}"))
    pdf.set_creator("Pantau")
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 7, pdf_text(_("BERITA ACARA")), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 7, pdf_text(_("FORUM KONSULTASI PUBLIK")), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 6, pdf_text(unit.name.upper()), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, pdf_text(instansi.name), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    where = forum.place or forum.meeting_link or "-"
    pdf.paragraph(_("Pada hari ini, %(date)s, bertempat di %(place)s, telah dilaksanakan Forum Konsultasi Publik "
                    "dengan keterangan sebagai berikut:", date=long_date(forum.held_on), place=where))
    time_text = "-"
    if forum.start_time:
        time_text = forum.start_time.replace(":", ".")
        time_text += (" - " + forum.end_time.replace(":", ".")) if forum.end_time else ""
        time_text += " " + _("WIB")
    details = [
        (_("Unit layanan"), unit.name),
        (_("Perangkat daerah"), unit.parent.name if unit.parent else "-"),
        (_("Jenis layanan"), forum.service_type.name if forum.service_type else "-"),
        (_("Topik"), forum.topic),
        (_("Tujuan"), forum.purpose.label),
        (_("Bentuk"), forum.form.label),
        (_("Metode"), forum.method.label),
        (_("Hari, tanggal"), long_date(forum.held_on)),
        (_("Waktu"), time_text),
        (_("Tempat"), forum.place or "-"),
        (_("Tautan rapat"), forum.meeting_link or "-"),
        (_("Fasilitator/moderator"), forum.facilitator or "-"),
        (_("Notulis"), forum.note_taker or "-"),
    ]
    pdf.set_font("Helvetica", "", 10)
    for label, value in details:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(50, 5.5, pdf_text(label))
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5.5, pdf_text(f": {value}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if forum.description:
        pdf.heading(_("Uraian"))
        pdf.paragraph(forum.description)

    groups = participants_by_element(forum)
    community = [(element, people) for element, people in groups if not element.is_provider]
    attended_elements = sum(1 for _element, people in community if any(p.attended for p in people))
    pdf.heading(_("A. Peserta menurut unsur"))
    if not groups:
        pdf.paragraph(_("Belum ada peserta yang dicatat."))
    for element, people in groups:
        present = sum(1 for p in people if p.attended)
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 6, pdf_text(_("Unsur %(element)s (%(present)s dari %(total)s hadir)",
                                  element=element.name, present=present, total=len(people))),
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        rows = [[str(i), p.name, p.organisation or "-", _("Hadir") if p.attended else _("Tidak hadir")]
                for i, p in enumerate(people, start=1)]
        pdf.grid([_("No"), _("Nama"), _("Organisasi/lembaga"), _("Kehadiran")], rows, (10, 60, 70, 30))
        pdf.ln(2)
    pdf.paragraph(_("Jumlah unsur masyarakat yang hadir (selain penyelenggara): %(count)s.", count=attended_elements))

    pdf.heading(_("B. Kesepakatan"))
    if forum.agreements:
        rows = [[str(i), a.text, a.follow_up or "-", a.owner or "-", format_date(a.due_date, "d MMMM y", locale="id") if a.due_date else "-"]
                for i, a in enumerate(forum.agreements, start=1)]
        pdf.grid([_("No"), _("Kesepakatan"), _("Rencana tindak lanjut"), _("Penanggung jawab"), _("Batas waktu")],
                 rows, (10, 55, 50, 30, 25))
    else:
        pdf.paragraph(_("Belum ada kesepakatan yang dicatat."))
    pdf.ln(3)
    pdf.paragraph(_("Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya."))

    pdf.heading(_("C. Tanda tangan"))
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(85, 6, pdf_text(_("Wakil Penyelenggara")), align="C")
    pdf.cell(85, 6, pdf_text(_("Wakil Masyarakat")), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(85, 6, pdf_text(unit.name), align="C")
    first_rep = next((p for _e, people in community for p in people if p.attended), None)
    pdf.cell(85, 6, pdf_text(first_rep.element.name if first_rep else ""), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(18)
    provider_name = forum.provider_signatory or unit.head_name or "(......................................)"
    pdf.set_font("Helvetica", "BU", 10)
    pdf.cell(85, 6, pdf_text(provider_name), align="C")
    pdf.cell(85, 6, pdf_text(first_rep.name if first_rep else "(......................................)"), align="C",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 9)
    position = forum.provider_signatory_position or unit.head_position or ""
    if not forum.provider_signatory and unit.head_nip:
        position = f"{position} NIP {unit.head_nip}".strip()
    pdf.cell(85, 5, pdf_text(position), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    representatives = [(element, p) for element, people in community for p in people if p.attended]
    if representatives:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 6, pdf_text(_("Perwakilan unsur masyarakat yang hadir")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        rows = [[str(i), p.name, element.name, f"{i}. ................"] for i, (element, p) in enumerate(representatives, start=1)]
        pdf.grid([_("No"), _("Nama"), _("Unsur"), _("Tanda tangan")], rows, (10, 65, 55, 40))
    pdf.ln(3)
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(0, 5, pdf_text(_("Lampiran: daftar hadir, notulen dan dokumentasi kegiatan.")),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf.output()


def download_name(forum):
    date = forum.held_on.isoformat() if forum.held_on else "tanpa-tanggal"
    return f"berita-acara-fkp-{forum.unit.code.lower()}-{date}-{forum.id}.pdf"
