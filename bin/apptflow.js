#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx's loader, so there is no
// build step between editing a file and `npm start` / `npx apptflow`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
