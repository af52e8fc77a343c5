"""Publish the seed topics and articles from content/seed/ that the library lacks.

python manage.py load_seed_library
"""

from django.core.management.base import BaseCommand

from content.seed import seed_library_load


class Command(BaseCommand):
    help = "Publish the seed library's missing topics and articles (idempotent)."

    def handle(self, *args, **options):
        added = seed_library_load()
        self.stdout.write(f"{added} seed article(s) added.")
