"""Subject access: everything Alongside holds about a parent, machine-readable (JSON), for
data portability: every stored field as it is held, codes and ISO dates included. The letter a
parent can read is `sharing.letter`.

Driven by the registry of parent data (`sharing.parent_data.REGISTRY`): every model holding a
parent's data has a section here, so a new one cannot be left out."""

from datetime import date, datetime

from django.conf import settings
from django.db import models

from alongside.people.models import Parent

from .parent_data import Holding, parent_holdings

# Housekeeping columns that say nothing about the parent.
LEFT_OUT = {"version"}
USER_MODEL = settings.AUTH_USER_MODEL.lower()


def _value(value):
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _row(obj: models.Model) -> dict:
    """Every stored field, decrypted; people and organisations by name, other links by id."""
    row: dict = {"id": obj.pk}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in LEFT_OUT:
            continue
        if field.is_relation:
            related_label = field.related_model._meta.label_lower
            related_id = getattr(obj, field.attname)
            if related_id is None:
                row[field.name] = None
            elif related_label in {USER_MODEL, "accounts.organisation"}:
                row[field.name] = str(getattr(obj, field.name))
            else:
                row[field.name] = related_id
            continue
        row[field.name] = _value(getattr(obj, field.attname))
    for field in obj._meta.many_to_many:
        row[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return row


def _audit_row(entry) -> dict:
    return {
        "when": entry.at.isoformat(),
        "who": entry.actor_label,
        "action": entry.action,
        "what": entry.description,
        "record": f"{entry.object_type} {entry.object_id}".strip(),
        "outcome": entry.outcome,
    }


def _section(holding: Holding, parent: Parent) -> list[dict]:
    rows = holding.rows_for([parent.pk])
    if holding.label == "audit.AuditEntry":
        return [_audit_row(e) for e in rows.order_by("id")]
    return [_row(obj) for obj in rows.order_by("pk")]


def subject_access_data(parent: Parent) -> dict:
    """One section per model that holds the parent's data (see `parent_data.REGISTRY`)."""
    data: dict = {}
    for holding in parent_holdings():
        if holding.export is None:
            continue
        rows = _section(holding, parent)
        data[holding.export] = rows[0] if holding.label == "people.Parent" else rows
    return data
