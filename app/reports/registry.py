"""The report kinds Pantau can build, and how a kind's builder plugs in.

A kind is built by ``build(scope_node, period, path, language) -> summary``: it
writes one XLSX workbook (app/xlsx.py) to ``path`` and returns the headline
figures for the e-mail body::

    {"title": "...", "headlines": [{"label": "...", "value": ...}, ...], "notes": ["..."]}

Most kinds are better written as *sections*: ``sheets(workbook, scope_node,
period, language) -> summary`` adds sheets to an open workbook. A section kind
gets its ``build`` for free and is part of the combined package ("paket"),
which writes the sections of every packaged kind into one workbook, in order.

Builders run inside ``force_locale(language)``, so ``_()`` gives the language
asked for; they read through ``Scope.of_nodes([scope_node])`` (never wider).
Modules with builders are listed in BUILDER_MODULES and imported when the app
starts (``create_app`` calls ``load``): a listed module that is missing stops the start.
"""
import importlib
from dataclasses import dataclass, field
from typing import Callable, Optional

from flask_babel import lazy_gettext as _l

from app.models.org import OrgLevel

BUILDER_MODULES = [
    "app.reports.catalogues",
    "app.reports.skm",
    "app.reports.fkp",
    "app.reports.sp4n",
    "app.reports.issues",
    "app.reports.pekppp",
    "app.documents.kinds",
]
PACKAGE = "paket"
ALL_LEVELS = (OrgLevel.INSTANSI, OrgLevel.OPD, OrgLevel.UNIT)

# Kinds planned for the report builders; shown nowhere until a builder registers them.
PLANNED = {
    "skm": _l("Survei Kepuasan Masyarakat"),
    "fkp": _l("Forum Konsultasi Publik"),
    "sp4n": _l("Pengaduan SP4N-LAPOR!"),
    "pekppp": _l("Bukti PEKPPP"),
    "mcp": _l("Bukti MCP/MCSP"),
    PACKAGE: _l("Paket Kepatuhan"),
}


class UnknownKind(LookupError):
    """No builder is registered for this kind."""


@dataclass
class ReportKind:
    code: str
    label: object
    build: Callable
    sheets: Optional[Callable] = None
    levels: tuple = ALL_LEVELS
    in_package: bool = False
    position: int = 100
    description: object = None
    parts: list = field(default_factory=list)
    # A Word document kind writes a .docx; a forum kind is built for one FKP forum (``forum=``), not a period.
    extension: str = "xlsx"
    needs_forum: bool = False

    def allows(self, node):
        return node is not None and node.level in self.levels


KINDS = {}
_loaded = False


def register(code, label, build=None, sheets=None, levels=ALL_LEVELS, in_package=False, position=100, description=None,
             extension="xlsx", needs_forum=False):
    """Register a kind by its ``build`` function or by its ``sheets`` section (then ``build`` is derived)."""
    if build is None and sheets is None:
        raise ValueError("a report kind needs build or sheets")
    if build is None:
        build = _build_from_sheets([sheets], label)
    KINDS[code] = ReportKind(code, label, build, sheets, tuple(levels), in_package and sheets is not None, position, description,
                             extension=extension, needs_forum=needs_forum)
    return KINDS[code]


def section(code, label, levels=ALL_LEVELS, in_package=True, position=100, description=None):
    """Decorator for a section kind: ``@section("skm", _l("Laporan SKM"))`` over ``sheets(workbook, node, period, language)``."""
    def decorate(sheets):
        register(code, label, sheets=sheets, levels=levels, in_package=in_package, position=position, description=description)
        return sheets

    return decorate


def _build_from_sheets(parts, title, contents=None):
    """A build function writing the ``parts`` into one workbook; with ``contents`` (section labels), a cover first.

    The sections share one set of computed figures (app/reports/shared.py), so the package asks the database
    for each figure once.
    """
    def build(scope_node, period, path, language):
        from app.reports.shared import one_build
        from app.xlsx import open_workbook

        workbook = open_workbook(path)
        try:
            with one_build():
                if contents:
                    from app.reports.layout import cover_sheet

                    cover_sheet(workbook, scope_node, period, str(title), [str(label) for label in contents])
                summaries = [sheets(workbook, scope_node, period, language) for sheets in parts]
        finally:
            workbook.close()
        if len(summaries) == 1:
            return summaries[0]
        return {"title": str(title), "sections": summaries}

    return build


def load():
    """Import every builder module, then (re)build the package from the packaged sections."""
    global _loaded
    if not _loaded:
        for name in BUILDER_MODULES:
            importlib.import_module(name)
        _loaded = True
    parts = sorted((kind for kind in KINDS.values() if kind.in_package), key=lambda kind: (kind.position, kind.code))
    if parts and (PACKAGE not in KINDS or KINDS[PACKAGE].parts):
        package = ReportKind(
            PACKAGE, PLANNED[PACKAGE],
            _build_from_sheets([kind.sheets for kind in parts], PLANNED[PACKAGE], contents=[kind.label for kind in parts]),
            levels=ALL_LEVELS, position=0, parts=[kind.code for kind in parts],
        )
        package.levels = tuple(level for level in ALL_LEVELS if all(level in kind.levels for kind in parts))
        KINDS[PACKAGE] = package
    return KINDS


def get(code):
    kinds = load()
    if code not in kinds:
        raise UnknownKind(str(_l("Jenis laporan %(kind)s belum tersedia.", kind=code)))
    return kinds[code]


def label_of(code):
    kinds = load()
    if code in kinds:
        return kinds[code].label
    return PLANNED.get(code, code)


def choices(period_only=False):
    """(code, label) of every kind that can be built now, package first; ``period_only`` leaves out forum kinds."""
    return [(kind.code, str(kind.label)) for kind in sorted(load().values(), key=lambda kind: (kind.position, kind.code))
            if not (period_only and kind.needs_forum)]


def document_choices():
    """(code, label) of the Word document kinds built for a period (those a scheduled e-mail can carry)."""
    return [(kind.code, str(kind.label)) for kind in sorted(load().values(), key=lambda kind: (kind.position, kind.code))
            if kind.extension == "docx" and not kind.needs_forum]
