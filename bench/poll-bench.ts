import { type BenchEnvironment, perSecond } from './bench-environment.ts';
import { startDemoStack } from './demo-stack.ts';

const COUNT = 10_000;

/**
 * A whole poll of an account holding 10,000 appointments, as the poll worker does it:
 * keyset-paged GET /v1/appointments from the in-process sandbox over loopback HTTP,
 * then the diff. The first poll is the baseline (every snapshot written); the second
 * reads only the overlap window and finds nothing new.
 */
export async function benchPoll(env: BenchEnvironment) {
  const { sandbox, runtime, connectionId, stop } = await startDemoStack(env, {
    seedFixtureAppointments: false,
  });
  try {
    sandbox.store.bulkCreateAppointments(COUNT);
    let started = performance.now();
    const baseline = await runtime.poll(connectionId);
    const baselineMs = performance.now() - started;
    if (baseline.seen !== COUNT) throw new Error(`baseline saw ${baseline.seen} of ${COUNT}`);
    started = performance.now();
    const next = await runtime.poll(connectionId);
    const incrementalMs = performance.now() - started;
    return {
      appointments: COUNT,
      baseline_poll: { ms: Math.round(baselineMs), appointments_per_s: perSecond(COUNT, baselineMs) },
      incremental_poll_nothing_new: {
        ms: Math.round(incrementalMs),
        appointments_read: next.seen,
        events: next.events,
      },
    };
  } finally {
    await stop();
  }
}
