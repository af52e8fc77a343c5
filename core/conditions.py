"""The conditions a family can choose, grouped by the condition area that routing uses.

Plain data: the inquiry form shows CONDITION_CHOICES as a grouped list, and
condition_area() maps a chosen condition to its area.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConditionArea(models.TextChoices):
    BLOOD = "blood", _("Blood cancers")
    SOLID = "solid", _("Solid tumours")
    AUTOIMMUNE = "autoimmune", _("Autoimmune conditions")
    OTHER = "other", _("Other conditions")


# (area, [(code, label), ...]) in the order the form shows them.
CONDITION_GROUPS = [
    (
        ConditionArea.BLOOD,
        [
            ("all", _("Acute lymphoblastic leukaemia (ALL)")),
            ("aml", _("Acute myeloid leukaemia (AML)")),
            ("cll", _("Chronic lymphocytic leukaemia (CLL)")),
            ("cml", _("Chronic myeloid leukaemia (CML)")),
            ("dlbcl", _("Diffuse large B-cell lymphoma (DLBCL)")),
            ("lymphoma_other", _("Other lymphoma")),
            ("myeloma", _("Multiple myeloma")),
            ("ptld", _("Post-transplant lymphoproliferative disorder (PTLD)")),
        ],
    ),
    (
        ConditionArea.SOLID,
        [
            ("lung", _("Lung cancer")),
            ("pancreatic", _("Pancreatic cancer")),
            ("brain", _("Brain tumour or glioblastoma")),
            ("breast", _("Breast cancer")),
            ("colorectal", _("Colorectal cancer")),
            ("liver", _("Liver cancer")),
            ("solid_other", _("Other solid tumour")),
        ],
    ),
    (
        ConditionArea.AUTOIMMUNE,
        [
            ("lupus", _("Lupus (SLE)")),
            ("rheumatoid_arthritis", _("Rheumatoid arthritis")),
            ("multiple_sclerosis", _("Multiple sclerosis")),
            ("autoimmune_other", _("Other autoimmune condition")),
        ],
    ),
    (
        ConditionArea.OTHER,
        [("other", _("Another condition (please describe)"))],
    ),
]

CONDITION_CHOICES = [(area.label, items) for area, items in CONDITION_GROUPS]
CONDITION_LABELS = {code: label for _area, items in CONDITION_GROUPS for code, label in items}
_AREA_BY_CONDITION = {code: area for area, items in CONDITION_GROUPS for code, _label in items}

# Conditions whose name the family types themselves.
CONDITIONS_NEEDING_DESCRIPTION = {"other"}


def condition_area(code: str) -> str:
    """The routing area for a condition code; unknown codes fall into 'other'."""
    return _AREA_BY_CONDITION.get(code, ConditionArea.OTHER).value
