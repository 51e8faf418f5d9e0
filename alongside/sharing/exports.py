"""Subject access: everything Alongside holds about a parent, machine-readable and readable."""

from django.forms.models import model_to_dict

from alongside.audit.models import AuditEntry
from alongside.casework.models import Contact
from alongside.core.pdf import text_pdf
from alongside.people.models import Parent


def _plain(obj, exclude=()) -> dict:
    data = model_to_dict(obj, exclude=list(exclude))
    return {
        k: (str(v) if v is not None and not isinstance(v, int | bool | list | dict | str) else v)
        for k, v in data.items()
    }


def subject_access_data(parent: Parent) -> dict:
    episodes = list(parent.episodes.all().order_by("opened_on"))
    return {
        "parent": _plain(parent, exclude=["organisation", "version"]),
        "previous_names": [n.name for n in parent.previous_names.all()],
        "children": [_plain(c, exclude=["parent"]) for c in parent.children.all()],
        "referrals": [
            _plain(r, exclude=["parent", "organisation"]) for r in parent.referrals.all()
        ],
        "episodes": [_plain(e, exclude=["parent", "organisation", "referral"]) for e in episodes],
        "contacts": [
            _plain(c, exclude=["episode"]) | {"episode": c.episode_id}
            for c in Contact.objects.filter(episode__parent=parent).order_by("happened_on", "pk")
        ],
        "consents": [_plain(c, exclude=["parent"]) for c in parent.consents.all()],
        "disclosures": [
            _plain(d, exclude=["parent", "contacts"]) for d in parent.disclosures.all()
        ],
        "changes_to_details": [_plain(c, exclude=["parent"]) for c in parent.changes.all()],
        "who_viewed_or_changed_the_record": [
            {
                "when": e.at.isoformat(),
                "who": e.actor_label,
                "action": e.action,
                "what": e.description,
                "outcome": e.outcome,
            }
            for e in AuditEntry.objects.filter(parent_id=parent.pk).order_by("sequence")
        ],
    }


def subject_access_pdf(parent: Parent, data: dict) -> bytes:
    lines: list[str] = []
    for section, content in data.items():
        lines.append(f"# {section.replace('_', ' ').capitalize()}")
        items = content if isinstance(content, list) else [content]
        if not items:
            lines.append("None held.")
        for item in items:
            if isinstance(item, dict):
                for key, value in item.items():
                    if value not in (None, "", [], {}):
                        lines.append(f"{key.replace('_', ' ')}: {value}")
            else:
                lines.append(str(item))
            lines.append("")
    return text_pdf(f"Everything Alongside holds about {parent.full_name}", lines)
