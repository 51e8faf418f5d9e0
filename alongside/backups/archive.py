"""Encrypted backups of the whole database and uploaded files, and restoring them.

An archive is a text file: a header line, then one Fernet token per line. Each token holds one
chunk (a table's columns and some of its rows, or one uploaded file); the last token is the
manifest (row counts and a SHA-256 of each table's and file's content). Rows are copied as the
database stores them, so encrypted notes stay encrypted inside the archive too.

The backup key (ALONGSIDE_BACKUP_KEY) is separate from the data keys, so backups can be kept and
rotated apart from the live system.
"""

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.db import connection, transaction

from alongside.audit.checkpoints import (
    checkpoint_from,
    checkpoint_write,
    current_head,
    sealed_document,
)
from alongside.audit.sealing import seal_pending
from alongside.core.rawtables import insert_rows, iter_rows, table_columns

HEADER = "alongside-backup v1"
Progress = Callable[[str, int], None]


class BackupError(Exception):
    """The archive cannot be read or does not match its manifest."""


def _fernet() -> Fernet:
    key = getattr(settings, "BACKUP_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "Set ALONGSIDE_BACKUP_KEY (a Fernet key) to make or read backups."
        )
    try:
        return Fernet(key.encode())
    except ValueError as error:
        raise ImproperlyConfigured(
            "ALONGSIDE_BACKUP_KEY must be a 32-byte url-safe base64 key."
        ) from error


def _json_value(value):
    if isinstance(value, datetime | date | time):
        return {"$t": value.isoformat()}
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dict | list):
        return {"$j": json.dumps(value)}
    return value


def _db_value(value):
    if isinstance(value, dict):
        if "$t" in value:
            return value["$t"]
        if "$b" in value:
            return base64.b64decode(value["$b"])
        if "$j" in value:
            return value["$j"]
    return value


def backed_up_models() -> list:
    """Every concrete model, parents before children so foreign keys are satisfied."""
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    ordered, seen = [], set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for field in model._meta.concrete_fields:
            if (
                field.is_relation
                and field.related_model is not None
                and field.related_model is not model
            ):
                visit(field.related_model)
        ordered.append(model)

    for model in sorted(models, key=lambda m: m._meta.label):
        visit(model)
    return [m for m in ordered if m in models]


def _media_files() -> Iterator[Path]:
    root = Path(getattr(settings, "MEDIA_ROOT", "") or "")
    if root and root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


@dataclass
class BackupSummary:
    path: Path
    tables: int
    rows: int
    files: int


def backup_create(
    path: Path, progress: Progress | None = None, chunk_rows: int = 2000
) -> BackupSummary:
    """Write an encrypted archive of every table and uploaded file, then verify it."""
    fernet = _fernet()
    manifest: dict = {"created": datetime.now().isoformat(), "tables": {}, "files": {}}
    total_rows = 0
    tmp = path.with_suffix(path.suffix + ".partial")
    seal_pending()  # so the manifest's head covers every entry written before the backup
    with transaction.atomic(), tmp.open("w", encoding="ascii") as out:
        # One transaction: on PostgreSQL a consistent snapshot; on SQLite, writers wait.
        out.write(HEADER + "\n")
        for model in backed_up_models():
            columns = table_columns(model)
            digest = hashlib.sha256()
            count = 0
            for rows in iter_rows(model, columns, chunk_rows):
                encoded = [[_json_value(v) for v in row] for row in rows]
                payload = json.dumps(
                    {"table": model._meta.db_table, "columns": columns, "rows": encoded}
                )
                digest.update(json.dumps(encoded).encode())
                out.write(fernet.encrypt(payload.encode()).decode() + "\n")
                count += len(rows)
                if progress:
                    progress(model._meta.db_table, count)
            manifest["tables"][model._meta.db_table] = {"rows": count, "sha256": digest.hexdigest()}
            total_rows += count
        root = Path(getattr(settings, "MEDIA_ROOT", "") or ".")
        for file in _media_files():
            data = file.read_bytes()
            name = str(file.relative_to(root))
            payload = json.dumps({"file": name, "data": base64.b64encode(data).decode()})
            out.write(fernet.encrypt(payload.encode()).decode() + "\n")
            manifest["files"][name] = hashlib.sha256(data).hexdigest()
        # The audit chain's head as of this snapshot: restoring the backup writes it back as a
        # checkpoint, so a restored log cut short is found.
        head = current_head()
        manifest["audit_head"] = sealed_document(head) if head else None
        out.write(fernet.encrypt(json.dumps({"manifest": manifest}).encode()).decode() + "\n")
    backup_verify(tmp)
    tmp.replace(path)
    return BackupSummary(path, len(manifest["tables"]), total_rows, len(manifest["files"]))


def _chunks(path: Path) -> Iterator[dict]:
    fernet = _fernet()
    with path.open(encoding="ascii") as src:
        if src.readline().strip() != HEADER:
            raise BackupError(f"{path} is not an Alongside backup.")
        for number, line in enumerate(src, start=2):
            try:
                yield json.loads(fernet.decrypt(line.strip().encode()))
            except InvalidToken as error:
                raise BackupError(
                    f"Line {number} of {path} cannot be decrypted: wrong ALONGSIDE_BACKUP_KEY, or the file was altered."
                ) from error


def backup_verify(path: Path) -> dict:
    """Read the whole archive and check it against its manifest; returns the manifest."""
    seen_tables: dict[str, dict] = {}
    seen_files: dict[str, str] = {}
    manifest = None
    for chunk in _chunks(path):
        if "table" in chunk:
            entry = seen_tables.setdefault(chunk["table"], {"rows": 0, "sha256": hashlib.sha256()})
            entry["rows"] += len(chunk["rows"])
            entry["sha256"].update(json.dumps(chunk["rows"]).encode())
        elif "file" in chunk:
            seen_files[chunk["file"]] = hashlib.sha256(base64.b64decode(chunk["data"])).hexdigest()
        elif "manifest" in chunk:
            manifest = chunk["manifest"]
    if manifest is None:
        raise BackupError(f"{path} has no manifest: it is incomplete.")
    for table, expected in manifest["tables"].items():
        got = seen_tables.get(table, {"rows": 0, "sha256": hashlib.sha256()})
        if got["rows"] != expected["rows"] or (
            expected["rows"] and got["sha256"].hexdigest() != expected["sha256"]
        ):
            raise BackupError(f"Table {table} in {path} does not match the manifest.")
    if seen_files != manifest["files"]:
        raise BackupError(f"The uploaded files in {path} do not match the manifest.")
    return manifest


def backup_restore(path: Path, progress: Progress | None = None) -> dict:
    """Restore an archive into this database, which must be migrated and hold no data."""
    manifest = backup_verify(path)
    models = {m._meta.db_table: m for m in backed_up_models()}
    occupied = [t for t, m in models.items() if m._base_manager.exists()]
    if occupied:
        raise BackupError(
            "Restore needs an empty, migrated database; these tables already hold data: "
            + ", ".join(occupied[:5])
        )
    root = Path(getattr(settings, "MEDIA_ROOT", "") or ".")
    with transaction.atomic():
        restored: dict[str, int] = {}
        for chunk in _chunks(path):
            if "table" in chunk:
                model = models.get(chunk["table"])
                if model is None:
                    raise BackupError(
                        f"The backup has table {chunk['table']}, which this version does not."
                    )
                rows = [[_db_value(v) for v in row] for row in chunk["rows"]]
                insert_rows(model, chunk["columns"], rows)
                restored[chunk["table"]] = restored.get(chunk["table"], 0) + len(rows)
                if progress:
                    progress(chunk["table"], restored[chunk["table"]])
            elif "file" in chunk:
                target = (root / chunk["file"]).resolve()
                if root.resolve() not in target.parents:
                    raise BackupError(
                        f"Refusing to restore a file outside MEDIA_ROOT: {chunk['file']}"
                    )
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(base64.b64decode(chunk["data"]))
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models.values())):
                cursor.execute(sql)
    if manifest.get("audit_head"):
        checkpoint_write(checkpoint_from(manifest["audit_head"]))
    return manifest
