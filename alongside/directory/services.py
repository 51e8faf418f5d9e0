"""Writes to the directory: loading the data file, an administrator's edit, a service
publishing its own entry. Each write is one transaction with its history row and its entry in
the audit log."""

from dataclasses import dataclass

from django.db import models, transaction

from alongside.audit.models import AuditAction
from alongside.audit.services import Actor, audit_record

from .caching import cache_move_on
from .loading import FIELDS, ServiceRow
from .models import DirectoryChange, DirectoryService, ServiceArea

LOADER = Actor(id=None, label="alongside load-directory")


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    return list(value) if isinstance(value, list | tuple) else value


def _write(
    *, service: DirectoryService | None, values: dict, areas: list[str], how: str, by, by_label: str
) -> tuple[DirectoryService, dict]:
    """Set the fields and areas, save, and record what changed (nothing recorded if nothing
    did). Call inside a transaction."""
    creating = service is None
    service = service or DirectoryService()
    before = {name: _plain(getattr(service, name)) for name in values} if not creating else {}
    before_areas = sorted(service.area_slugs) if not creating else None
    for name, value in values.items():
        setattr(service, name, value)
    service.full_clean()
    after_areas = sorted(set(areas))
    changes = {
        name: [before.get(name), _plain(value)]
        for name, value in values.items()
        if creating or before.get(name) != _plain(value)
    }
    if creating or before_areas != after_areas:
        changes["areas"] = [before_areas, after_areas]
    if not changes:
        return service, {}
    service.save()
    if creating or "areas" in changes:
        ServiceArea.objects.filter(service=service).exclude(
            local_authority__in=after_areas
        ).delete()
        for slug in after_areas:
            ServiceArea.objects.get_or_create(service=service, local_authority=slug)
    DirectoryChange.objects.create(
        service=service, by=by, by_label=by_label[:200], how=how, changes=changes
    )
    audit_record(
        actor=by if by is not None else Actor(id=None, label=by_label),
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=service,
        description=f"Directory entry {'added' if creating else 'changed'}: {service.name}",
        detail={"how": how, "fields": sorted(changes)},
    )
    # Now, and again once committed, so no page cached in between outlives the change.
    cache_move_on()
    transaction.on_commit(cache_move_on)
    return service, changes


def directory_load(*, rows: list[ServiceRow], by_label: str = LOADER.label) -> LoadResult:
    """Load checked rows (see loading.read_services): add new entries, change those whose file
    row differs, by slug. All or nothing. Entries not in the file are left as they are."""
    result = LoadResult()
    with transaction.atomic():
        existing = {s.slug: s for s in DirectoryService.objects.prefetch_related("areas")}
        for row in rows:
            values = {name: row.values[name] for name in FIELDS}
            current = existing.get(values["slug"])
            _, changes = _write(
                service=current,
                values=values,
                areas=row.areas,
                how=DirectoryChange.How.LOADED,
                by=None,
                by_label=by_label,
            )
            if current is None:
                result.created += 1
            elif changes:
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def directory_service_save(
    *, service: DirectoryService | None, values: dict, areas: list[str], changed_by
) -> tuple[DirectoryService, dict]:
    """A directory administrator adds or edits an entry."""
    with transaction.atomic():
        if service is not None:
            service = DirectoryService.objects.select_for_update().get(pk=service.pk)
        return _write(
            service=service,
            values=values,
            areas=areas,
            how=DirectoryChange.How.EDITED,
            by=changed_by,
            by_label=changed_by.get_username(),
        )


def directory_publish(
    *, organisation, published_by, values: dict, areas: list[str]
) -> tuple[DirectoryService, dict]:
    """A service publishes (or updates) its own entry, the one linked to its organisation."""
    with transaction.atomic():
        current = (
            DirectoryService.objects.select_for_update().filter(organisation=organisation).first()
        )
        values = {**values, "organisation": organisation}
        if current is not None:
            values["slug"] = current.slug
        return _write(
            service=current,
            values=values,
            areas=areas,
            how=DirectoryChange.How.PUBLISHED,
            by=published_by,
            by_label=published_by.get_username(),
        )
