// Asset step of `npm run build`: copy node icons and codex files next to the compiled
// JavaScript in dist/, where n8n looks for them.
const { src, dest, series } = require('gulp');

function copyNodeAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json'], { encoding: false }).pipe(dest('dist/nodes'));
}

function copyCredentialAssets() {
	return src('credentials/**/*.{png,svg}', { encoding: false, allowEmpty: true }).pipe(dest('dist/credentials'));
}

exports['build:assets'] = series(copyNodeAssets, copyCredentialAssets);
exports.default = exports['build:assets'];
