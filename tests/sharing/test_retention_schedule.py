"""The retention schedule: one registry of every model holding a parent's data, the same
schedule in docs/retention.md, and when each period starts."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import TextField
from django.utils import timezone

from alongside.casework.models import Contact
from alongside.core.models import FormDraft
from alongside.core.services import draft_save
from alongside.people.models import Parent
from alongside.referrals.models import Referral
from alongside.sharing.parent_data import (
    REGISTRY,
    Action,
    Stage,
    models_with_parent_data,
    parent_holdings,
)
from alongside.sharing.retention import apply_retention

from ..factories import ContactFactory, EpisodeFactory, ParentFactory, ReferralFactory

DOCS = Path(__file__).resolve().parents[2] / "docs" / "retention.md"


def test_every_model_holding_parent_data_is_in_the_registry():
    """Found by looking at the models: any foreign-key path to a parent counts."""
    registered = {h.label for h in REGISTRY}
    missing = [label for label in models_with_parent_data() if label not in registered]
    assert missing == [], f"Add these to sharing.parent_data.REGISTRY: {missing}"


def test_the_introspection_finds_models_several_links_away():
    found = set(models_with_parent_data())
    assert {"plans.Milestone", "casework.TaperStep", "plans.GoalProgress"} <= found
    assert "accounts.User" not in found and "jobs.Job" not in found


def test_each_registered_path_reaches_the_parent(db):
    for holding in parent_holdings():
        assert holding.model._meta.label == holding.label
        holding.rows_for([1]).exists()  # the lookup is valid


def test_every_erased_field_is_free_text_and_every_model_says_what_happens():
    for holding in REGISTRY:
        assert holding.what, holding.label
        if holding.action == Action.ERASE:
            assert holding.erase, holding.label
            for name in holding.erase:
                field = holding.model._meta.get_field(name)
                assert isinstance(field, TextField) or field.get_internal_type() in {
                    "CharField",
                    "TextField",
                }, (holding.label, name)
        else:
            assert not holding.erase, holding.label
        if holding.label in models_with_parent_data():
            assert holding.export, f"{holding.label} is left out of the subject access export"
        else:
            assert holding.export or holding.not_exported, holding.label


def test_the_schedule_in_the_docs_lists_every_registered_model():
    text = DOCS.read_text(encoding="utf-8")
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r"^\| `([a-z_]+\.[A-Za-z]+)` \|[^|]+\|[^|]+\| (.+?) \|$", text, flags=re.M
        )
    }
    assert set(rows) == {h.label for h in REGISTRY}
    for holding in REGISTRY:
        assert rows[holding.label] == holding.what, holding.label
    assert "backup" in text.lower()


@pytest.fixture
def closed(service, team, practitioner):
    def _closed(on: date):
        episode = EpisodeFactory(
            organisation=service, team=team, key_worker=practitioner, status="closed", closed_on=on
        )
        ContactFactory(episode=episode, notes="Sensitive note.", happened_on=on)
        return episode

    return _closed


def test_a_parent_whose_referral_was_declined_is_erased_after_two_years(service):
    decided = date(2020, 3, 1)
    referral = ReferralFactory(
        organisation=service, status=Referral.Status.DECLINED, decided_on=decided
    )
    kept = apply_retention(today=decided + timedelta(days=365))
    assert kept["identity"]["parent_ids"] == []
    assert Referral.objects.get().reason == "Wants help after proceedings."

    report = apply_retention(today=date(2022, 3, 2))
    assert report["identity"]["parent_ids"] == [referral.parent_id]
    assert Referral.objects.get().reason == ""
    assert Parent.objects.get().given_name == "Anonymised"


def test_a_referral_awaiting_a_decision_is_never_touched(service):
    ReferralFactory(organisation=service, received_on=date(2001, 1, 1))
    assert apply_retention(today=date(2100, 1, 1))["case_notes"]["parents"] == 0


def test_a_parent_never_referred_is_erased_two_years_after_being_added(service):
    parent = ParentFactory(organisation=service)
    added = timezone.localdate(parent.created_at)
    assert apply_retention(today=added + timedelta(days=700))["identity"]["parent_ids"] == []
    report = apply_retention(today=added + timedelta(days=2 * 366 + 1))
    assert report["identity"]["parent_ids"] == [parent.pk]


def test_a_door_open_contact_restarts_the_clock(closed, practitioner):
    episode = closed(date(2010, 1, 4))
    ContactFactory(
        episode=episode, door_open=True, happened_on=date(2016, 5, 5), recorded_by=practitioner
    )
    report = apply_retention(today=date(2021, 1, 1))
    assert report["case_notes"]["parents"] == 0  # 11 years after closing, 5 after the call
    assert apply_retention(today=date(2023, 6, 1))["case_notes"]["parents"] == 1


def test_notes_go_first_then_identity_and_each_only_once(closed):
    episode = closed(date(2012, 1, 9))
    first = apply_retention(today=date(2020, 1, 1))
    assert first["case_notes"]["parents_with_notes_erased"] == 1
    assert Contact.objects.get().notes == "" and first["identity"]["parent_ids"] == []
    again = apply_retention(today=date(2020, 1, 2))
    assert again["case_notes"]["parents_with_notes_erased"] == 0
    assert apply_retention(today=date(2023, 1, 1))["identity"]["parent_ids"] == [episode.parent_id]


def test_drafts_are_deleted_thirty_days_after_they_were_last_saved(practitioner):
    draft_save(user=practitioner, form_key="/episodes/1/contacts/new/", fields={"notes": ["x"]})
    today = timezone.localdate()
    apply_retention(today=today + timedelta(days=30))
    assert FormDraft.objects.count() == 1
    apply_retention(today=today + timedelta(days=32))
    assert FormDraft.objects.count() == 0


def test_files_under_the_media_folder_go_when_their_period_ends(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "imports").mkdir()
    (tmp_path / "linkage" / "run" / "inputs").mkdir(parents=True)
    import_file = tmp_path / "imports" / "a.csv"
    extract = tmp_path / "linkage" / "run" / "inputs" / "b.csv"
    import_file.write_text("x")
    extract.write_text("x")
    today = timezone.localdate()

    trial = apply_retention(today=today + timedelta(days=60), dry_run=True)
    assert trial["files"]["files_deleted"] == 1 and import_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(today=today + timedelta(days=60))
    assert not import_file.exists() and extract.exists()
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(today=today + timedelta(days=400))
    assert not extract.exists() and list(tmp_path.iterdir()) == []


def test_the_registry_stages_are_the_ones_the_policy_applies():
    assert {h.stage for h in REGISTRY} <= set(Stage)
    for holding in REGISTRY:
        if holding.stage == Stage.KEPT:
            assert holding.action == Action.KEEP
            free_text = [
                f.name
                for f in holding.model._meta.concrete_fields
                if f.get_internal_type() in {"CharField", "TextField"} and not f.choices
            ]
            assert holding.label == "audit.AuditEntry" or free_text == [], holding.label
    assert apps.get_model("people.Parent") in {h.model for h in REGISTRY}
