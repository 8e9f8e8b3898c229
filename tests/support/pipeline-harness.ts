import { afterAll, afterEach, beforeAll } from 'vitest';
import { startIngestServer, startSink, type Sink, type TestServer } from './pipeline';

/**
 * A tracking-API test server plus a loopback sink for one test file (the sink is
 * allow-listed past the SSRF guard, and answers 200 again after every test).
 */
export function usePipelineHarness(set: (server: TestServer, sink: Sink) => void): void {
  let server: TestServer | undefined;
  let sink: Sink | undefined;
  beforeAll(async () => {
    process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
    server = await startIngestServer();
    sink = await startSink();
    set(server, sink);
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
    delete process.env.OUTBOUND_ALLOWLIST;
  });
  afterEach(() => {
    if (sink) sink.reply = () => ({ status: 200 });
  });
}
