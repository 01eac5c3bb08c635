from django import forms

from core.widgets import GovUKDateField


class AuditSearchForm(forms.Form):
    child = forms.CharField(label="Child ID", required=False, max_length=10)
    person = forms.CharField(label="Username of the person", required=False, max_length=150)
    date_from = GovUKDateField(label="From", required=False)
    date_to = GovUKDateField(label="To", required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data
