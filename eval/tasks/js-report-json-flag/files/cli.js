#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { formatTable, summarize } from './report.js';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: node cli.js <sales.json>');
  process.exit(2);
}

const sales = JSON.parse(readFileSync(file, 'utf8'));
console.log(formatTable(summarize(sales)));
