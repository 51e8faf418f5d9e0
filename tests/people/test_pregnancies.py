"""Pregnancies as records: the one rule 'is this parent pregnant' reads them, recording a birth
adds the baby with the first step of their story, and what depends on a pregnancy (clocks,
the waiting list, eligibility, sharing 'only if pregnant') stops when it ends."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.audit.models import AuditEntry
from alongside.casework.clocks import clocks_for
from alongside.casework.waiting import priority_parts
from alongside.people.choices import OPEN_DAYS_PAST_DUE, pregnancy_is_open
from alongside.people.models import Child, Pregnancy
from alongside.people.services import child_add, pregnancy_end, pregnancy_record, pregnancy_update
from alongside.programmes.eligibility import ParentFacts
from alongside.programmes.schema import Priorities
from alongside.sharing.services import consent_record

from ..factories import ChildFactory, ContactFactory, OrganisationFactory, UserFactory

TODAY = timezone.localdate()
CONFIRMED = TODAY - timedelta(days=120)
DUE = TODAY + timedelta(days=70)


def date_parts(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def partner_org(db):
    return OrganisationFactory(name="Northbrook midwifery (test)", kind=Organisation.Kind.PARTNER)


@pytest.fixture
def social_worker(partner_org):
    return UserFactory(organisation=partner_org, team=None, role=Role.PARTNER)


@pytest.fixture
def pregnancy(episode, practitioner):
    return pregnancy_record(
        parent=episode.parent,
        recorded_by=practitioner,
        details={"confirmed_on": CONFIRMED, "due_date": DUE},
    )


def end(pregnancy, user, outcome, on, **baby):
    return pregnancy_end(
        pregnancy=pregnancy, recorded_by=user, outcome=outcome, outcome_on=on, baby=baby
    )


# -- the one rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome,due,open_",
    [
        ("", None, True),
        ("", TODAY + timedelta(days=1), True),
        ("", TODAY - timedelta(days=OPEN_DAYS_PAST_DUE), True),  # late, not yet recorded
        ("", TODAY - timedelta(days=OPEN_DAYS_PAST_DUE + 1), False),  # long passed
        ("birth", TODAY + timedelta(days=10), False),
        ("miscarriage", TODAY + timedelta(days=100), False),
    ],
)
def test_an_open_pregnancy_has_no_outcome_and_a_due_date_not_long_passed(outcome, due, open_):
    assert pregnancy_is_open(outcome, due, TODAY) is open_


def test_the_parent_is_pregnant_while_the_pregnancy_is_open(episode, practitioner, pregnancy):
    parent = episode.parent
    assert parent.current_pregnancy(TODAY) == pregnancy
    assert parent.current_pregnancy(TODAY).due_date == DUE
    end(pregnancy, practitioner, "miscarriage", TODAY - timedelta(days=1))
    parent.refresh_from_db()
    assert parent.current_pregnancy(TODAY) is None


def test_an_older_unborn_child_record_still_counts(episode):
    ChildFactory(parent=episode.parent, legal_status="unborn", date_of_birth=None, due_date=DUE)
    assert episode.parent.current_pregnancy(TODAY).due_date == DUE


def test_clocks_waiting_list_and_eligibility_read_the_pregnancy(episode, practitioner, pregnancy):
    assert [c.text for c in clocks_for(episode, TODAY)][0] == "30 weeks pregnant, due in 70 days"
    parts = priority_parts(Priorities(), episode.parent, TODAY)
    assert parts and parts[0][0] == "Pregnant, 30 weeks"
    assert ParentFacts.of(episode.parent).pregnancy_on(TODAY).due_date == DUE

    end(pregnancy, practitioner, "stillbirth", TODAY)
    parent = type(episode.parent).objects.get(pk=episode.parent_id)
    episode.parent = parent
    assert not [c for c in clocks_for(episode, TODAY) if c.kind == "pregnancy"]
    assert not [p for p in priority_parts(Priorities(), parent, TODAY) if "Pregnant" in p[0]]
    assert ParentFacts.of(parent).pregnancy_on(TODAY) is None


def test_a_pregnancy_a_little_past_its_due_date_says_so(episode, practitioner):
    pregnancy_record(
        parent=episode.parent,
        recorded_by=practitioner,
        details={"confirmed_on": CONFIRMED, "due_date": TODAY - timedelta(days=3)},
    )
    assert clocks_for(episode, TODAY)[0].text == "40 weeks pregnant, 3 days past the due date"


# -- recording a pregnancy and how it ended -------------------------------------------------


def test_recording_a_birth_adds_the_baby_with_the_first_step_of_their_story(
    practitioner, pregnancy
):
    born_on = TODAY - timedelta(days=2)
    ended = end(
        pregnancy,
        practitioner,
        "birth",
        born_on,
        given_name="Ivy",
        legal_status="at_home_cp",
        source="social_care",
    )
    baby = ended.child
    assert (baby.given_name, baby.date_of_birth, baby.legal_status) == (
        "Ivy",
        born_on,
        "at_home_cp",
    )
    (first,) = baby.status_changes.all()
    assert (first.status, first.on, first.source) == ("at_home_cp", born_on, "social_care")
    assert ended.outcome_words == "Baby born"
    assert AuditEntry.objects.filter(object_type="people.child", object_id=str(baby.pk)).exists()


def test_a_baby_removed_at_birth_has_the_removal_date_from_the_history(practitioner, pregnancy):
    ended = end(pregnancy, practitioner, "birth", TODAY, legal_status="foster_care")
    assert ended.child.removed_on == TODAY


def test_a_loss_is_recorded_in_plain_words_and_adds_no_child(practitioner, pregnancy):
    ended = end(pregnancy, practitioner, "miscarriage", TODAY - timedelta(days=1))
    assert ended.child is None and not Child.objects.exists()
    assert ended.outcome_words == "Pregnancy ended: miscarriage"
    # The audit trail says an outcome was recorded, never which.
    entry = AuditEntry.objects.filter(object_type="people.pregnancy").latest("id")
    assert entry.description == "How a pregnancy ended recorded"
    assert "miscarriage" not in str(entry.detail).lower()


@pytest.mark.parametrize(
    "outcome,on,baby,field,message",
    [
        (
            "miscarriage",
            CONFIRMED - timedelta(days=1),
            {},
            "outcome_on",
            "on or after the date it was confirmed",
        ),
        (
            "birth",
            TODAY + timedelta(days=1),
            {"legal_status": "at_home"},
            "outcome_on",
            "today or in the past",
        ),
        ("birth", None, {"legal_status": "at_home"}, "outcome_on", "Enter the date"),
        ("", TODAY, {}, "outcome", "Select how the pregnancy ended"),
        ("birth", TODAY, {}, "legal_status", "Select where the baby is living"),
        (
            "birth",
            TODAY,
            {"legal_status": "unborn"},
            "legal_status",
            "Select where the baby is living",
        ),
        ("birth", TODAY, {"legal_status": "in_proceedings"}, "order_sought", "Select the order"),
    ],
)
def test_bad_outcomes_are_refused_and_nothing_is_saved(
    practitioner, pregnancy, outcome, on, baby, field, message
):
    with pytest.raises(ValidationError) as refused:
        end(pregnancy, practitioner, outcome, on, **baby)
    assert message in " ".join(refused.value.message_dict[field])
    pregnancy.refresh_from_db()
    assert pregnancy.outcome == "" and pregnancy.outcome_on is None
    assert not Child.objects.exists()


def test_an_outcome_is_recorded_once(practitioner, pregnancy):
    end(pregnancy, practitioner, "termination", TODAY)
    with pytest.raises(ValidationError):
        end(pregnancy, practitioner, "birth", TODAY, legal_status="at_home")


def test_only_one_current_pregnancy(episode, practitioner, pregnancy):
    with pytest.raises(ValidationError):
        pregnancy_record(parent=episode.parent, recorded_by=practitioner, details={})
    assert Pregnancy.objects.count() == 1


@pytest.mark.parametrize(
    "details,field",
    [
        ({"confirmed_on": CONFIRMED, "due_date": CONFIRMED}, "due_date"),
        ({"confirmed_on": CONFIRMED, "pre_birth_assessment_on": TODAY}, "pre_birth_assessment"),
    ],
)
def test_bad_pregnancy_details_are_refused(episode, practitioner, details, field):
    with pytest.raises(ValidationError) as refused:
        pregnancy_record(parent=episode.parent, recorded_by=practitioner, details=details)
    assert field in refused.value.message_dict
    assert not Pregnancy.objects.exists()


def test_changing_a_pregnancy_keeps_the_confirmation_before_the_outcome(practitioner, pregnancy):
    end(pregnancy, practitioner, "miscarriage", TODAY - timedelta(days=10))
    pregnancy.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        pregnancy_update(
            pregnancy=pregnancy, updated_by=practitioner, details={"confirmed_on": TODAY}
        )
    assert "confirmed_on" in refused.value.message_dict


def test_adding_an_unborn_child_records_a_pregnancy(episode, practitioner):
    made = child_add(
        parent=episode.parent,
        added_by=practitioner,
        details={"legal_status": "unborn", "due_date": DUE, "given_name": ""},
    )
    assert isinstance(made, Pregnancy) and made.due_date == DUE
    assert not Child.objects.exists()


def test_the_migration_turns_unborn_children_into_pregnancies(episode):
    ChildFactory(parent=episode.parent, legal_status="unborn", date_of_birth=None, due_date=DUE)
    older = ChildFactory(parent=episode.parent, legal_status="sgo")
    migration = importlib.import_module(
        "alongside.people.migrations.0008_unborn_children_become_pregnancies"
    )
    migration.forwards(apps, None)
    assert list(Child.objects.values_list("pk", flat=True)) == [older.pk]
    pregnancy = Pregnancy.objects.get()
    assert (pregnancy.parent_id, pregnancy.due_date, pregnancy.outcome) == (
        episode.parent_id,
        DUE,
        "",
    )
    first = older.status_changes.get()
    assert (first.status, first.on, first.source) == ("sgo", None, "added")


# -- the pages ------------------------------------------------------------------------------


def outcome_form(outcome="birth", on=TODAY, **extra) -> dict:
    return {"outcome": outcome, **date_parts("outcome_on", on), **extra}


def test_add_a_pregnancy_then_record_a_birth_on_the_pages(signed_in, practitioner, episode):
    client = signed_in(practitioner)
    parent_id = episode.parent_id
    response = client.post(
        f"/parents/{parent_id}/pregnancies/new/",
        {
            **date_parts("confirmed_on", CONFIRMED),
            **date_parts("due_date", TODAY),
            "pre_birth_assessment": "child_protection",
            **date_parts("pre_birth_assessment_on", TODAY - timedelta(days=20)),
        },
    )
    assert response.status_code == 302
    pregnancy = Pregnancy.objects.get()
    page = client.get(f"/parents/{parent_id}/").content.decode()
    assert "Child protection plan at birth" in page and "Current pregnancy" in page

    url = f"/parents/{parent_id}/pregnancies/{pregnancy.pk}/outcome/"
    body = client.post(url, outcome_form(legal_status="")).content.decode()
    assert "Select where the baby is living" in body
    response = client.post(
        url, outcome_form(given_name="Ivy", legal_status="at_home_cp", source="social_care")
    )
    assert response.status_code == 302
    page = client.get(f"/parents/{parent_id}/").content.decode()
    assert "Baby born" in page and "Ivy" in page and "At home, child protection plan" in page
    assert client.get(url).status_code == 404  # recorded once


def test_an_outcome_before_the_confirmation_shows_beside_the_field(
    signed_in, practitioner, pregnancy
):
    client = signed_in(practitioner)
    url = f"/parents/{pregnancy.parent_id}/pregnancies/{pregnancy.pk}/outcome/"
    body = client.post(
        url, outcome_form("miscarriage", CONFIRMED - timedelta(days=3))
    ).content.decode()
    assert "There is a problem" in body
    assert "The date the pregnancy ended must be on or after the date it was confirmed" in body
    pregnancy.refresh_from_db()
    assert pregnancy.outcome == ""


def test_change_a_pregnancy_with_an_edit_conflict(signed_in, practitioner, team_manager, pregnancy):
    url = f"/parents/{pregnancy.parent_id}/pregnancies/{pregnancy.pk}/"
    both_saw = {
        "version": pregnancy.version,
        **date_parts("confirmed_on", CONFIRMED),
        **date_parts("due_date", DUE),
    }
    first, second = signed_in(practitioner), signed_in(team_manager)
    later = DUE + timedelta(days=7)
    assert first.post(url, {**both_saw, **date_parts("due_date", later)}).status_code == 302
    assert "Someone else saved changes" in second.post(url, both_saw).content.decode()
    pregnancy.refresh_from_db()
    assert pregnancy.due_date == later


# -- sharing 'only if pregnant' -------------------------------------------------------------


def test_sharing_only_if_pregnant_stops_when_the_pregnancy_ends(
    signed_in, practitioner, episode, pregnancy, partner_org, social_worker
):
    ContactFactory(
        episode=episode, notes="Went to the antenatal clinic.", confidentiality="shareable"
    )
    consent_record(
        parent=episode.parent,
        recorded_by=practitioner,
        organisation=partner_org,
        categories=["contacts"],
        purpose="Planning for the birth",
        starts_on=TODAY,
        condition="only_if_pregnant",
        how_given="signed",
    )
    partner = signed_in(social_worker)
    url = f"/shared/{episode.parent_id}/"
    assert "Went to the antenatal clinic." in partner.get(url).content.decode()
    assert f'href="/shared/{episode.parent_id}/"' in partner.get("/shared/").content.decode()
    end(pregnancy, practitioner, "miscarriage", TODAY)
    assert partner.get(url).status_code == 404
    # The parent is no longer on the partner's list (names from the factories can repeat, so
    # look for the link to her, not her surname).
    assert f'href="/shared/{episode.parent_id}/"' not in partner.get("/shared/").content.decode()
