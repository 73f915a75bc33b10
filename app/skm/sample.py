"""Sample adequacy (D4): the Krejcie-Morgan sample size of section 1.7, exact, rounded half-up.

s = chi2 * N * P(1-P) / (d^2 (N-1) + chi2 * P(1-P)) with chi2 = 3.841, P = 0.5, d = 0.05.
A period short of its sample is flagged, never refused.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CHI_SQUARE = Decimal("3.841")
PROPORTION = Decimal("0.5")
MARGIN = Decimal("0.05")


def required_sample(population):
    """The number of respondents a population of ``population`` service users needs (None if N is unknown)."""
    if population is None or population <= 0:
        return None
    n = Decimal(int(population))
    spread = PROPORTION * (1 - PROPORTION)
    value = (CHI_SQUARE * n * spread) / (MARGIN * MARGIN * (n - 1) + CHI_SQUARE * spread)
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass
class Adequacy:
    """Collected versus required respondents; ``short`` is the flag shown as a warning."""

    collected: int
    required: int = None

    @property
    def short(self):
        return self.required is not None and self.collected < self.required

    @property
    def missing(self):
        return max(0, self.required - self.collected) if self.required is not None else None


def adequacy(collected, population):
    return Adequacy(collected=int(collected or 0), required=required_sample(population))
