// Tokenizes each test/grammar/*.nix with the extension's TextMate grammar (vscode-textmate,
// the engine VS Code uses) and compares the tokens and their innermost scopes with the
// .scopes file beside it. UPDATE_EXPECT=1 rewrites the expectations.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
await oniguruma.loadWASM(wasm);

const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scopeName) => {
    if (scopeName !== 'source.nix') return null;
    const file = path.join(root, 'syntaxes/nix.tmLanguage.json');
    return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
  },
});
const grammar = await registry.loadGrammar('source.nix');

function tokenize(text) {
  const out = [];
  let state = vsctm.INITIAL;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim() === '') continue;
      out.push(`${JSON.stringify(piece)} ${t.scopes.slice(1).join(' ')}`);
    }
    state = result.ruleStack;
  }
  return out.join('\n') + '\n';
}

let failed = 0;
const files = fs.readdirSync(here).filter((f) => f.endsWith('.nix')).sort();
for (const f of files) {
  const got = tokenize(fs.readFileSync(path.join(here, f), 'utf8'));
  const expectFile = path.join(here, f.replace(/\.nix$/, '.scopes'));
  if (process.env.UPDATE_EXPECT) {
    fs.writeFileSync(expectFile, got);
    continue;
  }
  const want = fs.existsSync(expectFile) ? fs.readFileSync(expectFile, 'utf8') : '';
  if (got !== want) {
    failed++;
    const g = got.split('\n');
    const w = want.split('\n');
    const i = g.findIndex((l, k) => l !== w[k]);
    console.error(`FAIL ${f}: first difference at token ${i + 1}\n  got:  ${g[i]}\n  want: ${w[i]}`);
  } else {
    console.log(`ok ${f}`);
  }
}
console.log(`grammar: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
