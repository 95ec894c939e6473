#!/usr/bin/env bash
# Installs the system packages the tests need: Debian's dovecot-imapd (a real IMAP
# server for the integration tests). The demo needs none of this.
set -euo pipefail
if command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "Installing dovecot-imapd (real IMAP server for the tests)..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dovecot-imapd >/dev/null
