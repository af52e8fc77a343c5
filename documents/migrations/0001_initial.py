"""The documents app takes over documentjob from cases (see cases 0008): state only,
the table and its rows stay where they are."""

import django.db.models.deletion
import documents.models
from django.conf import settings
from django.db import migrations, models

class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0008_models_moved_to_their_apps'),
        ('content', '0002_editors_and_seed_library'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DocumentJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('case_summary', 'Case summary'), ('handout_pack', 'Handout pack'), ('article_handout', 'Article handout')], max_length=32)),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('rendering', 'Rendering'), ('ready', 'Ready'), ('failed', 'Failed'), ('expired', 'Removed after the retention period')], default='queued', max_length=16)),
                        ('article_ids', models.JSONField(blank=True, default=list)),
                        ('language', models.CharField(default='en', max_length=8)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('requested_at', models.DateTimeField(auto_now_add=True)),
                        ('enqueued_at', models.DateTimeField(blank=True, null=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                        ('file', models.FileField(blank=True, max_length=200, upload_to=documents.models.generated_pdf_path)),
                        ('checksum', models.CharField(blank=True, max_length=64)),
                        ('size', models.PositiveIntegerField(blank=True, null=True)),
                        ('page_count', models.PositiveIntegerField(blank=True, null=True)),
                        ('shared_with_family', models.BooleanField(default=False)),
                        ('shared_at', models.DateTimeField(blank=True, null=True)),
                        ('article_revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='handout_jobs', to='content.articlerevision')),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='document_jobs', to='cases.case')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'cases_documentjob',
                        'ordering': ['-requested_at', '-id'],
                        'indexes': [models.Index(fields=['status', 'requested_at'], name='job_status_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('case__isnull', False), ('article_revision__isnull', False), _connector='OR'), name='job_has_a_subject'), models.UniqueConstraint(condition=models.Q(('kind', 'article_handout')), fields=('article_revision',), name='one_handout_per_revision')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
