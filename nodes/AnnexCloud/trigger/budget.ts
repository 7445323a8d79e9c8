import type { IPollFunctions } from 'n8n-workflow';

/** How long a poll may run when n8n does not say: n8n's own default for `getPollBudgetMs()`. */
export const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

interface WithPollBudget {
	getPollBudgetMs(): number;
}

/** Whether this n8n offers a poll budget (n8n-workflow 2.38 and newer do; older ones do not). */
function offersPollBudget(context: object): context is WithPollBudget {
	return typeof (context as Partial<WithPollBudget>).getPollBudgetMs === 'function';
}

/**
 * How long this poll may run: what n8n says through `getPollBudgetMs()` where it offers it
 * (a feature test, not a version check), else the 5-minute default n8n itself uses.
 */
export function pollBudgetMs(context: IPollFunctions): number {
	return offersPollBudget(context) ? context.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
}
