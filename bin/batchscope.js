#!/usr/bin/env node
// Thin launcher: the CLI is bundled by esbuild into dist/cli.js (built by `npm ci` via `prepare`).
require('../dist/cli.js');
