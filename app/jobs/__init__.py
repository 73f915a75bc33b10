"""The scheduler process (app/jobs/scheduler.py) and the jobs it runs, each a plain function referred to by text."""
