export type Discount = { kind: 'percent'; percent: number } | { kind: 'fixed'; cents: number };

// The unit price after a discount, in whole cents. A discount never makes an item cost less than nothing.
export function applyDiscount(priceCents: number, discount?: Discount): number {
  if (!discount) return priceCents;
  if (discount.kind === 'percent') return Math.round((priceCents * (100 - discount.percent)) / 100);
  return Math.max(0, priceCents - discount.cents);
}

export function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
