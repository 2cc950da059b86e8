// firn for VS Code: starts `firn lsp`, and turns the server's build, develop and options
// commands into VS Code commands, a status bar item, an output channel and a terminal
// environment. Everything that evaluates or builds runs in the server (and Neovim's
// plugin calls the same server commands).
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { FlakeView, OutputItem } from './flake_view';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let buildLog: vscode.OutputChannel;
let devShell: { drvPath: string } | undefined;
let flakeView: FlakeView;

/** `firn.server.path`: a path, or a name found on PATH. */
function serverPath(): string | undefined {
  const configured = vscode.workspace.getConfiguration('firn').get<string>('server.path') || 'firn';
  if (configured.includes('/')) {
    return fs.existsSync(configured) ? configured : undefined;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, configured);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function setStatus(text: string, tooltip: string, command?: string) {
  status.text = text;
  status.tooltip = tooltip;
  status.command = command;
  status.show();
}

async function startClient(context: vscode.ExtensionContext) {
  const binary = serverPath();
  if (!binary) {
    setStatus('$(error) firn', 'firn was not found', 'firn.commands.restartServer');
    const open = 'Open the README';
    const choice = await vscode.window.showErrorMessage(
      'firn: the `firn` binary was not found (setting firn.server.path). Install firn, or set the path to it.',
      open,
    );
    if (choice === open) {
      const readme = vscode.Uri.joinPath(context.extensionUri, 'README.md');
      await vscode.commands.executeCommand('markdown.showPreview', readme);
    }
    return;
  }
  const serverOptions: ServerOptions = { command: binary, args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'nix' }],
    // The server asks for section `firn` (workspace/configuration): the settings as they are.
    synchronize: { configurationSection: 'firn' },
    outputChannelName: 'firn',
    // The server's own commands (code lenses run them) get this extension's progress
    // notification, build log and terminal environment.
    middleware: {
      // An empty, incomplete list (the evaluation behind it still running, as for a
      // configuration's first option completion) would close the list, and VS Code asks
      // again only while a list shows: ask again here instead, for a few seconds.
      provideCompletionItem: async (document, position, context, token, next) => {
        for (let attempt = 0; ; attempt++) {
          const result = await next(document, position, context, token);
          const list = result && !Array.isArray(result) ? result : undefined;
          if (!list || !list.isIncomplete || list.items.length > 0 || attempt >= 20 || token.isCancellationRequested) {
            return result;
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      },
      executeCommand: async (command, args, next) => {
        if (command === 'firn.build') {
          return build(args[0]);
        }
        if (command === 'firn.develop') {
          return enterDevShell(context, args[0]);
        }
        return next(command, args);
      },
    },
  };
  client = new LanguageClient('firn', 'firn', serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      setStatus(devShell ? '$(check) firn $(terminal)' : '$(check) firn', 'firn is running', 'firn.commands.restartServer');
    } else if (e.newState === State.Stopped) {
      setStatus('$(error) firn', 'firn stopped: click to restart', 'firn.commands.restartServer');
    } else {
      setStatus('$(sync~spin) firn', 'firn is starting');
    }
  });
  context.subscriptions.push(client);
  await client.start();
  flakeView?.refresh();
  client.onNotification('firn/buildLog', (p: { name: string; line: string }) => {
    if (vscode.workspace.getConfiguration('firn').get<boolean>('build.printBuildLogs', true)) {
      buildLog.appendLine(p.name ? `${p.name}> ${p.line}` : p.line);
    }
  });
}

/** The build settings, as the server's commands take them. */
function buildOptions(): { maxJobs?: number; cores?: number; keepGoing?: boolean } {
  const c = vscode.workspace.getConfiguration('firn.build');
  const out: { maxJobs?: number; cores?: number; keepGoing?: boolean } = {};
  const maxJobs = c.get<number | null>('maxJobs');
  const cores = c.get<number | null>('cores');
  if (typeof maxJobs === 'number') out.maxJobs = maxJobs;
  if (typeof cores === 'number') out.cores = cores;
  if (c.get<boolean>('keepGoing')) out.keepGoing = true;
  return out;
}

/** Runs a server command with a cancellable progress notification. */
async function serverCommand<T>(command: string, argument: object, title: string): Promise<T | undefined> {
  if (!client) {
    vscode.window.showErrorMessage('firn: the server is not running.');
    return undefined;
  }
  const c = client;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (_progress, token) => {
      try {
        return (await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] }, token)) as T;
      } catch (e) {
        if (token.isCancellationRequested) {
          vscode.window.showInformationMessage(`${title}: cancelled.`);
          return undefined;
        }
        const message = e instanceof Error ? e.message : String(e);
        vscode.window.showErrorMessage(`${title}: ${message.split('\n')[0]}`);
        return undefined;
      }
    },
  );
}

function activeNixUri(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === 'nix') {
    return editor.document.uri.toString();
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, 'flake.nix').toString() : undefined;
}

/** `Firn: Build`: from a code lens (its argument), an output picked from the flake, or an
 * attribute the user types. */
async function build(argument?: { uri?: string; attr?: string; installable?: string }) {
  let target = argument;
  if (!target) {
    const typeOne = '$(edit) Type an attribute or installable…';
    const outputs = client ? await flakeView.outputs() : [];
    const picked = await vscode.window.showQuickPick(
      [
        ...outputs.map((o) => ({ label: o.path.join('.'), description: String(o.description ?? ''), output: o })),
        { label: typeOne, description: '', output: undefined },
      ],
      { title: 'Firn: Build', placeHolder: 'An output of the flake' },
    );
    if (!picked) {
      return;
    }
    if (picked.output) {
      return build({ uri: activeNixUri(), installable: picked.output.installable });
    }
    const attr = await vscode.window.showInputBox({
      title: 'Firn: Build',
      prompt: 'An attribute (hello, packages.x86_64-linux.hello) or an installable (.#hello); empty for the default package',
    });
    if (attr === undefined) {
      return;
    }
    target = { uri: activeNixUri() };
    if (attr.startsWith('.') || attr.includes('#')) {
      target.installable = attr;
    } else if (attr) {
      target.attr = attr;
    }
  }
  buildLog.clear();
  buildLog.show(true);
  const built = await serverCommand<Array<{ drvPath: string; outputs: Record<string, string> }>>(
    'firn.build',
    { ...target, ...buildOptions() },
    'firn: building',
  );
  if (built) {
    const paths = built.flatMap((b) => Object.values(b.outputs));
    buildLog.appendLine(`built: ${paths.join(' ')}`);
    vscode.window.showInformationMessage(`firn: built ${paths.join(' ')}`);
  }
}

/** `Firn: Enter Dev Shell`: the environment applied to new integrated terminals. */
async function enterDevShell(context: vscode.ExtensionContext, argument?: { uri?: string }) {
  const env = await serverCommand<{ env: Record<string, string>; drvPath: string }>(
    'firn.develop',
    { ...(argument ?? { uri: activeNixUri() }), ...buildOptions() },
    'firn: computing the dev shell',
  );
  if (!env) {
    return;
  }
  const collection = context.environmentVariableCollection;
  collection.clear();
  collection.description = `firn dev shell (${env.drvPath})`;
  for (const [name, value] of Object.entries(env.env)) {
    collection.replace(name, value);
  }
  devShell = { drvPath: env.drvPath };
  setStatus('$(check) firn $(terminal)', `firn: new terminals open in the dev shell of ${env.drvPath}`, 'firn.commands.leaveDevShell');
  vscode.window.showInformationMessage('firn: new terminals open in the dev shell (Firn: Leave Dev Shell undoes it).');
}

function leaveDevShell(context: vscode.ExtensionContext) {
  context.environmentVariableCollection.clear();
  devShell = undefined;
  setStatus('$(check) firn', 'firn is running', 'firn.commands.restartServer');
}

type OptionDoc = {
  name: string;
  type?: string;
  description?: string;
  default?: unknown;
  example?: unknown;
  declarations?: string[];
  internal?: boolean;
  visible?: boolean;
};

function literal(v: unknown): string {
  if (v && typeof v === 'object' && 'text' in (v as Record<string, unknown>)) {
    return String((v as Record<string, unknown>).text);
  }
  return JSON.stringify(v, null, 2);
}

/** `Firn: Show Options`: the module's configuration's options, searchable, documented. */
async function showOptions() {
  const answer = await serverCommand<{ configuration: string; options: OptionDoc[] }>(
    'firn.options',
    { uri: activeNixUri() },
    'firn: reading the options',
  );
  if (!answer) {
    return;
  }
  const items = answer.options
    .filter((o) => o.visible !== false && !o.internal)
    .map((o) => ({ label: o.name, description: o.type, detail: o.description?.split('\n')[0], option: o }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Options of ${answer.configuration}`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) {
    return;
  }
  const o = picked.option;
  const parts = [`# ${o.name}`, '', `*Type:* ${o.type ?? '?'}`, '', o.description ?? ''];
  if (o.default !== undefined) parts.push('', '*Default:*', '```nix', literal(o.default), '```');
  if (o.example !== undefined) parts.push('', '*Example:*', '```nix', literal(o.example), '```');
  if (o.declarations?.length) parts.push('', `*Declared in:* ${o.declarations.join(', ')}`);
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: parts.join('\n') });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

/** The flake's outputs from the server (`firn.flakeShow`), quietly: the view asks. */
async function flakeShow() {
  const uri = activeNixUri();
  if (!client || !uri) {
    return undefined;
  }
  try {
    return await client.sendRequest(ExecuteCommandRequest.type, {
      command: 'firn.flakeShow',
      arguments: [{ uri }],
    });
  } catch {
    return undefined;
  }
}

export async function activate(context: vscode.ExtensionContext) {
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  flakeView = new FlakeView(flakeShow);
  context.subscriptions.push(vscode.window.registerTreeDataProvider('firn.flake', flakeView));
  context.subscriptions.push(
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.fileName.endsWith('flake.nix') || d.fileName.endsWith('flake.lock')) {
        flakeView.refresh();
      }
    }),
  );
  buildLog = vscode.window.createOutputChannel('firn build');
  context.subscriptions.push(
    status,
    buildLog,
    vscode.commands.registerCommand('firn.commands.build', () => build()),
    vscode.commands.registerCommand('firn.commands.enterDevShell', () => enterDevShell(context)),
    vscode.commands.registerCommand('firn.commands.leaveDevShell', () => leaveDevShell(context)),
    vscode.commands.registerCommand('firn.commands.showOptions', showOptions),
    vscode.commands.registerCommand('firn.commands.buildItem', (item: OutputItem) =>
      build({ uri: activeNixUri(), installable: item.installable }),
    ),
    vscode.commands.registerCommand('firn.commands.developItem', (item: OutputItem) =>
      enterDevShell(context, { uri: activeNixUri(), installable: item.installable } as { uri?: string }),
    ),
    vscode.commands.registerCommand('firn.commands.refreshFlake', () => flakeView.refresh()),
    vscode.commands.registerCommand('firn.commands.restartServer', async () => {
      if (client) {
        await client.restart();
      } else {
        await startClient(context);
      }
    }),
  );
  await startClient(context);
}

export async function deactivate() {
  await client?.stop();
}
