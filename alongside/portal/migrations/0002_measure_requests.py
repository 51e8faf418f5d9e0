"""Measures a worker sends to the parent's space for them to fill in (`MeasureRequest`), and
the notice the worker gets when the parent has filled one in."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0013_episode_next_contact"),
        ("measures", "0003_response_by_parent"),
        ("people", "0009_parent_sex_gender_and_relationships"),
        ("portal", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="portalnotice",
            name="kind",
            field=models.CharField(
                choices=[
                    ("consent_withdrawn", "The parent withdrew a consent"),
                    ("correction", "The parent asked for a correction"),
                    ("measure_done", "The parent filled in a measure sent to them"),
                ],
                max_length=30,
            ),
        ),
        migrations.CreateModel(
            name="MeasureRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("instrument", models.CharField(max_length=60)),
                ("instrument_name", models.CharField(max_length=200, verbose_name="measure")),
                ("due_on", models.DateField(blank=True, null=True, verbose_name="fill in by")),
                ("sent_at", models.DateTimeField()),
                (
                    "completed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="filled in"),
                ),
                (
                    "withdrawn_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="withdrawn"),
                ),
                (
                    "episode",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="casework.episode",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measure_requests",
                        to="people.parent",
                    ),
                ),
                (
                    "response",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="portal_request",
                        to="measures.measureresponse",
                        verbose_name="answers",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "withdrawn_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-sent_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="portalnotice",
            name="measure_request",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="portal.measurerequest",
            ),
        ),
        migrations.AddConstraint(
            model_name="measurerequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("completed_at__isnull", True), ("withdrawn_at__isnull", True), _connector="OR"
                ),
                name="measure_request_answered_or_withdrawn_not_both",
            ),
        ),
    ]
