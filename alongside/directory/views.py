"""The public directory (no sign-in, cached, no personal data), the administrator's edits and
a service publishing its own entry."""

import io
from functools import wraps

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET, require_http_methods

from alongside.core.access import get_allowed, public, requires
from alongside.linkage import csv_safe
from alongside.policy import Action, can
from alongside.programmes.selectors import programme_in_use

from .caching import PUBLIC_MAX_AGE, cache_version
from .charts import grouped_bar_chart
from .forms import EntryForm, PublishForm, SearchForm
from .geography import ALL_REGIONS, REGIONS, by_slug
from .models import DirectoryService
from .publishing import areas_from_postcodes, entry_from_programme
from .selectors import (
    EXPORT_FIELDS,
    all_services,
    directory_coverage,
    export_rows,
    place,
    region_places,
    search,
    seed_table2,
    service_by_slug,
)
from .services import directory_publish, directory_service_save


def public_page(view):
    """Anyone may open it. For people not signed in the page is cached (here and by browsers,
    for ten minutes; a change to the directory shows at once here). Signed-in pages are never
    cached (the site's middleware marks them no-store)."""

    @wraps(view)
    def page(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        cached = cache_page(PUBLIC_MAX_AGE, key_prefix=f"directory-{cache_version()}")(view)
        response = cached(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    return public(require_GET(page))


def _may_manage(request) -> bool:
    return can(request.user, Action.MANAGE_DIRECTORY)


@public_page
def index(request):
    form = SearchForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        result = search(form.cleaned_data["q"])
        if result.la is not None:
            return redirect("directory:area", slug=result.la.slug)
        if result.region is not None:
            return redirect("directory:region", region=result.region)
        if result.parts:
            # A postcode district split between places: offer each of them.
            return render(request, "directory/district.html", {"form": form, "result": result})
    return render(
        request,
        "directory/index.html",
        {
            "form": form,
            "result": result,
            "regions": list(REGIONS.items())
            + [("wales", "Wales"), ("northern_ireland", "Northern Ireland")],
            "may_manage": _may_manage(request),
        },
    )


@public_page
def area(request, slug):
    la = by_slug(slug)
    if la is None:
        # Not one of ours: search for it, which suggests close matches.
        return redirect(f"{reverse('directory:index')}?{urlencode({'q': slug.replace('-', ' ')})}")
    return render(request, "directory/area.html", {"place": place(la), "la": la})


@public_page
def region(request, region):
    if region not in ALL_REGIONS:
        return redirect("directory:index")
    places = region_places(region) if region in REGIONS else []
    services = [s for s in all_services() if region in s.regions]
    return render(
        request,
        "directory/region.html",
        {"region": region, "name": ALL_REGIONS[region], "places": places, "services": services},
    )


@public_page
def service(request, slug):
    found = service_by_slug(slug)
    if found is None:
        return redirect("directory:index")
    return render(
        request,
        "directory/service.html",
        {"service": found, "may_manage": _may_manage(request)},
    )


@public_page
def coverage(request):
    seed_rows, seed_total = seed_table2()
    rows, total = directory_coverage()
    now = {r.region: r for r in rows}
    combined = [{"seed": s, "now": now[s["region"]]} for s in seed_rows]
    labels = [s["name"] for s in seed_rows]
    charts = {
        "pause": grouped_bar_chart(
            chart_id="chart-pause",
            title="Local authorities with Pause, by region: seed 001 (2021) and the directory now",
            labels=labels,
            series=[
                ("2021", [s["pause"] for s in seed_rows]),
                ("now", [now[s["region"]].pause for s in seed_rows]),
            ],
        ),
        "local": grouped_bar_chart(
            chart_id="chart-local",
            title="Local authorities with a locally developed service, by region: seed 001 "
            "(2021) and the directory now",
            labels=labels,
            series=[
                ("2021", [s["locally_developed"] for s in seed_rows]),
                ("now", [now[s["region"]].locally_developed for s in seed_rows]),
            ],
        ),
        "fdac": grouped_bar_chart(
            chart_id="chart-fdac",
            title="FDAC teams by region: seed 001 Table 3 (2021) and the directory now",
            labels=labels,
            series=[
                ("2021", [s["fdac"] for s in seed_rows]),
                ("now", [now[s["region"]].fdac for s in seed_rows]),
            ],
        ),
    }
    return render(
        request,
        "directory/coverage.html",
        {
            "rows": combined,
            "seed_total": seed_total,
            "total": total,
            "charts": charts,
        },
    )


@public_page
def export_csv(request):
    out = io.StringIO()
    writer = csv_safe.dict_writer(out, EXPORT_FIELDS)  # editable text: no formula cells
    writer.writeheader()
    for row in export_rows():
        writer.writerow(
            {
                k: ";".join(v) if isinstance(v, list) else ("" if v is None else v)
                for k, v in row.items()
            }
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recurrent-care-services.csv"'
    return response


@public_page
def export_json(request):
    return JsonResponse(
        {
            "schema": request.build_absolute_uri(reverse("directory:index")) + "#open-data",
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "services": export_rows(),
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


# --- Directory administrator ----------------------------------------------------------------


@requires(Action.MANAGE_DIRECTORY)
@require_GET
def manage(request):
    return render(request, "directory/manage.html", {"services": all_services()})


def _entry_initial(service: DirectoryService) -> dict:
    initial = {name: getattr(service, name) for name in EntryForm.base_fields if name != "areas"}
    initial["areas"] = service.area_slugs
    return initial


@requires(Action.MANAGE_DIRECTORY)
@require_http_methods(["GET", "POST"])
def manage_edit(request, pk=None):
    service = None
    if pk is not None:
        service = get_allowed(request, all_services(), pk, Action.MANAGE_DIRECTORY)
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        initial=_entry_initial(service)
        if service
        else {"provider_kind": "not_known", "status": "not_known"},
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if service is None:
            values["slug"] = _free_slug(values["name"])
        saved, changes = directory_service_save(
            service=service,
            values=values,
            areas=form.cleaned_data["areas"],
            changed_by=request.user,
        )
        messages.success(
            request, f"Saved {saved.name}" if changes else f"Nothing changed in {saved.name}"
        )
        return redirect("directory:manage-edit", pk=saved.pk)
    history = list(service.changes.select_related("by")[:50]) if service else []
    return render(
        request,
        "directory/edit.html",
        {"form": form, "service": service, "history": history},
    )


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "service"
    slug, n = base, 2
    while DirectoryService.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- A service publishes its own entry ------------------------------------------------------


@requires(Action.PUBLISH_TO_DIRECTORY)
@require_http_methods(["GET", "POST"])
def publish(request):
    organisation = request.user.organisation
    programme = programme_in_use(organisation.pk)
    version = programme.current_version() if programme else None
    if version is None:
        return render(request, "directory/publish.html", {"programme": None})
    spec = version.spec
    entry = entry_from_programme(
        organisation=organisation, spec=spec, version=version.number, on=timezone.localdate()
    )
    current = DirectoryService.objects.filter(organisation=organisation).first()
    initial = {
        "provider_kind": current.provider_kind if current else "not_known",
        "model": current.model if current else "locally_developed",
        "status": current.status if current else "active",
        "areas": current.area_slugs if current else areas_from_postcodes(spec.eligibility.areas),
        "works_with": current.works_with if current else entry["works_with"],
        "when": current.when if current else entry["when"],
        "how_to_refer": current.how_to_refer if current else "",
    }
    form = PublishForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            **entry,
            "provider_kind": data["provider_kind"],
            "model": data["model"],
            "status": data["status"],
            "works_with": data["works_with"],
            "when": data["when"],
            "how_to_refer": data["how_to_refer"],
            "started": current.started if current else "",
            "ended": current.ended if current else "",
        }
        if current is None:
            values["slug"] = _free_slug(organisation.name)
        saved, _ = directory_publish(
            organisation=organisation, published_by=request.user, values=values, areas=data["areas"]
        )
        messages.success(request, f"Published {saved.name} to the directory")
        return redirect("directory:service", slug=saved.slug)
    return render(
        request,
        "directory/publish.html",
        {
            "programme": programme,
            "version": version,
            "entry": entry,
            "form": form,
            "current": current,
        },
    )
