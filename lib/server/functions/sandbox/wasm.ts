import 'server-only';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { newQuickJSWASMModule, newVariant, RELEASE_SYNC, type QuickJSWASMModule } from 'quickjs-emscripten';

// Every runtime gets its own WebAssembly instance and linear memory. The compiled module is
// shared (compiling once costs ~10 ms; instantiating ~5 ms and ~0.4 MB of RSS), but two functions
// never share a heap: a flaw in QuickJS that let code read stray memory would find only its own
// function's data, and a runtime left broken by a host-side stack overflow is simply dropped.

const WASM_SPECIFIER = '@jitl/quickjs-wasmfile-release-sync/wasm';
const PAGE = 64 * 1024;
const INITIAL_PAGES = 256; // the build's INITIAL_MEMORY (16 MB): the module needs at least this
const MAX_PAGES = 32768; // the build's maximum (2 GB)
// Static data, the 5 MB C stack and allocator slack sit outside QuickJS's malloc limit.
const HEADROOM_BYTES = 32 * 1024 * 1024;

let compiled: WebAssembly.Module | null = null;

function wasmPath(): string {
  const bases = [path.join(process.cwd(), 'package.json')];
  try {
    bases.push(new URL(import.meta.url).pathname);
  } catch {
    // import.meta.url is not a file URL in every bundler; the working directory is tried first anyway.
  }
  for (const base of bases) {
    try {
      return createRequire(base).resolve(WASM_SPECIFIER);
    } catch {
      continue;
    }
  }
  throw new Error(`Cannot find ${WASM_SPECIFIER}; is quickjs-emscripten installed?`);
}

function compiledModule(): WebAssembly.Module {
  // The path is resolved at run time from node_modules; the ignore comment keeps Turbopack from
  // tracing the whole project into the build for it.
  compiled ??= new WebAssembly.Module(readFileSync(/* turbopackIgnore: true */ wasmPath()));
  return compiled;
}

export interface WasmInstance {
  module: QuickJSWASMModule;
  memory: WebAssembly.Memory;
}

/**
 * A fresh QuickJS instance whose linear memory cannot grow past the heap limit plus headroom,
 * a second wall behind QuickJS's own malloc limit.
 */
export async function newWasmInstance(memoryLimitBytes: number): Promise<WasmInstance> {
  const maximum = Math.min(MAX_PAGES, Math.max(INITIAL_PAGES, Math.ceil((memoryLimitBytes + HEADROOM_BYTES) / PAGE)));
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum });
  const quickjs = await newQuickJSWASMModule(
    newVariant(RELEASE_SYNC, { wasmModule: compiledModule(), wasmMemory: memory }),
  );
  return { module: quickjs, memory };
}
