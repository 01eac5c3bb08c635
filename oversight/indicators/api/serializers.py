"""API shapes for the indicators: the same figures as the dashboards, small numbers hidden
the same way (numerator or denominator null, `suppressed` true)."""

from rest_framework import serializers

from oversight.indicators.definitions import AGE_BANDS, LEGAL_STATUSES, PLACEMENT_TYPES


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    definition = serializers.CharField(help_text="What the indicator counts, in plain English")
    unit = serializers.ChoiceField(
        choices=[("percent", "Per cent"), ("ratio", "Per one")],
        help_text="percent: numerator / denominator × 100; ratio: numerator / denominator",
    )
    numerator_label = serializers.CharField()
    denominator_label = serializers.CharField()
    higher_is_better = serializers.BooleanField(allow_null=True)


class FigureSerializer(serializers.Serializer):
    month = serializers.DateField(required=False, help_text="First day of the month")
    numerator = serializers.IntegerField(allow_null=True, help_text="Null when suppressed")
    denominator = serializers.IntegerField(allow_null=True, help_text="Null when suppressed")
    value = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    suppressed = serializers.BooleanField(help_text="A count was below the threshold")


class SeriesSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    series = FigureSerializer(many=True, help_text="This level, month by month")
    comparison = FigureSerializer(many=True, help_text="The level above, month by month")


class BreakdownRowSerializer(FigureSerializer):
    id = serializers.IntegerField(allow_null=True, help_text="Council or practice id")
    name = serializers.CharField()


class FiltersSerializer(serializers.Serializer):
    month = serializers.DateField()
    indicator = serializers.CharField()
    age_band = serializers.ChoiceField(choices=AGE_BANDS, allow_blank=True)
    legal_status = serializers.ChoiceField(choices=LEGAL_STATUSES, allow_blank=True)
    placement_type = serializers.ChoiceField(choices=PLACEMENT_TYPES, allow_blank=True)
    months = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=[("national", "National"), ("council", "Council"), ("practice", "Practice")]
    )
    name = serializers.CharField()
    comparison_name = serializers.CharField(allow_blank=True)
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the newest snapshot read here was computed"
    )
    filters = FiltersSerializer()
    indicators = SeriesSerializer(many=True)
    breakdown_by = serializers.CharField()
    breakdown = BreakdownRowSerializer(
        many=True, help_text="The chosen indicator and month, by council or by holder"
    )
