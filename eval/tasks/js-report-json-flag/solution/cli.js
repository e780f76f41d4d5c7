#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { formatTable, summarize } from './report.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const [file] = args.filter((arg) => arg !== '--json');
if (!file) {
  console.error('usage: node cli.js [--json] <sales.json>');
  process.exit(2);
}

const sales = JSON.parse(readFileSync(file, 'utf8'));
const summary = summarize(sales);
console.log(json ? JSON.stringify(summary, null, 2) : formatTable(summary));
