/**
 * What a benchmark hands back (tables, targets, notes) and how BENCHMARKS.md is written from it.
 */

export type Align = 'left' | 'right';

export interface Table {
	caption?: string;
	headers: string[];
	rows: string[][];
	/** per column; default: first column left, the others right */
	align?: Align[];
}

export interface Target {
	/** what is promised, e.g. "ours at most 1.15x the floor" */
	target: string;
	/** the measured value, e.g. "1.07x" */
	measured: string;
	met: boolean;
	/** for a missed target: why, with the measurement that shows it */
	explanation?: string;
}

export interface Section {
	/** the --only name */
	name: string;
	title: string;
	/** paragraphs before the tables: what is measured and how */
	method: string[];
	tables: Table[];
	targets: Target[];
	/** paragraphs after the tables */
	notes: string[];
	/** wall time of this benchmark */
	durationMs: number;
}

function escapeCell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderTable(table: Table): string {
	const align = table.headers.map((_header, index) => table.align?.[index] ?? (index === 0 ? 'left' : 'right'));
	const lines: string[] = [];
	if (table.caption) lines.push(`*${table.caption}*`, '');
	lines.push(`| ${table.headers.map(escapeCell).join(' | ')} |`);
	lines.push(`|${align.map((a) => (a === 'right' ? '---:' : ':---')).join('|')}|`);
	for (const row of table.rows) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
	return lines.join('\n');
}

export function metLabel(met: boolean): string {
	return met ? 'met' : '**missed**';
}

export function targetsTable(targets: readonly Target[]): Table {
	return {
		headers: ['target', 'measured', 'result'],
		rows: targets.map((target) => [target.target, target.measured, metLabel(target.met)]),
		align: ['left', 'right', 'left'],
	};
}

export function renderSection(section: Section, index: number): string {
	const parts: string[] = [`## ${index}. ${section.title}`];
	for (const paragraph of section.method) parts.push(paragraph);
	for (const table of section.tables) parts.push(renderTable(table));
	if (section.targets.length > 0) parts.push(renderTable(targetsTable(section.targets)));
	for (const target of section.targets) {
		if (!target.met && target.explanation) parts.push(`**Why "${target.target}" is missed.** ${target.explanation}`);
	}
	for (const note of section.notes) parts.push(note);
	return parts.join('\n\n');
}
