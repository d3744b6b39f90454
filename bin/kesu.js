#!/usr/bin/env node
// Entry point of the `kesu` command. TypeScript sources run through tsx's loader,
// so a fresh `npm install` needs no build step for the server.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
