export class OutOfStockError extends Error {
  constructor(sku, wanted, available) {
    super(`not enough ${sku}: wanted ${wanted}, have ${available}`);
    this.sku = sku;
  }
}

function checkQty(qty) {
  if (!Number.isInteger(qty) || qty <= 0) throw new RangeError(`bad quantity: ${qty}`);
}

export class Inventory {
  constructor() {
    this.stock = new Map();
  }

  count(sku) {
    return this.stock.get(sku) ?? 0;
  }

  add(sku, qty) {
    checkQty(qty);
    this.stock.set(sku, this.count(sku) + qty);
  }

  // Takes every line of the order out of stock, or nothing at all when any line can't be filled.
  // lines: [{ sku, qty }]
  reserve(lines) {
    const wanted = new Map();
    for (const { sku, qty } of lines) {
      checkQty(qty);
      wanted.set(sku, (wanted.get(sku) ?? 0) + qty);
    }
    for (const [sku, qty] of wanted) {
      const available = this.count(sku);
      if (available < qty) throw new OutOfStockError(sku, qty, available);
    }
    for (const [sku, qty] of wanted) this.stock.set(sku, this.count(sku) - qty);
  }

  release(lines) {
    for (const { sku, qty } of lines) this.add(sku, qty);
  }
}
