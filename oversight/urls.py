from django.urls import path

from oversight import views

app_name = "oversight"
urlpatterns = [
    path("inspections/", views.inspections, name="inspections"),
    path("audit/", views.audit, name="audit"),
]
