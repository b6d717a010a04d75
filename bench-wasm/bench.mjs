// The wasm side of `cargo xtask bench`: times validation and parsing of the
// synthetic designs in Node with performance.now().
//
// Usage: node bench.mjs BINDINGS_DIR [SIZES]
// BINDINGS_DIR holds the Node bindings that wasm-bindgen generated for the
// bench-wasm crate; SIZES is a comma-separated list (100,1000,5000 by
// default). Prints one `RESULT key=value ...` line per size.

import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import path from "node:path";

const [dir, sizesArg] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node bench.mjs BINDINGS_DIR [SIZES]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const wasm = require(path.resolve(dir, "bench_wasm.js"));
const sizes = (sizesArg ?? "100,1000,5000").split(",").map(Number);

// Each measurement runs at least this long, after warming up.
const BUDGET_MS = 1500;
const MIN_SAMPLES = 30;
const MAX_SAMPLES = 5000;

// The median and 95th percentile of repeated runs of f, in milliseconds.
function measure(f) {
  for (let i = 0; i < 3; i++) f();
  const samples = [];
  const start = performance.now();
  while (
    samples.length < MAX_SAMPLES &&
    (samples.length < MIN_SAMPLES || performance.now() - start < BUDGET_MS)
  ) {
    const t = performance.now();
    f();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.round((samples.length - 1) * q)];
  return { median: at(0.5), p95: at(0.95), samples: samples.length };
}

for (const n of sizes) {
  const json = wasm.synth_json(n);
  const design = new wasm.Design(json);
  const findings = design.validate();
  const validate = measure(() => design.validate());
  const parse = measure(() => wasm.parse_json(json));
  console.log(
    `RESULT n=${n} flows=${design.flows()} findings=${findings} ` +
      `validate_ms=${validate.median.toFixed(6)} validate_p95_ms=${validate.p95.toFixed(6)} ` +
      `parse_ms=${parse.median.toFixed(6)} samples=${validate.samples}`,
  );
  design.free();
}
