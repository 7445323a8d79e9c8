/**
 * URLs as they may be shown to a user: no user-info (`user:password@`), no query string and
 * no fragment, which may carry credentials. Pure, no n8n context.
 */
export function displayUrl(raw: string): string {
	const text = raw.trim();
	if (text === '') return text;
	try {
		const url = new URL(text);
		return `${url.protocol}//${url.host}${url.pathname}`;
	} catch {
		// Relative or malformed: drop anything after ? or #, and any user-info before @.
		return text.split(/[?#]/, 1)[0]?.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1') ?? '';
	}
}
