"""Length and mass conversions for the recipe and shipping tools."""

# How many base units (metre, kilogram) one unit is worth.
LENGTH = {
    "mm": 0.001,
    "cm": 0.01,
    "m": 1.0,
    "km": 1000.0,
    "in": 0.0254,
    "ft": 0.3048,
    "yd": 0.9144,
    "mi": 1609.344,
}
MASS = {
    "g": 0.001,
    "kg": 1.0,
    "t": 1000.0,
    "oz": 0.028349523125,
    "lb": 0.45359237,
}


def _table(unit):
    for table in (LENGTH, MASS):
        if unit in table:
            return table
    raise ValueError("unknown unit %r" % unit)


def convert(value, from_unit, to_unit):
    """Convert `value` from one unit to another of the same kind."""
    table = _table(from_unit)
    if to_unit not in table:
        raise ValueError("cannot convert %s to %s" % (from_unit, to_unit))
    return value * table[from_unit] / table[to_unit]


def parse_quantity(text):
    """'12.5 kg' -> (12.5, 'kg')"""
    number, _, unit = text.strip().partition(" ")
    unit = unit.strip()
    _table(unit)
    return float(number), unit


def convert_text(text, to_unit, digits=2):
    """'12 in' -> '1.00 ft' when to_unit is 'ft'."""
    value, unit = parse_quantity(text)
    return "%.*f %s" % (digits, convert(value, unit, to_unit), to_unit)
