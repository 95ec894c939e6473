"""Certificates are verified by default; turning it off is explicit and logged."""

import logging
import ssl

from mailreg.adapters.tls import tls_context


def test_certificates_are_verified_by_default(caplog):
    context = tls_context(True, "IMAP", "imap.example.dk")
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert caplog.records == []


def test_turning_verification_off_is_logged_loudly(caplog):
    with caplog.at_level(logging.WARNING):
        context = tls_context(False, "SMTP", "smtp.test.local")
    assert context.verify_mode == ssl.CERT_NONE and not context.check_hostname
    assert "TLS certificate verification is OFF for SMTP smtp.test.local" in caplog.text
