from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from alongside.audit.models import AuditChainHead, AuditEntry
from alongside.audit.triggers import SEALING_COLUMNS


class Command(BaseCommand):
    help = (
        "PostgreSQL: give the role the web server and worker connect as exactly what they need. "
        "Run as the database's owner after every `alongside migrate`. The role may read and "
        "write the service's tables, may only add to the audit log (no update, delete or "
        "truncate), and, not being the owner, cannot disable the log's triggers."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="The application's database role (not the owner)")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Roles are a PostgreSQL matter; SQLite has none.")
        quote = connection.ops.quote_name
        role_q = quote(role)
        entries = quote(AuditEntry._meta.db_table)
        head = quote(AuditChainHead._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"There is no role called {role}.")
            if found[0]:
                raise CommandError(f"{role} is a superuser: the application needs a plain role.")
            statements = [
                f"GRANT USAGE ON SCHEMA public TO {role_q}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role_q}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role_q}",
                f"REVOKE UPDATE, DELETE, TRUNCATE ON {entries} FROM {role_q}",
                # Sealing gives a written entry its place; the table's trigger allows only that.
                f"GRANT UPDATE ({', '.join(quote(c) for c in SEALING_COLUMNS)}) "
                f"ON {entries} TO {role_q}",
                f"REVOKE DELETE, TRUNCATE ON {head} FROM {role_q}",
            ]
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"{role} may use the service's tables and only add to the audit log.")
