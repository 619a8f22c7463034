// A stand-in for `corolint lsp`: answers the lifecycle requests, reports each
// statement `fetch();` of an opened document as an unawaited task, and
// appends every message it receives (and its argv) as a JSON line to STUB_LOG.
import { appendFileSync } from 'node:fs';

const log = (entry) => appendFileSync(process.env.STUB_LOG, JSON.stringify({ pid: process.pid, ...entry }) + '\n');
log({ argv: process.argv.slice(2) });

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}

function handle(message) {
  log({ method: message.method, params: message.params });
  switch (message.method) {
    case 'initialize':
      send({ id: message.id, result: { capabilities: { textDocumentSync: 2, codeActionProvider: true }, serverInfo: { name: 'stub' } } });
      break;
    case 'textDocument/didOpen': {
      const { uri, text, version } = message.params.textDocument;
      const diagnostics = [];
      text.split('\n').forEach((line, number) => {
        const call = /^(\s*)fetch\(\);/.exec(line);
        if (call) {
          diagnostics.push({
            range: { start: { line: number, character: call[1].length }, end: { line: number, character: call[1].length + 7 } },
            severity: 2,
            code: 'unawaited-task',
            source: 'corolint',
            message: "lazy task returned by 'fetch' is never awaited [unawaited-task]",
          });
        }
      });
      send({ method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics } });
      break;
    }
    case 'shutdown':
      send({ id: message.id, result: null });
      break;
    case 'exit':
      process.exit(0);
      break;
    default:
      if (message.id !== undefined) send({ id: message.id, error: { code: -32601, message: 'method not found' } });
  }
}

let pending = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  for (;;) {
    const headerEnd = pending.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: *(\d+)/i.exec(pending.toString('ascii', 0, headerEnd))[1]);
    if (pending.length < headerEnd + 4 + length) return;
    const body = pending.toString('utf8', headerEnd + 4, headerEnd + 4 + length);
    pending = pending.subarray(headerEnd + 4 + length);
    handle(JSON.parse(body));
  }
});
process.stdin.on('end', () => process.exit(1));
