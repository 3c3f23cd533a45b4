#!/usr/bin/env node
import { main, stdoutFailed } from "../dist/main.js";

// `actlab list | head` closes the pipe early: that is not an error. A full disk is, in one line.
process.stdout.on("error", (err) => process.exit(stdoutFailed(err)));
process.exitCode = await main(process.argv);
