"""Synthetic demo data: reproducible, the shape the demo promises, and a sound audit chain."""

from django.core.management import call_command

from alongside.accounts.models import Role, User
from alongside.audit.verify import verify_chain
from alongside.casework.models import Episode
from alongside.people.models import Parent
from alongside.people.validators import nhs_number_is_valid
from alongside.synth.demo import build_demo_service


def test_demo_service_has_the_promised_shape(db):
    build_demo_service(seed=7, parents=60)
    assert Parent.objects.count() == 60
    staff = User.objects.filter(
        role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER]
    )
    assert staff.count() == 10
    statuses = set(Episode.objects.values_list("status", flat=True))
    assert statuses == {"waiting", "active", "closed"}
    practitioner = User.objects.get(username="demo-practitioner")
    assert Episode.objects.filter(key_worker=practitioner, status="active").count() >= 5
    assert all(
        nhs_number_is_valid(n)
        for n in Parent.objects.exclude(nhs_number="").values_list("nhs_number", flat=True)
    )
    assert verify_chain().intact


def test_same_seed_same_people():
    from datetime import date

    from alongside.synth.people import PeopleFaker

    def people(seed: int) -> list[dict]:
        faker = PeopleFaker(seed, date(2026, 1, 1))
        return [faker.parent_details() for _ in range(20)]

    assert people(11) == people(11)
    assert people(11) != people(12)


def test_synth_command_reuses_existing_demo(db, capsys):
    call_command("synth", "--parents", "5", "--seed", "3")
    call_command("synth", "--if-empty")
    assert "already loaded" in capsys.readouterr().out
    assert Parent.objects.count() == 5
