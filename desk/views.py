"""The coordinator's desk: alerts, "My day", and their own settings."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import case_worker_required
from cases.models import CoordinatorProfile

from . import selectors, services
from .forms import SettingsForm


@case_worker_required
def alerts(request):
    return render(
        request,
        "desk/alerts.html",
        {
            "alerts": selectors.alerts_page(user=request.user),
            "zone": selectors.coordinator_zone(request.user),
        },
    )


@case_worker_required
@require_POST
def alerts_read_all(request):
    count = services.alerts_mark_all_read(user=request.user)
    messages.success(request, f"{count} alert(s) marked read.")
    return redirect("desk:alerts")


@case_worker_required
def my_day(request):
    zone = selectors.coordinator_zone(request.user)
    sections = selectors.my_day(user=request.user, now=timezone.now(), zone=zone)
    return render(request, "desk/my_day.html", {"sections": sections, "zone": zone})


@case_worker_required
def my_settings(request):
    profile = CoordinatorProfile.objects.filter(user=request.user).first()
    form = SettingsForm(
        request.POST if request.method == "POST" else None,  # an unticked box posts nothing
        initial={"email_alerts": bool(profile and profile.email_alerts)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.coordinator_settings_save(user=request.user, **form.cleaned_data)
        except services.NoProfileError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Settings saved.")
            return redirect("desk:settings")
    return render(
        request,
        "desk/settings.html",
        {"form": form, "profile": profile},
        status=400 if form.errors else 200,
    )
