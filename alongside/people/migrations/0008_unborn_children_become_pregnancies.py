"""Pregnancies become records of their own: each child recorded as unborn becomes a pregnancy
(its due date kept), and every other child's current status becomes the first step of their
story (date not known, as it was never recorded)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Child = apps.get_model("people", "Child")
    ChildStatusChange = apps.get_model("people", "ChildStatusChange")
    Pregnancy = apps.get_model("people", "Pregnancy")
    unborn = Child.objects.filter(legal_status="unborn")
    Pregnancy.objects.bulk_create(
        Pregnancy(parent_id=c.parent_id, due_date=c.due_date) for c in unborn.iterator()
    )
    unborn.delete()
    ChildStatusChange.objects.bulk_create(
        ChildStatusChange(child_id=c.pk, status=c.legal_status, on=None, source="added")
        for c in Child.objects.filter(status_changes__isnull=True).iterator()
    )


def backwards(apps, schema_editor):
    Child = apps.get_model("people", "Child")
    Pregnancy = apps.get_model("people", "Pregnancy")
    Child.objects.bulk_create(
        Child(parent_id=p.parent_id, due_date=p.due_date, legal_status="unborn")
        for p in Pregnancy.objects.filter(outcome="").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0007_child_history_and_pregnancies")]

    operations = [migrations.RunPython(forwards, backwards)]
