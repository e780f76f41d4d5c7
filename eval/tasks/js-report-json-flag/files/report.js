// sales: [{ region, amount }]
export function summarize(sales) {
  const byRegion = {};
  for (const { region, amount } of sales) byRegion[region] = (byRegion[region] ?? 0) + amount;
  const total = Object.values(byRegion).reduce((sum, value) => sum + value, 0);
  return { total, byRegion };
}

export function formatTable(summary) {
  const row = (label, value) => `${label.padEnd(12)}${value.toFixed(2).padStart(12)}`;
  const lines = Object.keys(summary.byRegion)
    .sort()
    .map((region) => row(region, summary.byRegion[region]));
  lines.push('-'.repeat(24), row('TOTAL', summary.total));
  return lines.join('\n');
}
