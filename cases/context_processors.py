from django.utils.functional import SimpleLazyObject

from accounts import roles

from .selectors import held_for_review_count


def held_for_review(request):
    """For supervisors, how many shared texts wait for review (the staff navigation shows
    it). Lazy: one COUNT query on a page that prints it, none elsewhere or for anyone else."""
    user = getattr(request, "user", None)
    if user is None or not roles.is_supervisor(user):
        return {}
    return {"held_for_review_count": SimpleLazyObject(held_for_review_count)}
