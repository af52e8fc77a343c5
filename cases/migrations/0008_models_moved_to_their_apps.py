"""AuditEvent, InquiryDraft, DraftUpload and DocumentJob moved to the audit, intake and
documents apps. Only Django's idea of which app owns them changes: the tables, their rows
and their names stay as they are (each model keeps its table through Meta.db_table), so
nothing is copied. The new apps' first migrations take the models over; the content types
move here, so that permissions granted on them stay granted."""

from django.db import migrations


# Which app each moved model now belongs to.
MOVED = {
    "auditevent": "audit",
    "inquirydraft": "intake",
    "draftupload": "intake",
    "documentjob": "documents",
}


def _relabel(apps, *, forwards: bool) -> None:
    """Re-label the moved models' content types, so the permissions tied to them (the
    supervisors' view_auditevent) follow the models to their new apps."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app in MOVED.items():
        source, target = ("cases", app) if forwards else (app, "cases")
        if ContentType.objects.filter(app_label=source, model=model).exists():
            ContentType.objects.filter(app_label=target, model=model).delete()
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    _relabel(apps, forwards=True)


def backwards(apps, schema_editor):
    _relabel(apps, forwards=False)



class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_scanning'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='AuditEvent',
                ),
                migrations.RemoveField(
                    model_name='draftupload',
                    name='draft',
                ),
                migrations.RemoveField(
                    model_name='inquirydraft',
                    name='submitted_case',
                ),
                migrations.DeleteModel(
                    name='DocumentJob',
                ),
                migrations.DeleteModel(
                    name='DraftUpload',
                ),
                migrations.DeleteModel(
                    name='InquiryDraft',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
