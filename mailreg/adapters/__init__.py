"""Adapters: the database, the IMAP mailbox, the SMTP outbox, templates, OAuth, TLS."""
