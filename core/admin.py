"""Admin pieces every app uses."""


class ReadOnlyAdminMixin:
    """A history that the admin shows but never lets anyone add to, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
