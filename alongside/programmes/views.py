"""The service manager chooses the service's programme and edits its definition."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside.core.access import requires
from alongside.policy import Action

from .forms import ChooseTemplateForm, EditProgrammeForm
from .loader import load_file, shipped_templates
from .selectors import programme_in_use, what_changes
from .services import programme_adopt, programme_revise

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "programmes.md"


@requires(Action.MANAGE_PROGRAMME)
@require_http_methods(["GET", "POST"])
def programme_settings(request):
    """The service manager chooses which programme (template) the service runs."""
    organisation = request.user.organisation
    current = programme_in_use(organisation.pk)
    templates = [(key, load_file(path).name) for key, path in shipped_templates().items()]
    form = ChooseTemplateForm(
        request.POST if request.method == "POST" else None,
        templates=templates,
        initial={"template": current.template_key if current else None},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["template"]
        switching = current is not None and chosen != current.template_key
        if switching and request.POST.get("confirmed") != "yes":
            # Say what changes and ask again before the service's programme is switched.
            return render(
                request,
                "programmes/confirm_switch.html",
                {
                    "current": current,
                    "chosen": chosen,
                    "changes": what_changes(
                        current.current_version().spec, load_file(shipped_templates()[chosen])
                    ),
                },
            )
        try:
            programme = programme_adopt(
                organisation=organisation,
                template_key=form.cleaned_data["template"],
                adopted_by=request.user,
            )
            messages.success(request, f"The service now runs {programme.name}")
            return redirect("programmes:settings")
        except ValidationError as error:
            form.add_error("template", error)
    return render(
        request,
        "programmes/settings.html",
        {
            "form": form,
            "current": current,
            "version": current.current_version() if current else None,
            "versions": list(current.versions.select_related("created_by")) if current else [],
        },
    )


@requires(Action.MANAGE_PROGRAMME)
@require_http_methods(["GET", "POST"])
def programme_edit(request):
    """Edit the definition. Saved as a new version, or refused whole with every error listed."""
    current = programme_in_use(request.user.organisation_id)
    if current is None:
        return redirect("programmes:settings")
    version = current.current_version()
    form = EditProgrammeForm(
        request.POST if request.method == "POST" else None, initial={"source": version.source}
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = programme_revise(
                programme=current,
                source=form.cleaned_data["source"],
                revised_by=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, f"Saved as version {saved.number}")
            return redirect("programmes:settings")
        except ValidationError as error:
            for message in error.messages:
                form.add_error("source", message)
    return render(
        request,
        "programmes/edit.html",
        {
            "form": form,
            "current": current,
            "version": version,
            "lines": (form.data.get("source") if form.is_bound else version.source).splitlines(),
        },
    )


@requires(Action.MANAGE_PROGRAMME)
def programme_guide(request):
    """The guide to programme definitions (docs/programmes.md), for whoever edits one."""
    if not GUIDE.is_file():
        raise Http404("The guide is not installed with this copy of Alongside")
    return render(request, "programmes/guide.html", {"guide": GUIDE.read_text(encoding="utf-8")})
