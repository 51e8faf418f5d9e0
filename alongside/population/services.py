"""Starting a linkage run (checked, if chosen, against an earlier run's clerical decisions) and
publishing its results; saving a column mapping; the clerical review (loading a run's review
sample, recording a decision on a pair)."""

import csv
import json
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.jobs.services import job_enqueue
from alongside.linkage.clerical import REVIEW_FIELDS
from alongside.linkage.errors import InputError
from alongside.linkage.mapping import mapping_from_data, write_mapping

from .models import ColumnMapping, LinkageRun, ReviewDecision, ReviewPair
from .selectors import cell_text, engine_mapping, saved_mapping
from .uploads import PendingUpload, store_extract


@transaction.atomic
def linkage_run_start(*, user, applications: list, bookings=None, care_leavers=None) -> LinkageRun:
    """A run of these uploaded files, each read with the shipped template."""
    folder = uuid.uuid4().hex
    stored = [store_extract(f, folder) for f in applications]
    names = {path: f.name for path, f in zip(stored, applications, strict=True)}
    kept = {}
    for key, upload in (("bookings", bookings), ("care_leavers", care_leavers)):
        kept[key] = store_extract(upload, folder) if upload else ""
        if upload:
            names[kept[key]] = upload.name
    return _run_create(
        user=user,
        folder=folder,
        applications=stored,
        bookings=kept["bookings"],
        care_leavers=kept["care_leavers"],
        file_names=names,
        mappings={},
    )


def linkage_run_start_from_upload(
    *,
    user,
    upload: PendingUpload,
    labels_from: LinkageRun | None = None,
    train_from_labels: bool = False,
) -> LinkageRun:
    """A run of the extracts kept in `upload`, each kind read with the mapping found or saved
    for it. The kept folder becomes the run's folder in one rename, inside the transaction that
    records the run: either the run exists with its files, or nothing changed.

    `labels_from`: an earlier run of the user's organisation whose clerical decisions the run
    is checked against (the caller has checked the user may see them), and with
    `train_from_labels` trains the model's m values on."""
    if labels_from is not None and labels_from.organisation_id != user.organisation_id:
        raise ValidationError("Choose one of your own service’s runs to check this run against")
    if train_from_labels and labels_from is None:
        raise ValidationError("Choose the earlier run whose decisions train the model")
    media = Path(settings.MEDIA_ROOT)
    gone = [f.name for f in upload.files if not (media / f.path).is_file()]
    if gone or not upload.files_for("applications"):
        raise ValidationError(
            "The files you chose are no longer kept (they are kept for a day). Choose them again"
        )
    saved = {}
    for kind, mapping_id in upload.mappings.items():
        saved[kind] = saved_mapping(user.organisation_id, mapping_id)
        if mapping_id is not None and saved[kind] is None:
            raise ValidationError("The column mapping chosen for these files has been removed")
    source = media / "linkage" / upload.folder
    folder = upload.token
    target = media / "linkage" / folder

    def moved(path: str) -> str:
        return str(
            Path("linkage") / folder / Path(path).relative_to(Path("linkage") / upload.folder)
        )

    with transaction.atomic():
        source.rename(target)
        try:
            mappings = {}
            for kind, mapping in saved.items():
                if mapping is None:
                    continue
                file = Path("linkage") / folder / "mappings" / f"{kind}.yaml"
                write_mapping(
                    engine_mapping(kind, mapping),
                    media / file,
                    comment=f"Column mapping '{mapping.name}', saved in Alongside.",
                )
                mappings[kind] = {"name": mapping.name, "file": str(file)}
            one = {f.field: moved(f.path) for f in upload.files if f.field != "applications"}
            return _run_create(
                user=user,
                folder=folder,
                applications=[moved(f.path) for f in upload.files_for("applications")],
                bookings=one.get("bookings", ""),
                care_leavers=one.get("care_leavers", ""),
                file_names={moved(f.path): f.name for f in upload.files},
                mappings=mappings,
                labels_from=labels_from,
                train_from_labels=train_from_labels,
            )
        except BaseException:
            shutil.rmtree(target / "mappings", ignore_errors=True)
            target.rename(source)
            raise


@transaction.atomic
def _run_create(
    *,
    user,
    folder: str,
    applications: list[str],
    bookings: str,
    care_leavers: str,
    file_names: dict[str, str],
    mappings: dict[str, dict],
    labels_from: LinkageRun | None = None,
    train_from_labels: bool = False,
) -> LinkageRun:
    job = job_enqueue(kind="linkage_run", params={"folder": folder}, created_by=user)
    run = LinkageRun.objects.create(
        organisation_id=user.organisation_id,
        created_by=user,
        job=job,
        applications=applications,
        bookings=bookings,
        care_leavers=care_leavers,
        file_names=file_names,
        mappings=mappings,
        labels_from=labels_from,
        train_from_labels=train_from_labels,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=run,
        description="Linkage run started",
        detail={
            "applications_files": len(applications),
            "bookings": bool(bookings),
            "care_leavers": bool(care_leavers),
            "column_mappings": {kind: m["name"] for kind, m in mappings.items()},
            "labels_from": labels_from.pk if labels_from else None,
            "train_from_labels": train_from_labels,
        },
    )
    return run


@transaction.atomic
def column_mapping_save(*, user, kind: str, name: str, columns: dict[str, str]) -> ColumnMapping:
    """Save which heading holds each column, under `name` for this organisation and kind of
    extract (a mapping of the same name is replaced)."""
    name = name.strip()
    try:
        mapping = mapping_from_data(kind, {"kind": kind, "columns": columns}, f"'{name}'")
    except InputError as error:
        raise ValidationError(str(error)) from error
    saved, created = ColumnMapping.objects.update_or_create(
        organisation_id=user.organisation_id,
        kind=kind,
        name=name,
        defaults={"columns": mapping.columns, "date_formats": list(mapping.date_formats)},
        create_defaults={
            "columns": mapping.columns,
            "date_formats": list(mapping.date_formats),
            "created_by": user,
        },
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=saved,
        description="Column mapping saved",
        detail={"kind": kind, "name": name, "columns": sorted(mapping.columns)},
    )
    return saved


# --- Clerical review -------------------------------------------------------------------------

REVIEW_SAMPLE_FILE = "review_sample.csv"
REVIEW_STRATA_FILE = "review_strata.json"


def _review_pair(run: LinkageRun, position: int, cells: dict) -> ReviewPair:
    fields = [
        {
            "name": name,
            "label": label,
            "left": cell_text(cells.get(f"{name}_l")),
            "right": cell_text(cells.get(f"{name}_r")),
            "agreement": cell_text(cells.get(f"{name}_agreement")),
            "agrees": cell_text(cells.get(f"{name}_agrees")),
        }
        for name, label, _kind, _comparison in REVIEW_FIELDS
    ]
    return ReviewPair(
        run=run,
        position=position,
        stratum=cell_text(cells["stratum"]),
        side=cell_text(cells["side"]),
        record_key_l=cell_text(cells["record_key_l"]),
        record_key_r=cell_text(cells["record_key_r"]),
        match_probability=float(cells["match_probability"]),
        match_weight=float(cells["match_weight"]),
        fields=fields,
    )


@transaction.atomic
def review_sample_load(*, run: LinkageRun, results: Path) -> int:
    """Store the run's clerical review sample (review_sample.csv and review_strata.json in
    `results`, written by alongside.linkage.clerical) for the review pages. A run whose sample
    is already stored keeps it (the linkage is deterministic, so a rerun gives the same one),
    and so keeps its decisions. Returns the pairs stored; 0 when the run wrote no sample."""
    sample, strata = results / REVIEW_SAMPLE_FILE, results / REVIEW_STRATA_FILE
    if not sample.is_file() or not strata.is_file():
        return 0
    existing = ReviewPair.objects.filter(run=run).count()
    if existing:
        return existing
    bands = json.loads(strata.read_text(encoding="utf-8"))["strata"]
    with sample.open(newline="", encoding="utf-8") as handle:
        pairs = [_review_pair(run, i, cells) for i, cells in enumerate(csv.DictReader(handle))]
    ReviewPair.objects.bulk_create(pairs)
    LinkageRun.objects.filter(pk=run.pk).update(review_strata=bands)
    run.review_strata = bands
    return len(pairs)


@transaction.atomic
def review_decision_record(*, user, pair: ReviewPair, decision: str) -> ReviewDecision:
    """The user's decision on `pair` (same person, different people, cannot tell); a decision
    already made is replaced. Audited, with the decision it replaced."""
    if decision not in ReviewDecision.Decision.values:
        raise ValidationError("Select whether these records are the same person")
    current = ReviewDecision.objects.select_for_update().filter(pair=pair).first()
    before = current.decision if current else None
    if current is None:
        current = ReviewDecision(pair=pair)
    current.decision = decision
    current.decided_by = user
    current.decided_at = timezone.now()
    current.full_clean()
    current.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=current,
        description="Clerical review decision recorded"
        if before is None
        else "Clerical review decision changed",
        detail={
            "run": pair.run_id,
            "pair": pair.pk,
            "record_keys": [pair.record_key_l, pair.record_key_r],
            "decision": decision,
            **({"before": before} if before is not None else {}),
        },
    )
    return current
