"""Merges made before this migration left four kinds of row on the merged record: those whose
field to the parent has no way back from it (achievements, measures, group attendance and peer
mentoring). Each merge still in force moves them to the kept record now, oldest merge first (so
a chain of merges carries them to the end), and lists them in the merge's `moved`, so that
undoing it puts them back. A row the kept record already has its own of (attendance at the same
session, an open peer mentor role) stays where it is."""

from django.db import IntegrityError, migrations, transaction

LEFT_BEHIND = [
    ("plans", "Achievement"),
    ("measures", "MeasureResponse"),
    ("casework", "GroupAttendance"),
    ("casework", "PeerMentorRole"),
]


def move_rows_left_behind(apps, schema_editor):
    ParentMerge = apps.get_model("referrals", "ParentMerge")
    for merge in ParentMerge.objects.filter(undone_at__isnull=True).order_by("merged_at", "pk"):
        moved = dict(merge.moved)
        for app_label, model_name in LEFT_BEHIND:
            model = apps.get_model(app_label, model_name)
            label = f"{app_label}.{model_name}"
            for pk in model.objects.filter(parent_id=merge.merged_id).values_list("pk", flat=True):
                try:
                    with transaction.atomic():
                        model.objects.filter(pk=pk).update(parent_id=merge.kept_id)
                except IntegrityError:
                    continue  # the kept record has its own; this one stays
                moved.setdefault(label, []).append(pk)
        if moved != merge.moved:
            merge.moved = moved
            merge.save(update_fields=["moved"])


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0003_intake_screening_matching"),
        ("casework", "0013_episode_next_contact"),
        ("measures", "0003_response_by_parent"),
        ("plans", "0003_goal_shared_with"),
    ]

    operations = [migrations.RunPython(move_rows_left_behind, migrations.RunPython.noop)]
