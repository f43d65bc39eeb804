import { App } from 'cdk8s';
import { attachClusterProfile, buildApp } from './app';
import { Topology } from 'cdk8s-patterns';

const app = new App();
// The target cluster (CLUSTER_PROFILE=current by default, legacy-1.28, or none): synth fails on what it would refuse.
attachClusterProfile(app);
buildApp(app);
app.synth();
// For review: a Mermaid diagram of each chart, dist/<chart>.topology.md beside its YAML.
Topology.writeForDirectory(app.outdir);
