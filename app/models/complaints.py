"""Tables of the SP4N-LAPOR! complaints area."""
