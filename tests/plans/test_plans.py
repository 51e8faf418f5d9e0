"""Plans through the pages: agree, goals in both voices, reviews, drift, achievements, and
recording once in the contact form."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.audit.verify import verify_chain
from alongside.casework.attention import needs_attention_for
from alongside.casework.models import Contact
from alongside.core.dates import add_months
from alongside.measures.models import MeasureResponse
from alongside.plans.models import Achievement, Goal, GoalProgress, Plan, Review
from alongside.plans.services import goal_add, plan_agree, review_hold

from ..casework.test_journey import date_parts
from ..factories import EpisodeFactory

TODAY = timezone.localdate


def agree(client, episode, on=None):
    on = on or episode.opened_on
    return client.post(
        f"/plans/episodes/{episode.pk}/agree/",
        {**date_parts("agreed_on", on), "attended": "Parent, key worker, social worker"},
    )


def add_goal(client, episode, **overrides):
    data = {
        "family_member": "parent",
        "area": "housing",
        "in_parents_words": "Get my own flat near my sister",
        "in_workers_words": "Secure a tenancy",
        "milestones": "Register with the council\nView three flats",
        "who_helps": "Housing options team",
        **overrides,
    }
    return client.post(f"/plans/episodes/{episode.pk}/goals/new/", data)


def test_agree_a_plan_with_goals_for_each_family_member(signed_in, practitioner, episode):
    client = signed_in(practitioner)
    assert (
        "No plan has been agreed yet"
        in client.get(f"/plans/episodes/{episode.pk}/").content.decode()
    )
    response = agree(client, episode)
    assert response["Location"] == f"/plans/episodes/{episode.pk}/"
    plan = Plan.objects.get(episode=episode)
    assert plan.next_review_on == episode.opened_on + timedelta(weeks=8)

    add_goal(client, episode)
    add_goal(
        client,
        episode,
        family_member="child",
        member_name="Maisie",
        area="family_time",
        in_parents_words="See Maisie every month",
        milestones="",
    )
    add_goal(client, episode, family_member="partner", area="substance_use", about_ending="on")
    goals = list(plan.goals.order_by("pk"))
    assert [g.family_member for g in goals] == ["parent", "child", "partner"]
    assert goals[0].in_parents_words == "Get my own flat near my sister"
    assert goals[0].in_workers_words == "Secure a tenancy"
    assert [m.text for m in goals[0].milestones.all()] == [
        "Register with the council",
        "View three flats",
    ]
    page = client.get(f"/plans/episodes/{episode.pk}/").content.decode()
    assert "See Maisie every month" in page and "a child (Maisie)" in page
    assert "Housing options team" in page
    # Goal text is encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute("SELECT in_parents_words FROM plans_goal")
        assert all("flat" not in row[0] for row in cursor.fetchall())
    assert AuditEntry.objects.filter(description="Goal added to the plan").count() == 3
    assert verify_chain().intact


def test_plan_form_errors(signed_in, practitioner, episode):
    client = signed_in(practitioner)
    body = client.post(
        f"/plans/episodes/{episode.pk}/agree/",
        date_parts("agreed_on", TODAY() + timedelta(days=1)),
    ).content.decode()
    assert "Date of the planning meeting must be today or in the past" in body
    assert "Enter who attended the planning meeting" in body
    agree(client, episode)
    body = add_goal(client, episode, in_parents_words="  ", family_member="").content.decode()
    assert "Enter the goal in the parent&#x27;s own words" in body
    assert "Select whose goal it is" in body
    assert Goal.objects.count() == 0


def _plan_with_goals(episode, user, n):
    plan = plan_agree(episode=episode, agreed_by=user, agreed_on=episode.opened_on, attended="All")
    for i in range(n):
        goal_add(
            plan=plan,
            added_by=user,
            details={
                "family_member": "parent",
                "member_name": "",
                "area": "money",
                "in_parents_words": f"Goal {i}",
                "in_workers_words": "",
                "who_helps": "",
                "about_ending": False,
            },
            milestones=["One", "Two"],
        )
    return plan


def test_reviews_record_an_outcome_per_goal_and_goals_that_stay_open_drift(
    signed_in, practitioner, team_manager, service, team
):
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY() - timedelta(days=200),
    )
    plan = _plan_with_goals(episode, practitioner, 2)
    stuck, achieved = plan.goals.order_by("pk")
    client = signed_in(practitioner)
    url = f"/plans/episodes/{episode.pk}/reviews/new/"

    body = client.post(url, {**date_parts("held_on", TODAY()), "attended": "x"}).content.decode()
    assert "Select how goal 1 is going" in body and "Select how goal 2 is going" in body

    def review(on, outcomes):
        data = {
            **date_parts("held_on", on),
            "attended": "Parent and key worker",
            **date_parts("next_review_on", TODAY() + timedelta(weeks=4)),
            "version": Plan.objects.get(pk=plan.pk).version,
        }
        data.update({f"outcome_{goal.pk}": o for goal, o in outcomes.items()})
        return client.post(url, data)

    first = TODAY() - timedelta(days=150)
    assert review(first, {stuck: "stuck", achieved: "progressing"}).status_code == 302
    review(first + timedelta(days=50), {stuck: "progressing", achieved: "achieved"})
    achieved.refresh_from_db()
    assert achieved.status == "achieved"
    assert Review.objects.filter(plan=plan).count() == 2
    # The achieved goal is not asked about again.
    assert f"outcome_{achieved.pk}" not in client.get(url).content.decode()
    assert needs_attention_for(team_manager) == []

    review(first + timedelta(days=100), {stuck: "stuck"})
    items = needs_attention_for(team_manager)
    assert [i.what for i in items] == [
        "A goal (money, for the parent) has been carried over at 3 reviews"
    ]
    assert items[0].since == first + timedelta(days=100)
    home = signed_in(team_manager).get("/").content.decode()
    assert "Needs attention" in home and "carried over at 3 reviews" in home
    # Practitioners do not see the manager's list.
    assert needs_attention_for(practitioner) == []
    assert GoalProgress.objects.filter(review__isnull=False).count() == 5


def test_review_dates_are_checked(signed_in, practitioner, episode):
    plan = _plan_with_goals(episode, practitioner, 1)
    goal = plan.goals.get()
    client = signed_in(practitioner)
    body = client.post(
        f"/plans/episodes/{episode.pk}/reviews/new/",
        {
            **date_parts("held_on", TODAY()),
            "attended": "Parent",
            f"outcome_{goal.pk}": "progressing",
            **date_parts("next_review_on", TODAY() - timedelta(days=1)),
        },
    ).content.decode()
    assert "Date of the next review must be after the review" in body
    assert Review.objects.count() == 0


def test_a_long_plan_without_an_ending_goal_and_an_overdue_review_need_attention(
    practitioner, team_manager, service, team
):
    opened = add_months(TODAY(), -19)
    episode = EpisodeFactory(
        organisation=service, team=team, key_worker=practitioner, opened_on=opened
    )
    plan = _plan_with_goals(episode, practitioner, 1)
    whats = {i.what for i in needs_attention_for(team_manager)}
    assert whats == {
        "Working together for more than 18 months with no goal about ending",
        "The plan's review is overdue",
    }
    Goal.objects.filter(plan=plan).update(about_ending=True)
    Plan.objects.filter(pk=plan.pk).update(next_review_on=TODAY() + timedelta(days=3))
    assert needs_attention_for(team_manager) == []


def test_add_months():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 18) == date(2027, 5, 15)
    assert add_months(date(2025, 3, 15), -19) == date(2023, 8, 15)


def test_two_people_editing_one_goal_cannot_overwrite_each_other(
    signed_in, practitioner, team_manager, episode
):
    plan = _plan_with_goals(episode, practitioner, 1)
    goal = plan.goals.get()
    url = f"/plans/goals/{goal.pk}/edit/"
    data = {
        "family_member": "parent",
        "area": "money",
        "in_parents_words": "Pay off the catalogue debt",
        "milestones": "",
        "status": "active",
        "version": goal.version,
    }
    assert signed_in(practitioner).post(url, data).status_code == 302
    body = signed_in(team_manager).post(url, {**data, "in_parents_words": "Other"}).content.decode()
    assert "Someone else saved changes" in body
    goal.refresh_from_db()
    assert goal.in_parents_words == "Pay off the catalogue debt" and goal.version == 2


def test_achievements_show_on_the_parents_overview(signed_in, practitioner, episode):
    client = signed_in(practitioner)
    response = client.post(
        f"/plans/episodes/{episode.pk}/achievements/new/",
        {**date_parts("happened_on", TODAY()), "text": "Signed my tenancy!", "whose": "parent"},
    )
    assert response["Location"] == f"/parents/{episode.parent_id}/"
    overview = client.get(f"/parents/{episode.parent_id}/").content.decode()
    assert "Signed my tenancy!" in overview
    body = client.post(
        f"/plans/episodes/{episode.pk}/achievements/new/",
        {**date_parts("happened_on", TODAY() + timedelta(days=2)), "text": " "},
    ).content.decode()
    assert "Date of the achievement must be today or in the past" in body
    assert "Enter what was achieved" in body
    assert Achievement.objects.count() == 1


def test_the_contact_form_records_progress_an_achievement_and_measures_at_once(
    signed_in, practitioner, episode
):
    plan = _plan_with_goals(episode, practitioner, 2)
    first, second = plan.goals.order_by("pk")
    client = signed_in(practitioner)
    url = f"/plans/episodes/{episode.pk}/contacts/new/"
    page = client.get(url).content.decode()
    assert "Update goal progress" in page and "Record the PHQ-9" in page
    data = {
        **date_parts("happened_on", TODAY()),
        "contact_type": "home_visit",
        "notes": "Went through the flat paperwork.",
        f"progress-goal_{first.pk}": "progressing",
        "achievement-text": "Finished the parenting course",
        "achievement-whose": "together",
        **{f"measure-gad7-parent__q{n}": "1" for n in range(1, 8)},
    }
    # An out-of-range wheel rating stops the whole form, and nothing is saved.
    body = client.post(url, {**data, "measure-wellbeing_wheel-parent__home": "11"}).content.decode()
    assert "Enter a number from 1 to 10 for Home and housing (the parent&#x27;s rating)" in body
    assert Contact.objects.count() == 0 and MeasureResponse.objects.count() == 0
    assert "Went through the flat paperwork." in body

    assert client.post(url, data).status_code == 302
    contact = Contact.objects.get()
    assert GoalProgress.objects.get().goal == first
    assert Achievement.objects.get().contact == contact
    gad7 = MeasureResponse.objects.get()
    assert (gad7.instrument, gad7.total, gad7.complete, gad7.contact) == ("gad7", 7, True, contact)
    assert not GoalProgress.objects.filter(goal=second).exists()


def test_the_contact_form_is_unchanged_when_the_extras_are_empty(signed_in, practitioner, episode):
    _plan_with_goals(episode, practitioner, 1)
    client = signed_in(practitioner)
    response = client.post(
        f"/plans/episodes/{episode.pk}/contacts/new/",
        {
            **date_parts("happened_on", TODAY()),
            "contact_type": "phone",
            "notes": "Quick call",
            "achievement-whose": "together",
        },
    )
    assert response.status_code == 302
    assert Contact.objects.count() == 1
    assert not GoalProgress.objects.exists() and not Achievement.objects.exists()
    assert not MeasureResponse.objects.exists()


@pytest.mark.parametrize("role", ["partner", "analyst", "administrator"])
def test_roles_without_sight_of_parents_cannot_open_plans(signed_in, service, team, episode, role):
    from ..factories import UserFactory

    user = UserFactory(organisation=service, team=team, role=role)
    client = signed_in(user)
    for url in (
        f"/plans/episodes/{episode.pk}/",
        f"/plans/episodes/{episode.pk}/agree/",
        f"/measures/parents/{episode.parent_id}/",
        f"/measures/episodes/{episode.pk}/new/phq9/",
    ):
        assert client.get(url).status_code in (403, 404)


def test_the_plan_page_query_count_does_not_grow_with_goals(signed_in, practitioner, service, team):
    def plan_queries(n):
        episode = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
        plan = _plan_with_goals(episode, practitioner, n)
        review_hold(
            plan=plan,
            held_by=practitioner,
            held_on=TODAY(),
            attended="All",
            notes="",
            outcomes={g.pk: "progressing" for g in plan.goals.all()},
            next_review_on=None,
            expected_version=plan.version,
        )
        client = signed_in(practitioner)
        client.get(f"/plans/episodes/{episode.pk}/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/plans/episodes/{episode.pk}/").status_code == 200
        return len(queries)

    assert plan_queries(2) == plan_queries(10)


def test_the_episodes_programme_sets_the_review_interval_and_typical_duration(episode):
    from alongside.plans.programme import programme_for
    from alongside.programmes.services import programme_adopt

    assert programme_for(episode).review_interval_weeks == 8  # no programme: the defaults
    programme = programme_adopt(
        organisation=episode.organisation, template_key="early-fdac", adopted_by=episode.key_worker
    )
    episode.programme_version = programme.current_version()
    spec = episode.programme_version.spec
    assert programme_for(episode).review_interval_weeks == spec.review_every_weeks
    assert programme_for(episode).typical_duration_months == (
        spec.typical_months or spec.maximum_months
    )


@pytest.mark.django_db(transaction=True)
def test_parallel_goal_edits_from_the_same_version_let_exactly_one_through(practitioner):
    import threading

    from django.db import connection

    from alongside.core.concurrency import EditConflict
    from alongside.plans.models import Goal
    from alongside.plans.services import goal_update

    from ..factories import EpisodeFactory

    episode = EpisodeFactory(
        organisation=practitioner.organisation, team=practitioner.team, key_worker=practitioner
    )
    goal = _plan_with_goals(episode, practitioner, 1).goals.get()
    start = threading.Barrier(3)
    outcomes: list[str] = []

    def save(words: str) -> None:
        start.wait()
        try:
            goal_update(
                goal=Goal.objects.get(pk=goal.pk),
                updated_by=practitioner,
                details={"in_parents_words": words},
                milestones=[],
                expected_version=goal.version,
            )
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(f"Words {i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "saved"]
    assert Goal.objects.get(pk=goal.pk).version == goal.version + 1
