"""TLS for the IMAP and SMTP connections: certificates verified unless the
administrator turned it off for a test server, which is then logged at every
connection so it is not forgotten."""

from __future__ import annotations

import logging
import ssl

log = logging.getLogger(__name__)


def tls_context(verify: bool, protocol: str, host: str) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not verify:
        log.warning("TLS certificate verification is OFF for %s %s (verify_tls=false)",
                    protocol, host)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context
