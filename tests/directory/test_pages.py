"""The public pages: search, a local authority's page, what to do where there is no service,
caching, and no personal data."""

import json

import pytest

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.directory.models import DirectoryChange, DirectoryService
from alongside.programmes.services import programme_adopt
from tests.factories import OrganisationFactory, UserFactory


def text(response) -> str:
    return response.content.decode()


def test_search_by_local_authority_postcode_district_and_region(client, directory):
    assert client.get("/directory/", {"q": "salford"})["Location"] == "/directory/areas/salford/"
    assert client.get("/directory/", {"q": "m6 5hx"})["Location"] == "/directory/areas/salford/"
    assert (
        client.get("/directory/", {"q": "Hull"})["Location"]
        == "/directory/areas/kingston-upon-hull/"
    )
    assert (
        client.get("/directory/", {"q": "north west"})["Location"]
        == "/directory/regions/north_west/"
    )


def test_an_unknown_name_gets_close_matches_not_an_empty_page(client, directory):
    response = client.get("/directory/", {"q": "Mancester"})
    assert response.status_code == 200
    assert "There is no English local authority called ‘Mancester’." in text(response)
    assert "Did you mean" in text(response)
    assert 'href="/directory/areas/manchester/"' in text(response)


def test_a_postcode_district_outside_england_says_so(client, directory):
    response = client.get("/directory/", {"q": "ZE1"})
    assert "ZE1 is a postcode district in Scotland" in text(response)
    response = client.get("/directory/", {"q": "ZZ9 9ZZ"})
    assert "ZZ9 is not a postcode district that the directory knows" in text(response)


def test_a_service_name_is_found_too(client, directory):
    response = client.get("/directory/", {"q": "Looking Forward"})
    assert 'href="/directory/services/looking-forward-brighton/"' in text(response)


def test_a_place_with_a_service_lists_it(client, directory):
    page = text(client.get("/directory/areas/salford/"))
    assert "Strengthening Families" in page
    assert "What you can do instead" not in page


def test_a_place_with_no_service_says_what_to_do_instead(client, directory):
    page = text(client.get("/directory/areas/rutland/"))
    assert "The directory does not list a service in Rutland" in page
    assert "What you can do instead" in page
    assert "Pause (national team)" in page  # a national programme
    assert "Pause Derby" in page  # elsewhere in the East Midlands
    assert "The directory does not list an FDAC for Rutland." in page
    assert "Coram-i" not in page  # not a service for parents


def test_the_fdac_for_the_court_is_shown_where_there_is_one(client, directory):
    page = text(client.get("/directory/areas/torbay/"))
    assert "What you can do instead" in page
    page = text(client.get("/directory/areas/medway/"))
    assert "FDAC Kent and Medway" in page
    # London's FDAC serves ten boroughs the source does not name: say so, do not guess.
    page = text(client.get("/directory/areas/barnet/"))
    assert "Family Drug and Alcohol Court (FDAC) London" in page
    assert "does not name the local authorities it serves" in page


def test_a_service_page_shows_each_fact_and_not_known(client, directory):
    page = text(client.get("/directory/services/futures-leeds/"))
    assert "Under 25" in page
    assert "December 2017" in page
    assert "seed 001, &#x27;Focus on practice: Futures, Leeds City Council&#x27;" in page
    page = text(client.get("/directory/services/star-tameside/"))
    assert "Not known" in page


def test_open_data_exports(client, directory):
    response = client.get("/directory/data/services.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = text(response).splitlines()
    assert lines[0].startswith("slug,name,provider_name,provider_kind,model,status")
    assert len(lines) == DirectoryService.objects.count() + 1
    data = json.loads(text(client.get("/directory/data/services.json")))
    futures = next(s for s in data["services"] if s["slug"] == "futures-leeds")
    assert futures["local_authorities"] == ["Leeds"]
    assert futures["works_with"] == ["mothers", "fathers", "care_leavers"]
    assert all(s["source"] for s in data["services"])


def test_public_pages_are_cached_for_the_public_and_a_change_shows_at_once(
    client, directory, signed_in
):
    response = client.get("/directory/areas/leeds/")
    assert "public" in response["Cache-Control"] and "max-age=600" in response["Cache-Control"]
    assert "Sign out" not in text(response)
    admin = UserFactory(role=Role.ADMINISTRATOR)
    futures = DirectoryService.objects.get(slug="futures-leeds")
    admin_client = signed_in(admin)
    page = admin_client.get(f"/directory/manage/{futures.pk}/")
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [])}
    data["areas"] = "Leeds"
    data["name"] = "Futures (Leeds)"
    data = {k: v for k, v in data.items()}
    response = admin_client.post(f"/directory/manage/{futures.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert "Futures (Leeds)" in text(client.get("/directory/areas/leeds/"))
    # Signed in, never cached.
    assert admin_client.get("/directory/areas/leeds/")["Cache-Control"] == "no-store"


def test_an_administrator_edits_with_history_and_audit(directory, signed_in):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    client = signed_in(admin)
    star = DirectoryService.objects.get(slug="star-tameside")
    response = client.post(
        f"/directory/manage/{star.pk}/",
        {
            "name": "Star",
            "provider_kind": "local_authority",
            "model": "locally_developed",
            "status": "active",
            "status_as_of": "2021-06",
            "scope": "local",
            "areas": "Tameside\nStockport",
            "how_to_refer": "Ask the team.",
            "source": "seed 001, 'Pre-birth programmes'; a call with the team",
        },
    )
    assert response.status_code == 302
    star.refresh_from_db()
    assert star.area_slugs == ["stockport", "tameside"]
    change = star.changes.first()
    assert change.how == DirectoryChange.How.EDITED and change.by == admin
    assert set(change.changes) >= {"areas", "how_to_refer", "provider_kind", "source"}
    entry = AuditEntry.objects.filter(object_type="directory.directoryservice").last()
    assert entry.actor_id == admin.pk and entry.action == "update"
    history = text(client.get(f"/directory/manage/{star.pk}/"))
    assert "Edited by a directory administrator" in history


def test_a_misspelt_area_is_refused_with_a_suggestion(directory, signed_in):
    client = signed_in(UserFactory(role=Role.ADMINISTRATOR))
    star = DirectoryService.objects.get(slug="star-tameside")
    response = client.post(
        f"/directory/manage/{star.pk}/",
        {"name": "Star", "provider_kind": "not_known", "model": "locally_developed",
         "status": "active", "scope": "local", "areas": "Tamside", "source": "x"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "‘Tamside’ is not an English local authority: did you mean Tameside?" in text(response)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.PARTNER])
def test_only_administrators_edit_the_directory(directory, signed_in, role):
    client = signed_in(UserFactory(role=role))
    star = DirectoryService.objects.get(slug="star-tameside")
    assert client.get(f"/directory/manage/{star.pk}/").status_code == 403
    assert client.post(f"/directory/manage/{star.pk}/", {"name": "x"}).status_code == 403


def test_a_service_manager_publishes_the_services_own_entry(client, db, signed_in):
    service = OrganisationFactory(name="Northshire Fresh Start")
    manager = UserFactory(organisation=service, team=None, role=Role.SERVICE_MANAGER)
    programme_adopt(organisation=service, template_key="strengthening-families", adopted_by=manager)
    staff = signed_in(manager)
    page = staff.get("/directory/publish/")
    assert "Strengthening Families" in text(page)
    form = {
        "provider_kind": "charity",
        "model": "locally_developed",
        "status": "active",
        "areas": "Salford\nWigan",
        "works_with": ["mothers", "fathers"],
        "when": page.context["form"].initial["when"],
        "how_to_refer": "Social workers refer by email.",
    }
    response = staff.post("/directory/publish/", form)
    entry = DirectoryService.objects.get(organisation=service)
    assert response["Location"] == f"/directory/services/{entry.slug}/"
    assert entry.name == "Northshire Fresh Start"
    assert "Runs the programme ‘Strengthening Families’" in entry.description
    assert set(entry.when) == {"pre_birth", "after_proceedings"}
    assert entry.source.startswith("Published by Northshire Fresh Start from its programme")
    # Publishing again updates the same entry.
    staff.post("/directory/publish/", {**form, "how_to_refer": "Call the duty worker."})
    assert DirectoryService.objects.filter(organisation=service).count() == 1
    entry.refresh_from_db()
    assert entry.how_to_refer == "Call the duty worker."
    assert [c.how for c in entry.changes.all()] == ["published", "published"]
    public = text(client.get("/directory/areas/wigan/"))
    assert "Northshire Fresh Start" in public


def test_publishing_needs_a_programme_and_a_manager(db, signed_in):
    service = OrganisationFactory()
    manager = UserFactory(organisation=service, team=None, role=Role.SERVICE_MANAGER)
    assert "has not chosen a programme yet" in text(signed_in(manager).get("/directory/publish/"))
    worker = UserFactory(organisation=service, role=Role.PRACTITIONER)
    assert signed_in(worker).post("/directory/publish/", {}).status_code == 403
