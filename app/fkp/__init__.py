"""FKP (Forum Konsultasi Publik): the logic that is neither a table nor a screen."""
