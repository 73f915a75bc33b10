"""Figures shared by the sections of one report build, so the package computes each of them once; and the
cut-off (D15) every section of the build computes its figures as at.

The SKM, complaint and FKP figures of a scope and period are asked for by
several sections (their own sheet, the PEKPPP sheet). Inside ``one_build()``,
``figures(fn, ...)`` computes each distinct call once; outside it, it just calls.
"""
import contextlib
import contextvars

_memo = contextvars.ContextVar("pantau_report_figures", default=None)
_cutoff = contextvars.ContextVar("pantau_report_cutoff", default=None)


@contextlib.contextmanager
def cutoff_of_build(cutoff):
    """Build inside this block as at ``cutoff`` (a naive local datetime; None = the end of the period)."""
    token = _cutoff.set(cutoff)
    try:
        yield
    finally:
        _cutoff.reset(token)


def build_cutoff():
    """The cut-off asked for by the build in progress, or None (no build, or the end of its period)."""
    return _cutoff.get()


def cutoff(period):
    """The cut-off of the build in progress: the one asked for, else the end of ``period``'s last day."""
    from app.cutoff import end_of_day

    return _cutoff.get() or end_of_day(period.end)


@contextlib.contextmanager
def one_build():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def figures(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, computed once per build for the same arguments."""
    memo = _memo.get()
    if memo is None:
        return fn(*args, **kwargs)
    key = (fn.__module__, fn.__qualname__, repr(args), repr(sorted(kwargs.items())))
    if key not in memo:
        memo[key] = fn(*args, **kwargs)
    return memo[key]


# The overdue complaints a report lists, sheet or Word document (oldest deadline first); it says how many in all.
OVERDUE_LISTED = 5000


def complaints_of(scope, period, as_of):
    """The complaint figures of ``scope`` for ``period`` as at ``as_of``, once per build for every section that asks
    (the SP4N sheets and the PEKPPP sheet read the same pass), with the overdue lists cut to OVERDUE_LISTED."""
    from app.complaints.figures import complaint_figures

    return figures(complaint_figures, scope, period.start, period.end, as_of=as_of, listed=OVERDUE_LISTED)


def skm_of(scope, period, as_of):
    """The SKM figures of ``scope`` for ``period`` as at ``as_of``, once per build (the SKM sheet and the PEKPPP sheet
    read the same)."""
    from app.skm.figures import skm_figures

    return figures(skm_figures, scope, period, as_of=as_of, with_demographics=True)


def fkp_of(scope, period, as_of):
    """The FKP figures of ``scope`` for ``period`` as at ``as_of``, once per build (the FKP sheet and the PEKPPP sheet
    read the same)."""
    from app.fkp.figures import fkp_figures

    return figures(fkp_figures, scope, period.start, period.end, as_of=as_of)
