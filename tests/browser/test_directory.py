"""The public directory in a browser: a person searches for a place with no service and sees
what they can do instead, with and without JavaScript; every page passes axe-core."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import assert_no_js_errors, look

pytestmark = pytest.mark.browser


@pytest.fixture
def directory(transactional_db):
    cache.clear()
    call_command("load_directory", stdout=io.StringIO())
    yield
    cache.clear()


def test_searching_for_a_place_with_no_service_shows_the_alternatives(page, live_server, directory):
    page.goto(f"{live_server.url}/directory/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Find a service for parents")
    look(page, "Directory search", "directory")

    page.get_by_label("Local authority, postcode district or region").fill("Rutlnd")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("There is no English local authority called ‘Rutlnd’.")).to_be_visible()
    look(page, "Directory search with a misspelt name", "directory")

    page.get_by_role("link", name="Rutland").click()
    expect(page).to_have_url(re.compile(r"/directory/areas/rutland/$"))
    expect(page.get_by_text("The directory does not list a service in Rutland")).to_be_visible()
    expect(page.get_by_role("heading", name="What you can do instead")).to_be_visible()
    expect(page.get_by_role("link", name="Pause (national team)")).to_be_visible()
    expect(page.get_by_role("heading", name="Services elsewhere in East Midlands")).to_be_visible()
    look(page, "A local authority with no service", "directory")
    assert_no_js_errors(page)


def test_a_postcode_district_finds_the_local_authority_and_its_service(
    page, live_server, directory
):
    page.goto(f"{live_server.url}/directory/")
    page.get_by_label("Local authority, postcode district or region").fill("M6 5HX")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Salford")
    page.get_by_role("link", name="Strengthening Families").click()
    expect(
        page.get_by_text("seed 001, 'Focus on practice: Strengthening Families, Salford'")
    ).to_be_visible()
    look(page, "A service", "directory")
    page.goto(f"{live_server.url}/directory/coverage/")
    expect(page.locator("#table-2")).to_contain_text("152")
    look(page, "Coverage by region", "directory")
    assert_no_js_errors(page)


def test_a_postcode_district_split_between_authorities_offers_each(page, live_server, directory):
    page.goto(f"{live_server.url}/directory/")
    page.get_by_label("Local authority, postcode district or region").fill("SE1 7PB")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Postcode district SE1 is in more than one place"
    )
    look(page, "A postcode district split between authorities", "directory")
    page.get_by_role("link", name="Lambeth").click()
    expect(page).to_have_url(re.compile(r"/directory/areas/lambeth/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lambeth")
    assert_no_js_errors(page)


def test_the_directory_works_without_javascript(browser, live_server, directory):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/directory/")
    page.get_by_label("Local authority, postcode district or region").fill("Torbay")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/directory/areas/torbay/$"))
    expect(page.get_by_role("heading", name="What you can do instead")).to_be_visible()
    context.close()
