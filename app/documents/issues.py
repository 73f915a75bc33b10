"""The isu prioritas part of the Rekap SP4N-LAPOR! and Laporan SKM documents: the ranked issues of the node and
period at the cut-off, and what became of the actions started from them. Topics and figures only: no complaint
text, no reporter."""
from app.issues.actions import trail
from app.issues.ranking import priority_issues
from app.locale import number, percent
from app.scope import Scope

SHOWN = 10


def issue_context(node, period, moment):
    """{"isu": [row per issue], "isu_tindak_lanjut": [sentence per action]} of ``node`` in ``period`` at ``moment``."""
    issues = priority_issues(Scope.of_nodes([node]), period, moment)
    rows = [{"peringkat": issue.rank, "nama": issue.name, "jumlah": number(issue.count),
             "sebelumnya": number(issue.previous), "terlambat": percent(float(issue.late_share) * 100, 0),
             "unsur": f"{issue.element_name} ({number(float(issue.nrr), 2)})" if issue.nrr is not None
             else (issue.element_name or "-"),
             "unit": f"{issue.units[0][1]} ({number(issue.units[0][2])})" if issue.units else "-",
             "skor": number(float(issue.score), 2)} for issue in issues[:SHOWN]]
    sentences = [f"{issue.name}: {action.kind.label}. {result.status}. {result.summary}"
                 for issue in issues for action in issue.actions for result in [trail(action, moment)]]
    return {"isu": rows, "isu_tindak_lanjut": sentences}


SAMPLE = {
    "isu": [{"peringkat": 1, "nama": "Antrean dan waktu tunggu", "jumlah": "12", "sebelumnya": "8", "terlambat": "25 %",
             "unsur": "Waktu Penyelesaian (2,85)", "unit": "Unit Contoh (7)", "skor": "30,00"}],
    "isu_tindak_lanjut": ["Antrean dan waktu tunggu: Forum Konsultasi Publik. Setelah forum FKP 10 Maret 2026, pengaduan "
                          "turun 60 % (10 → 4), NRR Waktu Penyelesaian naik 0,31 (2,85 → 3,16)."],
}
