"""Each database engine's own way to copy Pantau's tables out and back in, with the row counts of the copy.

SQLite uses its online backup API; PostgreSQL ``pg_dump -Fc`` inside an exported
snapshot, so the row counts written to the manifest are those of the dump;
MariaDB ``mariadb-dump --single-transaction`` with one INSERT line per row, so
the counts are read from the dump itself. None of them locks users out.
Only Pantau's tables (its prefixed tables and FAB's ``ab_*``) are copied; other
applications' tables in the same database are left alone.
"""
import os
import re
import shutil
import sqlite3
import subprocess
from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import make_url

from app.locale import number
from app.models.base import TABLE_PREFIX


class BackupError(RuntimeError):
    """A backup or restore step failed; the message says which and why, for the person at the console."""


def is_pantau_table(name):
    return name.startswith(TABLE_PREFIX) or name.startswith("ab_")


def pantau_tables(connection):
    """Names of Pantau's tables present in the database behind ``connection``, sorted."""
    return sorted(name for name in inspect(connection).get_table_names() if is_pantau_table(name))


def count_rows(connection, names):
    """{table: number of rows} for ``names``, read through ``connection``."""
    return {name: connection.execute(select(func.count()).select_from(table(name))).scalar_one() for name in names}


def tool(*names):
    """The path of the first client program of ``names`` found on PATH; BackupError naming the package if none."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise BackupError(_("Program %(name)s tidak ditemukan. Pasang paket klien basis data "
                        "(postgresql-client atau mariadb-client) lalu ulangi.", name=names[0]))


def run_tool(command, env=None, stdin=None, stdout=None):
    """Run a client program; BackupError with its own message when it fails."""
    try:
        finished = subprocess.run(command, env=env, stdin=stdin, stdout=stdout if stdout else subprocess.PIPE,
                                  stderr=subprocess.PIPE, check=False)
    except OSError as error:
        raise BackupError(_("%(program)s tidak dapat dijalankan: %(error)s",
                            program=os.path.basename(command[0]), error=error))
    if finished.returncode != 0:
        message = finished.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BackupError(_("%(program)s gagal (kode %(code)s): %(error)s", program=os.path.basename(command[0]),
                            code=finished.returncode, error=" ".join(message[-3:]) or "?"))
    return finished


class SqliteEngine:
    """The SQLite file, copied page by page with the online backup API while others keep writing."""

    name = "sqlite"
    dump_name = "database.sqlite3"

    def __init__(self, engine, schema=None):
        self.engine = engine
        self.path = make_url(str(engine.url)).database
        if not self.path or self.path == ":memory:":
            raise BackupError(_("Basis data SQLite di memori tidak dapat dicadangkan."))

    def dump(self, target, progress):
        source = sqlite3.connect(self.path)
        copy = sqlite3.connect(target)
        try:
            # One step: copied in pieces, a backup restarts whenever another connection writes, and under steady
            # writes would never finish; in one step writers wait only for the copy of the file.
            source.backup(copy, pages=-1,
                          progress=lambda status, remaining, total: progress(
                              _("Basis data: %(done)s dari %(total)s halaman", done=number(total - remaining), total=number(total))))
            names = [row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                     if is_pantau_table(row[0])]
            return {name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in sorted(names)}
        except sqlite3.Error as error:
            raise BackupError(_("Salinan SQLite gagal: %(error)s", error=error))
        finally:
            copy.close()
            source.close()

    def load(self, dump_path):
        self.engine.dispose()
        source = sqlite3.connect(dump_path)
        target = sqlite3.connect(self.path)
        try:
            source.backup(target)
        except sqlite3.Error as error:
            raise BackupError(_("Pemulihan SQLite gagal: %(error)s", error=error))
        finally:
            target.close()
            source.close()
        self.engine.dispose()


class PostgresEngine:
    """PostgreSQL through pg_dump custom format and pg_restore, in one exported snapshot."""

    name = "postgresql"
    dump_name = "database.pgdump"

    def __init__(self, engine, schema=None):
        self.engine, self.schema = engine, schema

    def environment(self):
        url = self.engine.url
        env = dict(os.environ)
        env.update({"PGHOST": url.host or "localhost", "PGPORT": str(url.port or 5432),
                    "PGUSER": url.username or "", "PGDATABASE": url.database or ""})
        if url.password:
            env["PGPASSWORD"] = url.password
        if self.schema:
            env["PGOPTIONS"] = f"-csearch_path={self.schema}"
        return env

    def selection(self):
        if self.schema:
            return ["-n", self.schema]
        return ["-t", f"{TABLE_PREFIX}*", "-t", "ab_*"]

    def dump(self, target, progress):
        pg_dump = tool("pg_dump")
        with self.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts = count_rows(connection, pantau_tables(connection))
            progress(_("Basis data: pg_dump %(tables)s tabel", tables=len(counts)))
            run_tool([pg_dump, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                      "-f", target, *self.selection()], env=self.environment())
            connection.rollback()
        return counts

    def load(self, dump_path):
        pg_restore = tool("pg_restore")
        self.engine.dispose()
        # --clean --if-exists: empty tables left by a `flask db upgrade` (or, with --force, full ones) are replaced;
        # in an empty database the drops do nothing. One transaction: a failure leaves the database as it was.
        run_tool([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  "--clean", "--if-exists", "-d", self.engine.url.database, dump_path], env=self.environment())


INSERT_LINE = re.compile(rb"^INSERT INTO `([^`]+)` VALUES ")


class MariadbEngine:
    """MariaDB through mariadb-dump in one consistent transaction, loaded back with the mariadb client."""

    name = "mysql"
    dump_name = "database.sql"

    def __init__(self, engine, schema=None):
        self.engine = engine

    def arguments(self):
        url = self.engine.url
        return ["--default-character-set=utf8mb4", f"--host={url.host or 'localhost'}",
                f"--port={url.port or 3306}", f"--user={url.username or ''}"]

    def environment(self):
        env = dict(os.environ)
        if self.engine.url.password:
            env["MYSQL_PWD"] = self.engine.url.password
        return env

    def dump(self, target, progress):
        dump = tool("mariadb-dump", "mysqldump")
        with self.engine.connect() as connection:
            names = pantau_tables(connection)
        progress(_("Basis data: mariadb-dump %(tables)s tabel", tables=len(names)))
        with open(target, "wb") as handle:
            run_tool([dump, *self.arguments(), "--single-transaction", "--skip-extended-insert", "--no-autocommit",
                      "--hex-blob", "--skip-dump-date", self.engine.url.database, *names],
                     env=self.environment(), stdout=handle)
        counts = Counter()
        with open(target, "rb") as handle:
            for line in handle:
                match = INSERT_LINE.match(line)
                if match:
                    counts[match.group(1).decode()] += 1
        return {name: counts.get(name, 0) for name in names}

    def load(self, dump_path):
        client = tool("mariadb", "mysql")
        self.engine.dispose()
        with open(dump_path, "rb") as handle:
            run_tool([client, *self.arguments(), self.engine.url.database], env=self.environment(), stdin=handle)


ENGINES = {engine.name: engine for engine in (SqliteEngine, PostgresEngine, MariadbEngine)}


def engine_for(engine, schema=None):
    """The backup engine for a SQLAlchemy engine."""
    return ENGINES[engine.dialect.name](engine, schema)
