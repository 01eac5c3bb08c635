"""The forms a social worker fills in. Wording follows the GOV.UK Design System."""

import datetime as dt

from django import forms

from core import clock
from core.widgets import GovUKDateField
from placements.models import CaseNote, EducationPlan, HealthAssessment, Visit
from placements.models.codes import collection_year, valid_codes
from placements.services.allocations import FIRST_CONTACT

YES_NO = [("yes", "Yes"), ("no", "No")]


class InlineRadioSelect(forms.RadioSelect):
    inline = True


def yes_no(label: str, *, required_message: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        widget=InlineRadioSelect,
        coerce=lambda value: value == "yes",
        help_text=help_text,
        error_messages={"required": required_message},
    )


def past_date(label: str, *, name: str, required: bool = True) -> GovUKDateField:
    return GovUKDateField(
        label=label,
        required=required,
        help_text="For example, 27 3 2026",
        error_messages={"required": f"Enter the {name}"},
    )


class NotInFutureMixin:
    """Dates of things that have happened cannot be in the future."""

    past_fields: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        today = clock.today()
        for name in self.past_fields:
            value = data.get(name)
            if isinstance(value, dt.date) and value > today:
                label = self.fields[name].label
                self.add_error(name, f"{label} must be today or in the past")
        return data


def code_choices(list_name: str, *, blank: str | None = None, only=None) -> list[tuple[str, str]]:
    codes = valid_codes(list_name, collection_year(clock.today()))
    choices = [
        (code, f"{label} ({code})") for code, label in codes.items() if not only or code in only
    ]
    return ([("", blank)] if blank else []) + sorted(choices, key=lambda c: c[0])


def urn_field():
    return forms.CharField(
        label="Ofsted URN of the placement (optional)",
        max_length=8,
        required=False,
        help_text="The setting's or agency's Ofsted unique reference number: SC and 6 "
        "digits, or 7 digits. The return needs it for most placements; if you do not have "
        "it yet, add it later from the child's placements.",
    )


class VisitForm(NotInFutureMixin, forms.Form):
    past_fields = ("visited_on",)

    visited_on = past_date("Date of visit", name="date of the visit")
    kind = forms.ChoiceField(
        label="Type of visit",
        choices=Visit.Kind.choices,
        widget=forms.RadioSelect,
        initial=Visit.Kind.STATUTORY,
        error_messages={"required": "Select the type of visit"},
    )
    location = forms.ChoiceField(
        label="Where did the visit take place?",
        choices=Visit.Location.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the visit took place"},
    )
    seen = yes_no("Was the child seen?", required_message="Select yes if the child was seen")
    seen_alone = yes_no(
        "Was the child seen alone?", required_message="Select yes if the child was seen alone"
    )
    record = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The child's wishes and feelings, how the placement is going, anything of concern",
        error_messages={"required": "Enter what happened on the visit"},
    )
    follow_up = forms.CharField(
        label="Follow-up actions (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("seen_alone") and data.get("seen") is False:
            self.add_error("seen_alone", "A child seen alone must also be recorded as seen")
        return data


class CaseNoteForm(NotInFutureMixin, forms.Form):
    past_fields = ("occurred_on",)

    occurred_on = past_date("Date", name="date of the note")
    category = forms.ChoiceField(
        label="Category",
        choices=CaseNote.Category.choices,
        initial=CaseNote.Category.GENERAL,
        error_messages={"required": "Select a category"},
    )
    subject = forms.CharField(
        label="Subject", max_length=200, error_messages={"required": "Enter a subject"}
    )
    body = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the note"},
    )
    significant = forms.BooleanField(
        label="This is a significant event (it will show in the chronology)", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HealthAssessmentForm(NotInFutureMixin, forms.Form):
    past_fields = ("completed_on",)

    kind = forms.ChoiceField(
        label="Type of assessment",
        choices=HealthAssessment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of assessment"},
    )
    completed_on = past_date("Date of assessment", name="date of the assessment")
    completed_by = forms.CharField(
        label="Health professional (optional)", max_length=200, required=False
    )
    immunisations_up_to_date = forms.TypedChoiceField(
        label="Are the child's immunisations up to date?",
        choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")],
        widget=forms.RadioSelect,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        error_messages={"required": "Select whether immunisations are up to date"},
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class EducationPlanForm(NotInFutureMixin, forms.Form):
    past_fields = ("completed_on",)

    kind = forms.ChoiceField(
        label="Type of PEP",
        choices=EducationPlan.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of PEP"},
    )
    completed_on = past_date("Date of PEP meeting", name="date of the PEP meeting")
    term = forms.ChoiceField(
        label="School term",
        choices=EducationPlan.Term.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the school term"},
    )
    school_name = forms.CharField(label="School (optional)", max_length=200, required=False)
    attendance_percent = forms.DecimalField(
        label="Attendance this term, as a percentage (optional)",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
        error_messages={
            "invalid": "Attendance must be a number, like 92.5",
            "min_value": "Attendance must be 0 or more",
            "max_value": "Attendance must be 100 or less",
        },
    )
    targets = forms.CharField(
        label="Targets (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class MissingEpisodeForm(NotInFutureMixin, forms.Form):
    past_fields = ("started_on", "ended_on", "return_interview_offered_on")

    kind = forms.ChoiceField(
        label="Was the child missing or away?",
        choices=[("M", "Missing"), ("A", "Away from placement without authorisation")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select missing or away"},
    )
    started_on = past_date("Date they went missing", name="date they went missing")
    ended_on = past_date(
        "Date they came back (optional)", name="date they came back", required=False
    )
    return_interview_offered_on = past_date(
        "Date a return interview was offered (optional)",
        name="date the return interview was offered",
        required=False,
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error(
                "ended_on",
                "The date they came back must be the same as or after the date they went missing",
            )
        return data


class DeprivationOfLibertyForm(NotInFutureMixin, forms.Form):
    past_fields = ("started_on", "ended_on")

    started_on = past_date("Date the order was made", name="date the order was made")
    ended_on = past_date(
        "Date the order ended (optional)",
        name="date the order ended",
        required=False,
    )
    court = forms.CharField(
        label="Court that made the order (optional)",
        required=False,
        max_length=200,
        help_text="For example, High Court (Family Division)",
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class EndDeprivationOfLibertyForm(NotInFutureMixin, forms.Form):
    past_fields = ("ended_on",)

    ended_on = past_date("Date the order ended", name="date the order ended")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WhereTheChildLivesMixin:
    """A placement's postcode and Ofsted URN, written as the return writes them."""

    def clean_postcode(self):
        return self.cleaned_data["postcode"].strip().upper()

    def clean_urn(self):
        return self.cleaned_data["urn"].strip().upper()


class PlacementChangeForm(WhereTheChildLivesMixin, NotInFutureMixin, forms.Form):
    past_fields = ("started_on",)

    started_on = past_date("Date of the move", name="date of the move")
    place = forms.ChoiceField(
        label="Type of placement", error_messages={"required": "Select the type of placement"}
    )
    place_provider = forms.ChoiceField(
        label="Who provides the placement?",
        required=False,
        help_text="Leave blank for temporary placements",
    )
    same_carer = yes_no(
        "Is the child staying with the same carer?",
        required_message="Select yes if the child is staying with the same carer",
    )
    carer_name = forms.CharField(
        label="New carer's name",
        required=False,
        max_length=200,
        help_text="Leave blank if the child is staying with the same carer",
    )
    postcode = forms.CharField(label="Placement postcode", max_length=8, required=False)
    urn = urn_field()
    reason_place_change = forms.ChoiceField(
        label="Why is the placement changing?",
        error_messages={"required": "Select why the placement is changing"},
    )
    weekly_cost = forms.DecimalField(
        label="Weekly cost, in pounds (optional)",
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=10,
        error_messages={
            "invalid": "Weekly cost must be an amount in pounds, like 650.00",
            "min_value": "Weekly cost must be £0 or more",
        },
    )
    intended_until_18 = forms.BooleanField(
        label="This placement is meant to last until the child is 18", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = code_choices("PLACE", blank="Select a placement type")
        self.fields["place_provider"].choices = code_choices(
            "PLACE_PROVIDER", blank="Not applicable"
        )
        self.fields["reason_place_change"].choices = code_choices(
            "REASON_PLACE_CHANGE", blank="Select a reason"
        )

    def clean(self):
        data = super().clean()
        if data.get("same_carer") is False and not data.get("carer_name"):
            self.add_error("carer_name", "Enter the new carer's name")
        return data


class PlacementDetailsForm(WhereTheChildLivesMixin, forms.Form):
    """What the return takes from a placement as recorded, put right without a move."""

    postcode = forms.CharField(
        label="Placement postcode",
        max_length=8,
        required=False,
        help_text="Where the child lives. Leave blank only for a short break or an "
        "unaccompanied asylum-seeking child.",
    )
    urn = urn_field()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, recode_from: str = "", recode_to=(), recode_on=None, **kwargs):
        """`recode_to`: the codes replacing the placement's withdrawn type, if it may be
        re-coded (placements.services.episodes.recodable_as); no field otherwise."""
        super().__init__(*args, **kwargs)
        if recode_to:
            self.fields = {
                "place": forms.ChoiceField(
                    label="Placement type",
                    required=False,
                    choices=[("", f"Keep {recode_from}, no longer in use")]
                    + code_choices("PLACE", only=recode_to),
                    help_text=f"The DfE withdrew {recode_from} from "
                    f"{recode_on:%-d %B %Y}. The return needs this placement in the type "
                    f"that replaced it; the returns before then keep {recode_from}.",
                ),
                **self.fields,
            }


class AllocateWorkerForm(NotInFutureMixin, forms.Form):
    past_fields = ("started_on",)

    worker = forms.ChoiceField(
        label="Social worker",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a social worker"},
    )
    started_on = past_date("Date they take over", name="date they take over")
    change_reason = forms.ChoiceField(
        label="Why is the worker changing?",
        required=False,
        help_text="Needed when the child already has a worker",
    )

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [(str(w.pk), f"{w} ({words})") for w, words in workers]
        # First contact (FCONTA) is why a child's first worker began, never a change.
        self.fields["change_reason"].choices = [
            choice
            for choice in code_choices("SW_REASON", blank="Select a reason")
            if choice[0] != FIRST_CONTACT
        ]
