"""Two people editing the same parent's details cannot silently overwrite each other."""

import threading

import pytest
from django.db import connection

from alongside.core.concurrency import EditConflict
from alongside.people.models import Parent
from alongside.people.services import parent_update

from ..factories import ParentFactory


def form_data(parent, **overrides) -> dict:
    data = {
        "version": parent.version,
        "given_name": parent.given_name,
        "family_name": parent.family_name,
        "date_of_birth_0": parent.date_of_birth.day,
        "date_of_birth_1": parent.date_of_birth.month,
        "date_of_birth_2": parent.date_of_birth.year,
        "ethnicity": parent.ethnicity,
        "care_experienced": parent.care_experienced,
    }
    data.update(overrides)
    return data


def test_the_second_of_two_edits_from_the_same_version_is_refused(
    signed_in, service_manager, team_manager, episode
):
    parent = episode.parent
    first = signed_in(service_manager)
    second = signed_in(team_manager)
    url = f"/parents/{parent.pk}/details/"
    both_saw = form_data(parent)

    assert first.post(url, {**both_saw, "phone": "07700 900001"}).status_code == 302
    response = second.post(url, {**both_saw, "phone": "07700 900002"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved changes to these details" in body
    assert "07700 900002" in body  # what they typed is kept
    parent.refresh_from_db()
    assert parent.phone == "07700 900001"

    # Sending again after seeing the message is a deliberate choice, and it saves.
    resend = dict(both_saw, phone="07700 900002", version=parent.version)
    assert second.post(url, resend).status_code == 302
    parent.refresh_from_db()
    assert parent.phone == "07700 900002"
    assert parent.version == 3


@pytest.mark.django_db(transaction=True)
def test_parallel_saves_from_the_same_version_let_exactly_one_through(service_manager):
    parent = ParentFactory(organisation=service_manager.organisation)
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def save(phone: str) -> None:
        start.wait()
        try:
            parent_update(
                parent=Parent.objects.get(pk=parent.pk),
                updated_by=service_manager,
                details={"phone": phone},
                expected_version=1,
            )
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(f"0770090000{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "saved"]
    assert Parent.objects.get(pk=parent.pk).version == 2
