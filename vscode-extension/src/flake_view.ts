// The "Flake" view in the Explorer: the flake's outputs (the server's `firn.flakeShow`,
// what `nix flake show --json` prints), with Build on packages and Develop on dev shells.
import * as vscode from 'vscode';

/** One node of `nix flake show --json`: a leaf has a string `type`. */
type Shown = { [name: string]: Shown } & { type?: string; name?: string; description?: string };

export class OutputItem extends vscode.TreeItem {
  constructor(
    readonly path: string[],
    readonly node: Shown,
  ) {
    const leaf = typeof node.type === 'string';
    super(path[path.length - 1], leaf ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
    if (leaf) {
      this.description = node.name ?? node.type;
      this.tooltip = node.description ?? `${path.join('.')} (${node.type})`;
      const kind = path[0];
      if (node.type === 'derivation') {
        this.contextValue = kind === 'devShells' || kind === 'devShell' ? 'shell' : 'buildable';
      }
    }
  }

  get installable(): string {
    return `.#${this.path.join('.')}`;
  }
}

export class FlakeView implements vscode.TreeDataProvider<OutputItem> {
  private changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private root: Shown | undefined;

  constructor(private show: () => Promise<Shown | undefined>) {}

  refresh() {
    this.root = undefined;
    this.changed.fire();
  }

  getTreeItem(item: OutputItem) {
    return item;
  }

  async getChildren(item?: OutputItem): Promise<OutputItem[]> {
    if (!item) {
      this.root = await this.show();
    }
    const node = item ? item.node : this.root;
    if (!node || typeof node.type === 'string') {
      return [];
    }
    const path = item ? item.path : [];
    return Object.keys(node)
      .sort()
      .map((name) => new OutputItem([...path, name], node[name] as Shown));
  }

  /** Every buildable output, for the build picker. */
  async outputs(): Promise<OutputItem[]> {
    const all: OutputItem[] = [];
    const walk = async (item?: OutputItem) => {
      for (const child of await this.getChildren(item)) {
        if (child.contextValue) {
          all.push(child);
        } else if (child.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
          await walk(child);
        }
      }
    };
    await walk();
    return all;
  }
}
