"""One-time codes as an authenticator app computes them (RFC 6238: HMAC-SHA1, six
digits, 30-second steps), from the secret the site shows when it is enrolled."""

import base64
import hashlib
import hmac
import struct
import time


def totp_code(secret, at=None):
    step = int((time.time() if at is None else at) // 30)
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", step), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"
