"""Writes: adopting and editing a programme. Each is one transaction with its audit entry."""

from django.core.exceptions import ValidationError
from django.db import transaction

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record

from .loader import ProgrammeInvalid, load_programme, shipped_templates
from .models import Programme, ProgrammeVersion


@transaction.atomic
def programme_adopt(*, organisation, template_key: str, adopted_by) -> Programme:
    """Start running a shipped template. It becomes the service's programme in use."""
    templates = shipped_templates()
    if template_key not in templates:
        raise ValidationError(f"There is no template called '{template_key}'.")
    source = templates[template_key].read_text(encoding="utf-8")
    spec = load_programme(source, filename=templates[template_key].name)
    Programme.objects.filter(organisation=organisation, in_use=True).update(in_use=False)
    programme, created = Programme.objects.get_or_create(
        organisation=organisation,
        key=spec.key,
        defaults={"name": spec.name, "template_key": template_key, "in_use": True},
    )
    if not created:
        programme.in_use = True
        programme.save(update_fields=["in_use", "updated_at"])
    else:
        ProgrammeVersion.objects.create(
            programme=programme,
            number=1,
            source=source,
            created_by=adopted_by,
            change_note=f"Started from the {spec.name} template",
        )
    audit_record(
        actor=adopted_by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=programme,
        description="Programme adopted",
        detail={"template": template_key},
    )
    return programme


@transaction.atomic
def programme_revise(
    *, programme: Programme, source: str, revised_by, note: str
) -> ProgrammeVersion:
    """Save an edited definition as the next version. Refused whole if it is not valid.
    Episodes already started keep the version they started under."""
    try:
        load_programme(source, filename=f"{programme.key} (your edit)")
    except ProgrammeInvalid as error:
        raise ValidationError([str(e) for e in error.errors]) from error
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    latest = programme.current_version()
    version = ProgrammeVersion.objects.create(
        programme=programme,
        number=(latest.number if latest else 0) + 1,
        source=source,
        created_by=revised_by,
        change_note=note,
    )
    audit_record(
        actor=revised_by,
        action=AuditAction.UPDATE,
        obj=programme,
        description="Programme changed",
        detail={"version": version.number},
    )
    return version
