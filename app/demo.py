"""The demo organisation: a province with its OPD, service units and service types, one user per tier.

Loaded by `make run` on an empty database and by `flask pantau demo`. The demo
users exist only when the demo is loaded; their passwords are public, so the
demo refuses to load in production mode.
"""
from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.issues.defaults import ensure_default_topics
from app.models.org import OrgLevel, OrgNode, ServiceType
from app.security import tiers
from app.users import create_user

PROVINCE = ("JATENG", "Pemerintah Provinsi Jawa Tengah", "Pemprov Jateng")
CITY = ("SMG", "Pemerintah Kota Semarang", "Pemkot Semarang")
# The place of each instansi's signature line ("Semarang, 30 Juni 2026").
CITIES = {"JATENG": "Semarang", "SMG": "Semarang"}

# (OPD code, name, short name, [(unit code, unit name, [service types])])
PROVINCE_OPD = [
    ("JTG-BIRO-ORG", "Biro Organisasi Sekretariat Daerah", "Biro Organisasi", [
        ("JTG-BIRO-ORG-PL", "Bagian Pelayanan Publik Biro Organisasi", ["Konsultasi Standar Pelayanan"]),
    ]),
    ("JTG-DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", [
        ("JTG-DUKCAPIL-PD", "Bidang Pelayanan Pendaftaran Penduduk", ["KTP Elektronik", "Kartu Keluarga", "Surat Pindah"]),
        ("JTG-DUKCAPIL-CS", "Bidang Pelayanan Pencatatan Sipil", ["Akta Kelahiran", "Akta Kematian", "Akta Perkawinan"]),
        ("JTG-DUKCAPIL-PIAK", "Bidang Pengelolaan Informasi Administrasi Kependudukan", ["Data Agregat Kependudukan"]),
    ]),
    ("JTG-DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", [
        ("JTG-DPMPTSP-MPP", "Mal Pelayanan Publik Provinsi", ["Informasi Perizinan", "Pengaduan Perizinan"]),
        ("JTG-DPMPTSP-PB", "Bidang Pelayanan Perizinan Berusaha", ["Izin Usaha Industri", "Izin Lingkungan"]),
        ("JTG-DPMPTSP-PNB", "Bidang Pelayanan Perizinan Non Berusaha", ["Izin Penelitian", "Izin Praktik Tenaga Kesehatan"]),
    ]),
    ("JTG-DINKES", "Dinas Kesehatan", "Dinkes", [
        ("JTG-RSUD-MOEWARDI", "RSUD Dr. Moewardi", ["Rawat Jalan", "Rawat Inap", "Instalasi Gawat Darurat"]),
        ("JTG-RSUD-TUGUREJO", "RSUD Tugurejo", ["Rawat Jalan", "Rawat Inap", "Laboratorium"]),
        ("JTG-RSJD-AMINO", "RSJD Dr. Amino Gondohutomo", ["Rawat Jalan Jiwa", "Rehabilitasi Napza"]),
        ("JTG-PKM-HALMAHERA", "Puskesmas Halmahera", ["Pemeriksaan Umum", "Kesehatan Ibu dan Anak", "Imunisasi"]),
        ("JTG-PKM-NGESREP", "Puskesmas Ngesrep", ["Pemeriksaan Umum", "Kesehatan Gigi"]),
        ("JTG-LABKESDA", "Balai Laboratorium Kesehatan", ["Uji Laboratorium Klinik", "Uji Kualitas Air"]),
    ]),
    ("JTG-DINSOS", "Dinas Sosial", "Dinsos", [
        ("JTG-DINSOS-LINJAMSOS", "Bidang Perlindungan dan Jaminan Sosial", ["Rekomendasi Bantuan Sosial", "Verifikasi DTKS"]),
        ("JTG-BRSPDF", "Balai Rehabilitasi Sosial Penyandang Disabilitas", ["Rehabilitasi Sosial Disabilitas"]),
        ("JTG-PSAA", "Panti Sosial Asuhan Anak Pelita", ["Pengasuhan Anak"]),
    ]),
    ("JTG-DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", [
        ("JTG-DPUPR-BM", "Bidang Bina Marga", ["Rekomendasi Teknis Jalan", "Pengaduan Kerusakan Jalan"]),
        ("JTG-DPUPR-TR", "Bidang Penataan Ruang", ["Rekomendasi Kesesuaian Tata Ruang"]),
        ("JTG-BALAI-PSDA", "Balai Pengelolaan Sumber Daya Air", ["Rekomendasi Teknis Pemanfaatan Air"]),
    ]),
    ("JTG-DISDIK", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", [
        ("JTG-DISDIK-SMA", "Bidang Pembinaan SMA", ["Legalisir Ijazah", "Mutasi Siswa"]),
        ("JTG-DISDIK-SMK", "Bidang Pembinaan SMK", ["Izin Pendirian SMK"]),
        ("JTG-SMAN1-SMG", "SMA Negeri 1 Semarang", ["Penerimaan Peserta Didik Baru"]),
        ("JTG-CABDIN-1", "Cabang Dinas Pendidikan Wilayah I", ["Legalisir Dokumen", "Rekomendasi Pindah Sekolah"]),
    ]),
    ("JTG-DISKOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo", [
        ("JTG-DISKOMINFO-IKP", "Bidang Informasi dan Komunikasi Publik", ["Pengelolaan SP4N-LAPOR!", "Layanan Informasi Publik"]),
        ("JTG-DISKOMINFO-APTIKA", "Bidang Aplikasi Informatika", ["Layanan Subdomain", "Layanan Email Dinas"]),
    ]),
    ("JTG-BAPENDA", "Badan Pendapatan Daerah", "Bapenda", [
        ("JTG-SAMSAT-SMG1", "UPPD Samsat Kota Semarang I", ["Pembayaran PKB", "Balik Nama Kendaraan"]),
        ("JTG-SAMSAT-SMG2", "UPPD Samsat Kota Semarang II", ["Pembayaran PKB", "Mutasi Kendaraan"]),
    ]),
]

CITY_OPD = [
    ("SMG-DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil Kota Semarang", "Disdukcapil Kota", [
        ("SMG-DUKCAPIL-PD", "Bidang Pelayanan Pendaftaran Penduduk Kota", ["KTP Elektronik", "Kartu Identitas Anak"]),
    ]),
    ("SMG-DINKES", "Dinas Kesehatan Kota Semarang", "Dinkes Kota", [
        ("SMG-PKM-PANDANARAN", "Puskesmas Pandanaran", ["Pemeriksaan Umum"]),
    ]),
]

DEMO_PASSWORD = "Pantau#Demo2026"

# (username, first, last, tier, node code)
DEMO_USERS = [
    ("admin", "Admin", "Sistem", tiers.ADMIN_SISTEM, None),
    ("admin.instansi", "Sri", "Wahyuni", tiers.ADMIN_INSTANSI, "JATENG"),
    ("penghubung.dinkes", "Budi", "Santoso", tiers.PEJABAT_PENGHUBUNG, "JTG-DINKES"),
    ("operator.rsud", "Dewi", "Lestari", tiers.OPERATOR_UNIT, "JTG-RSUD-MOEWARDI"),
    ("pimpinan", "Ganjar", "Hadi", tiers.PIMPINAN, "JATENG"),
    ("admin.kota", "Agus", "Prasetyo", tiers.ADMIN_INSTANSI, "SMG"),
]


def _node(level, code, name, short_name=None, parent=None):
    node = OrgNode(level=level, code=code, name=name, short_name=short_name, parent=parent)
    node.path = node.compute_path()
    db.session.add(node)
    return node


# Signatory of the instansi's reports (fictional people).
HEADS = {
    "JATENG": ("Drs. Bambang Wiyono, M.M.", "196803121993031004", "Sekretaris Daerah Provinsi Jawa Tengah"),
    "SMG": ("Ir. Retno Anggraeni, M.T.", "197104221996032002", "Sekretaris Daerah Kota Semarang"),
}


def _instansi(spec, opds):
    code, name, short = spec
    root = _node(OrgLevel.INSTANSI, code, name, short)
    root.head_name, root.head_nip, root.head_position = HEADS[code]
    root.city = CITIES[code]
    for opd_code, opd_name, opd_short, units in opds:
        opd = _node(OrgLevel.OPD, opd_code, opd_name, opd_short, root)
        for unit_code, unit_name, services in units:
            unit = _node(OrgLevel.UNIT, unit_code, unit_name, None, opd)
            for number, service in enumerate(services, start=1):
                db.session.add(ServiceType(code=f"{unit_code}-{number:02d}", name=service, unit=unit))
    db.session.flush()
    ensure_default_topics(root.id)
    return root


def demo_loaded():
    return db.session.execute(select(OrgNode.id).where(OrgNode.code == PROVINCE[0])).first() is not None


def load_demo(records=False):
    """Create the demo organisation and users, and with ``records`` sample complaints, surveys and forums;
    do nothing if the demo is there already."""
    if current_app.config["PANTAU_ENV"] == "production":
        raise RuntimeError("Data demo tidak dimuat pada mode produksi (demo passwords are public).")
    if demo_loaded():
        return False
    _instansi(PROVINCE, PROVINCE_OPD)
    _instansi(CITY, CITY_OPD)
    db.session.flush()
    for username, first, last, tier, node_code in DEMO_USERS:
        create_user(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@pantau.example.id",
            password=DEMO_PASSWORD,
            role_names=[tier],
            org_codes=[node_code] if node_code else [],
        )
    if records:
        from app.demo_records import load_demo_records

        load_demo_records()
    db.session.commit()
    return True


def demo_logins():
    """Lines that tell a person how to log in to the demo."""
    lines = ["Login demo (kata sandi semua akun: %s):" % DEMO_PASSWORD]
    for username, _first, _last, tier, node_code in DEMO_USERS:
        lines.append(f"  {username:<20} {tier:<20} {node_code or 'seluruh organisasi'}")
    return lines
