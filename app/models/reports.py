"""Tables of the compliance reports, schedules and the scheduler area."""
