"""Included by oversight/urls.py under returns/ssda903/, in the `oversight` namespace."""

from django.urls import path

from oversight.ssda903 import views

urlpatterns = [
    path("", views.index, name="ssda903_index"),
    path("<str:code>/<int:year>/", views.results, name="ssda903_results"),
    path("<str:code>/<int:year>/check/", views.validate_now, name="ssda903_validate"),
    path("<str:code>/<int:year>/download/", views.download, name="ssda903_download"),
]
