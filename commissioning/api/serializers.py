"""API shapes for commissioning. Writes go through the same services as the pages."""

from rest_framework import serializers

from commissioning.models import (
    Budget,
    Contract,
    ContractVariation,
    DelegableFunction,
    PerformanceSnapshot,
    PerformanceTarget,
    Referral,
    SpendRequest,
)


class ContractSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="ons_code", read_only=True)
    practice = serializers.PrimaryKeyRelatedField(read_only=True)
    practice_name = serializers.CharField(source="practice.name", read_only=True)
    held = serializers.IntegerField(read_only=True, help_text="Children held now")

    class Meta:
        model = Contract
        fields = [
            "id",
            "reference",
            "council",
            "practice",
            "practice_name",
            "kind",
            "status",
            "starts_on",
            "ends_on",
            "break_clause_on",
            "notice_period_days",
            "review_on",
            "cohort",
            "functions",
            "duties_continue_after_care",
            "capacity",
            "held",
            "weekly_price_per_child",
            "block_amount_per_month",
            "annual_value",
            "delegated_limit_per_item",
            "delegated_limit_per_child_year",
            "senior_approval_threshold",
        ]
        read_only_fields = fields


class ContractCreateSerializer(serializers.Serializer):
    practice = serializers.IntegerField()
    reference = serializers.CharField(max_length=40)
    kind = serializers.ChoiceField(choices=Contract.Kind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    break_clause_on = serializers.DateField(required=False, allow_null=True)
    notice_period_days = serializers.IntegerField(min_value=0, default=90)
    review_on = serializers.DateField(required=False, allow_null=True)
    cohort = serializers.CharField()
    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=DelegableFunction.choices), allow_empty=False
    )
    duties_continue_after_care = serializers.BooleanField(default=False)
    capacity = serializers.IntegerField(min_value=1)
    weekly_price_per_child = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True
    )
    block_amount_per_month = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    annual_value = serializers.DecimalField(max_digits=12, decimal_places=2)
    delegated_limit_per_item = serializers.DecimalField(max_digits=10, decimal_places=2)
    delegated_limit_per_child_year = serializers.DecimalField(max_digits=10, decimal_places=2)
    senior_approval_threshold = serializers.DecimalField(max_digits=10, decimal_places=2)


class VariationCreateSerializer(serializers.Serializer):
    effective_from = serializers.DateField()
    reason = serializers.CharField()
    status = serializers.ChoiceField(choices=Contract.Status.choices, required=False)
    ends_on = serializers.DateField(required=False)
    break_clause_on = serializers.DateField(required=False, allow_null=True)
    notice_period_days = serializers.IntegerField(min_value=0, required=False)
    review_on = serializers.DateField(required=False, allow_null=True)
    duties_continue_after_care = serializers.BooleanField(required=False)
    capacity = serializers.IntegerField(min_value=1, required=False)
    weekly_price_per_child = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True
    )
    block_amount_per_month = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    annual_value = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    delegated_limit_per_item = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False
    )
    delegated_limit_per_child_year = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False
    )
    senior_approval_threshold = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False
    )


class VariationSerializer(serializers.ModelSerializer):
    made_by = serializers.StringRelatedField()

    class Meta:
        model = ContractVariation
        fields = [
            "id",
            "contract",
            "number",
            "effective_from",
            "reason",
            "previous_terms",
            "new_terms",
            "made_by",
            "created_at",
        ]
        read_only_fields = fields


class TargetSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = PerformanceTarget
        fields = ["id", "contract", "indicator", "threshold", "direction", "ended_at", "reason"]
        read_only_fields = ["id", "contract", "ended_at"]


class SnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerformanceSnapshot
        fields = [
            "id",
            "contract",
            "month",
            "indicator",
            "numerator",
            "denominator",
            "value",
            "computed_at",
        ]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    contract = serializers.IntegerField(source="contract_id")
    referred_by = serializers.StringRelatedField(read_only=True)
    decided_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "child",
            "contract",
            "reason",
            "documents",
            "status",
            "referred_by",
            "created_at",
            "decided_by",
            "decided_at",
            "decline_reason",
            "allocation",
        ]
        read_only_fields = [
            "id",
            "status",
            "referred_by",
            "created_at",
            "decided_by",
            "decided_at",
            "decline_reason",
            "allocation",
        ]


class AcceptSerializer(serializers.Serializer):
    worker = serializers.IntegerField(help_text="The allocated social worker's user id")
    started_on = serializers.DateField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="")


class MoveCaseSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField()
    to_contract = serializers.IntegerField(required=False, help_text="Transfer only")


class LineSerializer(serializers.Serializer):
    source = serializers.CharField()
    source_id = serializers.IntegerField()
    child_id = serializers.IntegerField()
    la_child_id = serializers.CharField()
    description = serializers.CharField()
    frequency = serializers.CharField()
    rate = serializers.DecimalField(max_digits=12, decimal_places=2)
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    days = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    spent = serializers.DecimalField(max_digits=12, decimal_places=2)
    committed = serializers.DecimalField(max_digits=12, decimal_places=2)


class BudgetSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "contract", "financial_year", "label", "amount"]
        read_only_fields = ["id", "label"]


class BudgetFiguresSerializer(serializers.Serializer):
    """A budget with what it has committed, spent and left, and the lines they sum."""

    id = serializers.IntegerField(source="budget.pk")
    contract = serializers.IntegerField(source="budget.contract_id")
    financial_year = serializers.IntegerField(source="budget.financial_year")
    amount = serializers.DecimalField(source="budget.amount", max_digits=12, decimal_places=2)
    committed = serializers.DecimalField(max_digits=12, decimal_places=2)
    spent = serializers.DecimalField(max_digits=12, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=12, decimal_places=2)
    waiting = serializers.DecimalField(max_digits=12, decimal_places=2)
    lines = LineSerializer(many=True)


class SpendRequestSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    requested_by = serializers.StringRelatedField(read_only=True)
    decided_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = SpendRequest
        fields = [
            "id",
            "contract",
            "budget",
            "child",
            "category",
            "description",
            "frequency",
            "amount",
            "starts_on",
            "ends_on",
            "committed_amount",
            "reason",
            "level",
            "status",
            "requested_by",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_reason",
            "used_at",
        ]
        read_only_fields = [
            "id",
            "contract",
            "budget",
            "committed_amount",
            "level",
            "status",
            "requested_by",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_reason",
            "used_at",
        ]


class FeeLineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    allocation_id = serializers.IntegerField(allow_null=True)
    child_id = serializers.IntegerField(allow_null=True)
    la_child_id = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    days = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class StatementSerializer(serializers.Serializer):
    contract = serializers.IntegerField(source="contract.pk")
    month = serializers.DateField()
    fees_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    spend_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    fees = FeeLineSerializer(many=True)
    spend = LineSerializer(many=True)
