"""Users views (the V in MVT): sign-up and the lockout page; Django's auth views do
log-in and the rest."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.views.generic import CreateView

from .forms import SignUpForm

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignUpView(CreateView):
    form_class = SignUpForm
    template_name = "users/signup.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Named, as several backends are set (django-axes counts, this one checks).
        login(self.request, self.object, backend=MODEL_BACKEND)
        messages.success(self.request, gettext("Welcome! Your account is ready."))
        return response


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers once an address has failed to log in too often.

    Every further try, right or wrong, starts the cool-off again.
    """
    now = timezone.now()
    context = {"now": now, "try_again_at": now + settings.AXES_COOLOFF_TIME}
    response = render(request, "users/lockout.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
