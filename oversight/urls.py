from django.urls import include, path

from oversight import inspection_views as inspections
from oversight import views

app_name = "oversight"
urlpatterns = [
    path("inspections/", inspections.inspections, name="inspections"),
    path("inspections/new/", inspections.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspections.inspection, name="inspection"),
    path(
        "inspections/<int:pk>/inspectors/add/",
        inspections.inspector_add,
        name="inspection_inspector_add",
    ),
    path("inspections/<int:pk>/sample/", inspections.sample, name="inspection_sample"),
    path(
        "inspections/<int:pk>/sample/draw/", inspections.sample_draw, name="inspection_sample_draw"
    ),
    path("inspections/<int:pk>/sample/add/", inspections.sample_add, name="inspection_sample_add"),
    path(
        "inspections/<int:pk>/sample/<int:sample_id>/audit/",
        inspections.case_audit,
        name="case_audit",
    ),
    path("inspections/<int:pk>/findings/", inspections.findings, name="inspection_findings"),
    path(
        "inspections/<int:pk>/findings/publish/",
        inspections.findings_publish,
        name="inspection_findings_publish",
    ),
    path("inspections/<int:pk>/lists/", inspections.inspection_lists, name="inspection_lists"),
    path(
        "inspections/<int:pk>/lists/<slug:kind>/",
        inspections.inspection_list,
        name="inspection_list",
    ),
    path(
        "inspections/<int:pk>/lists/<slug:kind>.csv",
        inspections.inspection_list_csv,
        name="inspection_list_csv",
    ),
    path(
        "inspections/<int:pk>/lists/<slug:kind>.xlsx",
        inspections.inspection_list_xlsx,
        name="inspection_list_xlsx",
    ),
    path("audit/", views.audit, name="audit"),
    path("returns/ssda903/", include("oversight.ssda903.urls")),
]
