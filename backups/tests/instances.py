"""Instances of the app beside the test database: a new database of the same engine and an empty
media folder, driven through manage.py in a subprocess, so nothing of the test's own Django is reused."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


class EmptyInstance:
    """A database that has never been migrated, of the same engine as the test database, and an empty folder."""

    def __init__(self, tmp_path: Path):
        tmp_path.mkdir(parents=True, exist_ok=True)
        self.media = tmp_path / "restored-media"
        db = connection.settings_dict
        if connection.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"nt_restore_{uuid.uuid4().hex[:8]}"
            self.pg = {
                "PGHOST": db["HOST"] or "127.0.0.1",
                "PGPORT": str(db["PORT"] or 5432),
                "PGUSER": db["USER"],
                "PGPASSWORD": db["PASSWORD"] or "",
            }
            subprocess.run(["createdb", self.name], env={**os.environ, **self.pg}, check=True)
            auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
            self.url = f"postgres://{auth}{self.pg['PGHOST']}:{self.pg['PGPORT']}/{self.name}"

    def manage(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "DJANGO_ENV": "development",
            **extra_env,
        }
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)

    def query(self, sql: str) -> list[tuple]:
        """Read the restored database with its own driver: nothing of the test's Django connection is reused."""
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.path) as db:
                return db.execute(sql).fetchall()
        import psycopg2

        with (
            psycopg2.connect(
                dbname=self.name,
                host=self.pg["PGHOST"],
                port=self.pg["PGPORT"],
                user=self.pg["PGUSER"],
                password=self.pg["PGPASSWORD"] or None,
            ) as db,
            db.cursor() as cursor,
        ):
            cursor.execute(sql)
            return cursor.fetchall()

    def tables(self) -> int:
        """How many tables the restored database has: 0 while nothing was restored."""
        if connection.vendor == "sqlite":
            if not self.path.exists():
                return 0
            return self.query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")[0][0]
        return self.query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")[0][0]

    def media_is_empty(self) -> bool:
        return not self.media.exists() or not any(self.media.iterdir())

    @property
    def is_sqlite(self) -> bool:
        return connection.vendor == "sqlite"

    def execute(self, sql: str) -> None:
        if self.is_sqlite:
            with sqlite3.connect(self.path) as db:
                db.execute(sql)
            return
        import psycopg2

        with (
            psycopg2.connect(
                dbname=self.name,
                host=self.pg["PGHOST"],
                port=self.pg["PGPORT"],
                user=self.pg["PGUSER"],
                password=self.pg["PGPASSWORD"] or None,
            ) as db,
            db.cursor() as cursor,
        ):
            cursor.execute(sql)

    def drop(self) -> None:
        if connection.vendor != "sqlite":
            subprocess.run(["dropdb", "--if-exists", self.name], env={**os.environ, **self.pg}, check=False)
