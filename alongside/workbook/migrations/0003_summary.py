# The family summary (issue 16, item 6): workbook.FamilySummary. Written beside the risk and
# strengths migration (also after 0001_initial); the two are put in order when merged.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import alongside.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_role_parent"),
        ("jobs", "0001_initial"),
        ("people", "0009_parent_sex_gender_and_relationships"),
        ("workbook", "0002_risk_and_strengths"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FamilySummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "recipient",
                    models.CharField(
                        choices=[
                            ("court", "The court"),
                            ("conference", "A child protection conference"),
                            ("new_worker", "A new worker in this service"),
                        ],
                        max_length=20,
                        verbose_name="Who it is for",
                    ),
                ),
                (
                    "recipient_name",
                    alongside.core.fields.EncryptedTextField(
                        verbose_name="Name of the court, conference or worker"
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="From")),
                ("ends_on", models.DateField(verbose_name="To")),
                (
                    "every_contact",
                    models.BooleanField(
                        default=False,
                        verbose_name="Every contact in the dates, not only those marked significant",
                    ),
                ),
                (
                    "services_view",
                    alongside.core.fields.EncryptedTextField(verbose_name="The service's view"),
                ),
                ("content", alongside.core.fields.EncryptedTextField(blank=True)),
                ("pdf_text", alongside.core.fields.EncryptedTextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="jobs.job",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="family_summaries",
                        to="people.parent",
                    ),
                ),
                (
                    "recipient_organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                        verbose_name="Organisation it goes to",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                        name="workbook_summary_ends_after_it_starts",
                    )
                ],
            },
        ),
    ]
