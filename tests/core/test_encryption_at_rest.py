"""Free text that can hold something sensitive is encrypted at rest, like case notes (ADR 0004).

For each column: a record is written with a distinctive string, the column is read as stored
(raw SQL), the string is absent and the stored value is a token the keys open, and the ORM gives
the text back. Key rotation re-encrypts every one of these columns. A guard lists every other
free-text column in casework, sharing, measures and plans with the reason it stays in clear,
so a new one cannot be added without a decision. The forms keep the length limits the columns
lost.
"""

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from alongside.casework.forms import AllocationForm, ContactForm
from alongside.casework.models import (
    Allocation,
    Approval,
    Blocker,
    BlockerKind,
    Contact,
    PhaseChange,
)
from alongside.casework.path_forms import ApprovalForm, BlockerForm, PathwayForm, PhaseForm
from alongside.core import crypto
from alongside.core.fields import EncryptedTextField, encrypt_existing
from alongside.measures.models import MeasureResponse
from alongside.measures.services import measure_record
from alongside.people.models import Parent
from alongside.plans.forms import GoalForm
from alongside.plans.models import Goal, Plan
from alongside.programmes.services import programme_adopt
from alongside.referrals.models import Referral
from alongside.sharing.choices import DisclosureKind, HowGiven, LegalBasis
from alongside.sharing.forms import BreakGlassForm, ConsentForm, DisclosureForm, WithdrawForm
from alongside.sharing.models import BreakGlass, Consent, Disclosure

from ..factories import ContactFactory

TODAY = timezone.localdate


def raw(model: type[models.Model], field: str, pk) -> str:
    """The value as the database stores it, bypassing the field."""
    q = connection.ops.quote_name
    column = model._meta.get_field(field).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {q(column)} FROM {q(model._meta.db_table)} WHERE {q(model._meta.pk.column)} = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


def raw_row(model: type[models.Model], pk) -> str:
    """Every column of the row as stored, as one string."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {q(model._meta.db_table)} WHERE {q(model._meta.pk.column)} = %s",  # noqa: S608
            [pk],
        )
        return " ".join(str(value) for value in cursor.fetchone())


# Builders: each writes one record with `text` in the column under test.
def _allocation(ctx, text):
    return Allocation.objects.create(
        episode=ctx.episode,
        worker=ctx.practitioner,
        allocated_on=TODAY(),
        allocated_by=ctx.manager,
        over_cap_reason=text,
    )


def _approval(ctx, text):
    return Approval.objects.create(
        episode=ctx.episode,
        kind=Approval.Kind.CLOSURE,
        summary="Close the work",
        asked="{}",
        requested_by=ctx.practitioner,
        requested_on=TODAY(),
        status=Approval.Status.RETURNED,
        comments=text,
    )


def _blocker(ctx, text):
    return Blocker.objects.create(
        episode=ctx.episode,
        kind=BlockerKind.HOUSING,
        description=text,
        started_on=TODAY(),
        recorded_by=ctx.practitioner,
    )


def _contact(ctx, text):
    return ContactFactory(episode=ctx.episode, who_was_there=text)


def _phase_change(ctx, text):
    version = programme_adopt(
        organisation=ctx.service, template_key="pause-style", adopted_by=ctx.manager
    ).current_version()
    return PhaseChange.objects.create(
        episode=ctx.episode,
        programme_version=version,
        kind=PhaseChange.Kind.STARTED,
        pathway="a",
        phase="b",
        changed_on=TODAY(),
        decided_by=ctx.practitioner,
        note=text,
    )


def _consent(ctx, **text):
    return Consent.objects.create(
        parent=ctx.episode.parent,
        organisation=ctx.service,
        categories=["contacts"],
        purpose=text.get("purpose", "Planning family time"),
        starts_on=TODAY(),
        how_given=HowGiven.VERBAL_WITH_WITNESS,
        witness=text.get("witness", "A colleague"),
        recorded_by=ctx.practitioner,
        withdrawal_note=text.get("withdrawal_note", ""),
    )


def _break_glass(ctx, text):
    now = timezone.now()
    return BreakGlass.objects.create(
        user=ctx.manager,
        parent=ctx.episode.parent,
        reason=text,
        started_at=now,
        expires_at=now + timedelta(hours=1),
    )


def _disclosure(ctx, **text):
    return Disclosure.objects.create(
        parent=ctx.episode.parent,
        kind=DisclosureKind.SAFEGUARDING,
        recipient=text.get("recipient", "The duty social worker"),
        legal_basis=LegalBasis.S47,
        reasons=text.get("reasons", "A risk to the child"),
        what_disclosed=text.get("what_disclosed", "The last two contacts"),
        requested_by=ctx.practitioner,
        decision_note=text.get("decision_note", ""),
        not_told_reason=text.get("not_told_reason", ""),
    )


def _goal(ctx, text):
    plan = Plan.objects.create(
        episode=ctx.episode,
        agreed_on=TODAY(),
        attended="The parent and the key worker",
        next_review_on=TODAY() + timedelta(weeks=6),
        created_by=ctx.practitioner,
    )
    return Goal.objects.create(
        plan=plan,
        family_member="child",
        member_name=text,
        area="housing",
        in_parents_words="Somewhere to live",
        created_by=ctx.practitioner,
    )


# (model, field, builder). The distinctive string is made per column.
def _parent_detail(ctx, field, text):
    parent = ctx.episode.parent
    setattr(parent, field, text)
    parent.save(update_fields=[field])
    return parent


def _referrer(ctx, field, text):
    referral = ctx.episode.referral
    setattr(referral, field, text)
    referral.save(update_fields=[field])
    return referral


COLUMNS: list[tuple[type[models.Model], str, Callable]] = [
    (Allocation, "over_cap_reason", _allocation),
    (Approval, "comments", _approval),
    (Blocker, "description", _blocker),
    (Contact, "who_was_there", _contact),
    (PhaseChange, "note", _phase_change),
    (Consent, "purpose", lambda ctx, t: _consent(ctx, purpose=t)),
    (Consent, "witness", lambda ctx, t: _consent(ctx, witness=t)),
    (Consent, "withdrawal_note", lambda ctx, t: _consent(ctx, withdrawal_note=t)),
    (BreakGlass, "reason", _break_glass),
    (Disclosure, "recipient", lambda ctx, t: _disclosure(ctx, recipient=t)),
    (Disclosure, "reasons", lambda ctx, t: _disclosure(ctx, reasons=t)),
    (Disclosure, "what_disclosed", lambda ctx, t: _disclosure(ctx, what_disclosed=t)),
    (Disclosure, "decision_note", lambda ctx, t: _disclosure(ctx, decision_note=t)),
    (Disclosure, "not_told_reason", lambda ctx, t: _disclosure(ctx, not_told_reason=t)),
    (Goal, "member_name", _goal),
    (Parent, "phone", lambda ctx, t: _parent_detail(ctx, "phone", t)),
    (Parent, "email", lambda ctx, t: _parent_detail(ctx, "email", t)),
    (Parent, "address", lambda ctx, t: _parent_detail(ctx, "address", t)),
    (Referral, "referrer_name", lambda ctx, t: _referrer(ctx, "referrer_name", t)),
    (Referral, "referrer_contact", lambda ctx, t: _referrer(ctx, "referrer_contact", t)),
]


def secret_for(model, field) -> str:
    return f"Zanzibar-{model.__name__}-{field} told me about her brother Quillon"


@pytest.fixture
def ctx(episode, practitioner, team_manager, service):
    return SimpleNamespace(
        episode=episode, practitioner=practitioner, manager=team_manager, service=service
    )


@pytest.mark.parametrize(
    ("model", "field", "build"),
    COLUMNS,
    ids=[f"{m._meta.label}.{f}" for m, f, _ in COLUMNS],
)
def test_free_text_is_encrypted_at_rest(ctx, model, field, build):
    secret = secret_for(model, field)
    record = build(ctx, secret)
    stored = raw(model, field, record.pk)
    assert "Zanzibar" not in stored and "Quillon" not in stored
    assert crypto.is_encrypted(stored)
    assert getattr(model.objects.get(pk=record.pk), field) == secret


def test_empty_text_stays_empty_so_filters_on_blank_still_work(ctx):
    blocker = _blocker(ctx, "")
    assert raw(Blocker, "description", blocker.pk) == ""
    assert Blocker.objects.filter(description="").get() == blocker


def _phq9(ctx, q9: int) -> MeasureResponse:
    return measure_record(
        episode=ctx.episode,
        recorded_by=ctx.practitioner,
        instrument_code="phq9",
        completed_on=TODAY(),
        answers={"parent": {f"q{n}": (q9 if n == 9 else 1) for n in range(1, 10)}},
    )


def test_a_phq9_self_harm_alert_is_not_stored_in_clear(ctx):
    response = _phq9(ctx, q9=2)
    row = raw_row(MeasureResponse, response.pk)
    # Neither the alert's words, nor a flag, nor the band sit in clear beside the answers.
    assert "safety procedure" not in row and "alerts" not in row and "Moderate" not in row
    assert "has_alert" not in {f.name for f in MeasureResponse._meta.concrete_fields}
    assert crypto.is_encrypted(raw(MeasureResponse, "scores_text", response.pk))
    saved = MeasureResponse.objects.get(pk=response.pk)
    assert saved.has_alert
    assert "safety procedure" in saved.scores["parent"]["alerts"][0]
    assert saved.scores["parent"]["total"] == saved.total == 10
    assert not _phq9(ctx, q9=0).has_alert


def test_rotate_keys_re_encrypts_every_new_column(settings, ctx):
    written = [
        (model, field, build(ctx, secret_for(model, field)).pk) for model, field, build in COLUMNS
    ]
    measure = _phq9(ctx, q9=1)
    written.append((MeasureResponse, "scores_text", measure.pk))
    new_key = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [new_key, *settings.ENCRYPTION_KEYS]
    call_command("rotate_keys", stdout=StringIO())
    settings.ENCRYPTION_KEYS = [new_key]  # the old keys are retired
    only_new = Fernet(new_key.encode())
    for model, field, pk in written:
        plain = only_new.decrypt(raw(model, field, pk).encode()).decode()
        if model is MeasureResponse:
            assert "safety procedure" in plain
        else:
            assert plain == secret_for(model, field)
            assert getattr(model.objects.get(pk=pk), field) == secret_for(model, field)
    assert MeasureResponse.objects.get(pk=measure.pk).has_alert


def test_the_data_migration_encrypts_rows_already_there_and_reverses(ctx):
    blocker = _blocker(ctx, "")
    q = connection.ops.quote_name
    with connection.cursor() as cursor:  # a row as it stood before the migration: plain text
        cursor.execute(
            f"UPDATE {q(Blocker._meta.db_table)} SET {q('description')} = %s WHERE id = %s",  # noqa: S608
            ["Waiting for the Zanzibar housing panel", blocker.pk],
        )
    step = encrypt_existing("casework.Blocker", "description")
    editor = SimpleNamespace(connection=connection)
    step.code(global_apps, editor)
    stored = raw(Blocker, "description", blocker.pk)
    assert "Zanzibar" not in stored and crypto.is_encrypted(stored)
    step.code(global_apps, editor)  # running it again does not encrypt twice
    assert Blocker.objects.get(pk=blocker.pk).description == (
        "Waiting for the Zanzibar housing panel"
    )
    step.reverse_code(global_apps, editor)
    assert raw(Blocker, "description", blocker.pk) == "Waiting for the Zanzibar housing panel"


# Free-text columns in these apps that stay in clear, and why. Anything else a person can type
# must be an EncryptedTextField.
KEPT_IN_CLEAR = {
    # Keys and names from the programme definition or from code, not typed about a parent.
    "casework.Episode.pathway": "a key in the programme definition",
    "casework.Episode.phase": "a key in the programme definition",
    "casework.PhaseChange.pathway": "a key in the programme definition",
    "casework.PhaseChange.phase": "a key in the programme definition",
    "casework.PhaseChange.decision": "one of the phase's decision options from the definition",
    "casework.Approval.summary": "written by the code from choice labels and dates",
    "measures.MeasureResponse.instrument": "the instrument's code",
    "measures.MeasureResponse.instrument_name": "the instrument's name",
    # Typed, but about the receiving organisation (a role such as 'Midwife'), not the parent.
    "sharing.Consent.job_role": "a job role at the partner organisation",
}


def _free_text_columns():
    for app in ("casework", "sharing", "measures", "plans"):
        for model in global_apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField) and not field.choices:
                    yield f"{model._meta.label}.{field.name}", field


def test_every_free_text_column_is_encrypted_or_kept_in_clear_for_a_stated_reason():
    unexplained = [
        label
        for label, field in _free_text_columns()
        if not isinstance(field, EncryptedTextField) and label not in KEPT_IN_CLEAR
    ]
    assert unexplained == []
    now_encrypted = [
        label for label, field in _free_text_columns() if isinstance(field, EncryptedTextField)
    ]
    assert [label for label in KEPT_IN_CLEAR if label in now_encrypted] == []


# The columns lost their database length limits; the forms keep theirs, so people get the same
# messages as before.
FORM_LIMITS = [
    (AllocationForm, "over_cap_reason", 1000),
    (ContactForm, "who_was_there", 300),
    (BlockerForm, "description", 500),
    (ApprovalForm, "comments", 2000),
    (PathwayForm, "note", 2000),
    (PhaseForm, "note", 2000),
    (ConsentForm, "purpose", 300),
    (ConsentForm, "witness", 200),
    (WithdrawForm, "note", 500),
    (DisclosureForm, "recipient", 200),
    (BreakGlassForm, "reason", 500),
    (GoalForm, "member_name", 100),
]


@pytest.mark.parametrize(
    ("form", "field", "limit"), FORM_LIMITS, ids=[f"{f.__name__}.{n}" for f, n, _ in FORM_LIMITS]
)
def test_the_forms_keep_their_length_limits(form, field, limit):
    checked = form.base_fields[field]
    assert checked.clean("x" * limit) == "x" * limit
    with pytest.raises(ValidationError, match=f"at most {limit} characters"):
        checked.clean("x" * (limit + 1))
