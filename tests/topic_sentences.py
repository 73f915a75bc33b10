"""Indonesian complaints of known topic, made from sentence templates over the default topics (app/issues/defaults.py).

Each complaint joins an opening, one of about ten statements of its topic, one of about six details and a place, so
no two complaints are the same text and most of their words are not the topic's seed words. Shared by
tests/test_issue_topics.py and bench/topics.py.
"""
import random

OPENINGS = [
    "Selamat pagi, saya ingin melaporkan bahwa", "Mohon perhatian bapak ibu,", "Saya warga yang kecewa karena",
    "Assalamualaikum, izin menyampaikan keluhan:", "Kepada yth. pimpinan,", "Sekadar informasi,",
    "Saya mewakili keluarga melaporkan", "Tolong ditindaklanjuti,",
]
PLACES = [
    "di RSUD Dr. Moewardi", "di Puskesmas Pandanaran", "di kantor Dukcapil", "di kantor Samsat Semarang",
    "di kelurahan kami", "di kecamatan Banyumanik", "di desa Sukamaju", "di mal pelayanan publik",
]

# topic name: (statements, details)
TOPIC_SENTENCES = {
    "Antrean dan waktu tunggu": (
        ["antrean di loket pendaftaran sangat panjang", "saya menunggu dari pagi sampai sore belum dipanggil",
         "nomor antrian sudah habis padahal baru pukul delapan", "pelayanannya berjalan sangat lambat",
         "pengambilan obat memakan waktu berjam-jam", "loket baru dibuka pukul sepuluh padahal jadwalnya pukul tujuh",
         "hanya satu loket yang buka sehingga antre mengular", "jadwal praktik dokter molor dua jam",
         "pasien lansia harus berdiri lama menunggu panggilan", "sistem antrean daring tidak jalan sehingga warga berdesakan"],
        ["tolong tambah loketnya", "mohon waktu layanan dipercepat", "kami sudah datang sejak subuh",
         "banyak warga pulang tanpa dilayani", "ini terjadi setiap hari Senin", "anak saya sampai tertidur menunggu"]),
    "Biaya dan pungutan liar": (
        ["saya dimintai uang tambahan agar berkas cepat selesai", "ada pungutan di luar tarif resmi",
         "oknum meminta imbalan lima puluh ribu rupiah", "calo menawarkan jalur cepat dengan bayaran",
         "biaya pengurusan jauh lebih mahal dari yang tertera", "kami disuruh membayar tanpa kuitansi",
         "retribusi parkir ditarik dua kali", "petugas meminta amplop untuk tanda tangan",
         "pembuatan surat yang seharusnya gratis ternyata dikenai ongkos", "ada setoran wajib yang tidak jelas dasarnya"],
        ["mohon pungli ini diberantas", "saya punya bukti transfer", "warga miskin sangat terbebani",
         "kami tidak berani menolak", "tolong ditertibkan oknum tersebut", "uangnya tidak pernah dikembalikan"]),
    "Perilaku petugas": (
        ["petugasnya kasar dan membentak ibu saya", "pegawai di meja depan judes sekali",
         "satpam berbicara dengan nada tinggi kepada pasien", "staf tidak menjawab salam dan sibuk bermain ponsel",
         "saya dimarahi hanya karena bertanya", "perawat bersikap ketus kepada keluarga pasien",
         "pegawainya cuek dan acuh kepada warga", "petugas merokok di ruang pelayanan dan tidak sopan",
         "saya diusir keluar tanpa alasan", "karyawan loket merendahkan warga yang berpakaian sederhana"],
        ["mohon pegawai tersebut dibina", "sikap seperti ini tidak pantas", "kami merasa tidak dihargai",
         "tolong beri teguran", "saya sampai menangis", "harusnya melayani dengan ramah dan senyum"]),
    "Sarana dan prasarana": (
        ["toiletnya kotor dan airnya mati", "AC di ruang tunggu rusak sehingga panas sekali",
         "kursi ruang tunggu banyak yang patah", "atap gedung bocor saat hujan", "lahan parkir sempit dan becek",
         "listrik sering padam dan genset tidak menyala", "tidak ada jalur kursi roda untuk difabel",
         "wastafel tidak berfungsi dan sabun kosong", "ruang laktasi dipakai sebagai gudang",
         "lift gedung macet sejak seminggu"],
        ["mohon fasilitas diperbaiki", "sangat tidak nyaman bagi pengunjung", "bau tidak sedap sampai ke ruangan",
         "pengunjung lansia kesulitan", "sudah lama dibiarkan rusak", "tolong segera direnovasi"]),
    "Persyaratan dan prosedur": (
        ["syaratnya terlalu banyak dan berubah-ubah", "saya disuruh bolak-balik melengkapi berkas",
         "harus membawa fotokopi KTP dan KK padahal sudah ada di sistem", "alur pengurusan berbelit dan ribet",
         "formulir harus diisi ulang tiga kali", "dokumen yang diminta tidak tercantum di pengumuman",
         "pengajuan ditolak karena map warnanya salah", "harus minta surat pengantar RT RW dulu yang tidak perlu",
         "tahapan pendaftaran tidak dijelaskan di mana pun", "berkas saya dinyatakan kurang tanpa diberi daftar"],
        ["mohon prosedurnya disederhanakan", "sudah empat kali datang belum beres",
         "tolong umumkan syarat yang jelas", "waktu kami habis untuk mengurus berkas",
         "kami bingung harus mulai dari mana", "tolong sediakan daftar persyaratan tertulis"]),
    "Kompetensi dan informasi layanan": (
        ["petugas tidak paham aturan terbaru", "data nama saya salah ketik di dokumen",
         "informasi di situs web berbeda dengan di loket", "penjelasan petugas membingungkan dan saling bertentangan",
         "hasil pemeriksaan tertukar dengan pasien lain", "petugas keliru memasukkan tanggal lahir",
         "tidak ada yang bisa menjawab pertanyaan saya", "nomor layanan pengaduan tidak pernah diangkat",
         "pengumuman jadwal layanan tidak diperbarui", "petugas baru belum terlatih mengoperasikan aplikasi"],
        ["mohon petugas diberi pelatihan", "kami jadi salah langkah", "tolong perbaiki datanya",
         "informasinya harus jelas dan sama", "saya harus mengurus ulang dari awal", "kesalahan ini merugikan kami"]),
    "Jalan dan infrastruktur": (
        ["jalan di depan rumah berlubang besar", "aspal mengelupas dan membahayakan pengendara",
         "jembatan penghubung desa retak dan miring", "drainase tersumbat sehingga banjir setiap hujan",
         "lampu penerangan jalan mati sudah sebulan", "selokan meluap sampai ke jalan raya",
         "trotoar rusak dan dipakai berjualan", "gorong-gorong ambles di tikungan",
         "jalan kampung becek dan licin karena belum dicor", "tanggul sungai jebol di dekat permukiman"],
        ["sudah ada pengendara motor yang jatuh", "mohon segera diperbaiki sebelum memakan korban",
         "anak sekolah melewati jalan itu setiap hari", "malam hari sangat gelap dan rawan",
         "kami sudah lapor ke RT tapi belum ada tindakan", "air menggenang berhari-hari"]),
    "Bantuan sosial": (
        ["keluarga kami tidak lagi menerima bansos", "nama saya hilang dari DTKS tanpa pemberitahuan",
         "penyaluran PKH terlambat tiga bulan", "BLT desa dibagikan kepada orang yang mampu",
         "kartu KIS saya dinonaktifkan padahal kami miskin", "paket sembako yang dibagikan kurang dari jatah",
         "tetangga yang punya mobil justru terdaftar sebagai penerima", "bantuan beras tidak sampai ke warga",
         "iuran BPJS PBI saya dicabut", "saldo kartu keluarga sejahtera kosong saat dicairkan"],
        ["mohon pendataan diperbaiki", "kami sangat membutuhkan bantuan itu", "tolong verifikasi ulang penerima",
         "ibu saya lansia dan sakit", "pendamping tidak bisa dihubungi", "pembagiannya tidak adil"]),
}


def complaints(per_topic=50, seed=15):
    """[(title, content, topic name)]: ``per_topic`` different complaints of each topic, in a shuffled order."""
    rng = random.Random(seed)
    made = []
    for topic, (statements, details) in TOPIC_SENTENCES.items():
        texts = set()
        while len(texts) < per_topic:
            statement, detail = rng.choice(statements), rng.choice(details)
            content = f"{rng.choice(OPENINGS)} {statement} {rng.choice(PLACES)}. {detail.capitalize()}."
            texts.add((statement.capitalize()[:80], content))
        made.extend((title, content, topic) for title, content in sorted(texts))
    rng.shuffle(made)
    return made


def split(rows, share=0.7):
    """(training, held back): the first ``share`` of each topic's complaints, and the rest."""
    seen, training, held = {}, [], []
    per_topic = {topic: sum(1 for row in rows if row[2] == topic) for topic in TOPIC_SENTENCES}
    for row in rows:
        seen[row[2]] = seen.get(row[2], 0) + 1
        (training if seen[row[2]] <= share * per_topic[row[2]] else held).append(row)
    return training, held
