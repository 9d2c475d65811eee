"""Database triggers that freeze issued reports, for SQLite and PostgreSQL.

The model layer refuses to write an issued report (reports/models/reports.py); these make
the database refuse too, so raw SQL, another program or a bug in a future code path cannot
change or delete a report once it has been issued. Both raise an integrity error, which
Django surfaces as `django.db.IntegrityError`.

Used by the migration that creates the tables (0002); `drop` exists for the migration's
reverse only.
"""

from __future__ import annotations

MESSAGE = "An issued report cannot be changed or deleted"

_SQLITE_CREATE = [
    f"""CREATE TRIGGER report_issued_no_update BEFORE UPDATE ON reports_report
        FOR EACH ROW WHEN OLD.status = 'issued'
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER report_issued_no_delete BEFORE DELETE ON reports_report
        FOR EACH ROW WHEN OLD.status = 'issued'
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER reportsection_issued_no_insert BEFORE INSERT ON reports_reportsection
        FOR EACH ROW WHEN (SELECT status FROM reports_report WHERE id = NEW.report_id) = 'issued'
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER reportsection_issued_no_update BEFORE UPDATE ON reports_reportsection
        FOR EACH ROW WHEN (SELECT status FROM reports_report WHERE id = OLD.report_id) = 'issued'
                       OR (SELECT status FROM reports_report WHERE id = NEW.report_id) = 'issued'
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER reportsection_issued_no_delete BEFORE DELETE ON reports_reportsection
        FOR EACH ROW WHEN (SELECT status FROM reports_report WHERE id = OLD.report_id) = 'issued'
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS report_issued_no_update",
    "DROP TRIGGER IF EXISTS report_issued_no_delete",
    "DROP TRIGGER IF EXISTS reportsection_issued_no_insert",
    "DROP TRIGGER IF EXISTS reportsection_issued_no_update",
    "DROP TRIGGER IF EXISTS reportsection_issued_no_delete",
]

# SQLSTATE 23000 (integrity_constraint_violation): psycopg raises IntegrityError, as SQLite's ABORT does.
_POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION reports_refuse_issued_report() RETURNS trigger AS $$
        BEGIN
            IF OLD.status = 'issued' THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER report_issued_frozen BEFORE UPDATE OR DELETE ON reports_report
        FOR EACH ROW EXECUTE FUNCTION reports_refuse_issued_report()""",
    f"""CREATE OR REPLACE FUNCTION reports_refuse_issued_section() RETURNS trigger AS $$
        BEGIN
            IF (TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
                    SELECT 1 FROM reports_report WHERE id = OLD.report_id AND status = 'issued'))
               OR (TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
                    SELECT 1 FROM reports_report WHERE id = NEW.report_id AND status = 'issued')) THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER reportsection_issued_frozen BEFORE INSERT OR UPDATE OR DELETE ON reports_reportsection
        FOR EACH ROW EXECUTE FUNCTION reports_refuse_issued_section()""",
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS reportsection_issued_frozen ON reports_reportsection",
    "DROP FUNCTION IF EXISTS reports_refuse_issued_section()",
    "DROP TRIGGER IF EXISTS report_issued_frozen ON reports_report",
    "DROP FUNCTION IF EXISTS reports_refuse_issued_report()",
]

STATEMENTS = {
    "sqlite": (_SQLITE_CREATE, _SQLITE_DROP),
    "postgresql": (_POSTGRES_CREATE, _POSTGRES_DROP),
}


def _run(schema_editor, index: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"No issued-report triggers for {vendor}: add them to reports/triggers.py")
    for statement in STATEMENTS[vendor][index]:
        schema_editor.execute(statement)


def create(apps, schema_editor) -> None:
    _run(schema_editor, 0)


def drop(apps, schema_editor) -> None:
    _run(schema_editor, 1)
