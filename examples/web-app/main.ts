import { App } from 'cdk8s';
import { buildApp } from './app';

const app = new App();
buildApp(app);
app.synth();
