"""The staff groups and the permissions each holds (least privilege), kept in one place.

Used by the tests to restore the groups after a test that empties the database (the
data migrations that first made them keep their own frozen copy).
"""

COORDINATORS = "Coordinators"
SUPERVISORS = "Supervisors"
CONTENT_EDITORS = "Content editors"
MEDICAL_REVIEWERS = "Medical reviewers"

GROUP_PERMISSIONS = {
    # Coordinators work cases in the workspace; they need no admin permission.
    COORDINATORS: [],
    # Supervisors run the team: profiles, routing rules, holidays; they read the trail.
    # They read library articles and their history because overriding a flagged sentence
    # needs a supervisor's approval (with a medical reviewer's); they cannot edit them.
    SUPERVISORS: [
        ("cases", "coordinatorprofile", ["add", "change", "view"]),
        ("cases", "routingrule", ["add", "change", "delete", "view"]),
        ("cases", "holiday", ["add", "change", "delete", "view"]),
        ("audit", "auditevent", ["view"]),
        ("content", "article", ["view"]),
        ("content", "articlerevision", ["view"]),
        ("content", "articleevent", ["view"]),
        # They keep the partner directory (partners migration 0002).
        ("partners", "organisation", ["add", "change", "view"]),
        ("partners", "contact", ["add", "change", "view"]),
        ("partners", "trial", ["add", "change", "delete", "view"]),
        # They keep and review the message templates (conversations migration 0002).
        ("conversations", "messagetemplate", ["add", "change", "delete", "view"]),
    ],
    # Content editors write and review the library; they see no case.
    CONTENT_EDITORS: [
        ("content", "article", ["add", "change", "view", "publish"]),
        ("content", "topic", ["add", "change", "view"]),
        ("content", "articlerevision", ["view"]),
        ("content", "articleevent", ["view"]),
    ],
    # Medical reviewers approve a revision for medical accuracy (which earns the public line
    # "Reviewed for medical accuracy on ...") and co-sign overrides of flagged sentences.
    # They may correct an article (change) but not create, publish or archive one.
    MEDICAL_REVIEWERS: [
        ("content", "article", ["view", "change", "medical_review"]),
        ("content", "articlerevision", ["view"]),
        ("content", "articleevent", ["view"]),
    ],
}


def ensure_staff_groups(Group, Permission) -> None:
    """Create the groups and grant what exists of their permissions (idempotent)."""
    for name, grants in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
