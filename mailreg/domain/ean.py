"""EAN (GLN) numbers, the 13 digits a Danish public library is invoiced by."""

from __future__ import annotations


def ean_check_ok(digits: str) -> bool:
    """GS1 check digit: weights 1,3,1,3,... over the first 12 digits."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])
