"""Shipping costs from the rate table in rates.json."""
import json
import math
import os

RATES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rates.json")


def load_rates(path=RATES_FILE):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def zone_rate(country, rates):
    """The rate entry of the zone `country` ships in."""
    try:
        zone = rates["countries"][country]
    except KeyError:
        raise ValueError("we do not ship to %r" % country) from None
    return rates["zones"][zone]


def shipping_cost(country, weight_kg, order_value, rates=None):
    """Base price plus a price per started kilogram; free above the zone's
    free_over order value (if it has one)."""
    rates = rates or load_rates()
    rate = zone_rate(country, rates)
    if rate["free_over"] is not None and order_value >= rate["free_over"]:
        return 0.0
    return round(rate["base"] + rate["per_kg"] * math.ceil(weight_kg), 2)
