/**
 * `npm run check:docs` (after `compile`, which regenerates API.md with jsii-docgen): fails when
 *
 * - the committed API.md differs from the one the code generates (someone changed a doc comment
 *   or an API and did not commit the regenerated file), or
 * - a doc summary is cut short. jsii takes a comment's first sentence, up to the first `.`, `;`,
 *   `!` or `?` followed by a space, as the summary that API.md's tables show: "Name of the
 *   ConfigMap; with `immutable`, ..." shows as "Name of the ConfigMap;", and "e.g. nginx"
 *   ends the summary at "e.g.". Such a first sentence must be rephrased.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const problems: string[] = [];

interface Docs { readonly summary?: string; readonly remarks?: string }

/** A summary that ends mid-sentence: at a `;`, after an abbreviation, or before a lowercase continuation. */
export function cutShort(docs: Docs | undefined): string | undefined {
  const summary = docs?.summary;
  if (!summary) return undefined;
  if (summary.endsWith(';')) return 'ends at a ";"';
  if (/\b(e\.g|i\.e|etc|vs|incl|approx)\.$/.test(summary)) return 'ends at an abbreviation';
  if (/^[a-z]/.test(docs?.remarks ?? '')) return 'the sentence goes on in the remarks';
  return undefined;
}

if (require.main === module) {
  const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
  const check = (where: string, docs: Docs | undefined) => {
    const why = cutShort(docs);
    if (why) problems.push(`${where}: summary "${docs!.summary}" ${why}; rephrase the first sentence of its doc comment`);
  };
  for (const [fqn, type] of Object.entries<any>(assembly.types)) {
    check(fqn, type.docs);
    for (const p of type.properties ?? []) check(`${fqn}.${p.name}`, p.docs);
    for (const m of type.members ?? []) check(`${fqn}.${m.name}`, m.docs);
    for (const m of [...(type.methods ?? []), ...(type.initializer ? [{ ...type.initializer, name: 'constructor' }] : [])]) {
      check(`${fqn}.${m.name}()`, m.docs);
      for (const p of m.parameters ?? []) check(`${fqn}.${m.name}(${p.name})`, p.docs);
    }
  }

  // `compile` has just regenerated API.md; a difference means the committed file was stale.
  try {
    execFileSync('git', ['diff', '--exit-code', '--stat', '--', 'API.md'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: any) {
    if (e.status === 1) {
      problems.push('API.md is stale: `npx projen compile` regenerated it with changes; commit the regenerated API.md');
    } else {
      problems.push(`cannot compare API.md with git: ${String(e.stderr ?? e.message).trim()}`);
    }
  }

  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`API.md is current; ${Object.keys(assembly.types).length} types, no summary cut short`);
}
