"""What each tier may do with the FKP (Forum Konsultasi Publik) screens (merged into the role tiers by app/security/roles.py).

RULES maps a tier name to (view name regex, permission name regex) pairs; menu
entries are granted with the permission name "menu_access".
"""
RULES = {}
