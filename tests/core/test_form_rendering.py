"""GOV.UK form markup from Django's form renderer API, and the base page around it."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import path
from pytest_django.asserts import assertInHTML

from core.forms_renderer import GovUKFormRenderer
from core.widgets import GovUKDateField

# Used by the sign-out test through @pytest.mark.urls(__name__).
urlpatterns = [path("sign-out/", lambda request: HttpResponse(), name="logout")]


class VisitForm(forms.Form):
    default_renderer = GovUKFormRenderer()

    worker_name = forms.CharField(label="Worker name", help_text="As on their ID badge")
    practice = forms.ChoiceField(
        label="Practice",
        choices=[("", "Choose a practice"), ("north", "North"), ("south", "South")],
    )
    visit_type = forms.ChoiceField(
        label="Type of visit",
        choices=[("statutory", "Statutory"), ("other", "Other")],
        widget=forms.RadioSelect,
    )
    child_seen_alone = forms.BooleanField(label="The child was seen alone")
    notes = forms.CharField(label="Notes", widget=forms.Textarea)
    visit_date = GovUKDateField(label="Date of visit", help_text="For example, 27 3 2026")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("notes") == "clash":
            raise forms.ValidationError("This visit overlaps another visit")
        return cleaned


VALID = {
    "worker_name": "Sam Jones",
    "practice": "north",
    "visit_type": "statutory",
    "child_seen_alone": "on",
    "notes": "Saw the child at school.",
    "visit_date_day": "27",
    "visit_date_month": "3",
    "visit_date_year": "2026",
}


def date_form(day, month, year, **field_kwargs):
    class DateForm(forms.Form):
        default_renderer = GovUKFormRenderer()
        visit_date = GovUKDateField(label="Date of visit", **field_kwargs)

    return DateForm(
        data={"visit_date_day": day, "visit_date_month": month, "visit_date_year": year}
    )


def tag(html, element_id):
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, f"no element with id {element_id}"
    return match.group(0)


def test_each_widget_gets_its_govuk_class_without_errors():
    html = str(VisitForm())

    assert 'class="govuk-input"' in tag(html, "id_worker_name")
    assert 'class="govuk-select"' in tag(html, "id_practice")
    assert 'class="govuk-radios__input"' in tag(html, "id_visit_type_0")
    assert 'class="govuk-checkboxes__input"' in tag(html, "id_child_seen_alone")
    assert 'class="govuk-textarea"' in tag(html, "id_notes")
    day = tag(html, "id_visit_date_day")
    assert 'class="govuk-input govuk-date-input__input govuk-input--width-2"' in day
    assert 'name="visit_date_day"' in day and 'inputmode="numeric"' in day
    assert "govuk-input--width-4" in tag(html, "id_visit_date_year")
    assert "govuk-form-group--error" not in html
    assert "govuk-error-message" not in html


def test_labels_hints_and_fieldsets_follow_govuk_markup():
    html = str(VisitForm())

    assertInHTML('<label class="govuk-label" for="id_worker_name">Worker name</label>', html)
    assertInHTML(
        '<div id="id_worker_name_helptext" class="govuk-hint">As on their ID badge</div>', html
    )
    assert 'aria-describedby="id_worker_name_helptext"' in tag(html, "id_worker_name")
    assertInHTML('<legend class="govuk-fieldset__legend">Type of visit</legend>', html)
    assertInHTML(
        '<label class="govuk-label govuk-radios__label" for="id_visit_type_1">Other</label>', html
    )
    assertInHTML(
        '<label class="govuk-label govuk-checkboxes__label" for="id_child_seen_alone">'
        "The child was seen alone</label>",
        html,
    )
    assert '<div class="govuk-radios" data-module="govuk-radios">' in html
    assert (
        '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_visit_date_helptext">'
        in html
    )
    assertInHTML(
        '<label class="govuk-label govuk-date-input__label" for="id_visit_date_month">Month</label>',
        html,
    )


def test_errors_add_the_group_modifier_message_and_error_classes():
    form = VisitForm(data={"notes": ""})
    html = str(form)

    assert html.count("govuk-form-group govuk-form-group--error") == 6
    assertInHTML(
        '<p id="id_worker_name_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> This field is required.</p>',
        html,
    )
    assert 'class="govuk-input govuk-input--error"' in tag(html, "id_worker_name")
    assert 'aria-describedby="id_worker_name_helptext id_worker_name_error"' in tag(
        html, "id_worker_name"
    )
    assert 'class="govuk-select govuk-select--error"' in tag(html, "id_practice")
    assert 'class="govuk-textarea govuk-textarea--error"' in tag(html, "id_notes")
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_visit_type_error">' in html
    assertInHTML(
        '<p id="id_visit_date_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Enter the date of visit</p>',
        html,
    )
    for part in ("day", "month", "year"):
        assert "govuk-input--error" in tag(html, f"id_visit_date_{part}")


def test_error_summary_links_each_error_to_its_input():
    form = VisitForm(data={**VALID, "worker_name": "", "visit_type": "", "child_seen_alone": ""})
    form.data = {**form.data, "practice": "", "notes": "", "visit_date_month": ""}
    html = render_to_string("forms/govuk/error_summary.html", {"form": form})

    assert 'data-module="govuk-error-summary"' in html
    assertInHTML('<h2 class="govuk-error-summary__title">There is a problem</h2>', html)
    for href, text in [
        ("#id_worker_name", "This field is required."),
        ("#id_practice", "This field is required."),
        ("#id_visit_type_0", "This field is required."),
        ("#id_child_seen_alone", "This field is required."),
        ("#id_notes", "This field is required."),
        ("#id_visit_date_month", "Date of visit must include a month"),
    ]:
        assertInHTML(f'<a href="{href}">{text}</a>', html)


def test_error_summary_lists_non_field_errors_and_is_empty_without_errors():
    form = VisitForm(data={**VALID, "notes": "clash"})
    assertInHTML(
        "<li>This visit overlaps another visit</li>",
        render_to_string("forms/govuk/error_summary.html", {"form": form}),
    )
    valid = VisitForm(data=VALID)
    assert render_to_string("forms/govuk/error_summary.html", {"form": valid}).strip() == ""


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "parts"),
    [
        ("", "", "", "Enter the date of visit", []),
        (" ", "", " ", "Enter the date of visit", []),
        ("", "3", "2026", "Date of visit must include a day", ["day"]),
        ("27", "", "", "Date of visit must include a month and year", ["month", "year"]),
        ("31", "2", "2026", "Date of visit must be a real date", ["day"]),
        ("1", "13", "2026", "Date of visit must be a real date", ["month"]),
        ("1x", "3", "2026", "Date of visit must be a real date", ["day"]),
        ("1", "3", "26", "Year must include 4 numbers", ["year"]),
    ],
)
def test_date_field_gives_govuk_messages(day, month, year, message, parts):
    form = date_form(day, month, year)

    assert not form.is_valid()
    assert form.errors["visit_date"] == [message]
    assert form.errors.as_data()["visit_date"][0].params.get("parts", []) == parts


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("27", "3", "2026"), ("27", "03", "2026"), (" 27 ", "Mar", "2026"), ("27", "march", "2026")],
)
def test_date_field_accepts_real_dates(day, month, year):
    form = date_form(day, month, year)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["visit_date"] == datetime.date(2026, 3, 27)


def test_optional_date_field_may_be_left_empty():
    form = date_form("", "", "", required=False)

    assert form.is_valid()
    assert form.cleaned_data["visit_date"] is None


def test_date_error_highlights_only_the_boxes_at_fault_and_keeps_what_was_typed():
    html = str(date_form("27", "", "2026"))

    assert "govuk-input--error" in tag(html, "id_visit_date_month")
    assert "govuk-input--error" not in tag(html, "id_visit_date_day")
    assert "govuk-input--error" not in tag(html, "id_visit_date_year")
    assert 'value="27"' in tag(html, "id_visit_date_day")
    assert 'value="2026"' in tag(html, "id_visit_date_year")


def test_date_input_shows_an_initial_date():
    class DateForm(forms.Form):
        default_renderer = GovUKFormRenderer()
        visit_date = GovUKDateField(label="Date of visit")

    html = str(DateForm(initial={"visit_date": datetime.date(2026, 3, 7)}))

    assert 'value="7"' in tag(html, "id_visit_date_day")
    assert 'value="3"' in tag(html, "id_visit_date_month")
    assert 'value="2026"' in tag(html, "id_visit_date_year")


def render_page(**context):
    request = RequestFactory().get("/")
    return render_to_string("base.html", context, request)


def test_page_title_gets_error_prefix_and_summary_when_the_form_has_errors():
    html = render_page(form=VisitForm(data={}))

    assert re.search(r"<title>Error: Home – Social work practice case management</title>", html)
    assert 'class="govuk-error-summary"' in html
    assert re.search(r"<title>Home – ", render_page(form=VisitForm()))


def test_page_has_no_inline_script_or_style_and_loads_static_assets():
    html = render_page(form=VisitForm(data={}))

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "style=" not in html and "<style" not in html
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'href="/static/govuk/app.css"' in html
    assert '<script type="module" src="/static/app/init.js"></script>' in html
    assert "govuk-generic-header" in html and "Social work practice case management" in html
    assert "crown" not in html.lower()


def test_messages_show_as_notification_banners():
    html = render_page(
        messages=[
            Message(constants.SUCCESS, "Visit recorded"),
            Message(constants.INFO, "The practice changes on Monday"),
        ]
    )

    assert (
        'class="govuk-notification-banner govuk-notification-banner--success" role="alert"' in html
    )
    assert 'class="govuk-notification-banner" role="region"' in html
    assertInHTML('<p class="govuk-notification-banner__heading">Visit recorded</p>', html)


def test_service_navigation_marks_the_current_page_and_is_absent_without_items():
    html = render_page(
        nav_items=[
            {"text": "Children", "href": "/children/", "current": True},
            {"text": "Visits", "href": "/visits/", "current": False},
        ]
    )

    assertInHTML(
        '<a class="govuk-service-navigation__link" href="/children/" aria-current="page">'
        '<strong class="govuk-service-navigation__active-fallback">Children</strong></a>',
        html,
    )
    assert "govuk-service-navigation" not in render_page()


@pytest.mark.urls(__name__)
def test_signed_in_people_get_a_sign_out_button_that_posts():
    html = render_page(user=SimpleNamespace(is_authenticated=True))

    assert '<form class="app-header__sign-out" method="post" action="/sign-out/">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Sign out" not in render_page()
