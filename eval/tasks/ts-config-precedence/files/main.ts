import { resolveSettings } from './config.ts';

const settings = resolveSettings(process.argv.slice(2), process.env, new URL('./config.json', import.meta.url));
console.log(`starting on ${settings.host}:${settings.port} (log level ${settings.logLevel})`);
