"""Tables of the FKP (Forum Konsultasi Publik) area."""
