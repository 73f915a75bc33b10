"""compliance reports, schedules and the scheduler: the logic that is neither a table nor a screen."""
