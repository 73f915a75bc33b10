"""What every document shares: the kop surat, the signatory, the instansi's settings."""
from sqlalchemy import select

from app.extensions import db
from app.locale import long_date, place_line
from app.models.documents import DEFAULT_NUMBER_PATTERN, DocumentSetting


def settings_of(instansi):
    """The instansi's document settings row, or an unsaved one with the defaults."""
    row = db.session.execute(select(DocumentSetting).where(DocumentSetting.instansi_id == instansi.id)).scalar_one_or_none()
    return row or DocumentSetting(instansi_id=instansi.id, number_pattern=DEFAULT_NUMBER_PATTERN)


def letterhead(node):
    """The kop surat values: instansi, the node (its OPD for a unit), address and contact."""
    instansi = node.instansi
    contact = " | ".join(part for part in (
        f"Telp. {node.phone or instansi.phone}" if (node.phone or instansi.phone) else None,
        f"Surel: {node.email or instansi.email}" if (node.email or instansi.email) else None) if part)
    return {
        "instansi": instansi.name.upper(),
        "nama": node.name.upper() if node.id != instansi.id else "",
        "alamat": node.address or instansi.address or "",
        "kontak": contact,
    }


def person(node):
    """Name, NIP and position of the head of ``node`` (dots where unknown, to be filled in by hand)."""
    blank = "(......................................)"
    nip = node.head_nip if node is not None else None
    return {
        "nama": (node.head_name if node is not None else None) or blank,
        "nip": nip or "",
        "nip_baris": f"NIP {nip}" if nip else "",
        "jabatan": (node.head_position if node is not None else None) or (f"Kepala {node.name}" if node is not None else ""),
    }


def base_context(node, title, period_label, day):
    """The values every kind offers: judul, nama, periode, tanggal, tempat_tanggal, kop, penandatangan."""
    return {
        "judul": title,
        "nama": node.name,
        "tingkat": str(node.level.label),
        "instansi": node.instansi.name,
        "periode": period_label,
        "tanggal": long_date(day),
        "tempat_tanggal": place_line(node, day),
        "kop": letterhead(node),
        "penandatangan": person(node),
    }

