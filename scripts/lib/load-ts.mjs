// Loads the app's TypeScript server modules (lib/**/*.ts) into a plain Node process or
// thread, outside Next's bundles: tsx's scoped require (the loader `npm run worker`
// uses) transpiles only what it loads itself, and leaves every other require alone.
//
// `import 'server-only'` guards lib/server/* against client bundles. Outside a bundler
// it resolves to a module that throws unless the react-server condition is set, which
// must not be set process-wide next to Next (its own requires would pick React's server
// builds), so this one specifier is pointed at the package's empty entry instead.
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

let tsx = null;

/** require() for a TypeScript module of the app, by path from the project root. */
export function requireTs(file) {
  if (!tsx) {
    const serverOnlyEmpty = path.join(path.dirname(require.resolve('server-only')), 'empty.js');
    const resolveFilename = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      return request === 'server-only' ? serverOnlyEmpty : resolveFilename.call(this, request, ...rest);
    };
    tsx = require('tsx/cjs/api').register({ namespace: 'privacy-console-server' });
  }
  return tsx.require(file, path.join(root, 'package.json'));
}
