// The topology diagram itself, required by Topology on first use: apps that never draw one do
// not load it (nor the YAML parser).
import * as fs from 'fs';
import * as path from 'path';
import { GraphNode, NodeStyle, SourcedManifest, TopologyGraph } from './topology-graph';
import { parseYamlFile } from './yaml-files';

/** `Topology.fromManifests`: the document of `manifests`, with `context` drawn as outside them. */
export function topologyOfManifests(manifests: unknown, context: unknown, title: string): string {
  const objects: SourcedManifest[] = [
    ...asList(manifests).map(manifest => ({ manifest })),
    ...asList(context).map(manifest => ({ manifest, note: 'outside these manifests' })),
  ];
  return document(title, '', new TopologyGraph(objects));
}

/** `Topology.writeForDirectory`. */
export function writeTopologies(directory: string): string[] {
  const charts = fs.readdirSync(directory).filter(f => f.endsWith('.k8s.yaml')).sort()
    .map(file => ({ file, chart: file.slice(0, -'.k8s.yaml'.length), manifests: parseYamlFile(path.join(directory, file)) }));
  const written: string[] = [];
  for (const { file, chart, manifests } of charts) {
    const objects: SourcedManifest[] = [
      ...manifests.map(manifest => ({ manifest })),
      ...charts.filter(other => other.file !== file)
        .flatMap(other => other.manifests.map(manifest => ({ manifest, note: `from ${other.file}` }))),
    ];
    const target = path.join(directory, `${chart}.topology.md`);
    fs.writeFileSync(target, document(`Topology of ${chart}`, file, new TopologyGraph(objects)));
    written.push(target);
  }
  return written;
}

function asList(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Mermaid shape brackets and class name of each node style. */
const STYLES: { [style: number]: { open: string; close: string; cls: string } } = {
  [NodeStyle.CLIENTS]: { open: '((', close: '))', cls: 'outside' },
  [NodeStyle.INGRESS]: { open: '{{', close: '}}', cls: 'ingress' },
  [NodeStyle.GATEWAY]: { open: '{{', close: '}}', cls: 'ingress' },
  [NodeStyle.ROUTE]: { open: '[\\', close: '\\]', cls: 'ingress' },
  [NodeStyle.GRANT]: { open: '(', close: ')', cls: 'outside' },
  [NodeStyle.SERVICE]: { open: '([', close: '])', cls: 'service' },
  [NodeStyle.OUTSIDE]: { open: '>', close: ']', cls: 'outside' },
  [NodeStyle.WORKLOAD]: { open: '[', close: ']', cls: 'workload' },
  [NodeStyle.CONFIG]: { open: '[/', close: '/]', cls: 'config' },
  [NodeStyle.CLAIM]: { open: '[(', close: ')]', cls: 'storage' },
  [NodeStyle.VOLUME]: { open: '[(', close: ')]', cls: 'storage' },
  [NodeStyle.CLASS]: { open: '[[', close: ']]', cls: 'storage' },
  [NodeStyle.PROVISIONER]: { open: '>', close: ']', cls: 'outside' },
  [NodeStyle.SERVER]: { open: '[(', close: ')]', cls: 'server' },
};

const CLASS_DEFS = [
  'classDef ingress fill:#e8f0fe,stroke:#4a6fb5',
  'classDef service fill:#e8f0fe,stroke:#4a6fb5',
  'classDef workload fill:#e6f4ea,stroke:#3c8d50',
  'classDef config fill:#fef7e0,stroke:#b08800',
  'classDef storage fill:#f3e8fd,stroke:#8a4fc2',
  'classDef server fill:#fce8e6,stroke:#b3261e',
  'classDef outside fill:#f1f3f4,stroke:#80868b',
  'classDef borrowed stroke-dasharray:4 3',
  'classDef missing fill:#fff,stroke:#b3261e,stroke-dasharray:2 2',
];

/** Characters Mermaid would read as syntax inside a quoted label. */
function escape(text: string): string {
  return text.replace(/#/g, '#35;').replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** Mermaid ids from node keys: readable, stable, and distinct even when two keys sanitize alike. */
function assignIds(keys: string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const key of [...keys].sort()) {
    const base = key.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'node';
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(key, id);
  }
  return ids;
}

function label(node: GraphNode): string {
  const lines = [...node.lines];
  if (node.missing) lines.push('not in these manifests');
  else if (node.note) lines.push(node.note);
  return `"${lines.map(escape).join('<br/>')}"`;
}

function document(title: string, source: string, graph: TopologyGraph): string {
  const nodes = [...graph.nodes.values()].sort((a, b) => a.style - b.style || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const ids = assignIds(nodes.map(n => n.key));
  const lines = ['flowchart LR'];
  for (const node of nodes) {
    const { open, close } = STYLES[node.style];
    lines.push(`  ${ids.get(node.key)}${open}${label(node)}${close}`);
  }
  const edges = [...graph.edges.values()]
    .map(e => ({ from: ids.get(e.from)!, to: ids.get(e.to)!, text: [...e.labels].sort().join(', ') }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  for (const e of edges) lines.push(`  ${e.from} -->${e.text ? `|"${escape(e.text)}"|` : ''} ${e.to}`);
  lines.push(...CLASS_DEFS.map(c => `  ${c}`));
  const byClass = new Map<string, string[]>();
  for (const node of nodes) {
    const classes = [STYLES[node.style].cls, node.missing ? 'missing' : node.note ? 'borrowed' : ''].filter(c => c);
    for (const cls of classes) byClass.set(cls, [...(byClass.get(cls) ?? []), ids.get(node.key)!]);
  }
  for (const [cls, members] of [...byClass.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`  class ${members.join(',')} ${cls}`);
  const origin = source ? ` from ${source}` : '';
  return [
    `# ${title}`,
    '',
    `<!-- Generated by cdk8s-patterns Topology${origin}. Do not edit. -->`,
    '',
    nodes.length === 0 ? '_No Ingresses, Services, workloads or storage in these manifests._' : ['```mermaid', ...lines, '```'].join('\n'),
    '',
  ].join('\n');
}
