"""Risk and strengths: per adult of the family, each factor the team works on rated on one scale
over time, shown as a chart beside a table of the same numbers; audited, and only for the team
around the family."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.people.services import relationship_record
from alongside.sharing.services import consent_record
from alongside.workbook.models import RiskAssessment

from ..factories import EpisodeFactory, OrganisationFactory, ParentFactory, UserFactory

TODAY = timezone.localdate()
FACTORS = [
    "domestic_abuse",
    "substance_use",
    "mental_health",
    "housing",
    "learning_needs",
    "strengths",
]


def date_parts(prefix, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def answers(day, note="", **ratings) -> dict:
    """The form: every factor answered, 'none' where not rated this time."""
    return {
        **date_parts("assessed_on", day),
        **{f: str(ratings.get(f, "none")) for f in FACTORS},
        "note": note,
    }


@pytest.fixture
def partner_worker(episode, practitioner):
    org = OrganisationFactory(name="Northbrook Domestic Abuse Service (test)", kind="partner")
    consent_record(
        parent=episode.parent,
        recorded_by=practitioner,
        organisation=org,
        categories=["engagement"],
        purpose="Working together as the team around the family",
        starts_on=TODAY,
        how_given="signed",
    )
    return UserFactory(organisation=org, team=None, role=Role.PARTNER)


def test_ratings_over_time_show_as_a_chart_beside_a_table_of_the_same_numbers(
    signed_in, episode, practitioner
):
    parent = episode.parent
    client = signed_in(practitioner)
    url = f"/parents/{parent.pk}/team/risk-and-strengths/"
    for day, ratings, note in [
        (TODAY - timedelta(days=60), {"domestic_abuse": 1, "housing": 2, "strengths": 3}, "First"),
        (TODAY - timedelta(days=30), {"domestic_abuse": 2, "housing": 2, "strengths": 4}, ""),
        (TODAY, {"domestic_abuse": 4, "housing": 3, "strengths": 5, "mental_health": 3}, "Now"),
    ]:
        response = client.post(f"{url}new/", answers(day, note, **ratings))
        assert response.status_code == 302, response.content.decode()
    assessments = list(RiskAssessment.objects.filter(parent=parent))
    assert [a.domestic_abuse for a in assessments] == [1, 2, 4]
    assert assessments[0].substance_use is None and assessments[0].note == "First"
    assert assessments[0].organisation == practitioner.organisation
    created = AuditEntry.objects.filter(object_type="workbook.riskassessment", action="create")
    assert created.count() == 3 and {e.parent_id for e in created} == {parent.pk}

    before = AuditEntry.objects.count()
    page = html.unescape(client.get(url).content.decode())
    assert AuditEntry.objects.filter(pk__gt=before, action="view", parent_id=parent.pk).exists()
    # The chart: an accessible image with a title and description, a line per factor rated
    # more than once (not colour alone: each has its own marker and pattern).
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Risk and strengths over time" in svg and "3 assessments" in svg
    assert svg.count("<polyline") == 3  # domestic abuse, housing, strengths
    for label in ["Domestic abuse", "Substance use", "Strengths and support"]:
        assert f">{label}</text>" in svg  # the legend: marker, pattern and name
    assert "1 Serious concern" in svg and "5 A strength" in svg
    # The table beside it: the same numbers, a row for each line of the chart.
    table = re.search(r'<div class="app-chart-pair__table.*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)
    cells = {
        re.search(r'scope="row"[^>]*>(.*?)</th>', row).group(1): re.findall(
            r'numeric">(.*?)</td>', row
        )
        for row in rows[1:]
    }
    assert cells == {
        "Domestic abuse": ["1", "2", "4"],
        "Substance use": ["Not rated"] * 3,
        "Mental health": ["Not rated", "Not rated", "3"],
        "Housing": ["2", "2", "3"],
        "Learning needs": ["Not rated"] * 3,
        "Strengths and support": ["3", "4", "5"],
    }
    assert "Now" in page and practitioner.display_name in page


def test_missing_ratings_a_future_date_and_nothing_rated_are_refused(
    signed_in, episode, practitioner
):
    url = f"/parents/{episode.parent_id}/team/risk-and-strengths/new/"
    client = signed_in(practitioner)
    # Tomorrow as the form sees it now (TODAY is fixed when the module loads).
    data = answers(timezone.localdate() + timedelta(days=1), housing=2)
    del data["domestic_abuse"], data["strengths"]
    page = html.unescape(client.post(url, data).content.decode())
    assert "Date of the assessment must be today or in the past" in page
    assert "Choose a rating for domestic abuse, or 'Not rated this time'" in page
    assert "Choose a rating for strengths and support, or 'Not rated this time'" in page
    nothing = html.unescape(client.post(url, answers(TODAY)).content.decode())
    assert "Rate at least one factor" in nothing
    assert not RiskAssessment.objects.exists()
    assert "Error:" in nothing  # the page title says so, and the summary lists it


def test_a_partner_on_the_team_records_ratings_and_loses_the_page_without_consent(
    signed_in, episode, practitioner, partner_worker
):
    parent = episode.parent
    url = f"/parents/{parent.pk}/team/risk-and-strengths/"
    client = signed_in(partner_worker)
    assert client.post(f"{url}new/", answers(TODAY, domestic_abuse=2)).status_code == 302
    rating = RiskAssessment.objects.get()
    assert rating.organisation == partner_worker.organisation
    page = html.unescape(signed_in(practitioner).get(url).content.decode())
    assert partner_worker.organisation.name in page
    # A professional whose organisation has no consent, and another service, find nothing.
    stranger = UserFactory(organisation=OrganisationFactory(kind="partner"), role=Role.PARTNER)
    elsewhere = UserFactory(organisation=OrganisationFactory(), role=Role.SERVICE_MANAGER)
    for user in (stranger, elsewhere):
        outsider = signed_in(user)
        assert outsider.get(url).status_code == 404
        assert outsider.post(f"{url}new/", answers(TODAY, housing=1)).status_code == 404
    assert RiskAssessment.objects.count() == 1


def test_the_partner_in_a_couple_is_rated_on_their_own_record(
    signed_in, service, team, episode, practitioner
):
    parent = episode.parent
    partner = ParentFactory(organisation=service, given_name="Bram", family_name="Oakes")
    EpisodeFactory(organisation=service, team=team, parent=partner, key_worker=practitioner)
    relationship_record(
        parent=parent,
        partner=partner,
        kind="partners",
        started_on=TODAY - timedelta(days=300),
        recorded_by=practitioner,
    )
    client = signed_in(practitioner)
    url = f"/parents/{parent.pk}/team/risk-and-strengths/"
    form = html.unescape(client.get(f"{url}new/").content.decode())
    assert "Who is this assessment about?" in form and "Bram Oakes (partner)" in form
    response = client.post(
        f"{url}new/", {**answers(TODAY, substance_use=2), "adult": str(partner.pk)}
    )
    assert response.status_code == 302
    assert RiskAssessment.objects.get().parent == partner
    before = AuditEntry.objects.count()
    page = html.unescape(client.get(url).content.decode())
    assert "Bram Oakes (partner)" in page and f"{parent.full_name} (the parent)" in page
    # Showing the partner's ratings is a read of the partner's record too.
    assert AuditEntry.objects.filter(pk__gt=before, action="view", parent_id=partner.pk).exists()
    # Someone who may not see the partner's record is not offered them, and a forged choice
    # is ignored: what they record is held on the parent's own record.
    other_team_worker = UserFactory(organisation=service, role=Role.PRACTITIONER)
    EpisodeFactory(
        organisation=service,
        team=other_team_worker.team,
        parent=parent,
        key_worker=other_team_worker,
    )
    theirs = signed_in(other_team_worker)
    assert "Bram" not in theirs.get(f"{url}new/").content.decode()
    forged = theirs.post(f"{url}new/", {**answers(TODAY, housing=3), "adult": str(partner.pk)})
    assert forged.status_code == 302
    assert RiskAssessment.objects.filter(parent=partner).count() == 1
    assert RiskAssessment.objects.get(parent=parent).recorded_by == other_team_worker
