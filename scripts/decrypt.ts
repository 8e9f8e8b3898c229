/**
 * Operator-side decryption of events exported from an encrypting destination.
 *
 *   npm run decrypt -- --key private.pem [--passphrase-env VAR] < events.ndjson > out.ndjson
 *
 * Input: NDJSON (one event per line) or a single JSON array. Output: NDJSON.
 * Exit codes: 0 ok, 1 usage/input/decryption error, 2 event encrypted for a different key.
 * The private key (and its passphrase) is never printed; the passphrase is read
 * from an environment variable because argv is visible to other users via `ps`.
 */
import { readFileSync } from 'node:fs';
import { decryptEvent, KeyMismatchError, loadPrivateKey, type PrivateKeyInfo } from '../lib/crypto/decrypt-event';

const USAGE = 'usage: npm run decrypt -- --key private.pem [--passphrase-env VAR] < events.ndjson > out.ndjson';

class UsageError extends Error {}

function parseArgs(argv: string[]): { keyPath: string; passphraseEnv?: string } {
  let keyPath: string | undefined;
  let passphraseEnv: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--key') keyPath = value();
    else if (flag === '--passphrase-env') passphraseEnv = value();
    else if (flag === '--help' || flag === '-h') throw new UsageError('');
    else throw new UsageError(`unknown argument ${flag}`);
  }
  if (!keyPath) throw new UsageError('--key is required');
  return { keyPath, passphraseEnv };
}

function loadKey(keyPath: string, passphraseEnv?: string): PrivateKeyInfo {
  let pem: Buffer;
  try {
    pem = readFileSync(keyPath);
  } catch (e) {
    throw new Error(`cannot read key file ${keyPath}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const passphrase = passphraseEnv === undefined ? undefined : process.env[passphraseEnv];
  if (passphraseEnv !== undefined && passphrase === undefined)
    throw new Error(`environment variable ${passphraseEnv} is not set`);
  try {
    return loadPrivateKey(pem, passphrase);
  } catch (e) {
    // OpenSSL's message describes the failure, never the key bytes.
    throw new Error(`${keyPath} is not a usable RSA private key (${(e as Error).message})`);
  }
}

async function write(line: string): Promise<void> {
  if (!process.stdout.write(line)) await new Promise<void>((r) => process.stdout.once('drain', r));
}

async function emit(raw: string, where: string, pk: PrivateKeyInfo): Promise<void> {
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch {
    throw new Error(`${where}: not valid JSON`);
  }
  await emitValue(event, where, pk);
}

async function emitValue(event: unknown, where: string, pk: PrivateKeyInfo): Promise<void> {
  try {
    await write(`${JSON.stringify(decryptEvent(event, pk).event)}\n`);
  } catch (e) {
    if (e instanceof KeyMismatchError) throw e; // message is already complete; exit 2
    throw new Error(`${where}: ${(e as Error).message}`);
  }
}

/** Streams NDJSON line by line; buffers only if the input turns out to be one JSON array. */
async function run(pk: PrivateKeyInfo): Promise<void> {
  process.stdin.setEncoding('utf8');
  let buf = '';
  let mode: 'unknown' | 'ndjson' | 'array' = 'unknown';
  let lineNo = 0;
  for await (const chunk of process.stdin as AsyncIterable<string>) {
    buf += chunk;
    if (mode === 'unknown') {
      const first = buf.trimStart()[0];
      if (first === undefined) continue;
      mode = first === '[' ? 'array' : 'ndjson';
    }
    if (mode === 'array') continue;
    let start = 0;
    let nl: number;
    while ((nl = buf.indexOf('\n', start)) >= 0) {
      const line = buf.slice(start, nl);
      start = nl + 1;
      lineNo++;
      if (line.trim() !== '') await emit(line, `line ${lineNo}`, pk);
    }
    buf = buf.slice(start);
  }
  if (mode === 'array') {
    let events: unknown;
    try {
      events = JSON.parse(buf);
    } catch {
      throw new Error('input starts with "[" but is not a valid JSON array');
    }
    if (!Array.isArray(events)) throw new Error('input is not a JSON array');
    for (let i = 0; i < events.length; i++) await emitValue(events[i], `element ${i}`, pk);
  } else if (buf.trim() !== '') {
    await emit(buf, `line ${lineNo + 1}`, pk);
  }
}

async function main(): Promise<void> {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (process.stdin.isTTY) throw new UsageError('pipe events on stdin');
    await run(loadKey(args.keyPath, args.passphraseEnv));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(e.message ? `decrypt: ${e.message}\n${USAGE}\n` : `${USAGE}\n`);
      process.exitCode = e.message ? 1 : 0;
      return;
    }
    process.stderr.write(`decrypt: ${(e as Error).message}\n`);
    // exitCode rather than process.exit(): lets already-written stdout flush.
    process.exitCode = e instanceof KeyMismatchError ? 2 : 1;
  }
}

void main();
