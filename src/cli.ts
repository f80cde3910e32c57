#!/usr/bin/env node
/** `pactbot`: the command line (src/cli/run.ts) on this process's arguments and streams. */
import dotenv from 'dotenv';
import { processIo, runCli } from './cli/run.js';

// The same .env as the bot: CORPUS_DIR and DATA_DIR set there apply here too (the environment wins).
dotenv.config({ quiet: true });
process.exitCode = await runCli(process.argv.slice(2), processIo);
