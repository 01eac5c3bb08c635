"""Renders Django forms as GOV.UK Design System markup.

Settings: ``FORM_RENDERER = "core.forms_renderer.GovUKFormRenderer"`` with
``"django.forms"`` in ``INSTALLED_APPS`` (TemplatesSetting looks templates up through
``TEMPLATES``, and Django's own widget templates live in that app).

``{{ form }}`` and ``{{ form.field.as_field_group }}`` use the templates in
``templates/forms/govuk/``; the error summary is ``{% include "forms/govuk/error_summary.html" %}``.
Widgets keep Django's own templates: this renderer only adds the GOV.UK class (and its
``--error`` modifier when Django marks the widget ``aria-invalid``).
"""

from django.forms.renderers import TemplatesSetting

# Django widget template -> (GOV.UK class, error modifier or None).
_INPUT = ("govuk-input", "govuk-input--error")
WIDGET_CLASSES = {
    **{
        f"django/forms/widgets/{name}.html": _INPUT
        for name in (
            "text",
            "email",
            "number",
            "password",
            "url",
            "tel",
            "search",
            "date",
            "time",
            "datetime",
        )
    },
    "django/forms/widgets/textarea.html": ("govuk-textarea", "govuk-textarea--error"),
    "django/forms/widgets/select.html": ("govuk-select", "govuk-select--error"),
    "django/forms/widgets/file.html": ("govuk-file-upload", "govuk-file-upload--error"),
    "django/forms/widgets/radio_option.html": ("govuk-radios__input", None),
    "django/forms/widgets/checkbox_option.html": ("govuk-checkboxes__input", None),
    "django/forms/widgets/checkbox.html": ("govuk-checkboxes__input", None),
}


class GovUKFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"

    def render(self, template_name, context, request=None):
        classes = WIDGET_CLASSES.get(template_name)
        if classes and "widget" in context:
            context = {**context, "widget": _with_classes(context["widget"], *classes)}
        return super().render(template_name, context, request=request)


def _with_classes(widget, css_class, error_class):
    attrs = widget.get("attrs", {})
    names = [css_class]
    if error_class and attrs.get("aria-invalid") == "true":
        names.append(error_class)
    names += [name for name in attrs.get("class", "").split() if name not in names]
    return {**widget, "attrs": {**attrs, "class": " ".join(names)}}
