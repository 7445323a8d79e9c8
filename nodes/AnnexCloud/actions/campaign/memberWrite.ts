/**
 * What Activate for Member and Reactivate for Member share: the option that counts "already
 * active" as success, and what becomes of an answer. The transport decides what an error answer
 * means (errors.ts `answerOf`); this module only chooses the item for it:
 * - "already in place" (409 / AC1006): with Treat Already Active as Success an item
 *   `{ success: true, alreadyActive: true, memberId, campaignId }`, else the error;
 * - a member Annex Cloud refuses to act for (AC1008 blocked, AC1009 opted out): a refused item
 *   (helpers/records.ts `refusedResult`), not an error;
 * - anything else: the error (Continue On Fail makes it an error item).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { PARAMETERS, readFlag } from '../../helpers/parameters';
import { refusedResult, writeResult } from '../../helpers/records';
import { annexCloudApiRequest, answerOf, asNodeError, type AnnexCloudRequest } from '../../transport';

export const alreadyActiveIsSuccessOption: INodeProperties = {
	displayName: PARAMETERS.alreadyActiveIsSuccess.displayName,
	name: 'alreadyActiveIsSuccess',
	type: 'boolean',
	default: false,
	description:
		'Whether a member who already activated the campaign (Annex Cloud answers 409 / AC1006 "Data already exists") gives a success item with alreadyActive: true instead of an error. With it on, a fresh activation gives alreadyActive: false.',
};

export interface MemberWrite {
	memberId: string;
	campaignId: string;
	alreadyActiveIsSuccess: boolean;
}

export function readAlreadyActiveIsSuccess(context: IExecuteFunctions, itemIndex: number): boolean {
	return readFlag(context, PARAMETERS.alreadyActiveIsSuccess, itemIndex);
}

/** Sends the write and returns its output item (see the module comment). */
export async function sendMemberWrite(
	this: IExecuteFunctions,
	request: AnnexCloudRequest,
	write: MemberWrite,
): Promise<IDataObject[]> {
	const sent: IDataObject = { memberId: write.memberId, campaignId: write.campaignId };
	let response: unknown;
	try {
		response = await annexCloudApiRequest.call(this, request);
	} catch (error) {
		const answer = answerOf(error);
		if (answer?.kind === 'memberRefused') return [refusedResult(write.memberId, write.campaignId, answer)];
		if (answer?.kind === 'alreadyExists' && write.alreadyActiveIsSuccess) {
			return [writeResult(undefined, { ...sent, alreadyActive: true })];
		}
		throw asNodeError(this.getNode(), error, request.itemIndex);
	}
	return [writeResult(response, write.alreadyActiveIsSuccess ? { ...sent, alreadyActive: false } : sent)];
}
