// Builds the migrated template database that every test file copies (once per `npm test`).
import { buildTemplate } from '../test/support/db.ts';

const t0 = performance.now();
await buildTemplate();
console.log(`› template database ready in ${Math.round(performance.now() - t0)} ms`);
