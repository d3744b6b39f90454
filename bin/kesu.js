#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of the `kesu` command. TypeScript sources run through tsx's loader,
// so a fresh `npm install` needs no build step for the server.
// The flag on the first line (also in package.json's `start`, and in bench/lib/kesu.ts): a young generation of up to
// 64 MB per semi-space instead of 16, for the server and its worker thread — a request allocates its body, JSON,
// encrypted fields and SQL parameters, and with the default the scavenger promoted enough of that to keep V8's
// helper threads marking the old generation (docs/decisions.md, "young generation").
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
