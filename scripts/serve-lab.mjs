#!/usr/bin/env node
// `node scripts/serve-lab.mjs [dir]`: serves `dir` (default lab-dist/) on 127.0.0.1:PORT (default
// 5173); exit code 2 after one line on stderr when it cannot. The server is lab-server.mjs.
import { main } from "./lab-server.mjs";

if (!(await main(process.argv.slice(2), process.env))) process.exit(2);
