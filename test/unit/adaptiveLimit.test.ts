/**
 * The Auto limit (transport/adaptiveLimit.ts) as a property: whatever the answers, the limit
 * stays within [1, ceiling]; every overload signal (429, Retry-After, timeout, a clear rise in
 * latency) cuts it once per round trip; a 429 paces the run, and successes win it all back.
 * The clock is the test's: nothing here waits.
 */
import fc from "fast-check";

import {
  AdaptiveLimit,
  INITIAL_LIMIT,
  LATENCY_MARGIN_MS,
  MAX_PACE_INTERVAL_MS,
  type Permit,
  type Signal,
} from "../../nodes/AnnexCloud/transport/adaptiveLimit";
import { signalOf } from "../../nodes/AnnexCloud/transport/admission";

type Step =
  | { kind: "start"; advanceMs: number }
  | { kind: "finish"; pick: number; signal: Signal; advanceMs: number };

const overload: fc.Arbitrary<Signal> = fc.oneof(
  fc.record({
    kind: fc.constant("rateLimited" as const),
    retryAfterMs: fc.option(fc.integer({ min: 0, max: 5000 }), {
      nil: undefined,
    }),
  }),
  fc.constant({ kind: "timeout" as const }),
);
const anySignal: fc.Arbitrary<Signal> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("success" as const),
      latencyMs: fc.integer({ min: 0, max: 3000 }),
    }),
  },
  { weight: 1, arbitrary: overload },
  { weight: 1, arbitrary: fc.constant({ kind: "neutral" as const }) },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("start" as const),
    advanceMs: fc.integer({ min: 0, max: 200 }),
  }),
  fc.record({
    kind: fc.constant("finish" as const),
    pick: fc.nat(),
    signal: anySignal,
    advanceMs: fc.integer({ min: 0, max: 200 }),
  }),
);

const isOverload = (signal: Signal): boolean =>
  signal.kind === "rateLimited" || signal.kind === "timeout";

/** Keep the limit's worth of requests in flight (waiting for paced starts) and answer each fast and well, `count` times. */
function succeed(
  limiter: AdaptiveLimit,
  inFlight: Permit[],
  count: number,
  nowMs: number,
): number {
  let now = nowMs;
  for (let k = 0; k < count; k++) {
    now += 1;
    for (;;) {
      const admission = limiter.tryStart(now);
      if (!admission.admitted) {
        if (admission.waitMs !== undefined) {
          now += admission.waitMs;
          continue;
        }
        break;
      }
      inFlight.push(admission.permit);
    }
    const permit = inFlight.shift();
    if (permit !== undefined)
      limiter.release(permit, { kind: "success", latencyMs: 5 }, now);
  }
  return now;
}

type Event =
  | {
      kind: "start";
      inFlightBefore: number;
      admitted: boolean;
      waitMs?: number;
    }
  | {
      kind: "finish";
      permit: Permit;
      fresh: boolean;
      limitBefore: number;
      paceBefore?: number;
      signal: Signal;
    };

/** Play `steps` on a new limit with this ceiling; `observe` sees each step after the limit did. */
function replay(
  ceiling: number,
  steps: Step[],
  observe: (
    limiter: AdaptiveLimit,
    event: Event,
    inFlight: Permit[],
  ) => void = () => undefined,
) {
  let now = 1_000_000;
  const limiter = new AdaptiveLimit(now, ceiling);
  const inFlight: Permit[] = [];
  for (const next of steps) {
    now += next.advanceMs;
    if (next.kind === "start") {
      const inFlightBefore = limiter.inFlight;
      const admission = limiter.tryStart(now);
      if (admission.admitted) inFlight.push(admission.permit);
      observe(
        limiter,
        {
          kind: "start",
          inFlightBefore,
          admitted: admission.admitted,
          waitMs: admission.admitted ? undefined : admission.waitMs,
        },
        inFlight,
      );
    } else if (inFlight.length > 0) {
      const [permit] = inFlight.splice(next.pick % inFlight.length, 1) as [
        Permit,
      ];
      const event: Event = {
        kind: "finish",
        permit,
        fresh: permit.epoch === limiter.cuts,
        limitBefore: limiter.limit,
        paceBefore: limiter.pace,
        signal: next.signal,
      };
      limiter.release(permit, next.signal, now);
      observe(limiter, event, inFlight);
    }
  }
  return { limiter, inFlight, now };
}

describe("AdaptiveLimit (Concurrent Requests Auto)", () => {
  it("stays within [1, ceiling], admits no more than the limit, cuts on every fresh overload signal, never grows on a stale one", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(step, { maxLength: 400 }),
        (ceiling, steps) => {
          replay(ceiling, steps, (limiter, event, inFlight) => {
            if (event.kind === "start") {
              if (event.admitted)
                expect(event.inFlightBefore).toBeLessThan(limiter.limit);
              else
                expect(
                  event.inFlightBefore >= limiter.limit ||
                    (event.waitMs ?? 0) > 0,
                ).toBe(true);
            } else if (isOverload(event.signal)) {
              const { permit, limitBefore, paceBefore, signal } = event;
              if (event.fresh) {
                expect(limiter.cuts).toBe(permit.epoch + 1);
                expect(limiter.limit).toBeLessThanOrEqual(
                  Math.max(1, Math.floor(limitBefore / 2)),
                );
                // A 429 slows a pace already on (down to the slowest, one request per MAX_PACE_INTERVAL_MS).
                if (signal.kind === "rateLimited" && paceBefore !== undefined) {
                  expect(limiter.pace as number).toBeLessThanOrEqual(
                    paceBefore,
                  );
                  if (paceBefore > 1000 / MAX_PACE_INTERVAL_MS / 0.9)
                    expect(limiter.pace as number).toBeLessThan(paceBefore);
                }
              } else {
                expect(limiter.limit).toBeLessThanOrEqual(limitBefore);
              }
            }
            expect(limiter.limit).toBeGreaterThanOrEqual(1);
            expect(limiter.limit).toBeLessThanOrEqual(ceiling);
            expect(limiter.inFlight).toBe(inFlight.length);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("recovers after the overload ends: fast successes bring the limit back to the ceiling and speed up the pace", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(step, { maxLength: 200 }),
        (ceiling, steps) => {
          const { limiter, inFlight, now } = replay(ceiling, steps);
          const pace = limiter.pace;
          // Additive increase: one per limit's worth of successes, so ceiling^2 is enough from 1.
          succeed(limiter, inFlight, ceiling * ceiling + 2 * ceiling + 10, now);
          expect(limiter.limit).toBe(ceiling);
          if (pace !== undefined)
            expect(limiter.pace as number).toBeGreaterThan(pace);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("slow start: from the initial limit, fast successes at full use double it every round trip until the first cut", () => {
    const limiter = new AdaptiveLimit(0, 1000);
    expect(limiter.limit).toBe(INITIAL_LIMIT);
    succeed(limiter, [], INITIAL_LIMIT, 0);
    expect(limiter.limit).toBe(2 * INITIAL_LIMIT);
  });

  it("does not grow a limit the run does not use (one request at a time)", () => {
    const limiter = new AdaptiveLimit(0, 1000);
    for (let k = 0; k < 100; k++) {
      const admission = limiter.tryStart(k);
      if (!admission.admitted) throw new Error("not admitted");
      limiter.release(admission.permit, { kind: "success", latencyMs: 5 }, k);
    }
    expect(limiter.limit).toBe(INITIAL_LIMIT);
  });

  it("cuts on a clear rise in latency, not on jitter around the fastest answer", () => {
    const limiter = new AdaptiveLimit(0, 1000, 100);
    const answer = (latencyMs: number): void => {
      const admission = limiter.tryStart(0);
      if (!admission.admitted) throw new Error("not admitted");
      limiter.release(admission.permit, { kind: "success", latencyMs }, 0);
    };
    for (let k = 0; k < 200; k++) answer(25 + (k % 3) * 10);
    expect(limiter.cuts).toBe(0);
    for (let k = 0; k < 50 && limiter.cuts === 0; k++)
      answer(25 + 2 * LATENCY_MARGIN_MS);
    expect(limiter.cuts).toBe(1);
    expect(limiter.limit).toBeLessThan(100);
  });

  it("paces the run after a 429 at what the API allowed since the last pause, and waits for the paced start", () => {
    const limiter = new AdaptiveLimit(0, 1000, 30);
    const permits: Permit[] = [];
    for (let k = 0; k < 21; k++) {
      const admission = limiter.tryStart(0);
      if (!admission.admitted) throw new Error("not admitted");
      permits.push(admission.permit);
    }
    // 20 answered in the first 100 ms, then a 429 asking for 1 s: 20 requests in 1.1 s.
    for (const permit of permits.slice(0, 20))
      limiter.release(permit, { kind: "success", latencyMs: 5 }, 100);
    limiter.release(
      permits[20] as Permit,
      { kind: "rateLimited", retryAfterMs: 1000 },
      100,
    );
    expect(limiter.pace).toBeCloseTo(20 / 1.1, 5);
    // The pause itself is request.ts's (the run-wide pause); the starts after it are spaced 1/pace apart.
    const first = limiter.tryStart(1100);
    if (!first.admitted) throw new Error("not admitted");
    const next = limiter.tryStart(1100);
    expect(next.admitted).toBe(false);
    expect(next.admitted ? 0 : next.waitMs).toBeCloseTo(1100 / 20, 5);
    // A later 429 slows the pace by a tenth.
    limiter.release(first.permit, { kind: "success", latencyMs: 5 }, 1100);
    const paced = limiter.pace as number;
    const admission = limiter.tryStart(5000);
    if (!admission.admitted) throw new Error("not admitted");
    limiter.release(
      admission.permit,
      { kind: "rateLimited", retryAfterMs: 1000 },
      5000,
    );
    expect(limiter.pace).toBeCloseTo(paced * 0.9, 5);
  });

  it("a 429 before enough answers to tell a rate by cuts the limit but does not pace", () => {
    const limiter = new AdaptiveLimit(0, 1000);
    const admission = limiter.tryStart(0);
    if (!admission.admitted) throw new Error("not admitted");
    limiter.release(
      admission.permit,
      { kind: "rateLimited", retryAfterMs: 2000 },
      10,
    );
    expect(limiter.pace).toBeUndefined();
    expect(limiter.limit).toBe(INITIAL_LIMIT / 2);
  });

  it.each([
    [{ outcome: "ok", status: 200 }, undefined, "success"],
    [{ outcome: "status", status: 404 }, undefined, "success"],
    [{ outcome: "status", status: 429 }, undefined, "rateLimited"],
    [{ outcome: "status", status: 503 }, 2000, "rateLimited"],
    [{ outcome: "status", status: 503 }, undefined, "neutral"],
    [{ outcome: "network", networkCode: "ETIMEDOUT" }, undefined, "timeout"],
    [{ outcome: "network", networkCode: "ECONNABORTED" }, undefined, "timeout"],
    [{ outcome: "network", networkCode: "ECONNRESET" }, undefined, "neutral"],
    [{ outcome: "thrown" }, undefined, "neutral"],
    [{ outcome: "unreadable", status: 200 }, undefined, "neutral"],
  ])(
    "an exchange %p (Retry-After %p) is a %s signal",
    (exchange, retryAfterMs, kind) => {
      expect(signalOf(exchange, retryAfterMs, 12).kind).toBe(kind);
    },
  );
});
