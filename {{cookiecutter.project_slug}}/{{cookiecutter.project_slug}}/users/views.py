"""Users views (the V in MVT): the account page, its data and its deletion; allauth's
views do sign-up, log-in, e-mail and the second factor."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from .personal_data import personal_data


@login_required
def account(request):
    return render(request, "users/account.html")


@require_http_methods(["POST"])
@reauthentication_required
def download_data(request):
    response = JsonResponse(
        personal_data(request.user), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def delete_account(request):
    """Ask, then delete the account with everything it wrote."""
    if request.method == "GET":
        return render(request, "users/delete_account.html")
    user = request.user
    logout(request)
    user.delete()
    messages.success(
        request, gettext("Your account and everything it wrote are deleted.")
    )
    return redirect("core:home")
