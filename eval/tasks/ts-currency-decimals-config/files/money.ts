import { currency } from './currency.ts';

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+$)/g, ',');

// formatMoney(123456, 'USD') -> "$1,234.56"
export function formatMoney(minorUnits: number, code: string): string {
  const { symbol, decimals } = currency(code);
  const sign = minorUnits < 0 ? '-' : '';
  const digits = String(Math.abs(minorUnits)).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${sign}${symbol}${group(whole)}${decimals > 0 ? '.' + fraction : ''}`;
}
