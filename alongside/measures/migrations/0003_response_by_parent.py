"""A measure the parent filled in themselves, in their own space, is marked as theirs
(`by_parent`), so that the worker's timeline and measures page show it as the parent's own
answers. Wellbeing wheels parents filled in before this (recorded by a parent's sign-in) are
marked too. Reversible: going back drops the column."""

from django.db import migrations, models


def mark_parents_own(apps, schema_editor):
    MeasureResponse = apps.get_model("measures", "MeasureResponse")
    MeasureResponse.objects.filter(recorded_by__role="parent").update(by_parent=True)


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0002_encrypt_scores_and_alerts"),
    ]

    operations = [
        migrations.AddField(
            model_name="measureresponse",
            name="by_parent",
            field=models.BooleanField(
                default=False, verbose_name="filled in by the parent in their own space"
            ),
        ),
        migrations.RunPython(mark_parents_own, migrations.RunPython.noop),
    ]
