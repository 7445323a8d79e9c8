/**
 * The catalogue of wrong answers: what a misbehaving API or gateway sends that is not an
 * HTTP error status (fault-matrix's catalogue): 2xx bodies that are not the data asked for,
 * redirects, and paging that lies. Run against every operation and the trigger by
 * wrong-answers-matrix.test.ts.
 */
import type { FaultSpec, Transform } from '../../sandbox';

export interface WrongAnswer {
	label: string;
	spec: FaultSpec;
	/** what the error message must say */
	message: RegExp;
	/** which requests it applies to: every read, list reads only, or writes */
	applies: 'reads' | 'lists' | 'all';
}

const notData = (shape: RegExp): RegExp => new RegExp(`^Annex Cloud answered HTTP 200 but not with the data asked for: it sent ${shape.source}`);

/** Class 1: a 2xx whose body is not the data asked for. */
export const NOT_DATA: readonly WrongAnswer[] = [
	{
		label: 'an Annex error body with 200',
		spec: { kind: 'body', body: '{"errorCode":"AC1001","errorMessage":"Oops! Something went wrong"}' },
		message: notData(/an Annex Cloud error AC1001 \("Oops! Something went wrong"\)/),
		applies: 'all',
	},
	{ label: 'null', spec: { kind: 'body', body: 'null' }, message: notData(/null, where a (list|record) was expected/), applies: 'reads' },
	{ label: '{}', spec: { kind: 'body', body: '{}' }, message: notData(/an empty object \{\}, where a (list|record) was expected/), applies: 'reads' },
	{ label: 'a number', spec: { kind: 'body', body: '42' }, message: notData(/the number 42, where a (list|record) was expected/), applies: 'reads' },
	{ label: 'a string', spec: { kind: 'body', body: '"ok"' }, message: notData(/the text "ok", where a (list|record) was expected/), applies: 'reads' },
	{
		label: 'an object without a list',
		spec: { kind: 'body', body: '{"pages":"2","currentPage":"1"}' },
		message: notData(/an object with the keys pages, currentPage, where a list was expected/),
		applies: 'lists',
	},
];

/** Class 3: redirects (the Location is filled in by the test: another origin). */
export const REDIRECT_STATUSES = [301, 302, 307, 308] as const;

/** Class 2: paging that lies (list reads with more than one page). */
export const LYING_PAGES: ReadonlyArray<{ label: string; transform: Transform; message: RegExp }> = [
	{ label: 'a server that ignores ?page', transform: 'ignore-page', message: /came again on page 2 after page 1$/ },
	{ label: 'a page that repeats the previous one', transform: 'repeat-previous-page', message: /came again on page 2 after page 1$/ },
	{ label: 'currentPage stuck at 1', transform: 'stuck-current-page', message: /page 2 was asked for, and the answer says it is page 1$/ },
	{ label: 'pages counted from 0', transform: 'zero-based-pages', message: /page 1 was asked for, and the answer says it is page 0$/ },
	{ label: 'an empty page before the last', transform: 'empty-page', message: /page 1 of the \d+ pages announced had no records$/ },
	{ label: 'a list that never ends', transform: 'endless-pages', message: /pages announced had no records$|more than \d+ pages$/ },
];
