/** UsageError and RunEnded (packages/cli/src/errors.ts): how the CLI's two kinds of ending read when printed. */
import { describe, expect, it } from "vitest";
import { RunEnded, UsageError } from "../../packages/cli/src/errors.js";

describe("the CLI's errors", () => {
  it("String(new UsageError(message)) names the kind: 'UsageError: …'", () => {
    const e = new UsageError("invalid domain: '5' (expected two numbers such as -5,5)");
    expect(e).toBeInstanceOf(Error);
    expect(String(e)).toBe("UsageError: invalid domain: '5' (expected two numbers such as -5,5)");
  });

  it("new RunEnded(130) carries the exit code and reads 'RunEnded: exit 130'", () => {
    const e = new RunEnded(130);
    expect(e).toBeInstanceOf(Error);
    expect(e.exitCode).toBe(130);
    expect(String(e)).toBe("RunEnded: exit 130");
  });
});
