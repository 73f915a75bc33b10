"""SP4N-LAPOR! complaints: the logic that is neither a table nor a screen."""
