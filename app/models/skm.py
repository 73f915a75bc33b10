"""Tables of the SKM (Survei Kepuasan Masyarakat) area: survey periods, their unsur, respondents, RTL, publications.

Answers to the 9 standard unsur (D1) sit in one small-integer column each on the
respondent row, so the IKM of any set of units is one ``SUM``/``COUNT`` query
(app/skm/ikm.py). Answers to unsur a unit adds live in ``skm_answer``.
``unit_id`` is copied onto respondents, follow-up actions and publications so
that each is scoped and aggregated without a join.
"""
import datetime
from typing import List, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import now_utc
from app.models.base import LabelledEnum, Model, Scoped, enum_type, table_name
from app.models.org import OrgNode, ServiceType
from app.uploads import StoredFile

# D1: the 9 unsur of PermenPANRB 14/2017, keyed by stable codes, with the answer labels of section 1.3.
STANDARD_ELEMENTS = [
    ("PERSYARATAN", _l("Persyaratan"), (_l("Tidak sesuai"), _l("Kurang sesuai"), _l("Sesuai"), _l("Sangat sesuai"))),
    ("PROSEDUR", _l("Sistem, Mekanisme, dan Prosedur"), (_l("Tidak mudah"), _l("Kurang mudah"), _l("Mudah"), _l("Sangat mudah"))),
    ("WAKTU", _l("Waktu Penyelesaian"), (_l("Tidak cepat"), _l("Kurang cepat"), _l("Cepat"), _l("Sangat cepat"))),
    ("BIAYA", _l("Biaya/Tarif"), (_l("Sangat mahal"), _l("Cukup mahal"), _l("Murah"), _l("Gratis"))),
    ("PRODUK", _l("Produk Spesifikasi Jenis Pelayanan"), (_l("Tidak sesuai"), _l("Kurang sesuai"), _l("Sesuai"), _l("Sangat sesuai"))),
    ("KOMPETENSI", _l("Kompetensi Pelaksana"), (_l("Tidak kompeten"), _l("Kurang kompeten"), _l("Kompeten"), _l("Sangat kompeten"))),
    ("PERILAKU", _l("Perilaku Pelaksana"),
     (_l("Tidak sopan dan ramah"), _l("Kurang sopan dan ramah"), _l("Sopan dan ramah"), _l("Sangat sopan dan ramah"))),
    ("PENGADUAN", _l("Penanganan Pengaduan, Saran dan Masukan"),
     (_l("Tidak ada"), _l("Ada tetapi tidak berfungsi"), _l("Berfungsi kurang maksimal"), _l("Dikelola dengan baik"))),
    ("SARPRAS", _l("Sarana dan Prasarana"), (_l("Buruk"), _l("Cukup"), _l("Baik"), _l("Sangat Baik"))),
]
STANDARD_CODES = [code for code, _name, _labels in STANDARD_ELEMENTS]


def answer_column(code):
    """The respondent column holding the answer to a standard unsur."""
    return "a_" + code.lower()


SEXES = {"L": _l("Laki-laki"), "P": _l("Perempuan")}
TIME_SLOTS = {"08-12": _l("08.00–12.00"), "13-17": _l("13.00–17.00")}
EDUCATIONS = {"SD": _l("SD"), "SMP": _l("SMP"), "SMA": _l("SMA/sederajat"), "D3": _l("D1–D3"),
              "S1": _l("S1/D4"), "S2": _l("S2"), "S3": _l("S3")}
OCCUPATIONS = {"PNS": _l("PNS"), "TNI": _l("TNI"), "POLRI": _l("POLRI"), "SWASTA": _l("Swasta"),
               "WIRAUSAHA": _l("Wirausaha"), "LAINNYA": _l("Lainnya")}
AGE_BANDS = [(None, 19, _l("< 20 tahun")), (20, 29, _l("20–29 tahun")), (30, 39, _l("30–39 tahun")),
             (40, 49, _l("40–49 tahun")), (50, 59, _l("50–59 tahun")), (60, None, _l("≥ 60 tahun"))]


class PeriodStatus(LabelledEnum):
    OPEN = "open"
    CLOSED = "closed"

    @classmethod
    def labels(cls):
        return {cls.OPEN: _l("Dibuka"), cls.CLOSED: _l("Ditutup")}


class RespondentSource(LabelledEnum):
    STAFF = "staff"
    PUBLIC = "public"
    IMPORT = "import"

    @classmethod
    def labels(cls):
        return {cls.STAFF: _l("Entri petugas"), cls.PUBLIC: _l("Formulir publik"), cls.IMPORT: _l("Impor berkas")}


class ActionStatus(LabelledEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @classmethod
    def labels(cls):
        return {cls.PLANNED: _l("Direncanakan"), cls.IN_PROGRESS: _l("Sedang dikerjakan"), cls.DONE: _l("Selesai")}


class PublicationMedium(LabelledEnum):
    WEBSITE = "website"
    SOCIAL = "social"
    BOARD = "board"
    PRINT = "print"
    BROADCAST = "broadcast"
    OTHER = "other"

    @classmethod
    def labels(cls):
        return {cls.WEBSITE: _l("Situs web"), cls.SOCIAL: _l("Media sosial"), cls.BOARD: _l("Papan pengumuman"),
                cls.PRINT: _l("Media cetak"), cls.BROADCAST: _l("Radio/televisi"), cls.OTHER: _l("Lainnya")}


class SurveyPeriod(Scoped, Model):
    """One SKM of one unit for one period (D5 code), with its questionnaire and population N."""

    __tablename__ = table_name("skm_period")
    __table_args__ = (UniqueConstraint("unit_id", "period_code", name=table_name("skm_period_unit_code_uq")),)
    __scope_column__ = "unit_id"
    __scope_relation__ = "unit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    period_code: Mapped[str] = mapped_column(String(10), nullable=False)
    population: Mapped[Optional[int]] = mapped_column(Integer)
    status: Mapped[PeriodStatus] = mapped_column(enum_type(PeriodStatus, table_name("skm_period_status"), 20), nullable=False,
                                                 default=PeriodStatus.OPEN)
    closed_on: Mapped[Optional[datetime.date]] = mapped_column(Date)
    notes: Mapped[Optional[str]] = mapped_column(Text)
    # The column mapping of the last successful import (app/skm/importer.py), offered again next time.
    import_mapping: Mapped[Optional[str]] = mapped_column(Text)

    unit: Mapped[OrgNode] = relationship(OrgNode)
    elements: Mapped[List["SurveyElement"]] = relationship(
        "SurveyElement", back_populates="period", order_by="SurveyElement.position", cascade="all, delete-orphan"
    )

    @property
    def is_open(self):
        return self.status == PeriodStatus.OPEN

    @property
    def period(self):
        from app.periods import Period

        return Period.parse(self.period_code)

    @property
    def period_label(self):
        return self.period.label

    def __repr__(self):
        unit = self.unit.name if self.unit is not None else "?"
        return f"{unit} · {self.period_label}"


class SurveyElement(Model):
    """One unsur of a period's questionnaire: a standard one (D1) or one the unit added.

    ``weight`` is a fraction or decimal as text ("1/9", "0.125"); empty on every
    unsur means equal weights. When set, the weights must add up to exactly 1.
    """

    __tablename__ = table_name("skm_element")
    __table_args__ = (UniqueConstraint("period_id", "code", name=table_name("skm_element_period_code_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey(table_name("skm_period.id"), ondelete="CASCADE"), nullable=False,
                                           index=True)
    code: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    weight: Mapped[Optional[str]] = mapped_column(String(30))
    label_1: Mapped[str] = mapped_column(String(100), nullable=False)
    label_2: Mapped[str] = mapped_column(String(100), nullable=False)
    label_3: Mapped[str] = mapped_column(String(100), nullable=False)
    label_4: Mapped[str] = mapped_column(String(100), nullable=False)

    period: Mapped[SurveyPeriod] = relationship(SurveyPeriod, back_populates="elements")

    @property
    def is_standard(self):
        return self.code in STANDARD_CODES

    @property
    def labels(self):
        return [self.label_1, self.label_2, self.label_3, self.label_4]


class Respondent(Scoped, Model):
    """One filled questionnaire. Answers 1–4 to the standard unsur in ``a_<code>``; empty = not answered."""

    __tablename__ = table_name("skm_respondent")
    __table_args__ = (
        Index(table_name("skm_respondent_period_ix"), "period_id"),
        Index(table_name("skm_respondent_unit_period_ix"), "unit_id", "period_id"),
        # The respondent list's sorts within a scope of units (migration 0016_h13b).
        Index(table_name("skm_respondent_unit_id_ix"), "unit_id", "id"),
        Index(table_name("skm_respondent_unit_date_ix"), "unit_id", "survey_date"),
        Index(table_name("skm_respondent_date_ix"), "survey_date"),
        *[CheckConstraint(f"{answer_column(code)} BETWEEN 1 AND 4", name=table_name(f"skm_resp_{code.lower()}_ck"))
          for code in STANDARD_CODES],
    )
    __scope_column__ = "unit_id"
    __scope_relation__ = "unit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey(table_name("skm_period.id"), ondelete="CASCADE"), nullable=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False)
    survey_date: Mapped[Optional[datetime.date]] = mapped_column(Date)
    time_slot: Mapped[Optional[str]] = mapped_column(String(10))
    sex: Mapped[Optional[str]] = mapped_column(String(1))
    age: Mapped[Optional[int]] = mapped_column(SmallInteger)
    education: Mapped[Optional[str]] = mapped_column(String(10))
    occupation: Mapped[Optional[str]] = mapped_column(String(20))
    service_type_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("service_type.id"), ondelete="SET NULL"))
    suggestion: Mapped[Optional[str]] = mapped_column(Text)
    source: Mapped[RespondentSource] = mapped_column(enum_type(RespondentSource, table_name("skm_respondent_source"), 20), nullable=False,
                                                     default=RespondentSource.STAFF)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc)

    a_persyaratan: Mapped[Optional[int]] = mapped_column(SmallInteger)
    a_prosedur: Mapped[Optional[int]] = mapped_column(SmallInteger)
    a_waktu: Mapped[Optional[int]] = mapped_column(SmallInteger)
    a_biaya: Mapped[Optional[int]] = mapped_column(SmallInteger)
    a_produk: Mapped[Optional[int]] = mapped_column(SmallInteger)
    a_kompetensi: Mapped[Optional[int]] = mapped_column(SmallInteger)
    a_perilaku: Mapped[Optional[int]] = mapped_column(SmallInteger)
    a_pengaduan: Mapped[Optional[int]] = mapped_column(SmallInteger)
    a_sarpras: Mapped[Optional[int]] = mapped_column(SmallInteger)

    period: Mapped[SurveyPeriod] = relationship(SurveyPeriod)
    unit: Mapped[OrgNode] = relationship(OrgNode)
    service_type: Mapped[Optional[ServiceType]] = relationship(ServiceType)
    extra_answers: Mapped[List["Answer"]] = relationship("Answer", cascade="all, delete-orphan",
                                                         back_populates="respondent")

    def __repr__(self):
        return f"#{self.id}"


class Answer(Model):
    """An answer to an unsur the unit added to its questionnaire."""

    __tablename__ = table_name("skm_answer")
    __table_args__ = (
        UniqueConstraint("respondent_id", "element_id", name=table_name("skm_answer_resp_element_uq")),
        CheckConstraint("value BETWEEN 1 AND 4", name=table_name("skm_answer_value_ck")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey(table_name("skm_respondent.id"), ondelete="CASCADE"),
                                               nullable=False)
    element_id: Mapped[int] = mapped_column(ForeignKey(table_name("skm_element.id"), ondelete="CASCADE"),
                                            nullable=False, index=True)
    value: Mapped[int] = mapped_column(SmallInteger, nullable=False)

    respondent: Mapped[Respondent] = relationship(Respondent, back_populates="extra_answers")
    element: Mapped[SurveyElement] = relationship(SurveyElement)


class FollowUpAction(Scoped, Model):
    """One action of the Rencana Tindak Lanjut (RTL) for a weak unsur of a period."""

    __tablename__ = table_name("skm_followup")
    __scope_column__ = "unit_id"
    __scope_relation__ = "unit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey(table_name("skm_period.id"), ondelete="CASCADE"), nullable=False,
                                           index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    element_code: Mapped[str] = mapped_column(String(40), nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    owner: Mapped[str] = mapped_column(String(200), nullable=False)
    due_date: Mapped[datetime.date] = mapped_column(Date, nullable=False)
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus, table_name("skm_followup_status"), 20), nullable=False,
                                                 default=ActionStatus.PLANNED)
    done_on: Mapped[Optional[datetime.date]] = mapped_column(Date)
    evidence_file: Mapped[Optional[str]] = mapped_column(String(200))
    evidence_name: Mapped[Optional[str]] = mapped_column(String(200))
    evidence_mime: Mapped[Optional[str]] = mapped_column(String(100))
    stored_file = StoredFile("evidence_file", "evidence_name", "evidence_mime", size=None)

    period: Mapped[SurveyPeriod] = relationship(SurveyPeriod)
    unit: Mapped[OrgNode] = relationship(OrgNode)

    def __repr__(self):
        return self.action[:60]


class Publication(Scoped, Model):
    """Where and when a period's results were published (PEKPPP counts the media)."""

    __tablename__ = table_name("skm_publication")
    __scope_column__ = "unit_id"
    __scope_relation__ = "unit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey(table_name("skm_period.id"), ondelete="CASCADE"), nullable=False,
                                           index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    medium: Mapped[PublicationMedium] = mapped_column(enum_type(PublicationMedium, table_name("skm_publication_medium"), 20), nullable=False)
    published_on: Mapped[datetime.date] = mapped_column(Date, nullable=False)
    link: Mapped[Optional[str]] = mapped_column(String(500))
    description: Mapped[Optional[str]] = mapped_column(String(300))
    file: Mapped[Optional[str]] = mapped_column(String(200))
    file_name: Mapped[Optional[str]] = mapped_column(String(200))
    file_mime: Mapped[Optional[str]] = mapped_column(String(100))
    stored_file = StoredFile("file", "file_name", "file_mime", size=None)

    period: Mapped[SurveyPeriod] = relationship(SurveyPeriod)
    unit: Mapped[OrgNode] = relationship(OrgNode)


class Submission(Model):
    """A public form submission's address (hashed) and time, for the per-address rate limit across workers."""

    __tablename__ = table_name("skm_submission")
    __table_args__ = (Index(table_name("skm_submission_addr_time_ix"), "address_hash", "created_at"),)
    __audited__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False)
