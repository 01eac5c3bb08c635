from rest_framework import serializers

from placements.models import Child


class ChildSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="ons_code", read_only=True)
    current_place = serializers.CharField(read_only=True, allow_null=True)
    current_legal_status = serializers.CharField(read_only=True, allow_null=True)
    holder_practice = serializers.CharField(read_only=True, allow_null=True)
    worker_name = serializers.CharField(read_only=True, allow_null=True)

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
            "version",
        ]
        read_only_fields = fields
