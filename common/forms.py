"""How every form of the project is drawn: one field template and one row layout.

``FormRenderer`` (``settings.FORM_RENDERER``) makes ``{{ form.name.as_field_group }}`` draw
``templates/includes/field.html``: label, required marker, control, help and errors, the same for every form.
``RowsForm`` lets a form say once which fields stand side by side, so that ``{{ form }}`` draws the whole form
(``templates/includes/form_fields.html``) and a page names no field.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's form templates, found through ``settings.TEMPLATES``, with the project's field template."""

    field_template_name = "includes/field.html"


@dataclass(frozen=True)
class Heading:
    """A heading between the rows of a layout, with an optional lead paragraph under it."""

    title: str
    lead: str = ""
    is_heading = True


class RowsForm:
    """A form mixin: ``{{ form }}`` draws the visible fields in the order of ``layout``.

    Each entry of ``layout`` is a field name, drawn alone, a tuple of names drawn side by side in one
    ``form-row``, or a :class:`Heading` that starts a part of the form. Names of fields the form removed for this instance are passed over; a visible field that
    ``layout`` does not place is an error, so that no field silently disappears from the page. Without
    ``layout`` each visible field stands alone, in the form's order.
    """

    template_name = "includes/form_fields.html"
    layout = ()

    def rows(self):
        if not self.layout:
            return [[field] for field in self.visible_fields()]
        rows = []
        for entry in self.layout:
            if isinstance(entry, Heading):
                rows.append(entry)
                continue
            names = (entry,) if isinstance(entry, str) else entry
            row = [self[name] for name in names if name in self.fields]
            if row:
                rows.append(row)
        placed = {field.name for row in rows if not isinstance(row, Heading) for field in row}
        missing = [field.name for field in self.visible_fields() if field.name not in placed]
        if missing:
            raise ImproperlyConfigured(f"{type(self).__name__}.layout does not place {', '.join(missing)}")
        return rows
