"""One-time codes as an authenticator app computes them (RFC 6238: HMAC-SHA1, six
digits, 30-second steps), from the secret the site shows when it is enrolled."""

import base64
import hashlib
import hmac
import struct
import time

STEP_SECONDS = 30
# A code typed in a step's last moments reaches the server in the next step, which
# (with allauth's default tolerance of none) refuses it: so does an app's user wait.
LAST_MOMENTS = 2


def totp_code(secret, at=None):
    """The code for the step at ``at``; by default now's, waiting out a step's end."""
    if at is None:
        if (left := STEP_SECONDS - time.time() % STEP_SECONDS) < LAST_MOMENTS:
            time.sleep(left)
        at = time.time()
    step = int(at // STEP_SECONDS)
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", step), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"
