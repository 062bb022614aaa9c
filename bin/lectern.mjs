#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so a fresh clone needs no build step for headless use.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli.ts');
process.exitCode = await main(process.argv);
