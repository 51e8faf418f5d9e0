"""Form drafts: saved as a person types, offered back when they return to the form."""

import json

from django.utils import timezone

from .models import FormDraft

MAX_DRAFT_BYTES = 64 * 1024


def draft_save(*, user, form_key: str, fields: dict[str, list[str]]) -> FormDraft | None:
    """Keep what was typed. Values are lists because a form field can repeat (checkboxes)."""
    clean = {
        str(name)[:100]: [
            str(value)[:20000] for value in (values if isinstance(values, list) else [values])
        ]
        for name, values in fields.items()
        if name not in {"csrfmiddlewaretoken", "password"}
    }
    payload = json.dumps(clean)
    if len(payload.encode()) > MAX_DRAFT_BYTES or not form_key.startswith("/"):
        return None
    draft, _ = FormDraft.objects.update_or_create(
        user=user,
        form_key=form_key[:300],
        defaults={"data": payload, "saved_at": timezone.now()},
    )
    return draft


def draft_discard(*, user, form_key: str) -> None:
    FormDraft.objects.filter(user=user, form_key=form_key).delete()


def draft_for(*, user, form_key: str) -> FormDraft | None:
    return FormDraft.objects.filter(user=user, form_key=form_key).first()


def draft_fields(draft: FormDraft) -> dict[str, list[str]]:
    try:
        data = json.loads(draft.data)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
