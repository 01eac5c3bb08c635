"""API shapes. Writes go through the same services as the pages."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from placements.deadlines.states import State, state_of
from placements.models import (
    Allocation,
    CaseNote,
    Child,
    Deadline,
    DeprivationOfLiberty,
    EducationPlan,
    Episode,
    HealthAssessment,
    MissingEpisode,
    Placement,
    Review,
    Visit,
    WorkerAllocation,
)


class ChildSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="ons_code", read_only=True)
    current_place = serializers.CharField(read_only=True, allow_null=True)
    current_legal_status = serializers.CharField(read_only=True, allow_null=True)
    holder_practice = serializers.CharField(read_only=True, allow_null=True)
    worker_name = serializers.CharField(read_only=True, allow_null=True)
    next_due_on = serializers.DateField(read_only=True, allow_null=True)
    next_due_title = serializers.CharField(read_only=True, allow_null=True)
    next_due_state = serializers.SerializerMethodField()
    overdue_count = serializers.IntegerField(read_only=True)
    due_soon_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "council",
            "la_child_id",
            "first_name",
            "last_name",
            "preferred_name",
            "sex",
            "date_of_birth",
            "ethnicity",
            "upn",
            "uasc",
            "current_place",
            "current_legal_status",
            "holder_practice",
            "worker_name",
            "next_due_on",
            "next_due_title",
            "next_due_state",
            "overdue_count",
            "due_soon_count",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(choices=[State.OVERDUE, State.DUE_SOON, State.UPCOMING])
    )
    def get_next_due_state(self, child) -> str | None:
        """The state of the next open statutory date (the deadline engine's rule)."""
        due_on = getattr(child, "next_due_on", None)
        return state_of(due_on, None) if due_on else None


class DeadlineSerializer(serializers.ModelSerializer):
    """A statutory date worked out by the deadline engine, with today's state."""

    state = serializers.ChoiceField(choices=State.ALL, read_only=True)

    class Meta:
        model = Deadline
        fields = ["id", "child", "kind", "rule", "title", "due_on", "met_on", "state"]
        read_only_fields = fields


class EpisodeSerializer(serializers.ModelSerializer):
    place = serializers.CharField(source="placement.place", read_only=True)
    place_provider = serializers.CharField(source="placement.place_provider", read_only=True)

    class Meta:
        model = Episode
        fields = [
            "id",
            "child",
            "period",
            "placement",
            "decom",
            "dec",
            "rne",
            "legal_status",
            "place",
            "place_provider",
            "rec",
            "reason_place_change",
            "home_postcode",
        ]
        read_only_fields = fields


class PlacementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Placement
        fields = [
            "id",
            "child",
            "period",
            "carer",
            "provider",
            "place",
            "place_provider",
            "started_on",
            "ended_on",
            "reason_ended",
            "postcode",
            "urn",
            "out_of_area",
            "intended_until_18",
            "short_break",
            "recoded_from",
            "recoded_on",
            "version",
        ]
        read_only_fields = fields


class PlacementChangeSerializer(serializers.Serializer):
    child = serializers.IntegerField()
    started_on = serializers.DateField()
    place = serializers.CharField(max_length=3)
    place_provider = serializers.CharField(max_length=3, allow_blank=True, default="")
    reason_place_change = serializers.CharField(max_length=6)
    same_carer = serializers.BooleanField(default=False)
    postcode = serializers.CharField(max_length=8, allow_blank=True, default="")
    urn = serializers.CharField(max_length=8, allow_blank=True, default="")
    weekly_cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True
    )
    intended_until_18 = serializers.BooleanField(default=False)


class PlacementDetailsSerializer(serializers.Serializer):
    """PATCH a placement: its postcode or its Ofsted URN put right, or its type re-coded
    when the DfE withdrew it while the placement was open (H5 to K3), with the version read."""

    postcode = serializers.CharField(max_length=8, allow_blank=True, required=False)
    urn = serializers.CharField(max_length=8, allow_blank=True, required=False)
    place = serializers.CharField(
        max_length=3,
        required=False,
        help_text="The type that replaces the placement's withdrawn one (K3 for H5)",
    )


class VisitSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id", help_text="The child's id")

    class Meta:
        model = Visit
        fields = [
            "id",
            "child",
            "placement",
            "visited_on",
            "kind",
            "seen",
            "seen_alone",
            "location",
            "record",
            "follow_up",
            "recorded_by",
            "version",
        ]
        read_only_fields = ["id", "placement", "recorded_by", "version"]


class CaseNoteSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id", help_text="The child's id")

    class Meta:
        model = CaseNote
        fields = [
            "id",
            "child",
            "occurred_on",
            "category",
            "subject",
            "body",
            "significant",
            "written_by",
            "version",
        ]
        read_only_fields = ["id", "written_by", "version"]


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = [
            "id",
            "child",
            "period",
            "held_on",
            "participation",
            "chaired_by",
            "next_review_by",
        ]
        read_only_fields = fields


class HealthAssessmentSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id", help_text="The child's id")

    class Meta:
        model = HealthAssessment
        fields = [
            "id",
            "child",
            "kind",
            "completed_on",
            "completed_by",
            "immunisations_up_to_date",
            "notes",
            "version",
        ]
        read_only_fields = ["id", "version"]


class EducationPlanSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id", help_text="The child's id")

    class Meta:
        model = EducationPlan
        fields = [
            "id",
            "child",
            "kind",
            "completed_on",
            "term",
            "school_name",
            "attendance_percent",
            "targets",
            "version",
        ]
        read_only_fields = ["id", "version"]


class MissingEpisodeSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id", help_text="The child's id")

    class Meta:
        model = MissingEpisode
        fields = [
            "id",
            "child",
            "kind",
            "started_on",
            "ended_on",
            "return_interview_offered_on",
            "return_interview_accepted",
            "notes",
            "version",
        ]
        read_only_fields = ["id", "version"]


class DeprivationOfLibertySerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id", help_text="The child's id")

    class Meta:
        model = DeprivationOfLiberty
        fields = ["id", "child", "started_on", "ended_on", "court", "notes", "version"]
        read_only_fields = ["id", "version"]


class EndDeprivationOfLibertySerializer(serializers.Serializer):
    """PATCH an order in force: the date it ended, with the version read."""

    ended_on = serializers.DateField()


class AllocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Allocation
        fields = ["id", "child", "practice", "contract", "started_on", "ended_on", "end_reason"]
        read_only_fields = fields


class WorkerAllocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkerAllocation
        fields = [
            "id",
            "child",
            "allocation",
            "worker",
            "sw_id",
            "started_on",
            "ended_on",
            "end_reason",
        ]
        read_only_fields = fields
