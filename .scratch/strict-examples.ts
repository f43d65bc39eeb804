import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { strictProblems } from '../test/support/strict';
const root = '/work/wt/fuzz/examples';
for (const ex of fs.readdirSync(root)) {
  const dist = path.join(root, ex, 'dist');
  if (!fs.existsSync(dist)) continue;
  const ms = fs.readdirSync(dist).filter(f => f.endsWith('.k8s.yaml')).flatMap(f => Yaml.load(path.join(dist, f)));
  console.log(ex, ms.length, strictProblems(ms));
}
