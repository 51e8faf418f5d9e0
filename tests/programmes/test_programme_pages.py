"""The service manager chooses the service's programme and edits its definition in the app:
each save a new version, a bad file refused whole with every error listed, and work already
started keeping its version."""

import pytest
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.casework.pathway import episode_set_pathway
from alongside.programmes.models import Programme
from alongside.programmes.services import programme_adopt

TODAY = timezone.localdate()


@pytest.fixture
def btc(service, service_manager):
    return programme_adopt(
        organisation=service, template_key="breaking-the-cycle", adopted_by=service_manager
    )


def test_choose_a_template_for_the_service(signed_in, service, service_manager):
    client = signed_in(service_manager)
    page = client.get("/programmes/").content.decode()
    assert "The service has not chosen a programme yet." in page
    assert "Breaking the Cycle" in page and "Pause-style" in page
    response = client.post("/programmes/", {"template": "futures"})
    assert response.status_code == 302
    page = client.get("/programmes/").content.decode()
    assert "The service runs <strong>Futures</strong>, version 1." in page
    assert Programme.objects.get(organisation=service, in_use=True).template_key == "futures"


def test_edit_saves_a_new_version_and_work_keeps_its_version(
    signed_in, btc, episode, service_manager
):
    episode_set_pathway(episode=episode, pathway="adult", decided_by=service_manager, on=TODAY)
    client = signed_in(service_manager)
    page = client.get("/programmes/edit/").content.decode()
    assert "cap: 8" in page
    source = btc.current_version().source.replace("cap: 8", "cap: 6")
    response = client.post("/programmes/edit/", {"source": source, "note": "Smaller caseloads"})
    assert response.status_code == 302
    assert btc.current_version().number == 2
    assert btc.current_version().spec.caseload.cap == 6
    episode.refresh_from_db()
    assert episode.programme_version.number == 1
    page = client.get("/programmes/").content.decode()
    assert "version 2" in page and "Smaller caseloads" in page
    assert AuditEntry.objects.filter(description="Programme changed").exists()


def test_a_bad_file_is_refused_whole_with_every_error(signed_in, btc, service_manager):
    source = (
        btc.current_version()
        .source.replace("cap: 8", "cap: lots")
        .replace("approvals: [acceptance, phase_change, closure]", "approvals: [tea]")
    )
    response = signed_in(service_manager).post(
        "/programmes/edit/", {"source": source, "note": "Try"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    lines = source.splitlines()
    cap_line = next(n for n, line in enumerate(lines, 1) if "cap: lots" in line)
    approvals_line = next(n for n, line in enumerate(lines, 1) if "approvals: [tea]" in line)
    assert f"line {cap_line}, caseload.cap" in page
    assert f"line {approvals_line}, approvals" in page
    assert btc.versions.count() == 1


@pytest.mark.parametrize("who", ["practitioner", "team_manager"])
def test_only_the_service_manager_manages_the_programme(signed_in, btc, request, who):
    client = signed_in(request.getfixturevalue(who))
    assert client.get("/programmes/").status_code in (403, 404)
    assert client.post("/programmes/edit/", {"source": "x", "note": "x"}).status_code in (403, 404)


def test_the_settings_page_says_where_the_template_differs_from_its_model(
    signed_in, service_manager
):
    programme_adopt(
        organisation=service_manager.organisation, template_key="pause-style", adopted_by=None
    )
    page = signed_in(service_manager).get("/programmes/").content.decode()
    assert "Where this programme differs from the published model" in page
    assert "contraception" in page.lower()


def test_switching_template_says_what_changes_and_asks_first(signed_in, service_manager):
    programme_adopt(
        organisation=service_manager.organisation,
        template_key="breaking-the-cycle",
        adopted_by=None,
    )
    client = signed_in(service_manager)
    page = client.post("/programmes/", {"template": "pause-style"}).content.decode()
    assert "Switch the service" in page and "programme?" in page
    assert "Pathways no longer offered to new work: ADULT, PARENTING, PREGNANCY." in page
    current = Programme.objects.get(organisation=service_manager.organisation, in_use=True)
    assert current.template_key == "breaking-the-cycle"  # nothing switched yet
    response = client.post("/programmes/", {"template": "pause-style", "confirmed": "yes"})
    assert response.status_code == 302
    current = Programme.objects.get(organisation=service_manager.organisation, in_use=True)
    assert current.template_key == "pause-style"


def test_the_editor_is_monospace_with_line_numbers_and_links_the_guide(signed_in, service_manager):
    programme_adopt(
        organisation=service_manager.organisation, template_key="futures", adopted_by=None
    )
    client = signed_in(service_manager)
    page = client.get("/programmes/edit/").content.decode()
    assert 'class="govuk-textarea app-code"' in page and 'spellcheck="false"' in page
    assert '<ol class="app-code-lines"><li># ' in page
    assert 'href="/programmes/guide/"' in page
    guide = client.get("/programmes/guide/").content.decode()
    assert "alongside-programme/1" in guide
