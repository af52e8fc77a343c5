from django import forms


class SettingsForm(forms.Form):
    email_alerts = forms.BooleanField(
        label="E-mail me my alerts",
        required=False,
        help_text="Alerts always show in the app. An e-mail names the case and what happened, "
        "never health data.",
    )
