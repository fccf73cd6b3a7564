"""How allauth's accounts fit the site: its mails, its limits, the visitor's address."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import get_language

from {{ cookiecutter.project_slug }}.mail.tasks import deliver_once, send_email

from .mail import writing_task
from .tasks import send_confirmation
from .throttling import client_address


class AccountAdapter(DefaultAccountAdapter):
    def send_confirmation_mail(self, request, emailconfirmation, signup):
        if writing_task() is None:
            # The link is made by the worker (tasks.py), never stored.
            address = emailconfirmation.email_address
            send_confirmation.enqueue(address.pk, signup, get_language())
        else:
            super().send_confirmation_mail(request, emailconfirmation, signup)

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        if task := writing_task():
            deliver_once(task, message)
        else:
            send_email.enqueue(message.subject, message.body, message.to)

    def validation_error(self, code, *args):
        if code == "too_many_login_attempts":
            # Too many wrong passwords or second-factor codes: the 429 page, as
            # every other account limit answers, not a form to try again on.
            raise ImmediateHttpResponse(respond_429(self.request))
        return super().validation_error(code, *args)

    def get_client_ip(self, request):
        # The address rate limits count, seen through the site's own proxies.
        # allauth's own reading fails with an error when X-Forwarded-For holds
        # fewer entries than PROXY_COUNT.
        return client_address(request)


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url):
        # Drawn in the page itself (no data: image for the CSP to allow): an <svg>
        # element, without the XML declaration that starts an SVG file.
        svg = super().build_totp_svg(url)
        return svg[svg.index("<svg") :]
