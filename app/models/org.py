"""The organisation tree: Instansi > Perangkat Daerah (OPD) > Unit Layanan, and each unit's Jenis Layanan."""
import datetime
import re
from typing import List, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, validates

from app.extensions import db
from app.models.base import LabelledEnum, Model, Scoped, enum_type, table_name

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")


def instansi_path(path):
    """The path of the instansi a node with ``path`` lies under ("/JATENG/JTG-DINKES/X/" -> "/JATENG/")."""
    return "/" + path.strip("/").split("/")[0] + "/"


class OrgLevel(LabelledEnum):
    """The three tiers of the organisation tree, top first."""

    INSTANSI = "instansi"
    OPD = "opd"
    UNIT = "unit"

    @classmethod
    def labels(cls):
        return {cls.INSTANSI: _l("Instansi"), cls.OPD: _l("Perangkat Daerah"), cls.UNIT: _l("Unit Layanan")}

    @property
    def parent_level(self):
        return {OrgLevel.OPD: OrgLevel.INSTANSI, OrgLevel.UNIT: OrgLevel.OPD}.get(self)


class OrgNode(Scoped, Model):
    """One node of the tree. ``path`` holds the codes from the root, e.g. ``/JATENG/DINKES/RSUD-1/``."""

    __tablename__ = table_name("org_node")
    __scope_column__ = "id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[OrgLevel] = mapped_column(
        enum_type(OrgLevel, "pantau_org_level", 16),
        nullable=False,
        index=True,
    )
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    short_name: Mapped[Optional[str]] = mapped_column(String(60))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("org_node.id")), index=True)
    path: Mapped[str] = mapped_column(String(400), nullable=False, unique=True)
    address: Mapped[Optional[str]] = mapped_column(String(300))
    # The place line above a signature: "Semarang, 30 Juni 2026" (D18).
    city: Mapped[Optional[str]] = mapped_column(String(100))
    email: Mapped[Optional[str]] = mapped_column(String(200))
    phone: Mapped[Optional[str]] = mapped_column(String(40))
    head_name: Mapped[Optional[str]] = mapped_column(String(120))
    head_nip: Mapped[Optional[str]] = mapped_column(String(30))
    head_position: Mapped[Optional[str]] = mapped_column(String(200))

    parent: Mapped[Optional["OrgNode"]] = relationship(
        "OrgNode", remote_side=[id], back_populates="children"
    )
    children: Mapped[List["OrgNode"]] = relationship(
        "OrgNode", back_populates="parent", order_by="OrgNode.name"
    )
    service_types: Mapped[List["ServiceType"]] = relationship(
        "ServiceType", back_populates="unit", order_by="ServiceType.name"
    )

    @validates("code")
    def _check_code(self, key, value):
        value = (value or "").strip().upper()
        if not CODE_PATTERN.match(value):
            raise ValueError(
                _l("Kode hanya boleh huruf besar, angka, titik, garis bawah dan tanda hubung (maks. 40).")
            )
        return value

    def compute_path(self):
        """The path from the root, from the parent's path and this node's code."""
        prefix = self.parent.path if self.parent is not None else "/"
        return f"{prefix}{self.code}/"

    def scope_nodes(self):
        return [self]

    def is_within(self, path):
        """True if this node lies in the subtree whose root has ``path``."""
        own = self.path or self.compute_path()
        return own.startswith(path)

    @property
    def instansi(self):
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    @property
    def opd(self):
        """The Perangkat Daerah this node belongs to: itself for an OPD, its parent for a unit, None for an instansi."""
        return {OrgLevel.OPD: self, OrgLevel.UNIT: self.parent}.get(self.level)

    def __repr__(self):
        return self.name


class ServiceType(Scoped, Model):
    """A Jenis Layanan of a unit, with its Standar Pelayanan decree and last review."""

    __tablename__ = table_name("service_type")
    __table_args__ = (UniqueConstraint("unit_id", "name", name=table_name("service_type_unit_name_uq")),)
    __scope_column__ = "unit_id"
    __scope_relation__ = "unit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    sp_decree_number: Mapped[Optional[str]] = mapped_column(String(120))
    sp_decree_date: Mapped[Optional[datetime.date]] = mapped_column(Date)
    sp_last_review: Mapped[Optional[datetime.date]] = mapped_column(Date)
    description: Mapped[Optional[str]] = mapped_column(Text)

    unit: Mapped[OrgNode] = relationship(OrgNode, back_populates="service_types")

    @validates("code")
    def _check_code(self, key, value):
        return OrgNode._check_code(self, key, value)

    def __repr__(self):
        return self.name


def code_problems(item):
    """A code another row of the same table already uses: a message instead of a database error."""
    model = type(item)
    query = select(model.id).where(model.code == item.code)
    if item.id is not None:
        query = query.where(model.id != item.id)
    with db.session.no_autoflush:
        taken = db.session.execute(query).first() is not None
    return [_l("Kode %(code)s sudah dipakai. Pilih kode lain.", code=item.code)] if taken else []


def service_type_problems(service_type):
    """Why a Jenis Layanan cannot be saved: it belongs under a unit layanan, never an OPD or instansi."""
    if service_type.unit is None or service_type.unit.level != OrgLevel.UNIT:
        return [_l("Jenis layanan harus berada di bawah unit layanan.")]
    return []


def node_problems(node):
    """Why ``node`` cannot be saved where it stands in the tree (empty if it can)."""
    problems = []
    expected_parent = node.level.parent_level if node.level else None
    if node.level is None:
        problems.append(_l("Tingkat wajib diisi."))
    elif expected_parent is None and node.parent is not None:
        problems.append(_l("Instansi tidak boleh memiliki induk."))
    elif expected_parent is not None and (node.parent is None or node.parent.level != expected_parent):
        problems.append(
            _l("%(level)s harus berada di bawah %(parent)s.", level=node.level.label, parent=expected_parent.label)
        )
    ancestor = node.parent
    while ancestor is not None:
        if ancestor is node:
            problems.append(_l("Induk tidak boleh node itu sendiri atau turunannya."))
            break
        ancestor = ancestor.parent
    return problems


@event.listens_for(Session, "before_flush")
def _keep_paths(session, flush_context, instances):
    """Recompute the path of new and moved nodes, and of everything below a moved node."""
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, OrgNode):
            _refresh_path(obj)


def _refresh_path(node):
    new_path = node.compute_path()
    if node.path == new_path:
        return
    node.path = new_path
    for child in node.children:
        _refresh_path(child)
