"""A measure the worker sends to the parent's space: the worker sends it (with a date to fill it
in by), the parent sees it on their wellbeing page and fills it in on a plain form, and the
worker sees the answers marked as the parent's own, with a notice. An alert its scoring raises
reaches the worker and manager exactly as when the worker records the measure, and the parent
is shown where to get help now, never a score label. Withdrawn and answered requests cannot be
answered again, another parent's request is 'not found', and wrong answers get a message for
each question with nothing typed lost."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.casework.attention import needs_attention_for
from alongside.casework.selectors import timeline_for
from alongside.casework.services import contact_record
from alongside.measures.models import MeasureResponse
from alongside.measures.services import measure_record
from alongside.portal.models import MeasureRequest, PortalNotice
from alongside.programmes.services import programme_adopt, programme_revise
from alongside.sharing.services import break_glass_start

from ..factories import EpisodeFactory, TeamFactory, UserFactory

TODAY = timezone.localdate()
PHQ9_ITEMS = [f"q{n}" for n in range(1, 10)]


def phq9(*answers) -> dict:
    return {f"parent__q{n}": str(a) for n, a in enumerate(answers, start=1)}


def send(client, parent, instrument="phq9", due_on=None):
    data = {"instrument": instrument}
    if due_on:
        data |= {"due_on_0": due_on.day, "due_on_1": due_on.month, "due_on_2": due_on.year}
    return client.post(f"/parents/{parent.pk}/send-a-measure/", data)


@pytest.fixture
def mine(two_parents):
    return two_parents["mine"]


@pytest.fixture
def worker(signed_in, two_parents):
    return signed_in(two_parents["worker"])


@pytest.fixture
def parent(signed_in, mine):
    return signed_in(mine["user"])


def _sent(mine, instrument="phq9") -> MeasureRequest:
    return MeasureRequest.objects.get(parent=mine["parent"], instrument=instrument)


def test_the_worker_sends_the_parent_answers_and_the_worker_sees_it_as_the_parents(
    worker, parent, mine, two_parents
):
    page = worker.get(f"/parents/{mine['parent'].pk}/send-a-measure/").content.decode()
    assert "PHQ-9" in page and "Send to the parent" in page
    due = TODAY + timedelta(days=7)
    response = send(worker, mine["parent"], due_on=due)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/parents/{mine['parent'].pk}/"
    sent = _sent(mine)
    assert sent.due_on == due and sent.sent_by == two_parents["worker"] and sent.state == "open"
    assert "waiting for the parent" in worker.get(f"/parents/{mine['parent'].pk}/").content.decode()

    # The parent sees it on their plan and their wellbeing page.
    assert "Your worker asked you to fill in" in parent.get("/portal/").content.decode()
    wellbeing = parent.get("/portal/wellbeing/").content.decode()
    assert "Your worker asked you to fill this in" in wellbeing
    assert f'href="/portal/wellbeing/asked/{sent.pk}/"' in wellbeing
    form = parent.get(f"/portal/wellbeing/asked/{sent.pk}/").content.decode()
    assert "Little interest or pleasure in doing things" in form
    assert "There are 9 questions" in form and "Leave this page quickly" in form
    assert f"Please fill it in by {due:%A} {due.day} {due:%B}" in form

    answered = parent.post(f"/portal/wellbeing/asked/{sent.pk}/", phq9(1, 1, 1, 1, 1, 1, 1, 1, 0))
    assert answered.headers["Location"] == f"/portal/wellbeing/asked/{sent.pk}/thank-you/"
    thanks = parent.get(answered.headers["Location"]).content.decode()
    assert "Thank you for your answers" in thanks and "Samaritans" not in thanks

    # Stored through the measures app, scored, marked as the parent's own answers.
    result = MeasureResponse.objects.get(parent=mine["parent"], instrument="phq9")
    assert result.by_parent and result.recorded_by == mine["user"]
    assert result.complete and result.total == 8
    sent.refresh_from_db()
    assert sent.state == "completed" and sent.response == result
    assert AuditEntry.objects.filter(
        description="PHQ-9 recorded by the parent in their own space", parent_id=mine["parent"].pk
    ).exists()

    # The worker: the timeline marks it as the parent's (never their sign-in name), the
    # measures page too, and a notice on the overview until it is dealt with.
    event = next(e for e in timeline_for(mine["parent"]) if e.title.startswith("PHQ-9"))
    assert event.title == "PHQ-9 filled in by the parent"
    assert event.by == "The parent, in their own space" and "Score 8" in event.text
    assert mine["user"].username not in event.by
    measures = worker.get(f"/measures/parents/{mine['parent'].pk}/").content.decode()
    assert "Filled in by the parent, in their own space" in measures
    overview = worker.get(f"/parents/{mine['parent'].pk}/").content.decode()
    assert "the parent filled in the PHQ-9 sent to their space" in overview
    notice = PortalNotice.objects.get(parent=mine["parent"], kind="measure_done")
    assert notice.measure_request == sent
    worker.post(f"/parents/notices/{notice.pk}/dealt-with/")
    assert PortalNotice.objects.get(pk=notice.pk).dealt_with_at is not None

    # The parent sees their answers over time as a picture with the numbers beside it, and no
    # score label.
    wellbeing = parent.get("/portal/wellbeing/").content.decode()
    assert "Your PHQ-9 answers" in wellbeing
    assert "<svg" in wellbeing and "chart-phq9-title" in wellbeing
    assert re.search(r"<td[^>]*>\s*8\s*</td>", wellbeing)
    assert "Mild" not in wellbeing and "a lower number means" in wellbeing
    assert f'href="/portal/wellbeing/asked/{sent.pk}/"' not in wellbeing


def test_a_self_harm_answer_reaches_the_worker_and_manager_as_when_the_worker_records_it(
    worker, parent, mine, two_parents, service, team
):
    send(worker, mine["parent"])
    sent = _sent(mine)
    answered = parent.post(f"/portal/wellbeing/asked/{sent.pk}/", phq9(3, 3, 3, 3, 3, 3, 3, 3, 2))
    thanks = parent.get(answered.headers["Location"]).content.decode()
    # A kind message and where to get help now; no score and no label.
    assert "things have been very hard for you lately" in thanks
    for help_now in ("Samaritans", "116 123", "NHS 111", "999", 'href="tel:116123"'):
        assert help_now in thanks
    # What the parent reads: the page's text without its tags (a random CSRF token in an
    # attribute can hold "26").
    shown = re.sub(r"<[^>]+>", " ", thanks)
    for label in ("Severe", "26", "score"):
        assert not re.search(rf"\b{label}\b", shown, re.IGNORECASE)

    # The manager's 'needs attention' list: the same item, first, as for a measure the worker
    # records with the same answers for another parent.
    other = EpisodeFactory(organisation=service, team=team, key_worker=two_parents["worker"])
    contact_record(
        episode=other,
        recorded_by=two_parents["worker"],
        happened_on=TODAY - timedelta(days=1),
        contact_type="home_visit",
        notes="Visit.",
    )
    measure_record(
        episode=other,
        recorded_by=two_parents["worker"],
        instrument_code="phq9",
        completed_on=TODAY,
        answers={"parent": {q: 3 for q in PHQ9_ITEMS[:8]} | {"q9": 2}},
    )
    items = [i for i in needs_attention_for(two_parents["manager"]) if "self-harm" in i.what]
    by_parent = next(i for i in items if i.parent_id == mine["parent"].pk)
    by_worker = next(i for i in items if i.parent_id == other.parent_id)
    assert (by_parent.what, by_parent.urgency, by_parent.url.split("/")[1]) == (
        by_worker.what,
        by_worker.urgency,
        by_worker.url.split("/")[1],
    )
    assert needs_attention_for(two_parents["manager"])[0].what == by_parent.what

    # The worker sees the alert on the overview beside the notice, and on the measures page.
    alert = "Follow your service&#x27;s safety procedure now"
    assert alert in worker.get(f"/parents/{mine['parent'].pk}/").content.decode()
    assert alert in worker.get(f"/measures/parents/{mine['parent'].pk}/").content.decode()
    assert MeasureResponse.objects.get(parent=mine["parent"], instrument="phq9").has_alert


def test_a_withdrawn_request_cannot_be_answered(worker, parent, mine):
    send(worker, mine["parent"])
    sent = _sent(mine)
    response = worker.post(f"/parents/measures-sent/{sent.pk}/withdraw/")
    assert response.headers["Location"] == f"/parents/{mine['parent'].pk}/"
    sent.refresh_from_db()
    assert sent.state == "withdrawn"
    assert (
        f"/portal/wellbeing/asked/{sent.pk}/"
        not in parent.get("/portal/wellbeing/").content.decode()
    )

    page = parent.get(f"/portal/wellbeing/asked/{sent.pk}/").content.decode()
    assert "You do not need to fill this in" in page and "took this back" in page
    posted = parent.post(f"/portal/wellbeing/asked/{sent.pk}/", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0))
    assert posted.status_code == 200 and "took this back" in posted.content.decode()
    assert not MeasureResponse.objects.filter(parent=mine["parent"], instrument="phq9").exists()
    # Withdrawing again says so, and changes nothing.
    worker.post(f"/parents/measures-sent/{sent.pk}/withdraw/")
    assert MeasureRequest.objects.get(pk=sent.pk).withdrawn_at == sent.withdrawn_at


def test_a_completed_request_cannot_be_answered_again_nor_withdrawn(worker, parent, mine):
    send(worker, mine["parent"])
    sent = _sent(mine)
    parent.post(f"/portal/wellbeing/asked/{sent.pk}/", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0))
    again = parent.post(f"/portal/wellbeing/asked/{sent.pk}/", phq9(3, 3, 3, 3, 3, 3, 3, 3, 3))
    body = again.content.decode()
    assert again.status_code == 200 and "You have already filled this in" in body
    assert MeasureResponse.objects.filter(parent=mine["parent"], instrument="phq9").count() == 1
    worker.post(f"/parents/measures-sent/{sent.pk}/withdraw/")
    assert MeasureRequest.objects.get(pk=sent.pk).state == "completed"


def test_a_request_cannot_be_answered_once_the_work_has_ended(worker, parent, mine):
    send(worker, mine["parent"])
    sent = _sent(mine)
    type(mine["episode"]).objects.filter(pk=mine["episode"].pk).update(status="closed")
    body = parent.get(f"/portal/wellbeing/asked/{sent.pk}/").content.decode()
    assert "Your work with the service has ended" in body
    parent.post(f"/portal/wellbeing/asked/{sent.pk}/", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0))
    assert not MeasureResponse.objects.filter(parent=mine["parent"], instrument="phq9").exists()


def test_another_parents_request_is_not_found(parent, two_parents):
    theirs = two_parents["theirs"]["measure_request"]
    for url in (
        f"/portal/wellbeing/asked/{theirs.pk}/",
        f"/portal/wellbeing/asked/{theirs.pk}/thank-you/",
    ):
        assert parent.get(url).status_code == 404
        answers = {f"parent__q{n}": "1" for n in range(1, 8)}
        response = parent.post(url, {**answers, "parent": theirs.parent_id})
        assert response.status_code in (404, 405)
        assert "Zebedee-Thorne" not in response.content.decode()
    assert MeasureRequest.objects.get(pk=theirs.pk).state == "open"
    assert not MeasureResponse.objects.filter(parent=theirs.parent).exists()
    assert not PortalNotice.objects.filter(parent=theirs.parent, kind="measure_done").exists()
    assert AuditEntry.objects.filter(
        actor_id=two_parents["mine"]["user"].pk, outcome="refused"
    ).exists()
    # Their own request, by the same path, works.
    mine = two_parents["mine"]["measure_request"]
    assert parent.get(f"/portal/wellbeing/asked/{mine.pk}/").status_code == 200


def test_each_question_left_out_or_out_of_range_has_its_own_message_and_nothing_is_lost(
    worker, parent, mine
):
    send(worker, mine["parent"])
    sent = _sent(mine)
    url = f"/portal/wellbeing/asked/{sent.pk}/"
    empty = parent.post(url, {}).content.decode()
    assert "There is a problem" in empty
    for n in range(1, 10):
        assert f"Choose an answer for question {n}" in empty
        assert f'href="#id_parent__q{n}_0"' in empty  # the error summary links to each

    partly = parent.post(url, {"parent__q1": "2", "parent__q2": "7"}).content.decode()
    assert "Choose one of the answers for question 2" in partly
    assert "Choose an answer for question 1" not in partly
    assert re.search(r'name="parent__q1" type="radio" value="2" checked', partly)
    assert "Choose an answer for question 9" in partly
    assert not MeasureResponse.objects.filter(parent=mine["parent"], instrument="phq9").exists()
    assert MeasureRequest.objects.get(pk=sent.pk).state == "open"


def test_numbers_on_a_scale_out_of_range_are_refused_and_kept(worker, parent, mine):
    send(worker, mine["parent"], instrument="wellbeing_wheel")
    sent = _sent(mine, "wellbeing_wheel")
    page = parent.post(
        f"/portal/wellbeing/asked/{sent.pk}/", {"parent__home": "11", "parent__money": "ten"}
    ).content.decode()
    assert "Enter a whole number from 1 to 10 for home and housing" in page
    assert "Enter a whole number from 1 to 10 for money and benefits" in page
    assert "Choose a number for physical health" in page
    assert 'value="11"' in page and 'value="ten"' in page
    assert not MeasureResponse.objects.filter(parent=mine["parent"]).exists()


def test_the_worker_is_told_what_is_wrong_when_sending(worker, mine):
    page = send(worker, mine["parent"], due_on=TODAY - timedelta(days=1)).content.decode()
    assert "Date to fill it in by must be in the future" in page
    assert (
        "Choose a measure to send"
        in worker.post(f"/parents/{mine['parent'].pk}/send-a-measure/", {}).content.decode()
    )
    send(worker, mine["parent"])
    again = send(worker, mine["parent"]).content.decode()
    assert "already has the PHQ-9 to fill in" in again
    assert MeasureRequest.objects.filter(parent=mine["parent"], instrument="phq9").count() == 1


def test_only_measures_the_parents_programme_uses_can_be_sent(worker, mine, service, two_parents):
    programme = programme_adopt(
        organisation=service, template_key="breaking-the-cycle", adopted_by=two_parents["manager"]
    )
    page = worker.get(f"/parents/{mine['parent'].pk}/send-a-measure/").content.decode()
    assert 'value="wellbeing_wheel"' in page and 'value="phq9"' not in page
    assert "Choose a measure from the list" in send(worker, mine["parent"]).content.decode()

    source = programme.current_version().source.replace(
        "measures:\n", "measures:\n  - {instrument: phq9, at: each_review, by: the parent}\n", 1
    )
    programme_revise(
        programme=programme, source=source, revised_by=two_parents["manager"], note="PHQ-9"
    )
    assert send(worker, mine["parent"]).status_code == 302
    assert _sent(mine).instrument_name == "PHQ-9"

    # A programme that uses no measure the parent fills in says so, and offers none.
    programme_adopt(organisation=service, template_key="futures", adopted_by=two_parents["manager"])
    page = worker.get(f"/parents/{mine['parent'].pk}/send-a-measure/").content.decode()
    assert "uses no measure that the parent fills in themselves" in page


def test_who_may_send_a_measure(signed_in, mine, service, two_parents):
    path = f"/parents/{mine['parent'].pk}/send-a-measure/"
    # The key worker and their team manager may.
    assert signed_in(two_parents["worker"]).get(path).status_code == 200
    assert signed_in(two_parents["manager"]).get(path).status_code == 200
    # A practitioner in another team may not; nor a manager who opened the record in an
    # emergency (break-glass allows a contact about the emergency, nothing more).
    other_team = TeamFactory(organisation=service)
    outsider = UserFactory(organisation=service, team=other_team, role=Role.PRACTITIONER)
    assert signed_in(outsider).get(path).status_code == 404
    glass = UserFactory(organisation=service, team=other_team, role=Role.TEAM_MANAGER)
    break_glass_start(user=glass, parent=mine["parent"], reason="Police called tonight")
    assert signed_in(glass).get(path).status_code == 404
    assert signed_in(glass).post(path, {"instrument": "phq9"}).status_code == 404
    # Nor the parent.
    assert signed_in(mine["user"]).get(path).status_code == 403
    # Withdrawing follows the same rule.
    asked = mine["measure_request"]
    assert (
        signed_in(outsider).post(f"/parents/measures-sent/{asked.pk}/withdraw/").status_code == 404
    )
    assert MeasureRequest.objects.get(pk=asked.pk).state == "open"
    assert not MeasureRequest.objects.filter(parent=mine["parent"], instrument="phq9").exists()
