"""Who may write on the site: members whose e-mail address is confirmed."""

from allauth.account.decorators import verified_email_required

__all__ = ["VerifiedEmailRequiredMixin", "verified_email_required"]
from django.utils.decorators import method_decorator


class VerifiedEmailRequiredMixin:
    """For views that write: a visitor is sent to log in; a member whose address is
    not confirmed gets a page saying so, and a new confirmation mail."""

    @method_decorator(verified_email_required)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
