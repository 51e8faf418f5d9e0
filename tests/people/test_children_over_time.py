"""A child's story: a dated history of where they live, their current status following it,
the date they were removed following it, and a page to change a child's details."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.people.choices import ChildLegalStatus, removed_on_from
from alongside.people.models import Child, ChildStatusChange
from alongside.people.services import child_add, child_status_change, child_update

from ..factories import ChildFactory, ParentFactory

TODAY = timezone.localdate()
BORN = TODAY - timedelta(days=400)


def date_parts(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def child(episode, practitioner):
    return child_add(
        parent=episode.parent,
        added_by=practitioner,
        details={"given_name": "Robin", "date_of_birth": BORN, "legal_status": "at_home_cp"},
    )


def change(child, user, status, on, **extra):
    return child_status_change(
        child=child,
        recorded_by=user,
        status=status,
        on=on,
        source=extra.pop("source", "social_care"),
        **extra,
    )


# -- the rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "history,removed",
    [
        ([], None),
        ([(None, "adopted")], None),  # away, but the date is not known
        ([(date(2024, 1, 1), "at_home_cp"), (date(2024, 3, 1), "foster_care")], date(2024, 3, 1)),
        ([(date(2024, 1, 1), "foster_care")], date(2024, 1, 1)),  # away from birth
        (
            # The first removal counts, not a later move between placements.
            [
                (date(2024, 1, 1), "in_proceedings"),
                (date(2024, 2, 1), "foster_care"),
                (date(2024, 9, 1), "placement_order"),
                (date(2025, 3, 1), "adopted"),
            ],
            date(2024, 2, 1),
        ),
        ([(date(2024, 1, 1), "at_home"), (date(2024, 2, 1), "at_home_cin")], None),
        ([(date(2024, 1, 1), "at_home"), (date(2024, 2, 1), "placed_with_parent")], None),
    ],
)
def test_the_removal_date_follows_from_the_history(history, removed):
    assert removed_on_from(history) == removed


def test_every_existing_status_is_still_valid_and_the_new_ones_are_there():
    values = set(ChildLegalStatus.values)
    assert {"unborn", "at_home", "at_home_cin", "at_home_cp", "in_proceedings"} <= values
    assert {"long_term_foster", "sgo", "kinship", "adopted", "other"} <= values
    assert {"placed_with_parent", "foster_care", "placement_order", "returned_home"} <= values


# -- the service ----------------------------------------------------------------------------


def test_adding_a_child_starts_their_story(child):
    (first,) = child.status_changes.all()
    assert first.status == "at_home_cp" and first.on is None and first.source == "added"


def test_a_change_moves_the_current_status_and_is_audited(child, practitioner):
    step = change(child, practitioner, "at_home_cin", TODAY - timedelta(days=10))
    child.refresh_from_db()
    assert child.legal_status == "at_home_cin"
    assert [s.status for s in child.status_changes.all()] == ["at_home_cp", "at_home_cin"]
    assert AuditEntry.objects.filter(
        object_type="people.childstatuschange", object_id=str(step.pk), parent_id=child.parent_id
    ).exists()


def test_the_current_status_is_the_latest_by_date_not_the_last_recorded(child, practitioner):
    change(child, practitioner, "foster_care", TODAY - timedelta(days=5))
    change(
        child, practitioner, "in_proceedings", TODAY - timedelta(days=50), order_sought="care_order"
    )
    child.refresh_from_db()
    assert child.legal_status == "foster_care"
    assert child.removed_on == TODAY - timedelta(days=5)
    proceedings = child.status_changes.get(status="in_proceedings")
    assert proceedings.words == "In care proceedings (care order sought)"


def test_removal_date_follows_the_history_and_a_return_home_is_recorded(child, practitioner):
    change(child, practitioner, "foster_care", TODAY - timedelta(days=100))
    change(child, practitioner, "returned_home", TODAY - timedelta(days=20), source="court")
    child.refresh_from_db()
    assert child.legal_status == "returned_home"
    assert child.removed_on == TODAY - timedelta(days=100)


@pytest.mark.parametrize(
    "status,on,extra,field,message",
    [
        ("foster_care", BORN - timedelta(days=1), {}, "on", "on or after Robin's date of birth"),
        ("foster_care", TODAY + timedelta(days=1), {}, "on", "today or in the past"),
        ("foster_care", None, {}, "on", "Enter the date of the change"),
        ("unborn", TODAY, {}, "status", "Select where the child is living"),
        ("made_up", TODAY, {}, "status", "Select where the child is living"),
        ("in_proceedings", TODAY, {}, "order_sought", "Select the order"),
    ],
)
def test_bad_changes_are_refused_and_nothing_is_saved(
    child, practitioner, status, on, extra, field, message
):
    with pytest.raises(ValidationError) as refused:
        change(child, practitioner, status, on, **extra)
    assert message in " ".join(refused.value.message_dict[field])
    child.refresh_from_db()
    assert child.legal_status == "at_home_cp" and child.status_changes.count() == 1


def test_the_order_sought_is_kept_only_for_proceedings(child, practitioner):
    step = change(child, practitioner, "at_home_cin", TODAY, order_sought="care_order")
    assert step.order_sought == ""


def test_a_date_of_birth_after_the_first_dated_step_is_refused(child, practitioner):
    change(child, practitioner, "foster_care", BORN + timedelta(days=30))
    with pytest.raises(ValidationError) as refused:
        child_update(
            child=child,
            updated_by=practitioner,
            details={"given_name": "Robin", "date_of_birth": BORN + timedelta(days=31)},
        )
    assert "on or before the first change" in refused.value.message_dict["date_of_birth"][0]
    child.refresh_from_db()
    assert child.date_of_birth == BORN


# -- the pages ------------------------------------------------------------------------------


def status_form(status="at_home_cin", on=TODAY, **extra) -> dict:
    return {"status": status, **date_parts("on", on), "source": "social_care", **extra}


def test_record_a_change_on_the_page_and_see_the_story(signed_in, practitioner, child):
    client = signed_in(practitioner)
    url = f"/parents/{child.parent_id}/children/{child.pk}/status/"
    assert "Record a change for Robin" in client.get(url).content.decode()
    response = client.post(url, status_form(on=TODAY - timedelta(days=3)))
    assert response.status_code == 302
    page = client.get(f"/parents/{child.parent_id}/").content.decode()
    assert "Date not known: At home, child protection plan" in page
    assert f"{(TODAY - timedelta(days=3)):%-d %b %Y}</time>: At home, child in need plan" in page
    assert "Now: At home, child in need plan" in page


@pytest.mark.parametrize(
    "data,message",
    [
        (status_form(on=BORN - timedelta(days=2)), "on or after Robin&#x27;s date of birth"),
        (
            status_form(on=TODAY + timedelta(days=2)),
            "Date of the change must be today or in the past",
        ),
        (
            status_form(status="in_proceedings"),
            "Select the order the local authority is asking for",
        ),
        (status_form(source=""), "Select how you know about the change"),
    ],
)
def test_bad_input_on_the_page_shows_beside_the_field(
    signed_in, practitioner, child, data, message
):
    client = signed_in(practitioner)
    body = client.post(f"/parents/{child.parent_id}/children/{child.pk}/status/", data).content
    body = body.decode()
    assert "There is a problem" in body and message in body
    assert 'class="govuk-error-message"' in body
    assert ChildStatusChange.objects.filter(child=child).count() == 1


def test_change_a_childs_details_with_an_edit_conflict(
    signed_in, practitioner, team_manager, child
):
    url = f"/parents/{child.parent_id}/children/{child.pk}/"
    first, second = signed_in(practitioner), signed_in(team_manager)
    both_saw = {
        "version": child.version,
        "given_name": "Robin",
        **date_parts("date_of_birth", BORN),
    }
    assert first.post(url, {**both_saw, "given_name": "Robyn"}).status_code == 302
    response = second.post(url, {**both_saw, "given_name": "Rob"})
    assert "Someone else saved changes" in response.content.decode()
    child.refresh_from_db()
    assert child.given_name == "Robyn"
    assert AuditEntry.objects.filter(
        object_type="people.child", object_id=str(child.pk), description="Child's details changed"
    ).exists()


def test_a_child_of_another_parent_is_not_found(signed_in, practitioner, child, episode):
    elsewhere = ChildFactory(parent=ParentFactory(organisation=episode.organisation))
    client = signed_in(practitioner)
    assert client.get(f"/parents/{child.parent_id}/children/{elsewhere.pk}/").status_code == 404
    assert (
        client.get(f"/parents/{child.parent_id}/children/{elsewhere.pk}/status/").status_code == 404
    )
    assert Child.objects.get(pk=elsewhere.pk).status_changes.count() == 0
