"""Recording measures through the pages, and the chart with its table."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.measures.models import MeasureResponse
from alongside.measures.services import measure_record

from ..casework.test_journey import date_parts
from ..factories import EpisodeFactory

TODAY = timezone.localdate


def phq9(values):
    return {f"parent__q{n}": str(v) for n, v in enumerate(values, start=1) if v is not None}


def test_record_a_phq9_and_see_it_scored(signed_in, practitioner, episode):
    client = signed_in(practitioner)
    url = f"/measures/episodes/{episode.pk}/new/phq9/"
    assert "Little interest or pleasure in doing things" in client.get(url).content.decode()
    response = client.post(
        url, {**date_parts("completed_on", TODAY()), **phq9([1, 2, 0, 3, 1, 1, 2, 0, 0])}
    )
    assert response["Location"] == f"/measures/parents/{episode.parent_id}/"
    saved = MeasureResponse.objects.get()
    assert (saved.total, saved.complete, saved.scores["parent"]["band"]) == (10, True, "Moderate")
    assert saved.answers == {
        "parent": {f"q{n}": v for n, v in enumerate([1, 2, 0, 3, 1, 1, 2, 0, 0], 1)}
    }
    with connection.cursor() as cursor:  # answers are encrypted at rest
        cursor.execute("SELECT answers_text FROM measures_measureresponse")
        # A JSON key in quotes: base64 text (the token) can never contain a quote mark.
        assert '"q1"' not in cursor.fetchone()[0]
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "Moderate" in page
    assert AuditEntry.objects.filter(description="PHQ-9 recorded").count() == 1


def test_bad_input_is_refused_with_messages(signed_in, practitioner, episode):
    client = signed_in(practitioner)
    url = f"/measures/episodes/{episode.pk}/new/phq9/"
    body = client.post(
        url,
        {
            **date_parts("completed_on", TODAY() + timedelta(days=1)),
            **phq9([1, 1, 1, 1, 1, 1, 1, 1, None]),
        },
    ).content.decode()
    assert "Date completed must be today or in the past" in body
    assert "Answer question 9, or tick" in body
    body = client.post(
        url, {**date_parts("completed_on", TODAY()), "parent__q3": "7"}
    ).content.decode()
    assert "Choose one of the answers for question 3" in body
    body = client.post(url, date_parts("completed_on", TODAY())).content.decode()
    assert "Answer at least one question" in body
    wheel = f"/measures/episodes/{episode.pk}/new/wellbeing_wheel/"
    body = client.post(
        wheel, {**date_parts("completed_on", TODAY()), "worker__money": "0"}
    ).content.decode()
    assert "Enter a number from 1 to 10 for Money and benefits (the worker&#x27;s rating)" in body
    assert MeasureResponse.objects.count() == 0


def test_a_partly_completed_measure_is_saved_as_incomplete_and_not_scored(
    signed_in, practitioner, episode
):
    client = signed_in(practitioner)
    client.post(
        f"/measures/episodes/{episode.pk}/new/gad7/",
        {**date_parts("completed_on", TODAY()), "parent__q1": "2", "save_incomplete": "on"},
    )
    saved = MeasureResponse.objects.get()
    assert not saved.complete and saved.total is None
    assert (
        "Incomplete, not scored"
        in client.get(f"/measures/parents/{episode.parent_id}/").content.decode()
    )


def test_question_9_prompts_the_safety_procedure(signed_in, practitioner, episode):
    client = signed_in(practitioner)
    client.post(
        f"/measures/episodes/{episode.pk}/new/phq9/",
        {**date_parts("completed_on", TODAY()), **phq9([0, 0, 0, 0, 0, 0, 0, 0, 1])},
    )
    assert MeasureResponse.objects.get().has_alert
    page = client.get(f"/measures/parents/{episode.parent_id}/").content.decode()
    assert "govuk-warning-text" in page
    assert "Follow your service&#x27;s safety procedure now" in page


def _wheel(parent, worker):
    items = [
        "home",
        "money",
        "physical_health",
        "emotional_wellbeing",
        "relationships",
        "family_time",
        "keeping_safe",
        "alcohol_drugs",
        "learning_work",
        "support",
    ]
    return {
        "parent": dict(zip(items, parent, strict=True)),
        "worker": dict(zip(items, worker, strict=True)),
    }


def test_the_wheel_twice_shows_distance_travelled_and_points_for_discussion(
    signed_in, practitioner, episode
):
    measure_record(
        episode=episode,
        recorded_by=practitioner,
        instrument_code="wellbeing_wheel",
        completed_on=TODAY() - timedelta(days=60),
        answers=_wheel([3] * 10, [3] * 10),
    )
    measure_record(
        episode=episode,
        recorded_by=practitioner,
        instrument_code="wellbeing_wheel",
        completed_on=TODAY(),
        answers=_wheel([6, 5, 5, 4, 7, 2, 8, 9, 5, 6], [6, 5, 5, 7, 7, 2, 5, 9, 5, 6]),
    )
    page = signed_in(practitioner).get(f"/measures/parents/{episode.parent_id}/").content.decode()
    assert "The parent: +27 (better)" in page  # 30 -> 57
    assert page.count("Point for discussion") == 2
    assert "+3" in page  # home: 3 -> 6


def test_the_measures_page_query_count_does_not_grow_with_responses(
    signed_in, practitioner, service, team
):
    def page_queries(n):
        episode = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
        for i in range(n):
            for code, answers in (
                ("phq9", {"parent": {f"q{k}": 1 for k in range(1, 10)}}),
                ("wellbeing_wheel", _wheel([5] * 10, [6] * 10)),
            ):
                measure_record(
                    episode=episode,
                    recorded_by=practitioner,
                    instrument_code=code,
                    completed_on=TODAY() - timedelta(days=i),
                    answers=answers,
                )
        client = signed_in(practitioner)
        url = f"/measures/parents/{episode.parent_id}/"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert page_queries(2) == page_queries(10)
