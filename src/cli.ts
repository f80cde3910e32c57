#!/usr/bin/env node
/** `pactbot`: the command line (src/cli/run.ts) on this process's arguments and streams. */
import { processIo, runCli } from './cli/run.js';

process.exitCode = await runCli(process.argv.slice(2), processIo);
