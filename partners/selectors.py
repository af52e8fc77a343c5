"""Reads of the partner directory: the coordinators' browsing with filters, and the
suggestions for one case (partners taking the case's condition area and reading the
family's language come first).

The list fields (languages, condition areas, conditions, therapies) are JSON lists; a
filter matches the quoted value inside the list's text, which works the same on
PostgreSQL and SQLite (as documents.selectors does for articles' condition areas).
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.fields import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from core.conditions import condition_area

from .models import Contact, Organisation, Trial
from .rules import organisation_agreement_in_force


@dataclass(frozen=True)
class DirectoryFilters:
    condition: str = ""  # a condition code (core.conditions), e.g. "all"
    relapsed: bool = False  # considers relapsed or refractory disease
    language: str = ""  # a language the organisation reads, e.g. "zh-hans"
    country: str = ""  # ISO code
    city: str = ""
    therapy: str = ""  # partners.models.Therapy
    q: str = ""  # free text: names, city, notes, trials, contacts


def _quoted(value: str) -> str:
    return f'"{value}"'


def _with_list_text(queryset: QuerySet) -> QuerySet:
    return queryset.alias(
        languages_text=Cast("languages", TextField()),
        areas_text=Cast("condition_areas", TextField()),
        conditions_text=Cast("conditions", TextField()),
        therapies_text=Cast("therapies", TextField()),
    )


def _takes_condition(code: str) -> Q:
    """Names the condition, or names none and takes its whole area."""
    return Q(conditions_text__contains=_quoted(code)) | (
        Q(conditions=[]) & Q(areas_text__contains=_quoted(condition_area(code)))
    )


def partner_directory(
    *,
    filters: DirectoryFilters,
    suggest_area: str = "",
    suggest_language: str = "",
) -> QuerySet[Organisation]:
    """Active organisations matching every filter given; with a case's condition area and
    language, those matching both first, then either, then the rest (each by name).
    Each row carries `suggestion` (2, 1 or 0) and its active contacts and trials."""
    rows = _with_list_text(Organisation.objects.filter(active=True))
    if filters.condition:
        rows = rows.filter(_takes_condition(filters.condition))
    if filters.relapsed:
        rows = rows.filter(takes_relapsed=True)
    if filters.language:
        rows = rows.filter(languages_text__contains=_quoted(filters.language))
    if filters.country:
        rows = rows.filter(country=filters.country)
    if filters.city.strip():
        rows = rows.filter(city__icontains=filters.city.strip()[:100])
    if filters.therapy:
        trial_therapy = Trial.objects.filter(organisation=OuterRef("pk")).alias(
            t=Cast("therapies", TextField())
        )
        rows = rows.filter(
            Q(therapies_text__contains=_quoted(filters.therapy))
            | Exists(trial_therapy.filter(t__contains=_quoted(filters.therapy)))
        )
    text = filters.q.strip()[:100]
    if text:
        rows = rows.filter(
            Q(name__icontains=text)
            | Q(parent__name__icontains=text)
            | Q(city__icontains=text)
            | Q(notes__icontains=text)
            | Exists(
                Trial.objects.filter(organisation=OuterRef("pk")).filter(
                    Q(title__icontains=text) | Q(registry_id__icontains=text)
                )
            )
            | Exists(
                Contact.objects.filter(
                    organisation=OuterRef("pk"), retired_at__isnull=True, name__icontains=text
                )
            )
        )
    score = Value(0)
    if suggest_area:
        score = score + Case(
            When(areas_text__contains=_quoted(suggest_area), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    if suggest_language:
        score = score + Case(
            When(languages_text__contains=_quoted(suggest_language), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return (
        rows.annotate(suggestion=score)
        .select_related("parent", "parent__parent")
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=Contact.objects.filter(retired_at__isnull=True),
                to_attr="active_contacts",
            ),
            "trials",
        )
        .order_by("-suggestion", "name", "id")
    )


def agreement_states(organisations) -> dict[int, bool]:
    """Whether each organisation may receive records today (its own or its parent's
    agreement), by id."""
    today = timezone.localdate()
    return {o.pk: organisation_agreement_in_force(o, today) for o in organisations}


def contacts_for_referral(*, suggest_area: str = "", suggest_language: str = "") -> list[Contact]:
    """Every active contact of an active organisation, the suggested organisations' first
    (the "prepare a referral" picker). Each contact carries `suggestion` and
    `agreement_in_force`."""
    organisations = list(
        partner_directory(
            filters=DirectoryFilters(),
            suggest_area=suggest_area,
            suggest_language=suggest_language,
        )
    )
    agreements = agreement_states(organisations)
    contacts = []
    for organisation in organisations:
        for contact in organisation.active_contacts:
            contact.organisation = organisation  # already loaded, with its parent
            contact.suggestion = organisation.suggestion
            contact.agreement_in_force = agreements[organisation.pk]
            contacts.append(contact)
    return contacts
