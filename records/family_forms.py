"""The family's upload against one checklist item: one file, the status page's checks, a
type that suits the item (records.rules), each refusal in their language."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import uploads

from . import rules
from .family import words
from .models import RequestedItem

ACCEPT = ".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff"
ACCEPT_WITH_DICOM = ACCEPT + ",.dcm"


class ItemUploadForm(forms.Form):
    file = forms.FileField(label=_("Choose the file"), required=False)

    def __init__(self, *args, item: RequestedItem, refused: str | None = None, **kwargs):
        """`refused`: why the upload was refused before it was read (a body too large)."""
        kwargs.setdefault("prefix", f"item-{item.pk}")
        super().__init__(*args, **kwargs)
        self.item = item
        self.refused = refused
        dicom = rules.type_suits(item.kind, "application/dicom")
        self.fields["file"].widget.attrs["accept"] = ACCEPT_WITH_DICOM if dicom else ACCEPT

    def clean_file(self):
        if self.refused:
            raise ValidationError(self.refused, code="too_large")
        upload = self.cleaned_data.get("file")
        if not upload:
            raise ValidationError(words.choose_a_file(), code="required")
        checked = uploads.check_upload(upload)
        if not rules.type_suits(self.item.kind, checked.content_type):
            raise ValidationError(
                words.wrong_file_type(
                    name=checked.original_name, item_label=self.item.label, kind=self.item.kind
                ),
                code="item_wrong_type",
            )
        return checked
