"""Writes the default Word templates shipped in app/documents/templates_docx/ (python-docx), byte for byte the same each run.

Run after changing a template's layout here, then commit the .docx files:

    .venv/bin/python -m app.documents.default_templates

The placeholders are docxtpl's Jinja2: ``{{ x }}`` for a value, ``{%tr for ... %}`` rows for table loops,
``{%p for ... %}`` paragraphs for paragraph loops, and images given as InlineImage values. The list of
placeholders each kind offers is in README.md ("Dokumen Word").
"""
import datetime
import io
import os
import sys
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT  # noqa: F401  (kept for layout edits)
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FOLDER = os.path.join(os.path.dirname(__file__), "templates_docx")
FIXED_TIME = datetime.datetime(2026, 1, 1)


class Writer:
    """A small vocabulary over python-docx for Pantau's templates."""

    def __init__(self, title):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        style = self.doc.styles["Normal"]
        style.font.name = "Liberation Serif"
        style.font.size = Pt(11)
        style.paragraph_format.space_after = Pt(4)
        for level in (1, 2):
            heading = self.doc.styles[f"Heading {level}"]
            heading.font.name = "Liberation Sans"
            heading.font.size = Pt(14 if level == 1 else 12)
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by = title, "Pantau", "Pantau"
        props.created = props.modified = FIXED_TIME
        props.revision = 1

    def letterhead(self):
        """The kop surat in the page header: instansi, the node, address and contact, a rule below."""
        header = self.doc.sections[0].header
        first = header.paragraphs[0]
        self._run(first, "{{ kop.instansi }}", bold=True, size=13)
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text, bold, size in (("{{ kop.nama }}", True, 12), ("{{ kop.alamat }}", False, 9),
                                 ("{{ kop.kontak }}", False, 9)):
            paragraph = header.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            self._run(paragraph, text, bold=bold, size=size)
        self._rule(header.paragraphs[-1])
        footer = self.doc.sections[0].footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(footer, "{{ judul }} - {{ nama }} - {{ periode }}", size=8)

    def _rule(self, paragraph):
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "double"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        border.append(bottom)
        paragraph._p.get_or_add_pPr().append(border)

    @staticmethod
    def _run(paragraph, text, bold=False, size=None, italic=False, underline=False):
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        return run

    def title(self, *lines):
        for index, text in enumerate(lines):
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(paragraph, text, bold=index < 2, size=14 if index == 0 else 12)

    def heading(self, text, level=1):
        self.doc.add_heading(text, level=level)

    def para(self, text, bold=False, align=None, italic=False, size=None):
        paragraph = self.doc.add_paragraph()
        self._run(paragraph, text, bold=bold, italic=italic, size=size)
        if align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "justify":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return paragraph

    def bullets(self, loop, item="{{ x }}", numbered=False):
        """A paragraph loop: one list paragraph per item of ``loop`` (``x`` is the item)."""
        self.doc.add_paragraph("{%p for x in " + loop + " %}")
        self.doc.add_paragraph(item, style="List Number" if numbered else "List Bullet")
        self.doc.add_paragraph("{%p endfor %}")

    def fields(self, rows):
        """A two-column table of label : value, without borders."""
        table = self.doc.add_table(rows=0, cols=2)
        for label, value in rows:
            cells = table.add_row().cells
            self._run(cells[0].paragraphs[0], label, bold=True)
            cells[1].paragraphs[0].add_run(": " + value)
        self.set_widths(table, (6.0, 10.0))
        self.doc.add_paragraph()

    def loop_table(self, headers, loop, cells, widths=None, empty=None):
        """A bordered table with a header row and one row per item of ``loop`` (``r`` is the item)."""
        if empty:
            self.doc.add_paragraph("{%p if not " + loop + " %}")
            self.para(empty, italic=True)
            self.doc.add_paragraph("{%p endif %}")
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, header in enumerate(headers):
            self._run(table.rows[0].cells[index].paragraphs[0], header, bold=True, size=10)
        table.rows[1].cells[0].paragraphs[0].add_run("{%tr for r in " + loop + " %}")
        for index, cell in enumerate(cells):
            self._run(table.rows[2].cells[index].paragraphs[0], cell, size=10)
        table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
        self.set_widths(table, widths or self.auto_widths(headers))
        self.doc.add_paragraph()

    @staticmethod
    def auto_widths(headers, total=16.0):
        """A narrow "No" column; the text width shared by the others."""
        narrow = [1.0 if header == "No" else None for header in headers]
        rest = (total - sum(w for w in narrow if w)) / max(1, sum(1 for w in narrow if w is None))
        return [w or rest for w in narrow]

    @staticmethod
    def set_widths(table, widths):
        """Column widths in cm, written to the grid and to every cell (LibreOffice reads the grid, Word the cells)."""
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)

    def image(self, name, caption):
        paragraph = self.para("{{ " + name + " }}", align="center")
        paragraph.paragraph_format.keep_with_next = True
        self.para(caption, italic=True, align="center", size=9)

    def signatures(self, blocks, place=True):
        """Signature blocks side by side: (top line, role line, name, NIP/extra line) each."""
        if place:
            self.para("{{ tempat_tanggal }}", align="right").paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=1, cols=len(blocks))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        self.set_widths(table, [16.0 / len(blocks)] * len(blocks))
        for cell, (top, role, name, extra) in zip(table.rows[0].cells, blocks):
            first = cell.paragraphs[0]
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(first, top, bold=True)
            for text, bold, underline in ((role, False, False), ("", False, False), ("", False, False),
                                          ("", False, False), (name, True, True), (extra, False, False)):
                paragraph = cell.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.space_after = Pt(0)
                self._run(paragraph, text, bold=bold, underline=underline)

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def save(self, path):
        """Save with fixed zip entry times, so the same script writes the same bytes."""
        buffer = io.BytesIO()
        self.doc.save(buffer)
        buffer.seek(0)
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
                fixed.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(fixed, source.read(info.filename))


SIGNATORY = [("{{ penandatangan.jabatan }}", "{{ nama }}", "{{ penandatangan.nama }}", "{{ penandatangan.nip_baris }}")]
OVERDUE_WIDTHS = (1.0, 2.9, 2.8, 2.8, 2.2, 2.2, 2.1)  # cm: the overdue lists of the Rekap SP4N


def issues_section(w, heading, level=1):
    """The ranked priority issues (``isu``) and what their actions achieved (``isu_tindak_lanjut``)."""
    w.heading(heading, level)
    w.para("Isu diperingkat dengan skor = jumlah pengaduan × faktor tren × faktor keterlambatan × faktor SKM (aturan "
           "lengkap pada lembar Isu Prioritas paket kepatuhan). Kolom Lalu: jumlah pengaduan periode sebelumnya.",
           align="justify")
    w.loop_table(["No", "Isu", "Jumlah", "Lalu", "Terlambat", "Unsur SKM (NRR)", "Unit terbanyak"], "isu",
                 ["{{ r.peringkat }}", "{{ r.nama }}", "{{ r.jumlah }}", "{{ r.sebelumnya }}", "{{ r.terlambat }}",
                  "{{ r.unsur }}", "{{ r.unit }}"], widths=(1.0, 3.2, 1.7, 1.6, 2.1, 3.5, 3.4),
                 empty="Belum ada pengaduan bertopik pada periode ini.")
    w.bullets("isu_tindak_lanjut")


def laporan_skm():
    w = Writer("Laporan Hasil Survei Kepuasan Masyarakat")
    w.letterhead()
    w.title("LAPORAN HASIL", "SURVEI KEPUASAN MASYARAKAT (SKM)", "{{ nama }}", "{{ periode }}")
    w.para("")
    w.para("{{ kop.instansi }}", bold=True, align="center")
    w.para("Tahun {{ tahun }}", align="center")
    w.para("{{ keadaan_per }}", italic=True, align="center", size=9)
    w.page_break()

    w.heading("BAB I PENDAHULUAN")
    w.heading("1.1 Latar Belakang", 2)
    w.para("Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik mewajibkan penyelenggara pelayanan publik "
           "melakukan penilaian kinerja secara berkala. Survei Kepuasan Masyarakat (SKM) merupakan kegiatan pengukuran "
           "secara komprehensif tentang tingkat kepuasan masyarakat terhadap kualitas layanan yang diberikan oleh "
           "{{ nama }}. Hasil survei menjadi bahan perbaikan pelayanan secara berkelanjutan.", align="justify")
    w.heading("1.2 Dasar Hukum", 2)
    w.bullets("dasar_hukum", numbered=True)
    w.heading("1.3 Maksud dan Tujuan", 2)
    w.bullets("tujuan")
    w.heading("1.4 Jenis Layanan", 2)
    w.para("Jenis layanan yang disurvei pada {{ nama }}:")
    w.bullets("layanan")

    w.heading("BAB II PENGUMPULAN DATA")
    w.heading("2.1 Pelaksana SKM", 2)
    w.loop_table(["Nama", "Peran"], "tim", ["{{ r.nama }}", "{{ r.peran }}"], widths=(8, 8))
    w.heading("2.2 Metode Pengumpulan Data", 2)
    w.para("{{ metode }}", align="justify")
    w.heading("2.3 Lokasi dan Waktu Pengumpulan Data", 2)
    w.para("Pengumpulan data dilaksanakan di {{ tempat }} pada {{ waktu }}.", align="justify")
    w.heading("2.4 Populasi dan Sampel", 2)
    w.fields([("Populasi (N)", "{{ populasi }} orang"),
              ("Sampel minimal (Krejcie-Morgan)", "{{ sampel_minimal }} responden"),
              ("Responden terkumpul", "{{ responden }} responden")])
    w.para("{{ kalimat_sampel }}", align="justify")
    w.heading("2.5 Kuesioner", 2)
    w.para("Kuesioner memuat {{ kuesioner|length }} unsur pelayanan sesuai PermenPANRB Nomor 14 Tahun 2017, masing-masing "
           "dengan empat pilihan jawaban bernilai 1 sampai 4 (rincian pada Lampiran 1).", align="justify")
    w.loop_table(["No", "Unsur", "Bobot"], "kuesioner", ["{{ r.no }}", "{{ r.nama }}", "{{ r.bobot }}"], widths=(1.2, 11, 3.5))

    w.heading("BAB III HASIL PENGOLAHAN DATA")
    w.heading("3.1 Profil Responden", 2)
    w.doc.add_paragraph("{%p for p in profil %}")
    w.para("{{ p.judul }}", bold=True)
    table = w.doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for index, header in enumerate(("Kategori", "Jumlah", "Persentase")):
        w._run(table.rows[0].cells[index].paragraphs[0], header, bold=True, size=10)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for r in p.baris %}")
    for index, cell in enumerate(("{{ r.kategori }}", "{{ r.jumlah }}", "{{ r.persen }}")):
        w._run(table.rows[2].cells[index].paragraphs[0], cell, size=10)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    w.set_widths(table, (8.0, 4.0, 4.0))
    w.doc.add_paragraph("{%p endfor %}")
    w.heading("3.2 Nilai Rata-rata per Unsur", 2)
    w.loop_table(["No", "Unsur", "NRR", "Bobot", "NRR tertimbang", "Nilai (x25)", "Mutu"], "unsur",
                 ["{{ r.no }}", "{{ r.nama }}", "{{ r.nrr }}", "{{ r.bobot }}", "{{ r.nrr_tertimbang }}",
                  "{{ r.nilai }}", "{{ r.mutu }}"], widths=(1, 5.5, 1.8, 1.8, 2.4, 2, 1.5))
    w.fields([("Jumlah NRR tertimbang", "{{ nrr_tertimbang }}"),
              ("IKM (NRR tertimbang x 25)", "{{ ikm }}"),
              ("Mutu pelayanan", "{{ mutu }} ({{ mutu_label }})")])
    w.image("grafik_nrr", "Grafik 1. Nilai per unsur pelayanan (NRR x 25)")
    w.doc.add_paragraph("{%p if gabungan %}")
    w.heading("3.3 IKM per Unit Layanan", 2)
    w.para("IKM gabungan di atas dihitung dari seluruh responden (utama); rata-rata IKM unit sebagai pembanding: "
           "{{ ikm_rata_rata }} ({{ mutu_rata_rata }}).", align="justify")
    w.loop_table(["No", "Unit layanan", "Perangkat daerah", "Responden", "IKM", "Mutu"], "unit_dinilai",
                 ["{{ r.no }}", "{{ r.nama }}", "{{ r.opd }}", "{{ r.responden }}", "{{ r.ikm }}", "{{ r.mutu }}"],
                 widths=(1, 5.0, 4.1, 2.5, 1.8, 1.6))
    w.image("grafik_unit", "Grafik 2. IKM per unit layanan")
    w.doc.add_paragraph("{%p endif %}")

    w.heading("BAB IV ANALISIS HASIL SKM")
    w.heading("4.1 Unsur Terkuat dan Terlemah", 2)
    w.para("Unsur dengan nilai tertinggi:")
    w.bullets("terkuat", "{{ x.nama }} ({{ x.nilai }})")
    w.para("Unsur dengan nilai terendah, yang menjadi prioritas perbaikan:")
    w.bullets("terlemah", "{{ x.nama }} ({{ x.nilai }})")
    w.heading("4.2 Perbandingan dengan Periode Sebelumnya", 2)
    w.loop_table(["Periode", "IKM", "Mutu"], "perbandingan", ["{{ r.periode }}", "{{ r.ikm }}", "{{ r.mutu }}"],
                 empty="Belum ada hasil periode sebelumnya untuk dibandingkan.")
    w.heading("4.3 Rencana Tindak Lanjut", 2)
    w.loop_table(["Unsur", "Kegiatan", "Penanggung jawab", "Tenggat", "Status"], "rtl",
                 ["{{ r.unsur }}", "{{ r.kegiatan }}", "{{ r.penanggung_jawab }}", "{{ r.tenggat }}", "{{ r.status }}"],
                 empty="Belum ada rencana tindak lanjut yang dicatat.")
    issues_section(w, "4.4 Isu Prioritas dari Pengaduan", level=2)

    w.heading("BAB V KESIMPULAN")
    w.bullets("kesimpulan")
    w.para("")
    w.signatures(SIGNATORY)
    w.page_break()

    w.heading("LAMPIRAN")
    w.heading("Lampiran 1. Kuesioner", 2)
    w.loop_table(["No", "Unsur", "a (1)", "b (2)", "c (3)", "d (4)"], "kuesioner",
                 ["{{ r.no }}", "{{ r.nama }}", "{{ r.pilihan[0] }}", "{{ r.pilihan[1] }}", "{{ r.pilihan[2] }}",
                  "{{ r.pilihan[3] }}"])
    w.heading("Lampiran 2. Rekapitulasi Data", 2)
    w.loop_table(["Unsur", "Jawaban 1", "Jawaban 2", "Jawaban 3", "Jawaban 4", "Kosong"], "rekap_data",
                 ["{{ r.nama }}", "{{ r.n1 }}", "{{ r.n2 }}", "{{ r.n3 }}", "{{ r.n4 }}", "{{ r.kosong }}"])
    w.heading("Lampiran 3. Dokumentasi", 2)
    w.doc.add_paragraph("{%p if not foto %}")
    w.para("Belum ada dokumentasi yang diunggah.", italic=True)
    w.doc.add_paragraph("{%p endif %}")
    w.doc.add_paragraph("{%p for f in foto %}")
    w.para("{{ f.gambar }}", align="center")
    w.para("{{ f.keterangan }}", italic=True, align="center", size=9)
    w.doc.add_paragraph("{%p endfor %}")
    return w


def laporan_fkp():
    w = Writer("Laporan Pelaksanaan Forum Konsultasi Publik")
    w.letterhead()
    w.title("LAPORAN PELAKSANAAN", "FORUM KONSULTASI PUBLIK", "{{ nama }}", "{{ forum.tanggal }}")
    w.para("{{ keadaan_per }}", italic=True, align="center", size=9)
    w.heading("A. Pendahuluan")
    w.para("Forum Konsultasi Publik (FKP) dilaksanakan berdasarkan Peraturan Menteri PANRB Nomor 16 Tahun 2017 tentang "
           "Pedoman Penyelenggaraan Forum Konsultasi Publik di Lingkungan Unit Penyelenggara Pelayanan Publik.",
           align="justify")
    w.fields([("Topik", "{{ forum.topik }}"), ("Tujuan", "{{ forum.tujuan }}"),
              ("Jenis layanan", "{{ forum.jenis_layanan }}"), ("Bentuk", "{{ forum.bentuk }}"),
              ("Metode", "{{ forum.metode }}"), ("Hari, tanggal", "{{ forum.hari_tanggal }}"),
              ("Waktu", "{{ forum.waktu }}"), ("Tempat", "{{ forum.tempat }}"),
              ("Fasilitator", "{{ forum.fasilitator }}"), ("Notulis", "{{ forum.notulis }}"),
              ("Nomor berita acara", "{{ nomor_ba }}")])
    w.para("{{ forum.uraian }}", align="justify")
    w.heading("B. Tahapan Pelaksanaan")
    w.loop_table(["Tahap", "Tanggal", "Keterangan"], "tahapan", ["{{ r.tahap }}", "{{ r.tanggal }}", "{{ r.keterangan }}"],
                 widths=(3.6, 4.4, 8))
    w.heading("C. Peserta")
    w.loop_table(["Unsur", "Diundang", "Hadir"], "peserta_unsur", ["{{ r.unsur }}", "{{ r.diundang }}", "{{ r.hadir }}"])
    w.para("Jumlah unsur masyarakat yang hadir (selain penyelenggara): {{ unsur_masyarakat_hadir }}.")
    w.loop_table(["No", "Nama", "Unsur", "Organisasi/lembaga", "Kehadiran"], "peserta",
                 ["{{ r.no }}", "{{ r.nama }}", "{{ r.unsur }}", "{{ r.organisasi }}", "{{ r.hadir }}"],
                 empty="Belum ada peserta yang dicatat.")
    w.heading("D. Kesepakatan dan Tindak Lanjut")
    w.loop_table(["No", "Kesepakatan", "Rencana tindak lanjut", "Penanggung jawab", "Batas waktu", "Status"],
                 "kesepakatan", ["{{ r.no }}", "{{ r.teks }}", "{{ r.tindak_lanjut }}", "{{ r.penanggung_jawab }}",
                                 "{{ r.tenggat }}", "{{ r.status }}"], widths=(1, 4.5, 3.5, 2.8, 2.4, 1.8),
                 empty="Belum ada kesepakatan yang dicatat.")
    w.heading("E. Penutup")
    w.bullets("kesimpulan")
    w.signatures(SIGNATORY)
    w.heading("Lampiran. Dokumentasi")
    w.doc.add_paragraph("{%p if not foto %}")
    w.para("Belum ada foto kegiatan yang diunggah.", italic=True)
    w.doc.add_paragraph("{%p endif %}")
    w.doc.add_paragraph("{%p for f in foto %}")
    w.para("{{ f.gambar }}", align="center")
    w.para("{{ f.keterangan }}", italic=True, align="center", size=9)
    w.doc.add_paragraph("{%p endfor %}")
    return w


def berita_acara():
    w = Writer("Berita Acara Forum Konsultasi Publik")
    w.letterhead()
    w.title("BERITA ACARA", "FORUM KONSULTASI PUBLIK", "Nomor: {{ nomor }}")
    w.para("Pada hari ini, {{ forum.hari_tanggal }}, bertempat di {{ forum.tempat }}, telah dilaksanakan Forum "
           "Konsultasi Publik {{ nama }} dengan keterangan sebagai berikut:", align="justify")
    w.fields([("Topik", "{{ forum.topik }}"), ("Tujuan", "{{ forum.tujuan }}"),
              ("Jenis layanan", "{{ forum.jenis_layanan }}"), ("Bentuk / metode", "{{ forum.bentuk }} / {{ forum.metode }}"),
              ("Waktu", "{{ forum.waktu }}"), ("Fasilitator", "{{ forum.fasilitator }}"),
              ("Notulis", "{{ forum.notulis }}")])
    w.heading("A. Peserta menurut unsur", 2)
    w.loop_table(["Unsur", "Diundang", "Hadir"], "peserta_unsur", ["{{ r.unsur }}", "{{ r.diundang }}", "{{ r.hadir }}"],
                 empty="Belum ada peserta yang dicatat.")
    w.para("Jumlah unsur masyarakat yang hadir (selain penyelenggara): {{ unsur_masyarakat_hadir }}.")
    w.loop_table(["No", "Nama", "Unsur", "Organisasi/lembaga", "Kehadiran"], "peserta",
                 ["{{ r.no }}", "{{ r.nama }}", "{{ r.unsur }}", "{{ r.organisasi }}", "{{ r.hadir }}"])
    w.heading("B. Kesepakatan", 2)
    w.para("Forum menghasilkan kesepakatan sebagai berikut:")
    w.loop_table(["No", "Kesepakatan", "Rencana tindak lanjut", "Penanggung jawab", "Batas waktu"], "kesepakatan",
                 ["{{ r.no }}", "{{ r.teks }}", "{{ r.tindak_lanjut }}", "{{ r.penanggung_jawab }}", "{{ r.tenggat }}"],
                 widths=(1, 6, 4.5, 3, 2.5), empty="Belum ada kesepakatan yang dicatat.")
    w.para("Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.", align="justify")
    w.signatures([
        ("Wakil Penyelenggara", "{{ ttd_penyelenggara.jabatan }}", "{{ ttd_penyelenggara.nama }}",
         "{{ ttd_penyelenggara.nip_baris }}"),
        ("Wakil Masyarakat", "{{ ttd_masyarakat.unsur }}", "{{ ttd_masyarakat.nama }}", ""),
    ])
    w.para("")
    w.signatures([("Mengetahui,", "{{ ttd_mengetahui.jabatan }}", "{{ ttd_mengetahui.nama }}",
                   "{{ ttd_mengetahui.nip_baris }}")], place=False)
    w.para("")
    w.para("Perwakilan unsur masyarakat yang hadir:", bold=True)
    w.loop_table(["No", "Nama", "Unsur", "Tanda tangan"], "perwakilan",
                 ["{{ r.no }}", "{{ r.nama }}", "{{ r.unsur }}", "{{ r.no }}. ................"], widths=(1, 6, 5, 4))
    w.para("Lampiran: daftar hadir, notulen dan dokumentasi kegiatan.", italic=True, size=9)
    return w


def rekap_sp4n():
    w = Writer("Rekapitulasi Pengelolaan Pengaduan SP4N-LAPOR!")
    w.letterhead()
    w.title("REKAPITULASI PENGELOLAAN PENGADUAN", "SP4N-LAPOR!", "{{ nama }}", "{{ periode }}")
    w.para("{{ keadaan_per }}", italic=True, align="center", size=9)
    w.heading("A. Ringkasan")
    w.bullets("kalimat")
    w.fields([("Pengaduan diterima", "{{ angka.diterima }}"), ("Terverifikasi", "{{ angka.terverifikasi }}"),
              ("Terdisposisi", "{{ angka.terdisposisi }}"), ("Ditindaklanjuti", "{{ angka.ditindaklanjuti }}"),
              ("Selesai", "{{ angka.selesai }}"), ("Persentase ditindaklanjuti", "{{ angka.persen_ditindaklanjuti }}"),
              ("Persentase selesai", "{{ angka.persen_selesai }}"),
              ("Rata-rata hari kerja sampai tindak lanjut pertama", "{{ angka.hari_tindak_lanjut }}"),
              ("Rata-rata hari kerja sampai selesai", "{{ angka.hari_selesai }}")])
    w.heading("B. Ketepatan Tenggat")
    w.loop_table(["Tahap", "Tepat waktu", "Terlambat", "Belum jatuh tempo", "Persentase tepat waktu"], "ketepatan",
                 ["{{ r.tahap }}", "{{ r.tepat }}", "{{ r.terlambat }}", "{{ r.belum }}", "{{ r.persen }}"])
    w.heading("C. Sebaran Pengaduan")
    w.loop_table(["Status", "Jumlah"], "menurut_status", ["{{ r.nama }}", "{{ r.jumlah }}"])
    w.image("grafik_status", "Grafik 1. Pengaduan menurut status")
    w.loop_table(["Klasifikasi", "Jumlah"], "menurut_klasifikasi", ["{{ r.nama }}", "{{ r.jumlah }}"])
    w.loop_table(["Kanal", "Jumlah"], "menurut_kanal", ["{{ r.nama }}", "{{ r.jumlah }}"])
    w.heading("D. Perangkat Daerah")
    w.loop_table(["Perangkat daerah", "Pengaduan", "Terbuka", "Melewati tenggat"], "opd",
                 ["{{ r.nama }}", "{{ r.jumlah }}", "{{ r.terbuka }}", "{{ r.lewat_tenggat }}"],
                 empty="Belum ada pengaduan yang didisposisi ke perangkat daerah.")
    w.image("grafik_opd", "Grafik 2. Pengaduan menurut perangkat daerah")
    w.loop_table(["Peringkat", "Perangkat daerah", "Pengaduan", "Persen selesai", "Persen selesai tepat waktu"],
                 "peringkat", ["{{ r.peringkat }}", "{{ r.nama }}", "{{ r.jumlah }}", "{{ r.persen_selesai }}",
                               "{{ r.persen_tepat }}"], empty="Belum ada perangkat daerah dengan pengaduan yang cukup untuk diperingkat.")
    w.heading("E. Pengaduan Melewati Tenggat")
    # Wide enough for "Ditindaklanjuti", "Terverifikasi" and "Terlambat" whole at 10 pt (they broke mid-word).
    w.loop_table(["No", "Nomor", "Judul", "Status", "Diterima", "Tenggat", "Terlambat (hari)"], "lewat_tenggat",
                 ["{{ r.no }}", "{{ r.nomor }}", "{{ r.judul }}", "{{ r.status }}", "{{ r.diterima }}", "{{ r.tenggat }}",
                  "{{ r.terlambat }}"], widths=OVERDUE_WIDTHS,
                 empty="Tidak ada pengaduan yang melewati tenggat.")
    w.heading("F. Tunggakan Periode Sebelumnya")
    w.para("Pengaduan yang diterima sebelum periode ini dan masih melewati tenggat pada tanggal keadaan.")
    w.loop_table(["No", "Nomor", "Judul", "Status", "Diterima", "Tenggat", "Terlambat (hari)"], "tunggakan_lalu",
                 ["{{ r.no }}", "{{ r.nomor }}", "{{ r.judul }}", "{{ r.status }}", "{{ r.diterima }}", "{{ r.tenggat }}",
                  "{{ r.terlambat }}"], widths=OVERDUE_WIDTHS,
                 empty="Tidak ada tunggakan periode sebelumnya.")
    issues_section(w, "G. Isu Prioritas dan Tindak Lanjut")
    w.signatures(SIGNATORY)
    return w


TEMPLATES = {
    "laporan-skm": laporan_skm,
    "laporan-fkp": laporan_fkp,
    "berita-acara": berita_acara,
    "rekap-sp4n": rekap_sp4n,
}


def path_of(kind):
    return os.path.join(FOLDER, f"{kind}.docx")


def write_all(folder=FOLDER):
    os.makedirs(folder, exist_ok=True)
    written = []
    for kind, make in TEMPLATES.items():
        path = os.path.join(folder, f"{kind}.docx")
        make().save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(sys.argv[1] if len(sys.argv) > 1 else FOLDER):
        print(path)
