/**
 * How long a poll may keep starting requests. Pure, no n8n context.
 */

/** n8n's default poll budget when the engine names none (n8n-core PollContext: 5 minutes). */
export const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

/** How much of the poll budget is kept for the last page request to finish (at most). */
const BUDGET_RESERVE_MS = 60_000;

/** Epoch ms after which no further request is started. */
export function pollDeadline(startedAt: number, budgetMs: number): number {
	const budget = Number.isFinite(budgetMs) && budgetMs > 0 ? budgetMs : DEFAULT_POLL_BUDGET_MS;
	return startedAt + budget - Math.min(budget / 2, BUDGET_RESERVE_MS);
}
