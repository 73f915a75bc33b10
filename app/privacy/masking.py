"""Rule D10's masking: NIK and contact details show only their last 4 characters wherever they leave a record.

One home for the rule, used by the exports and by the audit trail (which
stores personal fields masked, never in plain, so the trail can be kept
for years without holding reporters' identity data).
"""
import re

# Column names that hold NIK or contact details: reporter_nik, reporter_phone, email, contact, reporter_address...
PERSONAL_COLUMN = re.compile(r"(^|_)(nik|phone|email|contact|address)$")


def mask(value, keep=4):
    """All but the last ``keep`` characters replaced by '*' (D10)."""
    value = (value or "").strip()
    if not value:
        return None
    return "*" * max(len(value) - keep, 0) + value[-keep:]


def is_personal(column_name):
    """True for a column holding NIK or contact details."""
    return bool(PERSONAL_COLUMN.search(column_name))
