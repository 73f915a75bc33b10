"""The topics every instansi starts with, each mapped to the SKM unsur it speaks to, with the words that suggest it.

The Admin Instansi edits them (Isu Prioritas > Topik): renames, adds, maps another unsur, sets a category's topic.
The words are the cold start of the suggestions; confirmed complaints teach them the rest (app/issues/topics.py).
"""

# (name, SKM unsur code or None, seed words)
DEFAULT_TOPICS = [
    ("Antrean dan waktu tunggu", "WAKTU",
     "antre antrean antri antrian lama tunggu menunggu lambat jam berjam molor terlambat nomor loket"),
    ("Biaya dan pungutan liar", "BIAYA",
     "biaya pungli pungutan bayar membayar tarif uang calo mahal retribusi amplop tambahan"),
    ("Perilaku petugas", "PERILAKU",
     "petugas kasar judes ketus ramah sopan marah membentak bentak cuek acuh sikap pegawai"),
    ("Sarana dan prasarana", "SARPRAS",
     "toilet parkir ruang kursi ac rusak kotor fasilitas gedung bocor listrik air wc"),
    ("Persyaratan dan prosedur", "PROSEDUR",
     "syarat persyaratan berkas dokumen prosedur formulir ribet berbelit alur fotokopi ktp kk"),
    ("Kompetensi dan informasi layanan", "KOMPETENSI",
     "paham informasi salah keliru jelas penjelasan kompeten bingung tahu data input"),
    ("Jalan dan infrastruktur", None,
     "jalan berlubang aspal jembatan drainase lampu penerangan banjir selokan trotoar"),
    ("Bantuan sosial", None,
     "bantuan bansos pkh blt sembako penerima dtks kis bpjs pbi subsidi"),
]



def ensure_default_topics(instansi_id):
    """Give instansi ``instansi_id`` the default topics if it has no topic at all (a new instansi: the demo and the
    scheduler's topic pass call this). Returns the number of topics added; the caller commits."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models.issues import IssueTopic

    if db.session.execute(select(IssueTopic.id).where(IssueTopic.org_id == instansi_id).limit(1)).first():
        return 0
    db.session.add_all([IssueTopic(org_id=instansi_id, name=name, element_code=code, keywords=words, active=True)
                        for name, code, words in DEFAULT_TOPICS])
    return len(DEFAULT_TOPICS)
