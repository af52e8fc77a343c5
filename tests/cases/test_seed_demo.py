"""seed_demo: demo staff a newcomer can sign in as, each coordinator with cases to open."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.management.commands import seed_demo
from cases.models import Case, CoordinatorProfile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _passwords_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(seed_demo, "PASSWORDS_FILE", tmp_path / "demo-passwords.json")


def run(*args) -> str:
    out = StringIO()
    call_command("seed_demo", "--force", *args, stdout=out)
    return out.getvalue()


def passwords(output: str) -> dict[str, str]:
    lines = [line.split() for line in output.splitlines() if line.startswith("  ")]
    return {parts[0]: parts[1] for parts in lines if len(parts) == 2}


def test_every_demo_coordinator_starts_with_open_cases_in_their_language():
    run("--cases", "25")
    for profile in CoordinatorProfile.objects.select_related("user"):
        mine = Case.objects.filter(coordinator=profile.user).open()
        assert mine.count() >= 2, profile.user.username
        assert mine.filter(language=profile.languages[0]).exists(), profile.user.username


def test_passwords_stay_the_same_across_runs_unless_asked():
    first = passwords(run("--cases", "0"))
    assert first and first == passwords(run("--cases", "0"))
    renewed = passwords(run("--cases", "0", "--new-passwords"))
    assert renewed.keys() == first.keys()
    assert all(renewed[name] != first[name] for name in first)


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo", "--cases", "1")


def test_the_demo_comes_with_partners_so_the_directory_is_not_empty():
    from partners.models import Organisation

    run("--cases", "0")
    assert Organisation.objects.filter(name__endswith="(demo)").count() == 4
    assert Organisation.objects.filter(parent__name__endswith="(demo)").count() == 3
