from django.urls import path

from placements import views

app_name = "placements"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("children/", views.children, name="children"),
    path("workers/", views.workers, name="workers"),
    path("children/<int:pk>/", views.child_detail, name="child"),
    path("children/<int:pk>/visits/new/", views.record_visit, name="record_visit"),
    path("children/<int:pk>/notes/new/", views.add_note, name="add_note"),
    path("children/<int:pk>/notes/<int:note_id>/", views.edit_note, name="edit_note"),
    path("children/<int:pk>/health/new/", views.record_health, name="record_health"),
    path("children/<int:pk>/education/new/", views.record_pep, name="record_pep"),
    path("children/<int:pk>/missing/new/", views.record_missing, name="record_missing"),
    path("children/<int:pk>/placement/change/", views.change_placement, name="change_placement"),
    path(
        "children/<int:pk>/placements/<int:placement_id>/details/",
        views.correct_placement,
        name="correct_placement",
    ),
    path("children/<int:pk>/liberty/new/", views.record_dolo, name="record_dolo"),
    path("children/<int:pk>/liberty/<int:dolo_id>/end/", views.end_dolo, name="end_dolo"),
    path("children/<int:pk>/worker/", views.allocate_worker, name="allocate_worker"),
]
