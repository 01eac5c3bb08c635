"""Commissioning forms. Wording follows the GOV.UK Design System; rules live in services."""

from django import forms

from commissioning.models import (
    Contract,
    DelegableFunction,
    Indicator,
    PerformanceTarget,
    SpendRequest,
    financial_year_label,
    financial_year_of,
)
from core import clock
from core.widgets import GovUKDateField


def money(label: str, *, required: bool = True, name: str = "amount") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
        error_messages={
            "required": f"Enter the {name}",
            "invalid": f"The {name} must be an amount in pounds, like 650.00",
            "min_value": f"The {name} must be £0 or more",
            "max_decimal_places": f"The {name} must be in pounds and pence",
        },
    )


def whole(label: str, *, name: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-5"}
        ),
        error_messages={
            "required": f"Enter the {name}",
            "invalid": f"The {name} must be a whole number",
            "min_value": f"The {name} must be 0 or more",
        },
    )


def date(label: str, *, name: str, required: bool = True) -> GovUKDateField:
    return GovUKDateField(
        label=label,
        required=required,
        help_text="For example, 1 4 2026",
        error_messages={"required": f"Enter the {name}"},
    )


def text(label: str, *, name: str, rows: int = 4, required: bool = True, help_text: str = ""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {name}"},
    )


def choice_of(queryset, label: str, *, name: str, blank: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=queryset,
        label=label,
        empty_label=blank,
        error_messages={"required": f"Select {name}", "invalid_choice": f"Select {name}"},
    )


class ContractForm(forms.Form):
    reference = forms.CharField(
        label="Contract reference", max_length=40, error_messages={"required": "Enter a reference"}
    )
    practice = forms.ModelChoiceField(queryset=None, label="Practice", empty_label="Choose")
    kind = forms.ChoiceField(label="Type of contract", choices=Contract.Kind.choices)
    starts_on = date("Start date", name="start date")
    ends_on = date("End date", name="end date")
    break_clause_on = date("Break clause date (optional)", name="break date", required=False)
    notice_period_days = whole("Notice period, in days", name="notice period")
    review_on = date("Review date (optional)", name="review date", required=False)
    cohort = text("Cohort", name="the children covered", rows=3)
    functions = forms.MultipleChoiceField(
        label="Functions delegated",
        choices=DelegableFunction.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The IRO and adoption agency functions cannot be delegated",
        error_messages={"required": "Select at least one function"},
    )
    duties_continue_after_care = forms.BooleanField(
        label="Duties continue after the child leaves care", required=False
    )
    capacity = whole("Capacity, in children", name="capacity")
    weekly_price_per_child = money(
        "Weekly price per child, in pounds (optional)", required=False, name="weekly price"
    )
    block_amount_per_month = money(
        "Block sum per month, in pounds (optional)", required=False, name="block sum"
    )
    annual_value = money("Annual value, in pounds", name="annual value")
    delegated_limit_per_item = money(
        "Delegated limit per item (or per week), in pounds", name="delegated limit per item"
    )
    delegated_limit_per_child_year = money(
        "Delegated limit per child per financial year, in pounds",
        name="delegated limit per child",
    )
    senior_approval_threshold = money(
        "Amount above which a senior commissioner must approve, in pounds",
        name="senior approval threshold",
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices


class VariationForm(forms.Form):
    """The signed terms, filled in as they are now: change the ones that are changing."""

    effective_from = date("Takes effect from", name="date it takes effect")
    reason = text("Why the contract is changing", name="why the contract is changing", rows=3)
    status = forms.ChoiceField(
        label="Status",
        choices=[c for c in Contract.Status.choices if c[0] != Contract.Status.DRAFT],
    )
    ends_on = date("End date", name="end date")
    capacity = whole("Capacity, in children", name="capacity")
    weekly_price_per_child = money(
        "Weekly price per child, in pounds (optional)", required=False, name="weekly price"
    )
    block_amount_per_month = money(
        "Block sum per month, in pounds (optional)", required=False, name="block sum"
    )
    annual_value = money("Annual value, in pounds", name="annual value")
    delegated_limit_per_item = money(
        "Delegated limit per item (or per week), in pounds", name="delegated limit per item"
    )
    delegated_limit_per_child_year = money(
        "Delegated limit per child per financial year, in pounds",
        name="delegated limit per child",
    )
    senior_approval_threshold = money(
        "Amount above which a senior commissioner must approve, in pounds",
        name="senior approval threshold",
    )
    TERMS = (
        "status",
        "ends_on",
        "capacity",
        "weekly_price_per_child",
        "block_amount_per_month",
        "annual_value",
        "delegated_limit_per_item",
        "delegated_limit_per_child_year",
        "senior_approval_threshold",
    )


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label="Indicator", choices=Indicator.choices)
    direction = forms.ChoiceField(
        label="Good is",
        choices=PerformanceTarget.Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the figure should be at least or at most"},
    )
    threshold = forms.DecimalField(
        label="Threshold, as a percentage",
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the threshold",
            "invalid": "The threshold must be a number, like 95",
            "min_value": "The threshold must be 0 or more",
            "max_value": "The threshold must be 100 or less",
        },
    )
    reason = text("Why (needed once the contract is signed)", name="why", rows=2, required=False)


class BudgetForm(forms.Form):
    financial_year = forms.TypedChoiceField(label="Financial year", coerce=int, choices=())
    amount = money("Budget, in pounds", name="budget")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this = financial_year_of(clock.today())
        self.fields["financial_year"].choices = [
            (y, f"{financial_year_label(y)} (1 April {y} to 31 March {y + 1})")
            for y in range(this - 1, this + 2)
        ]
        self.fields["financial_year"].initial = this


class ReferralForm(forms.Form):
    child = forms.ModelChoiceField(queryset=None, label="Child", empty_label="Choose a child")
    contract = forms.ModelChoiceField(
        queryset=None, label="Practice and contract", empty_label="Choose a contract"
    )
    reason = text("Why this practice, and what the child needs", name="the reason", rows=5)
    documents = text(
        "Documents the practice needs (optional)",
        name="the documents",
        rows=3,
        required=False,
        help_text="One a line: the care plan, latest review, court order, and where they are",
    )

    def __init__(self, *args, children, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["child"].error_messages["required"] = "Select the child"
        self.fields["contract"].queryset = contracts
        self.fields["contract"].error_messages["required"] = "Select the contract"


class AcceptForm(forms.Form):
    worker = forms.ModelChoiceField(
        queryset=None, label="Allocated social worker", empty_label="Choose a worker"
    )
    started_on = date("Start date", name="start date")

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].error_messages["required"] = "Select the child's social worker"


class ReasonForm(forms.Form):
    reason = text("Reason", name="the reason", rows=4)


class OptionalReasonForm(forms.Form):
    reason = text("Note (optional)", name="a note", rows=3, required=False)


class TakeBackForm(forms.Form):
    ended_on = date("The practice holds the case until", name="end date")
    reason = text("Why", name="why the case is moving", rows=3)


class TransferForm(TakeBackForm):
    to_contract = forms.ModelChoiceField(
        queryset=None, label="Transfer to", empty_label="Choose a contract"
    )

    def __init__(self, *args, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_contract"].queryset = contracts
        self.fields["to_contract"].error_messages["required"] = "Select the practice to transfer to"


class SpendRequestForm(forms.Form):
    child = forms.ModelChoiceField(queryset=None, label="Child", empty_label="Choose a child")
    category = forms.ChoiceField(
        label="Type of spending",
        choices=[c for c in SpendRequest.Category.choices if c[0] != "placement"],
    )
    description = forms.CharField(
        label="What it is for", max_length=200, error_messages={"required": "Enter what it is for"}
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=SpendRequest.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select one-off or weekly"},
    )
    amount = money("Amount, in pounds (each week, for weekly costs)", name="amount")
    starts_on = date("Date (or first day, for weekly costs)", name="date")
    ends_on = date("Last day (optional, weekly costs only)", name="last day", required=False)
    reason = text("Why it is needed", name="why it is needed", rows=4)

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["child"].error_messages["required"] = "Select the child"
