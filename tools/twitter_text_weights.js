// Recompute the weighted lengths in tests/text/twitter_text_zwj.tsv with twitter-text's own
// parseTweet (npm package twitter-text, the version named below), so the conformance table
// is generated, not typed:
//
//   npm install twitter-text@3.1.0   (in a scratch folder; crosspost does not depend on it)
//   NODE_PATH=<scratch>/node_modules node tools/twitter_text_weights.js
//
// Each data line is: code points in hex, a tab, the weighted length, a tab, a note. The
// script keeps the code points and notes and rewrites the lengths.
const fs = require('fs');
const path = require('path');
const tt = require('twitter-text');

const file = path.join(__dirname, '..', 'tests', 'text', 'twitter_text_zwj.tsv');
const version = require('twitter-text/package.json').version;
const out = [
  `# Weighted lengths from twitter-text ${version} (npm) parseTweet, written by`,
  '# tools/twitter_text_weights.js: code points (hex), weightedLength, note.',
];
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [cps, , note] = line.split('\t');
  const text = cps.split(' ').map(h => String.fromCodePoint(parseInt(h, 16))).join('');
  out.push([cps, tt.parseTweet(text).weightedLength, note || ''].join('\t'));
}
fs.writeFileSync(file, out.join('\n') + '\n');
console.log(`wrote ${file} (${out.length - 2} cases)`);
