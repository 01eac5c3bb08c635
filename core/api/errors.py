"""One error shape for the API: {"field": ["message", ...]}, from DomainError too."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from core.concurrency import EditConflict
from core.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, EditConflict):
        body = exc.as_dict() | {"current_version": exc.current.version}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        code = status.HTTP_403_FORBIDDEN if exc.code == "forbidden" else status.HTTP_400_BAD_REQUEST
        return Response(exc.as_dict(), status=code)
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        detail = {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return drf_handler(exc, context)
