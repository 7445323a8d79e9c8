/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev-only profiling tooling, never in the package: reads process.hrtime to line a CPU profile up with n8n's run data */
/**
 * Reading a V8 CPU profile (`node --cpu-prof`) by time window: which code the process ran while
 * one node of a workflow was executing. Samples are grouped by the package their code belongs to
 * (or the part of Node.js / V8), and by function.
 *
 * The profile's timestamps are microseconds of the monotonic clock (the one `process.hrtime`
 * reads), the windows come from n8n's run data in epoch milliseconds: `clockOffsetUs` maps one
 * onto the other and is taken in the process that starts n8n (same machine, same clocks).
 */

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
}

export interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** A node's execution, in epoch ms (its run data's startTime and executionTime). */
export interface Window {
	label: string;
	startMs: number;
	durationMs: number;
}

export interface WindowCost {
	/** µs sampled inside the window(s) */
	totalUs: number;
	/** µs by where the code comes from */
	byGroup: Map<string, number>;
	/** µs by function (self time) */
	byFunction: Map<string, number>;
}

/** epoch µs minus monotonic µs, now. */
export function clockOffsetUs(): number {
	return Date.now() * 1000 - Number(process.hrtime.bigint() / 1000n);
}

const NODE_NET = /^node:(?:net|http|_http|https|internal\/(?:http|net|stream_base|dns))/;

/** Where a sampled function's code comes from: a package, a part of Node.js, or V8 itself. */
export function groupOf(frame: CallFrame, ownPackage: string): string {
	const { url, functionName } = frame;
	if (functionName === '(garbage collector)') return 'V8: garbage collection';
	if (functionName === '(idle)') return 'idle (waiting for I/O)';
	if (functionName === '(program)') return 'V8: (program)';
	if (url === '') return 'V8 / native code';
	if (url.startsWith('node:')) return NODE_NET.test(url) ? 'Node.js: node:http, node:net' : 'Node.js: other built-ins';
	const parts = url.split('/node_modules/');
	const last = parts[parts.length - 1] ?? url;
	const segments = last.split('/');
	const name = segments[0]?.startsWith('@') ? `${segments[0]}/${segments[1] ?? ''}` : (segments[0] ?? url);
	if (name === ownPackage) return `${ownPackage} (this package)`;
	return name;
}

function functionLabel(frame: CallFrame): string {
	const file = frame.url.split('/').slice(-2).join('/');
	return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

/** The cost of each window's samples; windows with the same label are added up. */
export function costByWindow(
	profile: CpuProfile,
	windows: readonly Window[],
	offsetUs: number,
	ownPackage: string,
): Map<string, WindowCost> {
	const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
	const ranges = windows
		.map((window) => ({
			label: window.label,
			from: window.startMs * 1000 - offsetUs,
			to: (window.startMs + window.durationMs) * 1000 - offsetUs,
		}))
		.sort((a, b) => a.from - b.from);
	const costs = new Map<string, WindowCost>();
	let at = profile.startTime;
	let cursor = 0;
	for (let index = 0; index < profile.samples.length; index++) {
		at += profile.timeDeltas[index] ?? 0;
		// A sample stands for the time until the next one.
		const us = profile.timeDeltas[index + 1] ?? 0;
		while (cursor < ranges.length && (ranges[cursor]?.to ?? 0) <= at) cursor++;
		const range = ranges[cursor];
		if (range === undefined || at < range.from) continue;
		const frame = frames.get(profile.samples[index] ?? -1);
		if (frame === undefined) continue;
		let cost = costs.get(range.label);
		if (cost === undefined) {
			cost = { totalUs: 0, byGroup: new Map(), byFunction: new Map() };
			costs.set(range.label, cost);
		}
		cost.totalUs += us;
		const group = groupOf(frame, ownPackage);
		cost.byGroup.set(group, (cost.byGroup.get(group) ?? 0) + us);
		const fn = `${group} | ${functionLabel(frame)}`;
		cost.byFunction.set(fn, (cost.byFunction.get(fn) ?? 0) + us);
	}
	return costs;
}
