"""Accounts: django-allauth's sign-up, log-in, e-mail and second factor, and their limits.

base.py imports this module; each value here can be changed in an environment's
settings like any other.
"""

import environ

env = environ.Env()

users_app = "{{ cookiecutter.project_slug }}.users"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"

# A user name and an e-mail address, unique whatever its case, that a mailed link
# confirms before the account can sign in (and so write anything). Changing the
# address confirms the new one before it replaces the old.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Pages answer alike whether an address has an account or not; and the mails (with
# the look-up they need) are made by the worker, so the time taken does not tell
# either (users/adapter.py, users/forms.py, users/tasks.py).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = f"{users_app}.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": f"{users_app}.forms.SignUpForm",
    "reset_password": f"{users_app}.forms.QueuedResetPasswordForm",
}
# Changing the password, the e-mail address or the second factor asks for the
# password (or the factor) again when the last sign-in is older than this.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300

# How often each account page may be used: "amount/period/per" (per ip: the
# visitor's address; key: the address or user name typed; user: the signed-in
# account), several joined by commas. Over a limit the page answers 429. The counts
# live in the default cache, which every worker (and, with Redis, every node) shares;
# when the cache cannot count, the pages refuse rather than let tries through.
ACCOUNT_RATE_LIMITS = {
    "login": env.str("DJANGO_RATE_LIMIT_LOGIN", default="30/m/ip"),
    # Wrong passwords, and wrong second-factor codes (counted per account).
    "login_failed": env.str(
        "DJANGO_RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"
    ),
    "signup": env.str("DJANGO_RATE_LIMIT_SIGNUP", default="20/m/ip"),
    "reset_password": env.str(
        "DJANGO_RATE_LIMIT_RESET_PASSWORD", default="20/m/ip,5/m/key"
    ),
    # The page a reset mail's link opens.
    "reset_password_from_key": env.str(
        "DJANGO_RATE_LIMIT_RESET_PASSWORD_FROM_KEY", default="20/m/ip"
    ),
    # Mails asking to confirm an address: one per address in the period.
    "confirm_email": env.str("DJANGO_RATE_LIMIT_CONFIRM_EMAIL", default="1/3m/key"),
    "change_password": env.str("DJANGO_RATE_LIMIT_CHANGE_PASSWORD", default="5/m/user"),
    "reauthenticate": env.str("DJANGO_RATE_LIMIT_REAUTHENTICATE", default="10/m/user"),
    "manage_email": env.str("DJANGO_RATE_LIMIT_MANAGE_EMAIL", default="10/m/user"),
{%- if cookiecutter.include_blog %}
    # The site's own forms use the same limits, with allauth's decorator: a comment
    # mails the post's author (blog/views.py).
    "comment": env.str("DJANGO_RATE_LIMIT_COMMENT", default="10/m/user"),
{%- endif %}
}

# A second factor, offered on the account page: one-time codes from an
# authenticator app (with recovery codes for a lost phone) and passkeys, which can
# also sign in on their own. Staff who enabled one use it for the admin too, as the
# admin's log-in is allauth's (config/urls.py).
MFA_ADAPTER = f"{users_app}.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = {{ cookiecutter.project_name | py_str }}

# What base.py takes from here: the settings, not the helpers above.
__all__ = [
    "ACCOUNT_ADAPTER",
    "ACCOUNT_CHANGE_EMAIL",
    "ACCOUNT_EMAIL_NOTIFICATIONS",
    "ACCOUNT_EMAIL_SUBJECT_PREFIX",
    "ACCOUNT_EMAIL_VERIFICATION",
    "ACCOUNT_FORMS",
    "ACCOUNT_LOGIN_METHODS",
    "ACCOUNT_LOGOUT_REDIRECT_URL",
    "ACCOUNT_PREVENT_ENUMERATION",
    "ACCOUNT_RATE_LIMITS",
    "ACCOUNT_REAUTHENTICATION_REQUIRED",
    "ACCOUNT_REAUTHENTICATION_TIMEOUT",
    "ACCOUNT_SIGNUP_FIELDS",
    "ACCOUNT_UNIQUE_EMAIL",
    "AUTHENTICATION_BACKENDS",
    "LOGIN_REDIRECT_URL",
    "LOGIN_URL",
    "MFA_ADAPTER",
    "MFA_PASSKEY_LOGIN_ENABLED",
    "MFA_SUPPORTED_TYPES",
    "MFA_TOTP_ISSUER",
]
