"""The audit app takes over auditevent from cases (see cases 0008): state only,
the table and its rows stay where they are."""

from django.db import migrations, models

class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0008_models_moved_to_their_apps'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('actor_id', models.BigIntegerField(blank=True, null=True)),
                        ('actor_username', models.CharField(blank=True, max_length=150)),
                        ('action', models.CharField(choices=[('sign_in', 'Signed in'), ('sign_in_failed', 'Sign-in failed'), ('sign_out', 'Signed out'), ('2fa_failed', 'Two-factor code refused'), ('case_viewed', 'Case viewed'), ('document_downloaded', 'Document downloaded'), ('status_changed', 'Status changed'), ('assigned', 'Case assigned'), ('note_added', 'Note added'), ('contact_logged', 'Contact logged'), ('pdf_requested', 'PDF requested'), ('pdf_downloaded', 'Generated PDF downloaded'), ('exported', 'Case exported'), ('anonymised', 'Case anonymised'), ('access_denied', 'Access refused')], max_length=32)),
                        ('case_reference', models.CharField(blank=True, db_index=True, max_length=20)),
                        ('object_type', models.CharField(blank=True, max_length=32)),
                        ('object_id', models.CharField(blank=True, max_length=64)),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                        ('user_agent', models.CharField(blank=True, max_length=300)),
                        ('path', models.CharField(blank=True, max_length=300)),
                        ('detail', models.CharField(blank=True, max_length=300)),
                    ],
                    options={
                        'db_table': 'cases_auditevent',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['actor_id', '-created_at'], name='audit_actor_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
