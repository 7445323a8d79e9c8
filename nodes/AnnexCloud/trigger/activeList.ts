/**
 * Checking the list of active campaigns before the trigger believes it. A record without an
 * id cannot be tracked, and a status word the contract does not know cannot be classified:
 * either would make the trigger store a wrong active set (and later emit campaigns again),
 * so the poll fails and says what it saw. Pure, no n8n context.
 */
import type { IDataObject } from 'n8n-workflow';

import { campaignIdOf } from '../helpers/simplify';
import { FIELDS, statusValueMeaning } from '../transport/contract';

/** What is wrong with the records of an "active" list, or undefined when they can be trusted. */
export function activeListProblem(records: readonly IDataObject[]): string | undefined {
	let withoutId = 0;
	const unknownWords = new Map<string, string>();
	for (const record of records) {
		const id = campaignIdOf(record);
		if (id === '') {
			withoutId++;
			continue;
		}
		const status = record[FIELDS.campaign.status];
		if (statusValueMeaning(status) === 'unknown' && unknownWords.size < 3) unknownWords.set(id, JSON.stringify(status));
	}
	const problems: string[] = [];
	if (withoutId > 0) {
		problems.push(`${withoutId} of the ${records.length} records ha${withoutId === 1 ? 's' : 've'} no ${FIELDS.campaign.id}`);
	}
	if (unknownWords.size > 0) {
		const examples = [...unknownWords].map(([id, word]) => `campaign ${id}: ${word}`).join(', ');
		problems.push(`status words this node does not know (${examples})`);
	}
	return problems.length === 0 ? undefined : problems.join('; ');
}
