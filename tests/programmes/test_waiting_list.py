"""The waiting list orders a seeded list exactly as docs/waiting-list.md says."""

from datetime import date, timedelta

from django.utils import timezone

from alongside.casework.models import Proceedings
from alongside.casework.waiting import days_waited, waiting_list_for

from ..factories import ChildFactory, EpisodeFactory, ParentFactory

TODAY = timezone.localdate()


def born(age: int) -> date:
    return TODAY.replace(year=TODAY.year - age) - timedelta(days=40)


def waiting(team, name, *, age=30, care="no", days=7):
    parent = ParentFactory(
        organisation=team.organisation,
        given_name=name,
        family_name="Waiting",
        date_of_birth=born(age),
        care_experienced=care,
    )
    return EpisodeFactory(
        organisation=team.organisation,
        team=team,
        parent=parent,
        opened_on=TODAY - timedelta(days=days),
    )


def test_a_seeded_list_is_in_the_documented_order(team, team_manager, practitioner, signed_in):
    # Pregnant at 20 weeks, 30, waited 1 week: 30 + 20 + 1 = 51
    ada = waiting(team, "Ada", days=7)
    ChildFactory(
        parent=ada.parent,
        legal_status="unborn",
        date_of_birth=None,
        due_date=TODAY + timedelta(days=140),
    )
    # Final hearing in 3 weeks, 30, waited 2 weeks: 30 + 2 = 32
    bea = waiting(team, "Bea", days=14)
    Proceedings.objects.create(
        episode=bea,
        issued_on=TODAY - timedelta(weeks=20),
        final_hearing_on=TODAY + timedelta(weeks=3),
        recorded_by=team_manager,
    )
    # care leaver aged 19, waited 2 weeks: 10 + 10 + 2 = 22
    waiting(team, "Cat", age=19, care="yes", days=14)
    # Aged 23, not care-experienced, waited 17 weeks: 5 + 17 = 22 (ties with Cat; waited longer)
    waiting(team, "Dot", age=23, days=119)
    # Final hearing in 12 weeks, 40, waited 0 weeks: 15
    eve = waiting(team, "Eve", age=40, days=3)
    Proceedings.objects.create(
        episode=eve,
        issued_on=TODAY - timedelta(weeks=10),
        final_hearing_on=TODAY + timedelta(weeks=12),
        recorded_by=team_manager,
    )
    # No date of birth, waited 3 weeks: 3
    fay = waiting(team, "Fay", days=21)
    fay.parent.date_of_birth = None
    fay.parent.save()
    # Allocated: not on the list.
    EpisodeFactory(organisation=team.organisation, team=team, key_worker=practitioner)

    rows = waiting_list_for(team_manager, TODAY)
    assert [(r.episode.parent.given_name, r.score) for r in rows] == [
        ("Ada", 51),
        ("Bea", 32),
        ("Dot", 22),
        ("Cat", 22),
        ("Eve", 15),
        ("Fay", 3),
    ]
    assert rows[0].parts == [("Pregnant, 20 weeks", 50), ("Waiting 1 week", 1)]
    assert rows[3].parts == [
        ("Care-experienced, 25 or under", 10),
        ("Aged 19", 10),
        ("Waiting 2 weeks", 2),
    ]
    assert days_waited(rows).longest == 119 and days_waited(rows).median == 14

    page = signed_in(team_manager).get("/").content.decode()
    page = page[page.index("Waiting for a key worker</h2>") :]
    order = [page.index(f"{n} Waiting</a>") for n in ("Ada", "Bea", "Dot", "Cat", "Eve", "Fay")]
    assert order == sorted(order)
    assert "Pregnant, 20 weeks (50), Waiting 1 week (1)" in page
    assert "longest wait 119 days, median 14 days" in page


def test_a_practitioner_has_no_waiting_list(team, practitioner):
    waiting(team, "Gil")
    assert waiting_list_for(practitioner, TODAY) == []
