#!/usr/bin/env node
// The `raadspost` command. Sources are TypeScript: tsx (a runtime dependency) compiles them on the fly.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../shared/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
