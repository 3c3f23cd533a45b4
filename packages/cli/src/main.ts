import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { RunEnded, UsageError } from "./errors.js";
import { registerList } from "./list.js";
import { registerEval } from "./eval.js";
import { registerTrain } from "./train.js";
import { registerPlotCommands } from "./figures.js";
import { registerExperiment } from "./experiment.js";

/** The CLI's version, read from its own package.json (dist/ and src/ both sit one level below it). */
export const VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

export function buildProgram(): Command {
  const program = new Command("actlab")
    .description("Activation functions of neural networks, exact, fast and visible.")
    .version(VERSION)
    .exitOverride()
    // One line per usage error, as the README promises: the pointer to --help rides on it.
    .configureOutput({ outputError: (str, write) => write(str.startsWith("error:") ? `actlab: ${str.slice(7).trimEnd()} (see --help)\n` : str) });
  registerList(program);
  registerEval(program);
  registerTrain(program);
  registerPlotCommands(program);
  registerExperiment(program);
  return program;
}

/**
 * What to do when standard output fails: a closed pipe (`actlab list | head`) is not an error,
 * exit 0 quietly; anything else (a full disk, /dev/full) is one line on stderr and exit 1.
 */
export function stdoutFailed(err: NodeJS.ErrnoException, stderr: { write(s: string): unknown } = process.stderr): number {
  if (err.code === "EPIPE") return 0;
  const why = err.code === "ENOSPC" ? "no space left on device" : err.code === "EIO" ? "input/output error" : err.code === "EBADF" ? "it is closed" : (err.message || String(err)).split("\n")[0];
  stderr.write(`actlab: cannot write to standard output: ${why}${err.code && err.code !== "EBADF" ? ` (${err.code})` : ""}\n`);
  return 1;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage error) instead of exiting. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version arrive here too, with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof RunEnded) return err.exitCode;
    if (err instanceof UsageError || err instanceof RangeError) {
      process.stderr.write(`actlab: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
