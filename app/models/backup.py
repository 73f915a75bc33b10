"""Tables of the scheduled backups: the schedules (data, edited by Admin Sistem) and each run with its outcome."""
import datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import LabelledEnum, Model, enum_type, table_name


class BackupStatus(LabelledEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"

    @classmethod
    def labels(cls):
        return {cls.RUNNING: _l("Berjalan"), cls.OK: _l("Berhasil"), cls.FAILED: _l("Gagal")}


class BackupSchedule(Model):
    """When the scheduler backs Pantau up, where to, how many copies it keeps, whom it tells of a failure."""

    __tablename__ = table_name("backup_schedule")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    cron: Mapped[str] = mapped_column(String(100), nullable=False, default="0 1 * * *")
    output: Mapped[str] = mapped_column(String(500), nullable=False)
    keep: Mapped[int] = mapped_column(Integer, nullable=False, default=7)
    recipients: Mapped[Optional[str]] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False)

    def __repr__(self):
        return self.name


class BackupRun(Model):
    """One backup made by a schedule; (schedule, fire time) is unique, so a fire time is backed up once."""

    __tablename__ = table_name("backup_run")
    __table_args__ = (UniqueConstraint("schedule_id", "fire_time", name=table_name("backup_run_claim_uq")),)
    __audited__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey(table_name("backup_schedule.id"), ondelete="CASCADE"),
                                             nullable=False, index=True)
    fire_time: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False)
    started_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False)
    finished_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    status: Mapped[BackupStatus] = mapped_column(enum_type(BackupStatus, "pantau_backup_status", 10), nullable=False,
                                                 default=BackupStatus.RUNNING)
    path: Mapped[Optional[str]] = mapped_column(String(600))
    rows: Mapped[Optional[int]] = mapped_column(BigInteger)
    files: Mapped[Optional[int]] = mapped_column(Integer)
    size_bytes: Mapped[Optional[int]] = mapped_column(BigInteger)
    message: Mapped[Optional[str]] = mapped_column(Text)

    schedule: Mapped[BackupSchedule] = relationship(BackupSchedule)

    def __repr__(self):
        return f"{self.schedule_id} {self.fire_time:%Y-%m-%d %H:%M}"
