"""What the partner API reads: tokens, a referral for its referrer, and impact reports cut
from the one published (suppressed) report."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from alongside.core.suppression import FEWER_THAN_5, SUPPRESSED
from alongside.referrals.models import Tracking
from alongside.reports.models import Network
from alongside.reports.selectors import Scope, network_organisations, report_for
from alongside.reports.tables import NOT_SHOWN, PublishedReport

from .models import ApiToken

# Each report the API serves, as sections of the one published report.
REPORT_SECTIONS = {
    "oba": ("how_much", "how_well", "better_off"),
    "fidelity": ("fidelity",),
    "equality": ("equality",),
    "flow": ("flow",),
    "costs": ("costs",),
}
HIDDEN = {FEWER_THAN_5, SUPPRESSED, NOT_SHOWN}
SUPPRESSION = (
    "Counts from 1 to 4 are {'suppressed': true, 'shown_as': 'fewer than 5'}; other counts "
    "are {'suppressed': true, 'shown_as': 'suppressed'} when hidden so that no small count can "
    "be worked out from the other figures of the report (the same figures as the report's "
    "pages, PDF and spreadsheet)."
)


def tokens_of(organisation_id: int) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation_id=organisation_id).select_related(
        "partner", "created_by", "revoked_by"
    )


def referral_for_token(token: ApiToken, reference: str) -> Tracking | None:
    """A referral the token's partner organisation made to the token's service; None for any
    other (so another organisation's reference reads as 'not found')."""
    return (
        Tracking.objects.filter(
            reference=reference,
            referring_organisation_id=token.partner_id,
            referral__organisation_id=token.organisation_id,
        )
        .select_related("referral")
        .first()
    )


def networks_for_token(token: ApiToken) -> QuerySet[Network]:
    """The networks the token's organisation oversees (hosts), each with the number of
    services whose agreement is in force today (as `network_organisations` counts them)."""
    today = timezone.localdate()
    return Network.objects.filter(organisation_id=token.organisation_id).annotate(
        taking_part=Count(
            "members__organisation",
            filter=Q(members__agreed_on__lte=today)
            & (Q(members__withdrawn_on__isnull=True) | Q(members__withdrawn_on__gt=today)),
            distinct=True,
        )
    )


def _cell(text: str, *, count: bool):
    if text in HIDDEN:
        return {"suppressed": True, "shown_as": text}
    if count:
        return int(text)
    if text in ("", "none"):
        return None
    try:
        return float(text)
    except ValueError:
        return text


def report_json(published: PublishedReport, kind: str, **about) -> dict:
    """The sections of one report kind, every figure as published (suppressed)."""
    sections = []
    for section, tables in published.sections:
        if section.key not in REPORT_SECTIONS[kind]:
            continue
        out = []
        for p in tables:
            table = p.table
            columns = [c for c, _ in table.columns]
            rows = [
                {
                    "key": str(row),
                    "label": label,
                    "cells": {
                        str(column): _cell(text, count=(row, column) in table.counts)
                        for column, text in zip(columns, texts, strict=True)
                    },
                }
                for (row, _), (label, texts) in zip(table.rows, p.rows, strict=True)
            ]
            out.append(
                {
                    "key": table.key,
                    "title": table.title,
                    "row_heading": table.row_heading,
                    "columns": [{"key": str(c), "heading": h} for c, h in table.columns],
                    "rows": rows,
                    "note": table.note,
                }
            )
        sections.append(
            {"key": section.key, "title": section.title, "intro": section.intro, "tables": out}
        )
    return {
        "report": kind,
        "title": published.title,
        "suppression": SUPPRESSION,
        "sections": sections,
        **about,
    }


def service_report(token: ApiToken, kind: str, start: date, end: date) -> dict:
    """One report for the token's own service: cut from the whole report, published in one
    pass, so a figure hidden in one report is hidden in all."""
    scope = Scope(start=start, end=end, organisation_ids=(token.organisation_id,))
    return report_json(
        report_for(scope),
        kind,
        covers=token.organisation.name,
        services_counted=1,
        start=start,
        end=end,
    )


def network_report(network: Network, kind: str, start: date, end: date) -> dict:
    """One report across the services taking part in `network` today."""
    members = network_organisations(network, timezone.localdate())
    scope = Scope(start=start, end=end, organisation_ids=tuple(m.pk for m in members), network=True)
    return report_json(
        report_for(scope, title=f"{network.name}: services taking part"),
        kind,
        covers=network.name,
        services_counted=len(members),
        start=start,
        end=end,
    )
