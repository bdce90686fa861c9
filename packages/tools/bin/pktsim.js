#!/usr/bin/env node
// The pktsim CLI: a thin launcher for the built entry point.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
