"""Order totals at checkout."""
from shipping import shipping_cost


def checkout_total(cart, country):
    """`cart` is a list of (name, unit_price, quantity, weight_kg_each)."""
    value = round(sum(price * qty for _, price, qty, _ in cart), 2)
    weight = sum(w * qty for _, _, qty, w in cart)
    return round(value + shipping_cost(country, weight, value), 2)
