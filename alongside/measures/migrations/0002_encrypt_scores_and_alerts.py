"""A measure's scores (bands, subscales and alerts, such as the PHQ-9's question 9 on thoughts
of self-harm) are encrypted at rest beside the answers (ADR 0004), and the plain `has_alert` flag
goes: it is worked out from the encrypted scores when read.

The scores are copied into the new encrypted column before the plain ones are removed.
Reversible: going back copies them out again and sets `has_alert` from them.
"""

import json

from django.db import migrations

import alongside.core.fields


def scores_to_encrypted(apps, schema_editor):
    MeasureResponse = apps.get_model("measures", "MeasureResponse")
    for pk, scores in MeasureResponse.objects.values_list("pk", "scores").iterator():
        if isinstance(scores, str):  # a backend handing JSON back as text
            scores = json.loads(scores)
        MeasureResponse.objects.filter(pk=pk).update(
            scores_text=json.dumps(scores or {}, sort_keys=True)
        )


def encrypted_to_scores(apps, schema_editor):
    MeasureResponse = apps.get_model("measures", "MeasureResponse")
    for pk, text in MeasureResponse.objects.values_list("pk", "scores_text").iterator():
        scores = json.loads(text or "{}")
        MeasureResponse.objects.filter(pk=pk).update(
            scores=scores,
            has_alert=any(s.get("alerts") for s in scores.values()),
        )


class Migration(migrations.Migration):

    dependencies = [
        ("measures", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="measureresponse",
            name="scores_text",
            field=alongside.core.fields.EncryptedTextField(blank=True),
        ),
        # The historical model's scores_text is the real EncryptedTextField, so the ORM
        # encrypts on the way in and decrypts on the way out.
        migrations.RunPython(scores_to_encrypted, encrypted_to_scores),
        migrations.RemoveField(
            model_name="measureresponse",
            name="has_alert",
        ),
        migrations.RemoveField(
            model_name="measureresponse",
            name="scores",
        ),
    ]
