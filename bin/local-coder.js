#!/usr/bin/env node
// The installed headless runner: runs the built CLI (npm run build makes out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write(
    'error: the runner is not built yet; run `npm run build` first (or use `npm run agent`).\n',
  );
  process.exit(2);
}
const { main } = await import(built);
process.exit(await main(process.argv.slice(2)));
