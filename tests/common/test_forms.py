"""common.forms.RowsForm: the layout a form states once is the page's layout, and it cannot drop a field."""

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured

from common.forms import Heading, RowsForm


class Sample(RowsForm, forms.Form):
    layout = [("first", "second"), "third"]
    first = forms.CharField()
    second = forms.CharField()
    third = forms.CharField()
    token = forms.CharField(widget=forms.HiddenInput)


def names(form):
    return [[field.name for field in row] for row in form.rows()]


def test_the_layout_groups_fields_side_by_side_and_leaves_hidden_fields_out():
    assert names(Sample()) == [["first", "second"], ["third"]]


def test_a_heading_starts_a_part_of_the_form():
    class Parts(Sample):
        layout = [("first", "second"), Heading("Part two", "What follows."), "third"]

    html = str(Parts())
    assert html.index("<h2>Part two</h2>") < html.index('<p class="muted">What follows.</p>') < html.index("id_third")
    assert html.index('for="id_second"') < html.index("<h2>Part two</h2>")


def test_a_field_the_form_removed_is_passed_over():
    form = Sample()
    del form.fields["second"]
    assert names(form) == [["first"], ["third"]]


def test_a_visible_field_the_layout_does_not_place_is_an_error():
    class Forgetful(Sample):
        layout = ["first", "third"]

    with pytest.raises(ImproperlyConfigured, match="second"):
        Forgetful().rows()


def test_without_a_layout_each_visible_field_stands_alone():
    class Plain(Sample):
        layout = ()

    assert names(Plain()) == [["first"], ["second"], ["third"]]


def test_the_form_draws_its_rows_with_the_project_field_template():
    html = str(Sample())
    assert html.count('<div class="form-row">') == 1
    assert 'class="field field-required field-text"' in html
    assert '<label for="id_third">Third <span class="required" aria-hidden="true">*</span></label>' in html
    assert 'type="hidden" name="token"' in html
