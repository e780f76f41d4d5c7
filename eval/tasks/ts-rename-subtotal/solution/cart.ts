export interface Line {
  sku: string;
  priceCents: number;
  qty: number;
}

// Sum of price times quantity over all lines, in cents.
export function subtotal(lines: Line[]): number {
  return lines.reduce((sum, line) => sum + line.priceCents * line.qty, 0);
}

export function itemCount(lines: Line[]): number {
  return lines.reduce((sum, line) => sum + line.qty, 0);
}

export function addLine(lines: Line[], line: Line): Line[] {
  const existing = lines.find((l) => l.sku === line.sku);
  if (!existing) return [...lines, line];
  return lines.map((l) => (l === existing ? { ...l, qty: l.qty + line.qty } : l));
}
