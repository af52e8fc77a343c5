"""The staff groups hold least privilege; medical reviewers are a role of their own."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts import roles
from tests.factories import editor, medical_reviewer, supervisor

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_medical_reviewers_hold_exactly_what_their_role_needs():
    assert codenames("Medical reviewers") == {
        "content.view_article",
        "content.change_article",
        "content.medical_review_article",
        "content.view_articlerevision",
        "content.view_articleevent",
    }


def test_only_medical_reviewers_may_approve_medical_accuracy():
    medic, writer, boss = medical_reviewer("medic"), editor("writer"), supervisor("boss")
    assert medic.has_perm("content.medical_review_article")
    assert not medic.has_perm("content.publish_article")
    assert not medic.has_perm("content.add_article")
    assert not writer.has_perm("content.medical_review_article")
    assert not boss.has_perm("content.medical_review_article")
    assert roles.is_medical_reviewer(medic)
    assert not roles.is_medical_reviewer(writer) and not roles.is_medical_reviewer(boss)


def test_supervisors_read_articles_but_cannot_change_them():
    granted = codenames("Supervisors")
    assert "content.view_article" in granted
    assert not any(
        code.startswith("content.") and not code.startswith("content.view_") for code in granted
    )


def test_medical_reviewers_see_no_case(signed_in):
    client = signed_in(Client(), medical_reviewer("medic"))
    assert client.get(reverse("cases:queue")).status_code == 403


def test_the_permission_is_described_for_the_admin():
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(codename="medical_review_article")
    assert permission.name == "Can approve articles for medical accuracy"
