"""What each tier may do with the compliance reports, schedules and the scheduler screens (merged into the role tiers by app/security/roles.py).

RULES maps a tier name to (view name regex, permission name regex) pairs; menu
entries are granted with the permission name "menu_access".

Report runs: every tier reads and downloads the runs of its scope; all but
Pimpinan (read-only) start them. Schedules: Admin Instansi edits, the others
read. MCP evidence is kept per instansi: Admin Instansi edits, Pimpinan reads.
The catalogues are national reference data: read by all, edited by Admin Sistem.
"""
from app.security.tiers import (
    ADMIN_INSTANSI, ANY, OPERATOR_UNIT, PEJABAT_PENGHUBUNG, PIMPINAN, READ,
)

RUN_VIEW = r"ReportRunView"
RUN_READ = rf"{READ}|can_status|can_report_file"
RUN_START = rf"{RUN_READ}|can_add"
SCHEDULES = r"ReportScheduleView"
DELIVERIES = r"ReportDeliveryView"
EVIDENCE = r"McpEvidenceView"
EVIDENCE_READ = rf"{READ}|can_evidence_file"
CATALOGUES = r"PekpppInstrumentView|PekpppAspectView|PekpppIndicatorView|PekpppBandView|McpIndicatorView|McpEvidenceItemView"

# A background import or export's page: every tier that imports or exports; each sees only its own runs.
BACKGROUND = (r"BackgroundRunView", r"can_page|can_status|can_result_file")
MENU_REPORTS = r"Compliance Reports|Report Runs|Report Schedules|Report Deliveries"
MENU_CATALOGUES = (
    r"Compliance Catalogues|PEKPPP Instruments|PEKPPP Aspects|PEKPPP Indicators|IPP Categories|MCP Indicators|MCP Evidence Items"
)
MENU_EVIDENCE = r"MCP Evidence"

RULES = {
    ADMIN_INSTANSI: [
        BACKGROUND,
        (RUN_VIEW, RUN_START), (SCHEDULES, ANY), (DELIVERIES, READ), (EVIDENCE, ANY), (CATALOGUES, READ),
        (f"{MENU_REPORTS}|{MENU_CATALOGUES}|{MENU_EVIDENCE}", "menu_access"),
    ],
    PEJABAT_PENGHUBUNG: [
        BACKGROUND,
        (RUN_VIEW, RUN_START), (SCHEDULES, READ), (DELIVERIES, READ), (CATALOGUES, READ),
        (f"{MENU_REPORTS}|{MENU_CATALOGUES}", "menu_access"),
    ],
    OPERATOR_UNIT: [
        BACKGROUND,
        (RUN_VIEW, RUN_START), (SCHEDULES, READ), (DELIVERIES, READ), (CATALOGUES, READ),
        (f"{MENU_REPORTS}|{MENU_CATALOGUES}", "menu_access"),
    ],
    PIMPINAN: [
        BACKGROUND,
        (RUN_VIEW, RUN_READ), (SCHEDULES, READ), (DELIVERIES, READ), (EVIDENCE, EVIDENCE_READ), (CATALOGUES, READ),
        (f"{MENU_REPORTS}|{MENU_CATALOGUES}|{MENU_EVIDENCE}", "menu_access"),
    ],
}
