"""Demo partners for `make run`: hospitals with departments and a trial team, in several
countries and languages, one without a data-sharing agreement; idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from partners.models import Organisation, Trial
from partners.rules import organisation_agreement_in_force

pytestmark = pytest.mark.django_db


def test_demo_partners_cover_countries_languages_and_one_without_an_agreement():
    call_command("seed_demo_partners", "--force", stdout=StringIO())
    organisations = list(Organisation.objects.select_related("parent"))
    today = timezone.localdate()
    assert len({o.country.code for o in organisations}) >= 3
    assert {"es", "zh-hans", "en", "fr"} <= {lang for o in organisations for lang in o.languages}
    assert any(o.parent_id and o.kind == "department" for o in organisations)
    assert any(o.kind == "trial_team" for o in organisations) and Trial.objects.exists()
    without = [o for o in organisations if not organisation_agreement_in_force(o, today)]
    assert [o.name for o in without] == ["Clinique du Lac (demo)"]
    assert all(o.contacts.exists() for o in organisations)
    call_command("seed_demo_partners", "--force", stdout=StringIO())
    assert Organisation.objects.count() == len(organisations)


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo_partners")
