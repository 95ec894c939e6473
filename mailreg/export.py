"""Registrations as JSON or CSV. The CSV is for a Danish Excel: semicolons, UTF-8
with a byte-order mark (set by the caller when writing a file)."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from sqlalchemy.engine import Engine

from mailreg.config import Config
from mailreg.report import registration_dict, registrations

FIELDS = ["network", "name", "email", "organisation", "ean", "status", "received_at",
          "message_id"]


def write_export(config: Config, engine: Engine, out: TextIO, fmt: str,
                 network: str | None = None, statuses: list[str] | None = None) -> int:
    rows = [registration_dict(r, config) for r in registrations(engine, network, statuses)]
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        writer = csv.DictWriter(out, fieldnames=FIELDS, delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
