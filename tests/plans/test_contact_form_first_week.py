"""The contact form as a key worker meets it: today's date and the usual confidentiality
already chosen, what was recorded with the visit said back and shown on the timeline, 'who was
there' labelled, the next contact planned, and closing the work kept away from recording one."""

from datetime import timedelta

from django.utils import timezone

from alongside.casework.clocks import clocks_for
from alongside.casework.models import Episode

from .test_plans import _plan_with_goals, date_parts

TODAY = timezone.localdate


def test_todays_date_and_service_only_are_chosen_already(signed_in, practitioner, episode):
    page = signed_in(practitioner).get(f"/plans/episodes/{episode.pk}/contacts/new/")
    html = page.content.decode()
    today = TODAY()
    for suffix, value in ((0, today.day), (1, today.month), (2, today.year)):
        assert (
            f'name="happened_on_{suffix}" type="text" inputmode="numeric" value="{value}"' in html
        )
    assert 'value="service_only" checked' in html


def test_what_was_recorded_with_the_visit_is_said_back_and_shown_on_the_timeline(
    signed_in, practitioner, episode
):
    plan = _plan_with_goals(episode, practitioner, 1)
    goal = plan.goals.get()
    client = signed_in(practitioner)
    response = client.post(
        f"/plans/episodes/{episode.pk}/contacts/new/",
        {
            **date_parts("happened_on", TODAY()),
            "contact_type": "home_visit",
            "who_was_there": "Her sister",
            "notes": "Talked about the week.",
            f"progress-goal_{goal.pk}": "progressing",
            **{f"measure-gad7-parent__q{n}": "1" for n in range(1, 8)},
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Contact recorded, with progress on 1 goal and GAD-7" in page
    assert "Who was there: Her sister" in page
    assert "Goal progress: progressing" in page
    assert "GAD-7 completed" in page and "Score 7" in page


def test_the_next_contact_is_planned_and_its_clock_shows(signed_in, practitioner, episode):
    client = signed_in(practitioner)
    url = f"/plans/episodes/{episode.pk}/contacts/new/"
    base = {**date_parts("happened_on", TODAY()), "contact_type": "phone", "notes": "Call."}
    body = client.post(url, {**base, **date_parts("next_contact_on", TODAY())}).content.decode()
    assert "The next contact must be after this one" in body
    response = client.post(
        url, {**base, **date_parts("next_contact_on", TODAY() + timedelta(days=5))}
    )
    assert response.status_code == 302
    episode = Episode.objects.get(pk=episode.pk)
    assert episode.next_contact_on == TODAY() + timedelta(days=5)
    assert "Next contact planned in 5 days" in [c.text for c in clocks_for(episode, TODAY())]
    late = [
        c for c in clocks_for(episode, TODAY() + timedelta(days=14)) if c.kind == "next_contact"
    ]
    assert late[0].text == "Planned contact overdue by 9 days" and late[0].urgent


def test_close_the_work_is_not_beside_record_a_contact(signed_in, practitioner, episode):
    page = signed_in(practitioner).get(f"/parents/{episode.parent_id}/").content.decode()
    record = page.index("Record a contact")
    close = page.index("Close the work")
    button_group = page[record : page.index("</div>", record)]
    assert "Close the work" not in button_group
    assert close > page.index("Ending the work") > record


def test_after_an_error_the_sections_already_filled_in_stay_open(signed_in, practitioner, episode):
    plan = _plan_with_goals(episode, practitioner, 1)
    goal = plan.goals.get()
    page = (
        signed_in(practitioner)
        .post(
            f"/plans/episodes/{episode.pk}/contacts/new/",
            {
                **date_parts("happened_on", TODAY()),
                "contact_type": "",  # forgotten
                "notes": "Talked about the week.",
                f"progress-goal_{goal.pk}": "progressing",
            },
        )
        .content.decode()
    )
    assert "There is a problem" in page
    sections = page.split('<details class="govuk-details"')[1:]
    opened = {s.split('summary-text">')[1].split("<")[0]: s.startswith(" open") for s in sections}
    assert opened["Update goal progress"] is True
    assert opened["Add an achievement"] is False


def test_how_long_the_contact_took_shows_on_the_timeline(signed_in, practitioner, episode):
    client = signed_in(practitioner)
    client.post(
        f"/plans/episodes/{episode.pk}/contacts/new/",
        {
            **date_parts("happened_on", TODAY()),
            "contact_type": "home_visit",
            "duration_minutes": "45",
            "confidentiality": "service_only",
            "notes": "Talked about the week.",
        },
    )
    page = client.get(f"/parents/{episode.parent_id}/").content.decode()
    assert "45 minutes" in page
