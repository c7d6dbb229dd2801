import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { type BenchEnvironment, createBenchEnvironment } from './bench-environment.ts';
import { benchDiff } from './diff-bench.ts';
import { benchEndToEnd } from './e2e-bench.ts';
import { benchPoll } from './poll-bench.ts';
import { benchSandbox } from './sandbox-bench.ts';

/** `npm run bench [-- --json]`: every benchmark, each against a throw-away database of its own. */
const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });

async function isolated<T>(bench: (env: BenchEnvironment) => Promise<T>): Promise<T> {
  const env = await createBenchEnvironment();
  try {
    return await bench(env);
  } finally {
    await env.dispose();
  }
}

const results = {
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model },
  diff: await isolated(benchDiff),
  poll: await isolated(benchPoll),
  end_to_end: await isolated(benchEndToEnd),
  sandbox: await benchSandbox(),
};
console.log(values.json ? JSON.stringify(results) : JSON.stringify(results, null, 2));
