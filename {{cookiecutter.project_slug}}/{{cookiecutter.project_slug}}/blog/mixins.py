"""The blog's view mixins: whose posts a view edits, how a refused save is shown."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.views.generic.edit import ModelFormMixin

from {{ cookiecutter.project_slug }}.users.access import (
    VerifiedEmailRequiredMixin,
)

from .models import Post


class ShowSaveErrorsMixin(ModelFormMixin):
    """Show a rule only saving can check on the form, as the form's own errors are.

    Post.save() refuses a slug another post took after the form was checked.
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


class OwnPostsMixin(VerifiedEmailRequiredMixin):
    """Look posts up among the user's own, for writing: anyone else's post is a 404,
    and the user's address must be confirmed."""

    request: HttpRequest  # set by the view this mixin is combined with

    def get_queryset(self):
        return Post.objects.by(self.request.user)
