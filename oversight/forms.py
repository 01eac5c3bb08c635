from django import forms

from core.widgets import GovUKDateField
from oversight.models import AUDIT_AREAS, FINDING_AREAS, Grade


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


# --- Inspections ----------------------------------------------------------------------------

GRADE_CHOICES = Grade.choices


class ScheduleInspectionForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title for the inspection"},
    )
    subject = forms.ChoiceField(
        label="Council or practice to inspect",
        error_messages={"required": "Select the council or practice to inspect"},
    )
    inspectors = forms.MultipleChoiceField(
        label="Inspectors",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one inspector"},
    )
    starts_on = GovUKDateField(
        label="First day of the inspection",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the first day of the inspection"},
    )
    ends_on = GovUKDateField(
        label="Last day of the inspection",
        help_text="Inspectors lose access to the sampled records after this day",
        error_messages={"required": "Enter the last day of the inspection"},
    )
    scope = forms.CharField(
        label="Scope",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the inspection looks at, for example children in care and care leavers",
    )
    sample_size = forms.IntegerField(
        label="Sample size",
        min_value=1,
        max_value=200,
        initial=20,
        help_text="How many children's records to draw",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the sample size",
            "invalid": "Sample size must be a whole number",
            "min_value": "Sample size must be at least 1",
            "max_value": "Sample size must be 200 or fewer",
        },
    )
    sample_seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="Leave blank to choose one at random. The same seed draws the same sample.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        error_messages={"invalid": "Seed must be a whole number"},
    )

    def __init__(self, *args, councils, practices, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [
            ("", "Select a council or practice"),
            ("Councils", [(f"council:{c.pk}", c.name) for c in councils]),
            ("Practices", [(f"practice:{p.pk}", p.name) for p in practices]),
        ]
        self.fields["inspectors"].choices = [(str(u.pk), str(u)) for u in inspectors]

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The last day must be the same as or after the first day")
        return data


class AddInspectorForm(forms.Form):
    inspector = forms.ChoiceField(
        label="Inspector",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the inspector to add"},
    )

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].choices = [(str(u.pk), str(u)) for u in inspectors]


class AddToSampleForm(forms.Form):
    child = forms.CharField(
        label="Child ID",
        max_length=10,
        help_text="The council's ID for the child (CHILD)",
        error_messages={"required": "Enter the child's ID"},
    )
    reason = forms.CharField(
        label="Why are you adding this child?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are adding this child"},
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _grade_field(label: str, hint: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=GRADE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=hint,
    )


class CaseAuditForm(VersionForm):
    """One grade and its evidence per area (AUDIT_AREAS); complete when every area is graded."""

    summary = forms.CharField(
        label="Summary of the case", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    complete = forms.BooleanField(
        label="The audit is complete",
        required=False,
        help_text="Every area must have a grade",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for key, label, question in AUDIT_AREAS:
            fields[f"{key}_grade"] = _grade_field(label, question)
            fields[f"{key}_evidence"] = forms.CharField(
                label=f"Evidence for the grade on {label[0].lower()}{label[1:]}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields = {**fields, **self.fields}

    def area_pairs(self):
        return [
            (label, self[f"{key}_grade"], self[f"{key}_evidence"]) for key, label, _ in AUDIT_AREAS
        ]


class FindingsForm(VersionForm):
    summary = forms.CharField(
        label="Summary of findings", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in FINDING_AREAS:
            self.fields[f"{key}_judgement"] = _grade_field(label)
            self.fields[f"{key}_text"] = forms.CharField(
                label=f"What inspectors found: {label[0].lower()}{label[1:]}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
