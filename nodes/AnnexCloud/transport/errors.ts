/**
 * Turning what went wrong on the wire into an error a user can act on. Every failure of
 * every request becomes a `NodeApiError` built here: the Annex Cloud message, the HTTP
 * status, the `errorCode`, and a hint that says what to check. Nothing here ever sees the
 * secret or the token: the error body is built from the response and the request path only.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { annexErrorCode, annexErrorMessage } from './annexBody';
import { FIELDS } from './contract';
import { describeFailure, type AnswerKind } from './errorMessages';
import type { FailedExchange, RequestFate } from './failedExchange';
import { redactSecrets, redactValue } from './redact';

export type { FailedExchange, RequestFate } from './failedExchange';

const fates = new WeakMap<object, RequestFate>();

/**
 * What an error answer said about a write (errorMessages.ts `answerKind`): the change is
 * already in place, or Annex Cloud refuses to act for the member. `code` and `message` are
 * Annex Cloud's (`errorCode`, `errorMessage`); what to do about a refused member follows from
 * the code (errorMessages.ts `memberRefusalHint`, read by helpers/records.ts `refusedResult`).
 */
export interface WriteAnswer {
	kind: AnswerKind;
	code?: string;
	message?: string;
}

const answers = new WeakMap<object, WriteAnswer>();

/** What the failed request's answer said about the write, if it said one of the AnswerKinds. */
export function answerOf(error: unknown): WriteAnswer | undefined {
	return typeof error === 'object' && error !== null ? answers.get(error) : undefined;
}

/** The fate of a failed request from its error: 'notSent' for anything the transport did not send. */
export function requestFateOf(error: unknown): RequestFate {
	if (typeof error === 'object' && error !== null) {
		const fate = fates.get(error);
		if (fate !== undefined) return fate;
	}
	return error instanceof NodeApiError ? 'unknown' : 'notSent';
}

/** The one place that builds a NodeApiError for a failed Annex Cloud request. */
export function toNodeApiError(node: INode, exchange: FailedExchange, itemIndex?: number): NodeApiError {
	const { message, hint, httpCode, kind } = describeFailure(exchange);
	const errorCode = annexErrorCode(exchange.body);
	const response: JsonObject = {
		method: exchange.method,
		path: exchange.path,
		attempts: exchange.attempts,
	};
	if (exchange.status !== undefined) response.httpCode = exchange.status;
	if (errorCode !== undefined) response[FIELDS.error.code] = errorCode;
	const annexMessage = annexErrorMessage(exchange.body);
	if (annexMessage !== undefined) response[FIELDS.error.message] = annexMessage;
	// Not under `code`: NodeApiError would replace our message with its generic one for it.
	if (exchange.networkCode !== undefined) response.networkError = exchange.networkCode;
	const codeNote = errorCode ? ` [Annex error code: ${errorCode}]` : '';
	// An API may echo the token it received: nothing token-shaped leaves here (redact.ts).
	const shownMessage = redactSecrets(message);
	const error = new NodeApiError(node, redactValue(response), {
		message: shownMessage,
		description: redactSecrets(`${hint}${codeNote} (${exchange.method} ${exchange.path})`),
		httpCode,
		itemIndex,
	});
	// NodeApiError swaps a message that names a network code (ECONNRESET, ECONNREFUSED...) for
	// n8n's generic text, which drops the attempts and says "You can retry the request
	// immediately": wrong for a write that may have been applied. Keep ours.
	error.message = shownMessage;
	if (exchange.fate !== undefined) fates.set(error, exchange.fate);
	if (kind !== undefined) {
		const answer: WriteAnswer = { kind };
		if (errorCode !== undefined) answer.code = errorCode;
		if (annexMessage !== undefined) answer.message = redactSecrets(annexMessage);
		answers.set(error, answer);
	}
	return error;
}

/**
 * For catch blocks: an error that is already a NodeApiError or NodeOperationError passes
 * through (keeping its HTTP code and hint), tied to the item if it was not yet; anything
 * else is wrapped, with the item.
 */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
