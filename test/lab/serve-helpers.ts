/** Shared by the lab server's tests: a server that lives for one test only. */
import type { Server } from "node:http";
import { onTestFinished } from "vitest";
// @ts-expect-error: plain ESM script without type declarations
import { serveDir } from "../../scripts/lab-server.mjs";

/**
 * Serves `dir` on a free port of 127.0.0.1 until the calling test ends. Started inside the test
 * (not in `beforeAll`), so mutation testing credits the test with the server code it runs.
 */
export async function serveForTest(dir: string): Promise<{ server: Server; url: string; port: number }> {
  const { server, url } = (await serveDir(dir, { port: 0 })) as { server: Server; url: string };
  onTestFinished(
    () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        // Keep-alive connections of fetch and http.request would hold close() for seconds.
        server.closeAllConnections();
      }),
  );
  return { server, url, port: (server.address() as { port: number }).port };
}
