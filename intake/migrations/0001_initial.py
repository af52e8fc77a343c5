"""The intake app takes over inquirydraft, draftupload from cases (see cases 0008): state only,
the tables and their rows stay where they are."""

import core.uploads
import django.db.models.deletion
import uuid
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
                    name='InquiryDraft',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('data', models.JSONField(default=dict)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('expires_at', models.DateTimeField(db_index=True)),
                        ('resume_email', models.EmailField(blank=True, max_length=254)),
                        ('resume_token_hash', models.CharField(blank=True, max_length=64, null=True, unique=True)),
                        ('submitted_case', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.case')),
                    ],
                    options={
                        'db_table': 'cases_inquirydraft',
                    },
                ),
                migrations.CreateModel(
                    name='DraftUpload',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=200, upload_to=core.uploads.report_upload_path)),
                        ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                        ('category', models.CharField(choices=[('pathology', 'Pathology report'), ('imaging', 'Imaging or scan report'), ('laboratory', 'Laboratory or biomarker result'), ('discharge', 'Discharge summary'), ('treatment', 'Treatment record'), ('other', 'Other')], max_length=16, verbose_name='category')),
                        ('content_type', models.CharField(max_length=64)),
                        ('size', models.PositiveBigIntegerField()),
                        ('sha256', models.CharField(max_length=64)),
                        ('page_count', models.PositiveIntegerField(blank=True, null=True)),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                        ('draft', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='uploads', to='intake.inquirydraft')),
                    ],
                    options={
                        'db_table': 'cases_draftupload',
                        'ordering': ['draft', 'uploaded_at', 'id'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
