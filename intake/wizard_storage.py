"""A django-formtools storage backend that keeps the inquiry in an InquiryDraft row.

formtools' own session storage would lose everything when the family switches device;
keeping the steps in the database lets an e-mailed resume link open the same draft
anywhere. The browser session only remembers which draft is its own.
"""

import copy

from django.utils import translation
from formtools.wizard.storage.base import BaseStorage

from . import drafts

SESSION_KEY = "inquiry_draft_id"


class DraftStorage(BaseStorage):
    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.draft = drafts.draft_active(request.session.get(SESSION_KEY))
        if self.draft is not None and self.draft.data:
            self.data = copy.deepcopy(self.draft.data)
        else:
            self.init_data()
        self._saved_data = copy.deepcopy(self.data)

    def ensure_draft(self):
        """The draft row, created now if this visitor has none yet (uploads need it)."""
        if self.draft is None:
            self.draft = drafts.draft_create(
                data=self.data, language=translation.get_language() or ""
            )
            self._saved_data = copy.deepcopy(self.data)
            self.request.session[SESSION_KEY] = str(self.draft.pk)
        return self.draft

    def forget_draft(self):
        """Called once the draft became a case: this browser starts afresh next time."""
        self.draft = None
        self.request.session.pop(SESSION_KEY, None)
        self.init_data()
        self._saved_data = copy.deepcopy(self.data)

    def update_response(self, response):
        super().update_response(response)
        if self.data == self._saved_data:
            return
        if self.draft is None:
            # A visitor who has only looked at the first page gets no row.
            if not self.data.get(self.step_data_key):
                return
            self.ensure_draft()
        drafts.draft_save_data(
            draft=self.draft, data=self.data, language=translation.get_language() or ""
        )
        self._saved_data = copy.deepcopy(self.data)
