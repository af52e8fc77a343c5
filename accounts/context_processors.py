from . import roles


def staff_roles(request):
    """What the staff navigation should offer this user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_supervisor_user": roles.is_supervisor(user),
        "works_cases_user": roles.works_cases(user),
    }
