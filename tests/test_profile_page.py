"""`alongside profile-page`: where one page's time goes, timed directly and under cProfile."""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.template import engines

from alongside.benchmarks.layers import BUILDING_SQL, DATABASE, TEMPLATES, layers_timed
from alongside.people.models import Parent

from .factories import ParentFactory

SLOW_QUERY_SECONDS = 0.05


def test_each_layer_is_timed_on_its_own_and_a_query_inside_a_template_is_not_the_templates(
    db, service
):
    ParentFactory(organisation=service)
    template = engines["django"].from_string(
        "{% for parent in parents %}{{ parent.pk }}{% endfor %}"
    )

    def slow(execute, sql, params, many, context):
        time.sleep(SLOW_QUERY_SECONDS)
        return execute(sql, params, many, context)

    original = vars(SQLCompiler)["as_sql"]
    started = time.perf_counter()
    with layers_timed() as layers, connection.execute_wrapper(slow):
        # The query set is read while the template renders it.
        html = template.render({"parents": Parent.objects.all()})
    elapsed = time.perf_counter() - started
    assert html.strip()
    assert layers[DATABASE] >= SLOW_QUERY_SECONDS
    assert 0 < layers[TEMPLATES] < SLOW_QUERY_SECONDS
    assert layers[BUILDING_SQL] > 0
    assert sum(layers.values()) <= elapsed
    # The clocks are taken off again.
    assert vars(SQLCompiler)["as_sql"] is original


def test_profile_page_prints_each_layer_of_a_signed_in_page(db, practitioner, episode):
    out = StringIO()
    call_command(
        "profile_page",
        practitioner.username,
        f"/parents/{episode.parent_id}/",
        requests=2,
        stdout=out,
    )
    printed = out.getvalue()
    assert f"/parents/{episode.parent_id}/ for {practitioner.username} (Practitioner)" in printed
    assert "Timed directly (no profiler)" in printed
    for layer in (BUILDING_SQL, DATABASE, TEMPLATES, "the rest", "Under the profiler"):
        assert layer in printed


def test_profile_page_says_when_the_user_or_the_page_is_wrong(db, practitioner):
    with pytest.raises(CommandError, match="There is no user called nobody"):
        call_command("profile_page", "nobody", "/")
    with pytest.raises(CommandError, match="answered 404"):
        call_command("profile_page", practitioner.username, "/parents/999999/")
