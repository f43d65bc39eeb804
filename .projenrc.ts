import { cdk8s, javascript } from 'projen';

// The whole project is defined here: package.json, tsconfig*, .gitignore, .npmignore and
// .projen/ are generated from this file by `npx projen` and are never edited by hand.
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-patterns',
  description:
    'High-level cdk8s constructs that replace a page of hand-written Kubernetes YAML each: ' +
    'ExposedWebApp, StatefulAppWithStorage, NfsStorageClass and ConfigMapInjection.',
  author: 'cdk8s-patterns maintainers',
  authorAddress: 'maintainers@cdk8s-patterns.dev',
  repositoryUrl: 'https://github.com/cdk8s-patterns/cdk8s-patterns.git',
  keywords: ['cdk8s', 'kubernetes', 'k8s', 'constructs', 'patterns', 'nfs', 'statefulset', 'configmap'],
  defaultReleaseBranch: 'main',
  license: 'Apache-2.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // cdk8s v2, constructs v10 and cdk8s-plus-28 are peers: the app brings them, we never bundle a copy.
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],

  // jsii 6 compiles with TypeScript 6; TypeScript 7 breaks ts-node, which runs this file.
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',

  // Source maps go to .map files beside the JavaScript (sources embedded), not inline: inline
  // maps were 863 KB of the 1.23 MB of compiled JS that every `require()` read and scanned;
  // Node reads a .map file only under --enable-source-maps.
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: true, sourceMap: true } },

  // Sources live in lib/ as users of construct libraries expect; compiled output goes to dist/lib.
  srcdir: 'lib',
  libdir: 'dist/lib',
  entrypoint: 'dist/lib/index.js',

  // Only the JavaScript target: pacmak cannot package Python, Java, Go or .NET offline,
  // but the API stays jsii-clean so those targets can be switched on later.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  docgen: true,

  // What the toolchain needs (jsii 6: Node >= 20.16); the suite runs on Node 20.
  minNodeVersion: '20.16.0',

  projenVersion: '0.103.25',
  devDeps: [
    '@types/node@^20',
    'cdk8s-cli@^2.207.60',
    'kubernetes-models@^4.5.1',
    'tsx@^4.20.0',
    'fast-check@^4.3.0',
    // bench/ runs precompiled: tsx's loader and source maps distort timings of large syntheses.
    'esbuild@^0.28.0',
    // The strict output validator (test/support/strict) walks the Kubernetes 1.28 API types of
    // this release's generated models: unknown fields and wrong JSON types fail the tests.
    '@kubernetes/client-node@0.20.0',
    // An external validator's default rules (KBP104/KBP105 and the rest) run on every example.
    '@monokle/validation@0.33.0',
  ],
  // The review tools parse synthesized YAML; jsii libraries bundle their non-jsii dependencies.
  bundledDeps: ['yaml@^2.8.0'],

  jestOptions: {
    // A changed snapshot fails the run; updating one is a deliberate `npx jest -u`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // .ci/run reads the totals from this file.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      // Jest's default is one worker per core but one; on CI's 2 cores that runs the files in series.
      maxWorkers: '100%',
      // Coverage nearly doubles the suite's time; `npm run test:coverage` collects it on demand.
      collectCoverage: false,
      // Jest gives a worker 0.5 s to exit after its last test, then kills it with "A worker process
      // has failed to exit gracefully". No handle is left open (--detectOpenHandles finds none);
      // a worker that ran the property tests holds a large heap, and tearing it down takes longer
      // than 0.5 s on a busy 2-core machine (a bare Node process with 0.5 GB of objects: 0.4 s).
      workerGracefulExitTimeout: 5000,
      // Examples import the library by its package name, as an app repo does; in tests
      // that name points at the TypeScript sources.
      moduleNameMapper: { '^cdk8s-patterns$': '<rootDir>/lib/index.ts' },
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
  // test/tsconfig.json also type-checks the examples, scripts and benchmarks; there the
  // package name resolves to the sources, so type-checking needs no compiled library.
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../scripts/**/*.ts', '../bench/**/*.ts'],
    compilerOptions: {
      paths: { 'cdk8s-patterns': ['../lib/index.ts'] },
    },
  },
  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'examples', 'scripts', 'bench', '.projenrc.ts'],
    // `npm test` and CI report lint errors; they never rewrite files (`npm run lint:fix` does).
    commandOptions: { fix: false },
  },
  gitignore: ['/examples/*/dist/', '/bench/.build/', '*.cpuprofile'],
  npmignoreEnabled: true,
});

// ESLint type-checks through the two tsconfigs: the library's, and test/tsconfig.json, which
// also covers examples/, scripts/ and bench/ (projen's project service only knows the first).
const eslintrc = project.tryFindObjectFile('.eslintrc.json')!;
eslintrc.addDeletionOverride('parserOptions.projectService');
eslintrc.addOverride('parserOptions.project', ['./tsconfig.json', './test/tsconfig.json', './projenrc/tsconfig.json']);
// The examples import the library by its package name; test/tsconfig.json maps it to lib/, so
// linting needs no compiled library (a fresh clone has none).
eslintrc.addOverride('settings.import/resolver.typescript.project', ['./tsconfig.json', './test/tsconfig.json']);

// The registry this project installs from lacks unrs-resolver 1.13.0's non-Linux bindings (a
// dependency of jest and the eslint import resolver), so npm writes a lock file that `npm ci`
// rejects; 1.12.2 has every binding.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// Node resolves `import 'cdk8s-patterns'` from inside this package (the examples) through
// "exports"; .jsii and package.json stay reachable for jsii tooling.
project.package.addField('exports', {
  '.': { types: './dist/lib/index.d.ts', default: './dist/lib/index.js' },
  './package.json': './package.json',
  './.jsii': './.jsii',
});
// The README links docs/review.md and bench/README.md: they ship with it, so the links work in node_modules too.
project.package.addField('files', [
  'dist/lib/**/*.js', 'dist/lib/**/*.js.map', 'dist/lib/**/*.d.ts', '.jsii', 'API.md', 'README.md', 'LICENSE', 'docs/**/*.md', 'bench/README.md',
]);

// `cdk8s-patterns check-upgrade <before> <after>` and the other review commands.
project.addBins({ 'cdk8s-patterns': 'dist/lib/cli/main.js' });

// Examples are cdk8s apps of their own; `npm run synth` compiles the library once, then runs
// the real `cdk8s synth` in every examples/<name>/ folder.
const synth = project.addTask('synth', {
  description: 'Synthesize every example with the real cdk8s CLI into examples/<name>/dist/',
});
synth.spawn(project.compileTask);
synth.exec('tsx scripts/synth-examples.ts');

// API.md is regenerated with every compile (not only by `build`), so it cannot fall behind the
// code unnoticed; `check:docs` fails CI when the committed API.md differs from the generated one.
const docgen = project.tasks.tryFind('docgen')!;
project.postCompileTask.reset();
project.compileTask.spawn(docgen);
const checkDocs = project.addTask('check:docs', {
  description: 'Regenerate API.md and fail when the committed one differs or a summary is cut short',
});
checkDocs.spawn(project.compileTask);
checkDocs.exec('tsx scripts/check-api-docs.ts');

project.addTask('lint:fix', {
  description: 'Lint and fix what ESLint can fix (the `eslint` task in `npm test` only reports)',
  exec: 'eslint --ext .ts,.tsx --fix --no-error-on-unmatched-pattern lib test examples scripts bench .projenrc.ts projenrc',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
});

project.addTask('typecheck:examples', {
  description: 'Type-check the examples, scripts and benchmarks (tsx runs them without type-checking)',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.testTask.prependSpawn(project.tasks.tryFind('typecheck:examples')!);

project.addTask('test:coverage', {
  description: 'Run the test suite with coverage (coverage/)',
  exec: 'jest --coverage --ci',
});

const checkPack = project.addTask('check:pack', {
  description: 'Pack the library and check the tarball holds the compiled library and nothing stray',
});
checkPack.spawn(project.compileTask);
checkPack.exec('tsx scripts/check-pack.ts');

// The README's "Start a new app" path in a fresh folder: packed tarball, cdk8s init, synth, jest.
const checkNewcomer = project.addTask('check:newcomer', {
  description: "Run the README's Start a new app path: pack, cdk8s init typescript-app, synth, jest (needs the npm registry)",
});
checkNewcomer.spawn(project.compileTask);
checkNewcomer.exec('bash scripts/newcomer-check.sh');

// jsii 6 prints a banner about Node 20's end of life on every run; the machine has Node 20.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION', '1');

const bench = project.addTask('bench', {
  description: 'Synthesis benchmarks against raw cdk8s and cdk8s-plus (see bench/README.md)',
});
bench.spawn(project.compileTask);
bench.exec('tsx bench/run.ts');

project.synth();
