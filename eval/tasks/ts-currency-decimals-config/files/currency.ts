import { readFileSync } from 'node:fs';

export interface Currency {
  code: string;
  symbol: string;
  decimals: number; // digits after the point; amounts are stored in minor units (cents, pence, ...)
}

const table: Record<string, Omit<Currency, 'code'>> = JSON.parse(
  readFileSync(new URL('./currencies.json', import.meta.url), 'utf8'),
);

export function currency(code: string): Currency {
  const entry = table[code.toUpperCase()];
  if (!entry) throw new Error(`unknown currency: ${code}`);
  return { code: code.toUpperCase(), ...entry };
}
