from django.urls import include, path

from oversight import views

app_name = "oversight"
urlpatterns = [
    path("inspections/", views.inspections, name="inspections"),
    path("audit/", views.audit, name="audit"),
    path("returns/ssda903/", include("oversight.ssda903.urls")),
]
