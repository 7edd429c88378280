"""Unit conversion factors are pint's, exactly: written out only to spare every worker pint's start-up."""

from __future__ import annotations

import pint
import pytest

from newsdesk.enrich.figures.units import BASE, FACTORS, UNITS, to_base


@pytest.fixture(scope="module")
def ureg() -> pint.UnitRegistry:
    return pint.UnitRegistry()


def test_every_factor_is_what_pint_computes(ureg: pint.UnitRegistry) -> None:
    convertible = {unit for unit, (dimension, _) in UNITS.items() if dimension in BASE}
    assert set(FACTORS) == convertible
    for unit in convertible:
        dimension, expr = UNITS[unit]
        assert to_base(unit) == float(ureg.Quantity(expr).to(BASE[dimension]).magnitude), unit


def test_money_percent_and_temperature_are_not_converted() -> None:
    for unit in ("USD", "SEK", "%", "pp", "degC"):
        assert to_base(unit) == 1.0
