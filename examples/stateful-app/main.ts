import { App } from 'cdk8s';
import { buildApp } from './app';
import { Topology } from 'cdk8s-patterns';

const app = new App();
buildApp(app);
app.synth();
// For review: a Mermaid diagram of each chart, dist/<chart>.topology.md beside its YAML.
Topology.writeForDirectory(app.outdir);
