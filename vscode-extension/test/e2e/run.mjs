// End to end in a real VS Code: code-server on 127.0.0.1 with the extension installed from
// its .vsix, driven through Debian's Chromium by playwright-core, on a workspace the caller
// made. Each step asserts what a user sees and leaves a screenshot in $SCREENSHOTS.
// Environment: CODE_SERVER (its binary), NODE_DIR (Node 24's bin), VSIX, WORKSPACE,
// FIRN_BIN, SCREENSHOTS, CHROMIUM, PLAYWRIGHT (the playwright-core module directory).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const require = createRequire(import.meta.url);
const { chromium } = require(env('PLAYWRIGHT'));
const workspace = env('WORKSPACE');
const shots = env('SCREENSHOTS');
fs.mkdirSync(shots, { recursive: true });
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'firn-code-server-'));
const userData = path.join(scratch, 'user-data');
const extensions = path.join(scratch, 'extensions');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify({
    'firn.server.path': env('FIRN_BIN'),
    // The module system of `hosts/*.nix`, named by hand (discovery alone: home-manager's).
    'firn.options': { 'hosts/*.nix': 'import ./hosts/system.nix' },
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'files.autoSave': 'off',
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'editor.minimap.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
  }),
);
const childEnv = {
  ...process.env,
  PATH: `${env('NODE_DIR')}:${process.env.PATH}`,
  XDG_CONFIG_HOME: path.join(scratch, 'config'),
  XDG_DATA_HOME: path.join(scratch, 'data'),
};
execFileSync(env('CODE_SERVER'), ['--extensions-dir', extensions, '--install-extension', env('VSIX')], {
  env: childEnv,
  stdio: 'inherit',
});
const port = 20000 + (process.pid % 20000);
const server = spawn(
  env('CODE_SERVER'),
  ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData,
    '--extensions-dir', extensions, '--disable-telemetry', '--disable-workspace-trust', workspace],
  { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
);
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
let step = 0;
const results = [];
async function shot(name) {
  step += 1;
  await page.screenshot({ path: path.join(shots, `${String(step).padStart(2, '0')}-${name}.png`) });
}
async function check(name, f) {
  const started = Date.now();
  try {
    await f();
    await shot(name);
    results.push(`ok ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    await shot(`FAILED-${name}`).catch(() => {});
    results.push(`FAILED ${name}: ${e.message.split('\n')[0]}`);
    throw e;
  }
}
const editor = () => page.locator('.monaco-editor .view-lines').first();
const editorText = async () => (await editor().innerText()).replace(/\u00a0/g, ' ');

async function openFile(name) {
  // As a user does: a click on the file in the Explorer.
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first().click();
  await page.locator(`.tab.active:has-text("${name}")`).waitFor({ timeout: 20000 });
}

/** Waits for the completion list to show an item `label`. */
async function suggestion(label) {
  await page.waitForFunction(
    (label) => [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')].some(
      (row) => row.querySelector('.label-name')?.textContent === label,
    ),
    label,
    { timeout: 30000 },
  );
}

async function command(title) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ timeout: 10000 });
  await page.keyboard.type(title, { delay: 10 });
  await page.locator(`.quick-input-widget .monaco-list-row:has-text("${title}")`).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

async function run() {
  // Retry: code-server needs a moment to listen.
  for (let i = 0; ; i++) {
    try {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });

  let opened;
  await check('highlighting', async () => {
    opened = Date.now();
    await openFile('home.nix');
    // The grammar colours `home.username` as an attribute name and `"me"` as a string.
    await page.waitForFunction(
      () => [...document.querySelectorAll('.view-line span')].some(
        (s) => s.children.length === 0 && s.textContent.trim() === 'home.username',
      ),
      null,
      { timeout: 20000 },
    );
    // Tokens are spans inside each line; their colour comes from the theme's rules for
    // the scopes the grammar gave them.
    const colours = await page.evaluate(() => {
      const spans = [...document.querySelectorAll('.view-line span')].filter((s) => s.children.length === 0);
      const colour = (t) => {
        const s = spans.find((x) => x.textContent.replace(/\u00a0/g, ' ').trim() === t);
        return s ? getComputedStyle(s).color : null;
      };
      return {
        attr: colour('home.username'),
        str: colour('"me"') || colour('me'),
        punct: colour(';'),
        tokens: spans.slice(0, 12).map((s) => s.textContent),
      };
    });
    if (!colours.attr || !colours.str || colours.attr === colours.punct || colours.str === colours.punct) {
      throw new Error(`no highlighting: ${JSON.stringify(colours)}`);
    }
  });

  await check('diagnostic squiggle and Problems', async () => {
    await page.locator('.squiggly-warning, .squiggly-error, .squiggly-info').first().waitFor({ timeout: 30000 });
    results.push(`figure: open home.nix to first diagnostic shown: ${Date.now() - opened} ms`);
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row:has-text("pkgs")').first().waitFor({ timeout: 10000 });
  });

  await check('quick fix applied', async () => {
    // Back to the editor, on the unused formal `pkgs`: Ctrl+. and the first fix.
    await page.locator('.view-line span:has-text("pkgs")').first().click();
    // Ctrl+. as soon as the light bulb is there; again if the menu did not come (a busy
    // machine can drop the first).
    await page.locator('.lightBulbWidget, .codicon-light-bulb, .codicon-lightbulb-autofix').first().waitFor({ timeout: 15000 }).catch(() => {});
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await page.locator('.action-widget .monaco-list-row').first().waitFor({ timeout: 5000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('.view-lines').innerText.includes('pkgs'), null, {
      timeout: 10000,
    });
  });

  await check('option completion', async () => {
    await page.locator('.view-line:has-text("stateVersion")').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('programs.git', { delay: 30 });
    const typed = Date.now();
    await page.keyboard.type('.');
    await suggestion('enable');
    results.push(`figure: typing programs.git. to the completion list: ${Date.now() - typed} ms`);
    await page.keyboard.type('enable', { delay: 20 });
    await page.keyboard.press('Escape');
    await page.keyboard.type(' = true;');
  });

  await check('hover', async () => {
    // On `enable` (the end of the `programs.git.enable` token); hovering again, as a user
    // does, if the first answer came before the evaluation did.
    const token = page.locator('.view-line span:has-text("programs.git.enable")').last();
    const box = await token.boundingBox();
    for (let attempt = 0; ; attempt++) {
      await page.mouse.move(box.x + box.width - 8, box.y + box.height / 2);
      try {
        await page.locator('.monaco-hover:has-text("boolean")').first().waitFor({ timeout: 6000 });
        break;
      } catch (e) {
        if (attempt >= 4) throw e;
        await page.mouse.move(10, 10);
        await page.waitForTimeout(500);
      }
    }
    await page.mouse.move(10, 10);
  });

  await check('format on save', async () => {
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('xdg.enable=true;');
    await page.keyboard.press('Control+S');
    const file = path.join(workspace, 'home.nix');
    for (let i = 0; ; i++) {
      const text = fs.readFileSync(file, 'utf8');
      if (text.includes('xdg.enable = true;')) break;
      if (i > 100) throw new Error(`not formatted on disk:\n${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  await check('firn.options setting', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ timeout: 10000 });
    await page.keyboard.type('hosts/web.nix', { delay: 10 });
    await page.locator('.quick-input-widget .monaco-list-row:has-text("web.nix")').first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active:has-text("web.nix")').waitFor({ timeout: 20000 });
    // On the editor's first line (`.part.editor`: the Chat view's input is an editor too).
    await page.locator('.part.editor .view-line:has-text("{")').first().click();
    await page.locator('.part.editor .monaco-editor.focused').waitFor({ timeout: 10000 });
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('services.web', { delay: 30 });
    await page.keyboard.type('.');
    // `port` is an option of the module system the setting names, not home-manager's.
    await suggestion('port');
  });

  await check('Flake view', async () => {
    // The Explorer's "Flake" section lists the outputs.
    await page.locator('.pane-header:has-text("Flake")').first().click();
    await page.locator('.monaco-list-row:has-text("packages")').first().waitFor({ timeout: 30000 });
    await page.locator('.monaco-list-row:has-text("devShells")').first().waitFor({ timeout: 5000 });
  });

  await check('Firn: Build', async () => {
    // The picker offers the flake's packages.
    await command('Firn: Build');
    await page.locator('.quick-input-widget .monaco-list-row:has-text("packages.x86_64-linux.bad")').waitFor({ timeout: 30000 });
    await page.keyboard.type('x86_64-linux.good');
    await page.locator('.quick-input-widget .monaco-list-row:has-text("packages.x86_64-linux.good")').waitFor({ timeout: 5000 });
    await page.keyboard.press('Enter');
    const result = path.join(workspace, 'result');
    for (let i = 0; !fs.existsSync(result); i++) {
      if (i > 600) throw new Error('no result link');
      await new Promise((r) => setTimeout(r, 100));
    }
    if (fs.readFileSync(result, 'utf8') !== 'built by firn\n') throw new Error('wrong result');
  });

  await check('dev shell in a new terminal', async () => {
    await command('Firn: Enter Dev Shell');
    await page.locator('.notifications-toasts:has-text("dev shell")').first().waitFor({ timeout: 60000 });
    const out = path.join(workspace, 'terminal-saw');
    await page.keyboard.press('Control+Shift+Backquote');
    await page.locator('.terminal-wrapper.active, .xterm').first().waitFor({ timeout: 20000 });
    await page.waitForTimeout(1500);
    await page.keyboard.type(`echo "FOO=$FOO" > ${out}`);
    await page.keyboard.press('Enter');
    for (let i = 0; !fs.existsSync(out); i++) {
      if (i > 200) throw new Error('the terminal did not run the command');
      await new Promise((r) => setTimeout(r, 100));
    }
    const seen = fs.readFileSync(out, 'utf8');
    if (seen.trim() !== 'FOO=from the dev shell') throw new Error(`terminal saw ${seen}`);
  });
}

let failed = false;
try {
  await run();
} catch (e) {
  failed = true;
  console.error(e);
  console.error(serverLog.split('\n').slice(-20).join('\n'));
} finally {
  await browser.close().catch(() => {});
  server.kill();
}
console.log(results.join('\n'));
console.log(failed ? 'e2e: FAILED' : 'e2e: all steps passed');
process.exit(failed ? 1 : 0);
