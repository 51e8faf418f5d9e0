"""Checks on what people type: NHS numbers, postcodes, dates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.people.forms import ChildForm, ParentDetailsForm
from alongside.people.validators import nhs_number_is_valid


@pytest.mark.parametrize(
    "number,valid",
    [
        ("9434765919", True),
        ("943 476 5919", True),
        ("943-476-5919", True),
        ("9434765918", False),  # wrong check digit
        ("1234567890", False),  # check digit would be 10: never issued
        ("485777345", False),
        ("48577734560", False),
        ("abcdefghij", False),
        ("", False),
    ],
)
def test_nhs_number_check_digit(number, valid):
    assert nhs_number_is_valid(number) is valid


def parent_data(**overrides):
    data = {
        "given_name": "Ada",
        "family_name": "Testperson",
        "date_of_birth_0": "12",
        "date_of_birth_1": "4",
        "date_of_birth_2": "1998",
        "ethnicity": "white_british",
        "care_experienced": "yes",
    }
    data.update(overrides)
    return data


def test_a_good_parent_form_is_accepted():
    form = ParentDetailsForm(parent_data(nhs_number="943 476 5919", postcode="b11aa"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["nhs_number"] == "9434765919"
    assert form.cleaned_data["postcode"] == "B1 1AA"


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"nhs_number": "9434765918"}, "nhs_number", "Enter a real NHS number"),
        ({"nhs_number": "12345"}, "nhs_number", "NHS number must be 10 digits"),
        ({"postcode": "NOTAPOST"}, "postcode", "Enter a real postcode"),
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "date_of_birth", "must be a real date"),
        ({"date_of_birth_1": ""}, "date_of_birth", "must include a month"),
        ({"date_of_birth_2": "98"}, "date_of_birth", "must be a real date"),
        ({"date_of_birth_0": "x"}, "date_of_birth", "must be a real date"),
        ({"given_name": ""}, "given_name", "Enter the parent's first name"),
        ({"ethnicity": "made_up"}, "ethnicity", "Select a valid choice"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
    ],
)
def test_bad_parent_details_are_refused_with_a_message(overrides, field, message):
    form = ParentDetailsForm(parent_data(**overrides))
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_a_date_of_birth_in_the_future_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = ParentDetailsForm(
        parent_data(
            date_of_birth_0=str(tomorrow.day),
            date_of_birth_1=str(tomorrow.month),
            date_of_birth_2=str(tomorrow.year),
        )
    )
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == ["Date of birth must be today or in the past"]


def test_an_unborn_child_needs_a_due_date_not_a_birth_date():
    form = ChildForm(
        {
            "legal_status": "unborn",
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "2020",
        }
    )
    assert not form.is_valid()
    assert "Enter the due date" in form.errors["due_date"][0]
    assert "does not have a date of birth" in form.errors["date_of_birth"][0]


def test_the_referral_form_keeps_what_was_typed_when_it_has_errors(signed_in, team_manager):
    client = signed_in(team_manager)
    response = client.post(
        "/referrals/new/",
        {
            "parent-given_name": "Ada",
            "parent-family_name": "Keptname",
            "parent-date_of_birth_0": "31",
            "parent-date_of_birth_1": "2",
            "parent-date_of_birth_2": "1999",
            "parent-nhs_number": "999",
            "referral-reason": "Typed reason that must not be lost",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Date of birth must be a real date" in body
    assert 'value="Keptname"' in body
    assert 'value="31"' in body
    assert "Typed reason that must not be lost" in body
    assert "NHS number must be 10 digits" in body
